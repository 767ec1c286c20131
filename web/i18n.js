// Labels in Chinese (the default) and English, and how amounts and dates
// are shown.
const TEXT = {
  brand: ['爱心账本', 'aidledger'],
  language: ['语言', 'Language'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  user_name: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  dashboard: ['概览', 'Dashboard'],
  donations: ['捐赠', 'Donations'],
  new_donation: ['登记捐赠', 'Record a donation'],
  grants: ['救助', 'Grants'],
  recipients: ['受助人', 'Recipients'],
  reports: ['报表', 'Reports'],
  audit: ['审计', 'Audit'],
  public_summary: ['信息公开', 'Public summary'],
  receipt_check: ['收据查验', 'Check a receipt'],
  funds: ['基金', 'Funds'],
  fund: ['基金', 'Fund'],
  amount: ['金额', 'Amount'],
  channel: ['方式', 'Channel'],
  date: ['日期', 'Date'],
  external_ref: ['支付流水号', 'Payment reference'],
  donor: ['捐赠人编号', 'Donor id'],
  payer: ['捐赠人', 'Donor'],
  anonymous: ['匿名', 'Anonymous'],
  bill_number: ['合作基金会票据号', "Partner foundation's bill"],
  memo: ['备注', 'Memo'],
  save: ['保存', 'Save'],
  cash: ['现金', 'Cash'],
  bank_transfer: ['银行转账', 'Bank transfer'],
  wechat_pay: ['微信支付', 'WeChat Pay'],
  alipay: ['支付宝', 'Alipay'],
  other: ['其他', 'Other'],
  balance: ['余额', 'Balance'],
  goods_value: ['物资价值', 'Goods value'],
  this_month: ['本月', 'This month'],
  todo: ['待办', 'To do'],
  todo_approve: ['待批准的救助申请', 'Grants to approve'],
  todo_pay: ['待支付的救助', 'Approved aid to pay'],
  donations_this_month: ['本月捐赠', 'Donations this month'],
  aid_this_month: ['本月救助', 'Aid this month'],
  receipt: ['收据', 'Receipt'],
  print_receipt: ['打印收据', 'Print the receipt'],
  print: ['打印', 'Print'],
  receipt_title: ['捐赠收据', 'Donation receipt'],
  amount_in_words: ['金额大写', 'Amount in words'],
  check_code: ['查验码', 'Check code'],
  recorded: ['已保存', 'Saved'],
  reverse: ['冲销', 'Reverse'],
  reason: ['原因', 'Reason'],
  recipient: ['受助人', 'Recipient'],
  category: ['类别', 'Category'],
  name: ['姓名', 'Name'],
  id_number: ['身份证号', 'ID number'],
  id: ['编号', 'Id'],
  bank_account: ['银行账号', 'Bank account'],
  phone: ['电话', 'Phone'],
  school: ['学校', 'School'],
  grade: ['年级', 'Grade'],
  guardian: ['监护人', 'Guardian'],
  notes: ['备注', 'Notes'],
  consent_by: ['同意人', 'Consent given by'],
  consent_date: ['同意日期', 'Consent date'],
  consent_form: ['同意书编号', 'Consent form'],
  enrol: ['登记受助人', 'Enrol a recipient'],
  reveal: ['查看完整信息', 'Reveal'],
  propose: ['提出救助', 'Propose a grant'],
  purpose: ['用途', 'Purpose'],
  term: ['期次', 'Term'],
  approve: ['批准', 'Approve'],
  reject: ['驳回', 'Reject'],
  pay: ['支付', 'Pay'],
  state: ['状态', 'State'],
  outstanding: ['待付', 'Outstanding'],
  run_verify: ['核验账本', 'Run verify'],
  verify_ok: ['核验通过', 'Verified'],
  verify_failed: ['核验失败', 'Verification failed'],
  checkpoints: ['签名检查点', 'Signed checkpoints'],
  size: ['条数', 'Entries'],
  root: ['根哈希', 'Root'],
  download_export: ['下载账本导出', 'Download the export'],
  public_key: ['公钥', 'Public key'],
  check_bundle: ['核验证明包', 'Check a proof bundle'],
  check: ['查验', 'Check'],
  search: ['搜索', 'Search'],
  choose_fund: ['请选择基金', 'Choose a fund'],
  choose_one: ['请选择一项', 'Choose one'],
  role_admin: ['管理员', 'admin'],
  role_treasurer: ['出纳', 'treasurer'],
  role_coordinator: ['协调员', 'coordinator'],
  role_auditor: ['审计员', 'auditor'],
  show: ['查询', 'Show'],
  from: ['起', 'From'],
  to: ['止', 'To'],
  year: ['年度', 'Year'],
  open_report: ['打开', 'Open'],
  download_csv: ['下载 CSV', 'Download CSV'],
  no_rows: ['暂无', 'None yet'],
  error: ['出错了', 'Something went wrong'],
  student: ['学生', 'student'],
  disability: ['残疾人', 'disability'],
  serious_illness: ['大病', 'serious illness'],
  household: ['困难家庭', 'household'],
  all_categories: ['全部类别', 'All categories'],
  consent_self: ['本人', 'themselves'],
  consent_guardian: ['监护人', 'a guardian'],
  proposed: ['待批准', 'proposed'],
  approved: ['已批准', 'approved'],
  rejected: ['已驳回', 'rejected'],
  grants_show: ['显示', 'Show'],
  grants_waiting: ['待处理（待批准、待支付）', 'Waiting (to approve, to pay)'],
  grants_all: ['全部', 'All'],
  valid: ['有效', 'valid'],
  money_gift: ['捐款', 'Money'],
  goods_gift: ['捐赠物资', 'Goods'],
  batch_gift: ['批量导入', 'Batch (CSV)'],
  donors: ['捐赠人', 'Donors'],
  hand_out: ['发放物资', 'Hand out goods'],
  void_receipt: ['作废收据', 'Void the receipt'],
  issuer: ['出票机构', 'Issued by'],
  close_period: ['结账（关闭期间）', 'Close a period'],
  period: ['期间（月 2026-10 或年 2026）', 'Period (a month 2026-10 or a year 2026)'],
  closed: ['已结账', 'Closed'],
  donor_type: ['类型', 'Type'],
  person: ['个人', 'person'],
  organisation: ['单位', 'organisation'],
  phone_tail: ['电话尾号', 'Phone ends'],
  record_gift: ['记一笔捐赠', 'Record a gift'],
  register_donor: ['登记新捐赠人', 'Register a donor'],
  email: ['电子邮箱', 'Email'],
  address: ['地址', 'Address'],
  public_consent: ['同意公开署名', 'Agrees to be named in public'],
  public_name: ['公开署名', 'Name shown in public'],
  batch_columns: ['CSV 文件（UTF-8 或 Excel 的 GB18030），第一行为列名：日期、金额、渠道、流水号、基金、捐赠人、备注（币种、另一笔可选）。全部记入或全部不记。',
                  'A CSV file (UTF-8, or GB18030 as Chinese Excel saves it) whose first line names the columns: date, amount, channel, external_ref, fund, donor, memo (currency and separate_gift optional). Every row is recorded, or none.'],
  batch_file: ['CSV 文件', 'CSV file'],
  batch_rows: ['笔数（对账单上的）', 'Rows (as the statement counts them)'],
  batch_total: ['合计金额', 'Total'],
  batch_import: ['导入', 'Import'],
  line: ['行', 'Line'],
  field: ['字段', 'Field'],
  problem: ['问题', 'Problem'],
  item: ['物品', 'Item'],
  quantity: ['数量', 'Quantity'],
  unit: ['单位', 'Unit'],
  valuation: ['计价依据', 'Valued by'],
  value: ['价值', 'Value'],
  invoice: ['发票', 'invoice'],
  fair_value: ['公允价值', 'fair value'],
  unvalued: ['不计价', 'not valued'],
  add_item: ['添加物品', 'Add an item'],
  received_by: ['接收人', 'Received by'],
  checked_by: ['清点人', 'Checked by'],
  voided: ['已作废', 'voided'],
};

let lang = localStorage.getItem('aidledger.lang') === 'en' ? 'en' : 'zh';

export function language() { return lang; }
export function setLanguage(l) {
  lang = l === 'en' ? 'en' : 'zh';
  localStorage.setItem('aidledger.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}
export function t(key) {
  const pair = TEXT[key];
  return pair ? pair[lang === 'en' ? 1 : 0] : key;
}

// "1250.00" in CNY -> "¥1,250.00"; other currencies keep their code.
export function money(amount, currency = 'CNY') {
  const negative = amount.startsWith('-');
  const [whole, frac] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const prefix = currency === 'CNY' ? '¥' : currency + ' ';
  return (negative ? '-' : '') + prefix + grouped + (frac !== undefined ? '.' + frac : '');
}

// "2026-11-20" -> "2026年11月20日" or "20 Nov 2026".
// An instant as the ledger writes it ("2026-11-29T09:12:34.886786Z") in the
// browser's time zone, to the second.
export function moment(text) {
  const d = new Date(String(text || '').replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(d.getTime())) return text || '';
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'medium' });
}

export function date(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text || '');
  if (!m) return text || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN',
                              { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}
