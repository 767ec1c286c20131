// The web interface: one page, a view per hash (#/donations, ...), each
// built from the API's answers. Text from the server is always set as text,
// never as HTML.
import { Problem, del, get, isAborted, newPage, post, setCsrf } from './api.js';
import { date, language, moment, money, setLanguage, t } from './i18n.js';

const main = document.getElementById('main');
let me = null;  // {name, role} once logged in

// --- building elements --------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// A fund by its code and its name in the page's language.
function fundLabel(f) { return `${f.code} ${language() === 'en' ? f.name_en : f.name_zh}`; }

// The open funds a gift or a grant may go to, none chosen at first: a
// preselected fund invites the commonest mistake in the books, the right
// amount in the wrong fund.
function fundSelect(funds) {
  return h('select', { required: true }, h('option', { value: '', text: t('choose_fund') }),
    funds.funds.filter((f) => f.open).map((f) => h('option', {
      value: f.code, text: fundLabel(f),
    })));
}

// The kinds of people the team helps (a restricted fund names those it serves).
const CATEGORIES = ['student', 'disability', 'serious_illness', 'household'];

// How money moves; `first` is listed first (and so chosen at first).
function channelSelect(first = 'cash') {
  const channels = ['cash', 'bank_transfer', 'wechat_pay', 'alipay', 'other'];
  return h('select', {}, [first, ...channels.filter((c) => c !== first)].map(
    (c) => h('option', { value: c, text: t(c) })));
}

// The account money goes into or comes out of: empty for the channel's own
// (cash box, bank, WeChat Pay, Alipay), or one the team opened. The choices
// arrive with the accounts list.
function accountSelect() {
  const select = h('select', {}, h('option', { value: '', text: t('account_default') }));
  get('/api/v1/accounts').then(({ accounts }) => {
    for (const a of accounts) {
      select.append(h('option', { value: a.code, text: accountLabel(a) }));
    }
  }).catch(() => {});
  return select;
}

function accountLabel(a) {
  return `${a.name}${a.number ? ' ' + a.number : ''} (${a.code})`;
}

// Filters that act as they change: a form only so that Enter sends nothing.
function liveFilters(...fields) {
  return h('form', { class: 'filters', onsubmit: (ev) => ev.preventDefault() }, fields);
}

// The i-th line of a list of goods, numbered for people from 1.
function itemFieldset(i, ...fields) {
  return h('fieldset', { class: 'item' }, h('legend', { text: `${t('item')} ${i + 1}` }), fields);
}

let fieldId = 0;
// A labelled input with a place for its error; returns [wrapper, input].
function field(name, label, input) {
  const id = 'f' + (++fieldId);
  input.id = id;
  input.name = name;
  const error = h('span', { class: 'field-error', id: id + '-error', 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field', 'data-field': name }, h('label', { for: id, text: label }),
           input, error);
}

// What went wrong, for people: in Chinese, the kind of refusal (from the
// service's stable code) before the service's own words, which name the rule
// or the value but are in English; in English, those words alone.
function problemText(err) {
  if (isAborted(err)) return '';  // a read of a page no longer shown: nothing to say
  if (!(err instanceof Problem)) return (err && err.message) || t('error');
  const kind = t('problem_' + err.code);
  if (language() === 'en' || kind === 'problem_' + err.code) return err.message;
  return `${kind}：${err.message}`;
}

// Shows a refusal beside the field it names, or at the top of the form.
function clearProblems(form) {
  for (const e of form.querySelectorAll('.field-error, .form-error')) e.textContent = '';
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

function showProblem(form, err) {
  clearProblems(form);
  const message = problemText(err);
  // The field itself ("items[0].value"), else the member it belongs to.
  const full = err instanceof Problem ? err.field : '';
  const wrapper = (full && form.querySelector(`[data-field="${CSS.escape(full)}"]`)) ||
    (full && form.querySelector(`[data-field="${CSS.escape(full.split(/[.[]/)[0])}"]`)) || null;
  if (wrapper) {
    wrapper.querySelector('.field-error').textContent = message;
    const input = wrapper.querySelector('input, select, textarea');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else {
    form.querySelector('.form-error').textContent = message;
  }
}

// Sends a form: `send(v, post)`, where v(name) is a field's trimmed value
// and post(path, body) is the API's, with this form's Idempotency-Key; a
// refusal shows beside the field it names. A required choice left unmade is
// refused here, beside its field, before anything is sent; the message is
// the select's empty first option ("Choose a fund"), if it has one.
//
// One key per thing the user means to record: a second click while the
// first is on its way does nothing, and a click again after the network
// failed sends the same key, so the service records it once (a cash gift
// has no reference the books could catch a duplicate by). A recorded or
// refused form takes a new key: what is sent next is another request.
function onSubmit(form, send) {
  let key = crypto.randomUUID();
  let busy = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    const v = (n) => form.elements[n].value.trim();
    const unchosen = [...form.querySelectorAll('select[required]')].find((s) => !s.value);
    if (unchosen) {
      showProblem(form, new Problem(400, { detail: unchosen.options[0]?.text || t('choose_one'),
                                           field: unchosen.name }));
      return;
    }
    busy = true;
    form.setAttribute('aria-busy', 'true');
    clearProblems(form);  // what the last try was told no longer stands
    try {
      await send(v, (path, body) => post(path, body, key));
      key = crypto.randomUUID();
    } catch (err) {
      if (err instanceof Problem) key = crypto.randomUUID();
      showProblem(form, err);
    } finally {
      busy = false;
      form.removeAttribute('aria-busy');
    }
  });
}

function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  setTimeout(() => { if (el.textContent === text) el.textContent = ''; }, 4000);
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// An amount or a count as money() and String() write them: "¥1,250.00",
// "-¥5.00", "USD 12.00", "1766".
const isAmount = (c) => typeof c === 'string' && /^-?(¥|[A-Z]{3} )?-?[\d,]+(\.\d+)?$/.test(c);

// A column of amounts lines up on the right, as in any account book.
// A table of `rows`; `totals` (optional) are rows printed apart, in bold,
// below them.
function table(columns, rows, totals = []) {
  if (rows.length === 0) return h('p', { class: 'empty', text: t('no_rows') });
  const numeric = columns.map((_, i) =>
    rows.some((r) => isAmount(r[i])) && rows.every((r) => r[i] === '' || isAmount(r[i])));
  const cls = (i) => (numeric[i] ? 'num' : null);
  const tr = (r) => h('tr', {}, r.map((c, i) => h('td', { class: cls(i) }, c)));
  return h('table', {},
           h('thead', {}, h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', class: cls(i), text: c })))),
           h('tbody', {}, rows.map(tr)),
           totals.length ? h('tfoot', {}, totals.map(tr)) : '');
}

function amountOf(m) { return m ? money(m.amount, m.currency) : ''; }
// What a fund holds in each currency, ¥0.00 when nothing.
function holdings(list) { return list.map(amountOf).join(' ') || money('0.00'); }
function minorToText(minor, currency) {
  const digits = currency === 'JPY' ? 0 : 2;
  const negative = minor < 0;
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const text = digits ? s.slice(0, -digits) + '.' + s.slice(-digits) : s;
  return money((negative ? '-' : '') + text, currency);
}

// --- views ------------------------------------------------------------------

const VIEWS = {
  login: { roles: null, title: 'login', render: renderLogin },
  dashboard: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'dashboard',
               render: renderDashboard },
  donations: { roles: ['admin', 'treasurer', 'auditor'], title: 'donations', render: renderDonations },
  'new-donation': { roles: ['treasurer'], title: 'new_donation', render: renderNewDonation },
  donors: { roles: ['admin', 'treasurer'], title: 'donors', render: renderDonors },
  funds: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'funds', render: renderFunds },
  'hand-out': { roles: ['coordinator', 'treasurer'], title: 'hand_out', render: renderHandOut },
  receipt: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'receipt',
             render: renderReceipt },
  recipients: { roles: ['admin', 'coordinator'], title: 'recipients', render: renderRecipients },
  grants: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'grants',
            render: renderGrants },
  services: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'services',
              render: renderServices },
  costs: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'costs_income',
           render: renderCostsAndIncome },
  accounts: { roles: ['admin', 'treasurer', 'auditor'], title: 'accounts', render: renderAccounts },
  reports: { roles: ['admin', 'treasurer', 'coordinator', 'auditor'], title: 'reports',
             render: renderReports },
  audit: { roles: ['admin', 'auditor'], title: 'audit', render: renderAudit },
  public: { roles: null, title: 'public_summary', render: renderPublic },
  check: { roles: null, title: 'receipt_check', render: renderCheck },
};
const MENU = ['dashboard', 'donations', 'new-donation', 'donors', 'funds', 'recipients', 'grants', 'hand-out', 'services',
              'costs', 'accounts', 'reports', 'audit', 'public', 'check'];

// Shows the view of `hash`: a change of hash renders it (hashchange), the
// same hash again is rendered here, never both.
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function allowed(view) { return !view.roles || (me && view.roles.includes(me.role)); }

// The menu of what this person may open, the page shown marked as current.
function renderNav(current) {
  const nav = document.getElementById('nav');
  nav.replaceChildren(...MENU.filter((k) => allowed(VIEWS[k]) && (me || !VIEWS[k].roles))
    .map((k) => h('a', { href: '#/' + k, text: t(VIEWS[k].title),
                         'aria-current': k === current ? 'page' : null })));
  document.getElementById('brand').textContent = t('brand');
  document.getElementById('lang-label').textContent = t('language');
  document.getElementById('who').textContent = me ? `${me.name} · ${t('role_' + me.role)}` : '';
  const logout = document.getElementById('logout');
  logout.hidden = !me;
  logout.textContent = t('logout');
}

async function route() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  let key = VIEWS[name] ? name : (me ? 'dashboard' : 'login');
  if (VIEWS[key].roles && !me) key = 'login';
  if (!allowed(VIEWS[key])) key = 'dashboard';
  newPage();  // the last page's reads still on their way are aborted
  renderNav(key);
  document.title = t(VIEWS[key].title) + ' · ' + t('brand');
  main.replaceChildren(h('h1', { text: t(VIEWS[key].title) }));
  try {
    await VIEWS[key].render(rest.map(decodeURIComponent));
  } catch (err) {
    if (isAborted(err)) return;  // another page was opened meanwhile
    if (err instanceof Problem && err.status === 401) {
      me = null;
      location.hash = '#/login';
      return;
    }
    main.append(h('p', { class: 'form-error', role: 'alert', text: problemText(err) }));
  }
  main.focus();
}

function renderLogin() {
  const form = h('form', { class: 'card', novalidate: true },
    field('name', t('user_name'), h('input', { autocomplete: 'username', required: true })),
    field('password', t('password'),
          h('input', { type: 'password', autocomplete: 'current-password', required: true })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('login') }));
  onSubmit(form, async (v, post) => {
    const s = await post('/api/v1/session',
                         { name: form.elements.name.value, password: form.elements.password.value });
    me = { name: s.name, role: s.role };
    setCsrf(s.csrf);
    go('#/dashboard');
  });
  main.append(form);
}

// The form's own check of a positive amount in yuan and fen, refused beside
// its field; the server checks everything again. True when it is one.
// Typed as people type it ("１，２５０元", "¥1,250.00"), the amount is
// written back as the books read it ("1250") before it is checked; the
// service reads the same forms (api/amount_text.h).
function amountShown(form, text) {
  const typed = amountAsTyped(text);
  if (/^\d+(\.\d{1,2})?$/.test(typed) && toMinor(typed) > 0) {
    form.elements.amount.value = typed;
    return true;
  }
  showProblem(form, new Problem(400, { detail: t('amount_form'), field: 'amount' }));
  return false;
}

// Full-width digits, point and comma as ASCII; spaces, a leading ¥ or ￥ and
// a trailing 元 dropped; thousands separators dropped when they group by three.
function amountAsTyped(text) {
  const s = text.replace(/[\uFF10-\uFF19\uFF0E\uFF0C]/g,
    (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[ \u3000]/g, '').replace(/^[\u00A5\uFFE5]/, '').replace(/\u5143$/, '');
  return /^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s) ? s.replace(/,/g, '') : s;
}

// "1234.56" -> 123456: a decimal amount as whole fen, without floating point.
function toMinor(amount) {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const minor = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  return negative ? -minor : minor;
}

async function renderDashboard() {
  const month = today().slice(0, 8) + '01';
  const [funds, gifts, aid, grants] = await Promise.all([
    get('/api/v1/funds'),
    get(`/api/v1/reports/donation-summary?from=${month}&to=${today()}`),
    get(`/api/v1/reports/aid-recipients?from=${month}&to=${today()}`),
    get('/api/v1/grants'),
  ]);
  // What waits for this person: proposals to decide, approved aid to pay.
  const proposed = grants.grants.filter((g) => g.state === 'proposed' && g.proposer !== me.name);
  const unpaid = grants.grants.filter((g) => g.state === 'approved' && g.outstanding.amount !== '0.00');
  const todo = [
    ['admin', 'coordinator'].includes(me.role) && proposed.length ? `${t('todo_approve')}: ${proposed.length}` : '',
    me.role === 'treasurer' && unpaid.length ? `${t('todo_pay')}: ${unpaid.length}` : '',
  ].filter(Boolean);
  if (todo.length) {
    main.append(h('h2', { text: t('todo') }),
      h('ul', {}, todo.map((text) => h('li', {}, h('a', { href: '#/grants', text })))));
  }
  if (['admin', 'treasurer'].includes(me.role)) await renderProposals();
  main.append(h('h2', { text: t('funds') }), table(
    [t('fund'), t('balance'), t('goods_value')],
    funds.funds.map((f) => [
      fundLabel(f),
      holdings(f.cash),
      holdings(f.goods),
    ])));
  // The month's gifts of money and aid paid, net of what was reversed in it
  // (a reversal counts in the month it is dated).
  const byCurrency = new Map();
  const line = (c) => byCurrency.get(c) || byCurrency.set(c, { gifts: 0, aid: 0 }).get(c);
  for (const r of gifts.tables[0].rows) {
    if (r.channel !== 'in_kind') line(r.currency).gifts += toMinor(r.net);
  }
  for (const r of aid.tables[0].totals) line(r.currency).aid += toMinor(r.paid_in_period);
  if (!byCurrency.size) line('CNY');
  const monthTable = table(
    [t('currency'), t('donations_this_month'), t('aid_this_month')],
    [...byCurrency].map(([currency, l]) => [currency, minorToText(l.gifts, currency),
                                            minorToText(l.aid, currency)]));
  monthTable.id = 'this-month';
  main.append(h('h2', { text: t('this_month') }), monthTable);
}

// Closes, reopenings and reversals waiting for a second person: anyone of
// the roles may confirm what someone else proposed, or reject it with the
// reason (the proposer so withdraws their own).
async function renderProposals() {
  const { proposals } = await get('/api/v1/proposals');
  if (!proposals.length) return;
  const what = (p) => {
    if (p.kind === 'period.close_proposed') return `${t('close_period')} ${p.period}`;
    if (p.kind === 'period.reopen_proposed') return `${t('reopen_period')} ${p.period}`;
    if (p.kind === 'cost.proposed') {
      return `${t('cost')} ${t('category_' + p.cost.category)} ${p.cost.fund} ${p.cost.payee} ` +
        `${p.cost.voucher} ${money(p.cost.amount.amount, p.cost.amount.currency)}`;
    }
    if (p.kind === 'opening.proposed') {
      return `${t('opening_proposal')} ${date(p.opening.date)}: ` + p.opening.lines.map(
        (l) => `${l.fund} ${l.account} ${money(l.amount.amount, l.amount.currency)}`).join('; ');
    }
    const amount = p.amount ? ' ' + money(p.amount.amount, p.amount.currency) : '';
    return `${t('reverse')} #${p.reverses}${p.fund ? ' ' + p.fund : ''}${amount}`;
  };
  // A close or reopening the policy has more than one person confirm: who has.
  const progress = (p) => (p.confirmations_required > 1
    ? ` (${(p.confirmers || []).length}/${p.confirmations_required} ${t('confirmed_by')} ${(p.confirmers || []).join(', ')})`
    : '');
  const confirmButton = (p) => h('button', {
    type: 'button', class: 'small', text: t('confirm'),
    onclick: async () => {
      if (!confirm(`${t('confirm')}: ${what(p)}?`)) return;
      let body = {};
      if (p.kind === 'entry.reversal_proposed') body = { date: today() };
      if (p.kind === 'cost.proposed') {
        // Paid now: the bank's or the app's reference of the payment.
        const ref = p.cost.channel === 'cash' ? null : prompt(t('external_ref'));
        if (p.cost.channel !== 'cash' && !ref) return;
        body = { external_ref: ref };
      }
      try {
        await post(`/api/v1/proposals/${p.seq}/confirm`, body);
        toast(t('recorded'));
        route();
      } catch (err) {
        toast(problemText(err));
      }
    },
  });
  main.append(h('h2', { text: t('waiting_second') }), table(
    [t('what'), t('reason'), t('proposed_by'), ''],
    proposals.map((p) => [
      what(p) + progress(p), p.reason || '', p.proposer.id,
      h('span', { class: 'actions' },
        p.proposer.id !== me.name && !(p.confirmers || []).includes(me.name) ? confirmButton(p) : '',
        reasonButton('reject', `/api/v1/proposals/${p.seq}/reject`, (reason) => ({ reason }))),
    ])));
}

async function renderDonations() {
  const from = h('input', { type: 'date', value: today().slice(0, 8) + '01' });
  const to = h('input', { type: 'date', value: today() });
  const search = h('input', { type: 'search' });
  const list = h('div');
  const form = h('form', { class: 'filters' }, field('from', t('from'), from),
                 field('to', t('to'), to), field('q', t('search'), search),
                 h('p', { class: 'form-error', role: 'alert' }),
                 h('button', { type: 'submit', text: t('show') }));
  const load = async () => {
    try {
      const r = await get(`/api/v1/reports/donation-register?from=${from.value}&to=${to.value}`);
      const q = search.value.trim();
      const rows = r.tables[0].rows.filter((g) => !q || Object.values(g).join(' ').includes(q));
      // The rows shown, added up per currency, reversed gifts left out.
      const sums = new Map();
      let standing = 0;
      for (const g of rows) {
        if (g.status.includes('reversed')) continue;
        standing += 1;
        sums.set(g.currency, (sums.get(g.currency) || 0) + toMinor(g.amount));
      }
      const totals = [...sums].map(([currency, minor]) => [
        t('total'), `${standing} ${t('gifts_count')}`, '', '', t('reversed_left_out'),
        minorToText(minor, currency), '', '']);
      list.replaceChildren(table(
        [t('date'), t('receipt'), t('fund'), t('channel'), t('donor'), t('amount'), t('state'), ''],
        rows.map((g) => [
          date(g.date),
          h('a', { href: '#/receipt/' + encodeURIComponent(g.receipt), text: g.receipt }),
          g.fund, t(g.channel), g.donor, money(g.amount, g.currency), g.status,
          me.role === 'treasurer' && !g.status ? reverseButton(Number(g.seq)) : '',
        ]), totals));
    } catch (err) {
      showProblem(form, err);
    }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  if (me.role === 'treasurer') {
    main.append(h('p', {}, h('a', { href: '#/new-donation', class: 'button', text: t('new_donation') })));
  }
  main.append(form, list);
  await load();
}

// A reversal is proposed here and confirmed by a second person on their
// dashboard (unless the policy exempts so small an amount).
function reverseButton(seq) {
  return reasonButton('reverse', '/api/v1/reversals', (reason) => ({ entry: seq, reason, date: today() }),
                      (r) => (r.state === 'proposed' ? t('proposed_for_second') : t('recorded')));
}

// A button that asks for the reason and sends `body(reason)` to `path`;
// cancelling the question, or giving no reason, sends nothing.
// Asks for the reason of an action that undoes or ends something, in a
// dialog of the page (not the browser's prompt, which cannot be styled,
// labelled or checked): the reason typed, or null when cancelled.
function askReason(title, label = t('reason')) {
  return new Promise((resolve) => {
    const text = h('textarea', { rows: 3, required: true });
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { text: title }), field('reason', label, text),
      h('p', { class: 'form-error', role: 'alert' }),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', text: t('cancel'), onclick: () => dialog.close('') }),
        h('button', { type: 'submit', class: 'danger', text: title })));
    const dialog = h('dialog', { class: 'ask', 'aria-label': title }, form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!text.value.trim()) {
        showProblem(form, new Problem(400, { detail: t('reason_required'), field: 'reason' }));
        return;
      }
      dialog.close(text.value.trim());
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue || null);
    });
    document.body.append(dialog);
    dialog.showModal();
    text.focus();
  });
}

function reasonButton(label, path, body, done = () => t('recorded')) {
  return h('button', {
    type: 'button', class: 'small danger', text: t(label),
    onclick: async () => {
      const reason = await askReason(t(label));
      if (!reason) return;
      try {
        const r = await post(path, body(reason.trim()));
        toast(done(r));
        route();
      } catch (err) {
        toast(problemText(err));
      }
    },
  });
}

// #/new-donation[/money|/goods|/batch][/DONOR]: the donor's id filled in
// when the treasurer came from the donor list.
async function renderNewDonation([kind, donor = '']) {
  const funds = await get('/api/v1/funds');
  main.append(h('p', { class: 'actions' },
    h('a', { href: '#/new-donation', 'aria-current': kind !== 'goods' ? 'page' : null, text: t('money_gift') }),
    h('a', { href: '#/new-donation/goods', 'aria-current': kind === 'goods' ? 'page' : null,
             text: t('goods_gift') }),
    h('a', { href: '#/new-donation/batch', 'aria-current': kind === 'batch' ? 'page' : null,
             text: t('batch_gift') })));
  if (kind === 'goods') return renderGoodsDonation(funds, donor);
  if (kind === 'batch') return renderBatch();
  const form = h('form', { class: 'card', novalidate: true },
    field('fund', t('fund'), fundSelect(funds)),
    field('amount', t('amount') + ' (¥)',
          h('input', { inputmode: 'decimal', required: true, pattern: '\\d+(\\.\\d{1,2})?',
                       placeholder: '1250.00' })),
    field('channel', t('channel'), channelSelect()),
    field('account', t('account_into'), accountSelect()),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('external_ref', t('external_ref'), h('input', {})),
    field('donor', t('donor'), h('input', { placeholder: 'D-000001', value: donor })),
    field('memo', t('memo'), h('input', {})),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    if (!amountShown(form, v('amount'))) return;
    const r = await post('/api/v1/donations', {
      fund: v('fund'), amount: v('amount'), channel: v('channel'), account: v('account'),
      date: v('date'), external_ref: v('external_ref') || null, donor: v('donor') || null,
      memo: v('memo'),
    });
    toast(t('recorded') + ' ' + r.receipt);
    location.hash = '#/receipt/' + encodeURIComponent(r.receipt);
  });
  main.append(form);
}

function renderGoodsDonation(funds, donor) {
  const items = h('div', { class: 'items' });
  const valuations = ['invoice', 'fair_value', 'unvalued'];
  const addItem = () => {
    const i = items.children.length;
    items.append(itemFieldset(i,
      field(`items[${i}].item`, t('item'), h('input', { required: true })),
      field(`items[${i}].quantity`, t('quantity'), h('input', { inputmode: 'numeric', required: true })),
      field(`items[${i}].unit`, t('unit'), h('input', { required: true, placeholder: '件' })),
      field(`items[${i}].valuation`, t('valuation'),
            h('select', {}, valuations.map((v) => h('option', { value: v, text: t(v) })))),
      field(`items[${i}].value`, t('value') + ' (¥)', h('input', { inputmode: 'decimal', value: '0.00' }))));
  };
  addItem();
  const form = h('form', { class: 'card', novalidate: true },
    field('fund', t('fund'), fundSelect(funds)),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('donor', t('donor'), h('input', { placeholder: 'D-000001', value: donor })),
    items,
    h('button', { type: 'button', class: 'small', text: t('add_item'), onclick: addItem }),
    field('received_by', t('received_by'), h('input', { required: true })),
    field('checked_by', t('checked_by'), h('input', { required: true })),
    field('memo', t('memo'), h('input', {})),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    const lines = [...items.children].map((_, i) => ({
      item: v(`items[${i}].item`), quantity: Number(v(`items[${i}].quantity`)), unit: v(`items[${i}].unit`),
      valuation: v(`items[${i}].valuation`), value: v(`items[${i}].value`) || '0.00',
    }));
    const r = await post('/api/v1/donations/in-kind', {
      fund: v('fund'), date: v('date'), donor: v('donor') || null, items: lines,
      received_by: v('received_by'), checked_by: v('checked_by'), memo: v('memo'),
    });
    toast(t('recorded') + ' ' + r.receipt);
    location.hash = '#/receipt/' + encodeURIComponent(r.receipt);
  });
  main.append(form);
}

// The donor register: find a returning donor (a person masked, with the
// phone's last four digits) and record a gift from them, or register a new
// one, whose record goes to the vault and never into the chain.
async function renderDonors() {
  const search = h('input', { type: 'search', placeholder: 'D-000001 · 王小明 · 13800138000' });
  const detail = h('div', { class: 'reveal', 'aria-live': 'polite' });
  const list = h('div', { 'aria-live': 'polite' });
  // Found by the service on the records themselves (a name in full, a part
  // of it, a phone), answered masked; only the latest search is drawn.
  let asked = 0;
  let timer = 0;
  const draw = async () => {
    const q = search.value.trim();
    const mine = ++asked;
    const { donors } = await get('/api/v1/donors' + (q ? '?q=' + encodeURIComponent(q) : ''));
    if (mine !== asked) return;
    list.replaceChildren(table([t('donor'), t('donor_type'), t('name'), t('phone_tail'), ''],
      donors.filter((d) => !d.erased)
        .map((d) => [d.id, t(d.type), d.name || '', d.phone_tail || '', h('span', { class: 'actions' },
          h('button', { type: 'button', class: 'small', text: t('reveal'),
                        onclick: () => revealRecord(DONOR_RECORD, detail, d.id) }),
          me.role === 'treasurer'
            ? h('a', { href: '#/new-donation/money/' + encodeURIComponent(d.id), text: t('record_gift') })
            : '')])));
    list.dataset.q = q;  // what the list shows the answer to
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => draw().catch((err) => toast(problemText(err))), 250);
  });
  main.append(liveFilters(field('q', t('search'), search)), detail, list);
  await draw();
  if (me.role !== 'treasurer') return;
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('register_donor') }),
    recordFields(DONOR_RECORD, {}),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    const r = await post('/api/v1/donors', recordValues(DONOR_RECORD, form));
    toast(t('recorded') + ' ' + r.id);
    location.hash = '#/new-donation/money/' + encodeURIComponent(r.id);
  });
  list.before(form);
}

// The funds: what each holds and what it is for. An admin or a treasurer
// opens a fund (a restricted one names its purpose and whom it serves), moves
// money between funds with the reason, and closes an empty one. Money leaves
// a restricted purpose only with the document that releases it, and only an
// admin releases it: the form asks for the document exactly then, and the
// books refuse the rest.
async function renderFunds() {
  const funds = await get('/api/v1/funds');
  const byCode = (code) => funds.funds.find((f) => f.code === code);
  const manage = ['admin', 'treasurer'].includes(me.role);
  // Only an empty fund closes: what it holds is moved or spent first.
  const empty = (f) => [...f.cash, ...f.goods].every((m) => toMinor(m.amount) === 0) &&
    f.stock.every((l) => l.quantity === 0);
  main.append(table([t('fund'), t('purpose'), t('balance'), t('goods_value'), t('state'), ''],
    funds.funds.map((f) => [
      fundLabel(f),
      f.restricted ? `${f.purpose} (${f.serves.map((c) => t(c)).join(', ')})` : t('unrestricted'),
      holdings(f.cash),
      holdings(f.goods),
      t(f.open ? 'fund_open' : 'fund_closed'),
      manage && f.open && empty(f)
        ? reasonButton('close_fund', `/api/v1/funds/${encodeURIComponent(f.code)}/close`, (reason) => ({ reason }))
        : '',
    ])));
  if (!manage) return;

  const from = fundSelect(funds);
  const to = fundSelect(funds);
  const release = field('release', t('release'), h('input', {}));
  release.append(h('p', { class: 'hint', text: t('release_admin') }));
  // Restricted money leaves its purpose unless it goes to a fund of the same.
  const leaves = () => {
    const a = byCode(from.value), b = byCode(to.value);
    return Boolean(a && a.restricted && !(b && b.restricted && b.purpose === a.purpose));
  };
  const showRelease = () => { release.hidden = !leaves(); };
  from.addEventListener('change', showRelease);
  to.addEventListener('change', showRelease);
  showRelease();
  const transfer = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('transfer') }),
    field('from', t('from_fund'), from),
    field('to', t('to_fund'), to),
    field('amount', t('amount') + ' (¥)', h('input', { inputmode: 'decimal', required: true, placeholder: '1250.00' })),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('reason', t('reason'), h('input', { required: true })),
    release,
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(transfer, async (v, post) => {
    if (!amountShown(transfer, v('amount'))) return;
    await post('/api/v1/transfers', {
      from: v('from'), to: v('to'), amount: v('amount'), date: v('date'), reason: v('reason'),
      release: leaves() ? v('release') : null,
    });
    toast(t('recorded'));
    route();
  });

  const restricted = h('input', { type: 'checkbox' });
  const purpose = field('purpose', t('purpose'), h('input', {}));
  const serves = h('div', { class: 'field', 'data-field': 'serves' },
    h('fieldset', { class: 'choices' }, h('legend', { text: t('serves') }),
      CATEGORIES.map((c) => h('label', {}, h('input', { type: 'checkbox', value: c }), ' ', t(c)))),
    h('span', { class: 'field-error', 'aria-live': 'polite' }));
  const showPurpose = () => { purpose.hidden = serves.hidden = !restricted.checked; };
  restricted.addEventListener('change', showPurpose);
  showPurpose();
  const open = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('open_fund') }),
    field('code', t('fund_code'), h('input', { required: true, placeholder: 'WINTER_2027', autocapitalize: 'characters' })),
    field('name_zh', t('name_zh'), h('input', { required: true })),
    field('name_en', t('name_en'), h('input', { required: true })),
    field('restricted', t('restricted'), restricted),
    purpose, serves,
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(open, async (v, post) => {
    await post('/api/v1/funds', {
      code: v('code').toUpperCase(), name_zh: v('name_zh'), name_en: v('name_en'),
      restricted: restricted.checked, purpose: restricted.checked ? v('purpose') : '',
      serves: restricted.checked ? [...serves.querySelectorAll('input:checked')].map((c) => c.value) : [],
    });
    toast(t('recorded') + ' ' + v('code').toUpperCase());
    route();
  });
  main.append(transfer, open);
}

// Minutes as hours to a tenth, rounded half up, in whole numbers: "36.0".
function hoursText(minutes) {
  const tenths = Math.floor(minutes / 6) + (minutes % 6 >= 3 ? 1 : 0);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

// Volunteer service: what the team did, how many served and for how long,
// for the disclosure of donated services (never income, never names). A
// record made in error is withdrawn with the reason.
async function renderServices() {
  const { services } = await get('/api/v1/services');
  const organiser = ['admin', 'treasurer', 'coordinator'].includes(me.role);
  main.append(h('p', { class: 'hint', text: t('service_note') }));
  main.append(table([t('date'), t('activity'), t('volunteers'), t('hours'), t('state'), ''],
    [...services].reverse().map((r) => [
      date(r.date), r.activity, String(r.volunteers), hoursText(r.minutes),
      r.withdrawn_by ? t('withdrawn') : '',
      organiser && !r.withdrawn_by
        ? reasonButton('withdraw', `/api/v1/services/${r.seq}/withdraw`, (reason) => ({ reason }))
        : '',
    ])));
  if (!organiser) return;
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('record_service') }),
    field('activity', t('activity'), h('input', { required: true, placeholder: '冬季送温暖入户走访' })),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('volunteers', t('volunteers'), h('input', { inputmode: 'numeric', required: true })),
    // Named for the member it becomes, so that the service's refusal of the
    // total shows here.
    field('minutes', t('hours_each'), h('input', { inputmode: 'decimal', required: true, placeholder: '3' })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    if (!/^\d+$/.test(v('volunteers')) || Number(v('volunteers')) < 1) {
      throw new Problem(400, { detail: t('volunteers') + ': 12', field: 'volunteers' });
    }
    // Hours to a tenth are whole minutes: 2.5 hours is 150.
    const each = /^(\d+)(?:\.(\d))?$/.exec(v('minutes'));
    if (!each) throw new Problem(400, { detail: t('hours_each') + ': 3, 2.5', field: 'minutes' });
    const tenths = Number(each[1]) * 10 + Number(each[2] || 0);
    await post('/api/v1/services', {
      activity: v('activity'), date: v('date'),
      volunteers: Number(v('volunteers')), minutes: Number(v('volunteers')) * tenths * 6,
    });
    toast(t('recorded'));
    route();
  });
  main.append(form);
}

// The categories of the accounting system for non-profits.
const COST_CATEGORIES = ['program', 'admin', 'fundraising', 'other'];
const INCOME_CATEGORIES = ['government_grant', 'membership_dues', 'service_income', 'investment_income',
                           'other_income'];

function categorySelect(categories) {
  return h('select', { required: true }, h('option', { value: '', text: t('choose_one') }),
    categories.map((c) => h('option', { value: c, text: t('category_' + c) })));
}

// Costs (费用) and income other than gifts (收入): the lists, a cost
// proposed by a treasurer or a coordinator (another treasurer records it
// from the waiting list; a small one the policy exempts is recorded at
// once), and income recorded by a treasurer.
async function renderCostsAndIncome() {
  const [{ costs }, { income }, funds] = await Promise.all(
    [get('/api/v1/costs'), get('/api/v1/income'), get('/api/v1/funds')]);
  main.append(h('p', { class: 'hint', text: t('costs_note') }));
  main.append(h('h2', { text: t('costs') }), table(
    [t('date'), t('category'), t('fund'), t('payee'), t('voucher'), t('purpose'), t('amount'),
     t('proposed_by'), t('recorded_by'), t('state')],
    [...costs].reverse().map((c) => [
      date(c.date), t('category_' + c.category), c.fund, c.payee, c.voucher, c.purpose,
      money(c.amount.amount, c.amount.currency), c.proposer ? c.proposer.id : '', c.recorder.id,
      c.reversed_by ? t('reversed') : '',
    ])));
  main.append(h('h2', { text: t('other_income') }), table(
    [t('date'), t('category'), t('fund'), t('payer'), t('document'), t('amount'), t('state')],
    [...income].reverse().map((i) => [
      date(i.date), t('category_' + i.category), i.fund, i.payer, i.document || '',
      money(i.amount.amount, i.amount.currency), i.reversed_by ? t('reversed') : '',
    ])));
  if (!['treasurer', 'coordinator'].includes(me.role)) return;
  const cost = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('propose_cost') }),
    field('category', t('category'), categorySelect(COST_CATEGORIES)),
    field('fund', t('fund'), fundSelect(funds)),
    field('amount', t('amount') + ' (¥)', h('input', { inputmode: 'decimal', required: true, placeholder: '120.50' })),
    field('payee', t('payee'), h('input', { required: true, placeholder: '顺达物流有限公司' })),
    field('voucher', t('voucher'), h('input', { required: true, placeholder: 'INV-2026-0001' })),
    field('purpose', t('purpose'), h('input', { required: true, placeholder: '冬季送温暖物资运输' })),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('channel', t('channel'), channelSelect('bank_transfer')),
    field('account', t('account_from'), accountSelect()),
    field('external_ref', t('external_ref'), h('input', {})),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(cost, async (v, post) => {
    if (!amountShown(cost, v('amount'))) return;
    const r = await post('/api/v1/costs', {
      category: v('category'), fund: v('fund'), amount: v('amount'), payee: v('payee'),
      voucher: v('voucher'), purpose: v('purpose'), date: v('date'), channel: v('channel'),
      account: v('account'), external_ref: v('external_ref') || null,
    });
    toast(t(r.state === 'recorded' ? 'recorded' : 'cost_waits'));
    route();
  });
  main.append(cost);
  if (me.role !== 'treasurer') return;
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('record_income') }),
    field('category', t('category'), categorySelect(INCOME_CATEGORIES)),
    field('fund', t('fund'), fundSelect(funds)),
    field('amount', t('amount') + ' (¥)', h('input', { inputmode: 'decimal', required: true, placeholder: '20000.00' })),
    field('payer', t('payer'), h('input', { required: true, placeholder: '市民政局' })),
    field('document', t('document'), h('input', { placeholder: '民发〔2026〕12号' })),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('channel', t('channel'), channelSelect('bank_transfer')),
    field('account', t('account_into'), accountSelect()),
    field('external_ref', t('external_ref'), h('input', {})),
    field('memo', t('memo'), h('input', {})),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    if (!amountShown(form, v('amount'))) return;
    await post('/api/v1/income', {
      category: v('category'), fund: v('fund'), amount: v('amount'), payer: v('payer'),
      document: v('document') || null, date: v('date'), channel: v('channel'),
      account: v('account'), external_ref: v('external_ref') || null, memo: v('memo'),
    });
    toast(t('recorded'));
    route();
  });
  main.append(form);
}

const ACCOUNT_TYPES = ['cash_box', 'bank', 'platform', 'other'];

// Where the money sits: each account with what it holds, the moves between
// accounts, and for a treasurer a move (a deposit, a settlement, a
// withdrawal) and a new account.
async function renderAccounts() {
  const [{ accounts }, { transfers }, opening, funds] = await Promise.all(
    [get('/api/v1/accounts'), get('/api/v1/accounts/transfers'), get('/api/v1/opening'),
     get('/api/v1/funds')]);
  main.append(h('p', { class: 'hint', text: t('accounts_note') }));
  main.append(table(
    [t('account_code'), t('account_name'), t('account_type'), t('institution'), t('account_number'),
     t('balance'), t('state')],
    accounts.map((a) => [
      a.code, a.name, t('account_type_' + a.type), a.institution, a.number || '',
      a.balances.length ? a.balances.map((b) => money(b.amount, b.currency)).join(' ') : money('0.00', 'CNY'),
      a.closed_seq ? t('account_closed') : (me.role === 'treasurer' ? h('button', {
        type: 'button', class: 'small danger', text: t('close_account'),
        onclick: async () => {
          const reason = await askReason(t('close_account'), t('close_account_reason'));
          if (!reason) return;
          try {
            await post(`/api/v1/accounts/${encodeURIComponent(a.code)}/close`, { reason });
            toast(t('recorded'));
            route();
          } catch (e) { toast(e.message); }
        },
      }) : ''),
    ])));
  main.append(h('h2', { text: t('account_transfers') }), table(
    [t('date'), t('from_account'), t('to_account'), t('amount'), t('external_ref'), t('memo'), t('recorded_by')],
    [...transfers].reverse().map((m) => [
      date(m.date), m.from, m.to, money(m.amount.amount, m.amount.currency), m.external_ref || '',
      m.memo, m.actor.id,
    ])));
  main.append(h('h2', { text: t('opening') }));
  if (opening.date) {
    main.append(h('p', { text: `${t('opening_on')} ${date(opening.date)}` }), table(
      [t('fund'), t('account_code'), t('amount'), t('entry_seq')],
      opening.lines.map((l) => [l.fund, l.account, money(l.amount.amount, l.amount.currency), `#${l.seq}`])));
  } else {
    main.append(h('p', { class: 'hint', text: t('opening_none') }));
  }
  if (me.role !== 'treasurer') return;
  const choices = () => h('select', { required: true },
    h('option', { value: '', text: t('choose_one') }),
    accounts.map((a) => h('option', { value: a.code, text: accountLabel(a) })));
  const move = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('move_money') }),
    field('from', t('from_account'), choices()),
    field('to', t('to_account'), choices()),
    field('amount', t('amount') + ' (¥)', h('input', { inputmode: 'decimal', required: true, placeholder: '1000.00' })),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    field('external_ref', t('external_ref'), h('input', {})),
    field('memo', t('memo'), h('input', { placeholder: '现金存入银行' })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(move, async (v, post) => {
    if (!amountShown(move, v('amount'))) return;
    await post('/api/v1/accounts/transfers', {
      from: v('from'), to: v('to'), amount: v('amount'), date: v('date'),
      external_ref: v('external_ref') || null, memo: v('memo'),
    });
    toast(t('recorded'));
    route();
  });
  main.append(move);
  const open = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('open_account') }),
    field('code', t('account_code'), h('input', { required: true, placeholder: 'ICBC_BASIC' })),
    field('name', t('account_name'), h('input', { required: true, placeholder: '工商银行基本户' })),
    field('type', t('account_type'), h('select', { required: true },
      ACCOUNT_TYPES.map((k) => h('option', { value: k, text: t('account_type_' + k) })))),
    field('institution', t('institution'), h('input', { placeholder: '中国工商银行' })),
    field('number', t('account_number'), h('input', { inputmode: 'numeric', placeholder: '6222 …' })),
    h('p', { class: 'hint', text: t('account_number_note') }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(open, async (v, post) => {
    await post('/api/v1/accounts', {
      code: v('code'), name: v('name'), type: v('type'), institution: v('institution'),
      number: v('number'),
    });
    toast(t('recorded'));
    route();
  });
  main.append(open);
  // Opening balances: one line per fund and account, proposed here and
  // recorded by another treasurer from the list of what waits.
  const openAccounts = accounts.filter((a) => !a.closed_seq);
  const lines = h('div', { class: 'items' });
  const addLine = () => {
    const i = lines.children.length;
    lines.append(h('fieldset', { class: 'item' },
      h('legend', { text: `${t('opening_line')} ${i + 1}` }),
      field(`lines[${i}].fund`, t('fund'), fundSelect(funds)),
      field(`lines[${i}].account`, t('account_code'), h('select', { required: true },
        h('option', { value: '', text: t('choose_one') }),
        openAccounts.map((a) => h('option', { value: a.code, text: accountLabel(a) })))),
      field(`lines[${i}].amount`, t('amount') + ' (¥)',
        h('input', { inputmode: 'decimal', required: true, placeholder: '8000.00' }))));
  };
  addLine();
  const propose = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('propose_opening') }),
    h('p', { class: 'hint', text: t('opening_note') }),
    field('date', t('opening_on'), h('input', { type: 'date', required: true })),
    lines,
    h('button', { type: 'button', class: 'small', text: t('add_line'), onclick: addLine }),
    field('memo', t('memo'), h('input', { placeholder: '2025年12月31日银行对账单、现金盘点表' })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(propose, async (v, post) => {
    const body = [...lines.children].map((_, i) => ({
      fund: v(`lines[${i}].fund`), account: v(`lines[${i}].account`), amount: v(`lines[${i}].amount`),
    }));
    await post('/api/v1/opening', { date: v('date'), lines: body, memo: v('memo') });
    toast(t('opening_proposed'));
    route();
  });
  main.append(propose);
}

// Goods given out (the winter drive's coats and quilts): what each fund
// holds, and a hand-out of some of it to a recipient; the value each line
// carries out of stock is the books' to work out.
async function renderHandOut() {
  const funds = await get('/api/v1/funds');
  // What is left: lines given out to the last one stay in the books at 0.
  const stocked = funds.funds.map((f) => ({ ...f, stock: f.stock.filter((l) => l.quantity > 0) }))
    .filter((f) => f.stock.length > 0);
  main.append(table([t('fund'), t('item'), t('unit'), t('quantity'), t('value')],
    stocked.flatMap((f) => f.stock.map((l) => [f.code, l.item, l.unit, String(l.quantity), amountOf(l.value)]))));
  const fund = fundSelect({ funds: stocked });
  const items = h('div', { class: 'items' });
  const choices = () => (stocked.find((f) => f.code === fund.value)?.stock || [])
    .map((l) => h('option', { value: `${l.item}\n${l.unit}`, text: `${l.item}（${l.unit}）` }));
  const addItem = () => {
    const i = items.children.length;
    items.append(itemFieldset(i,
      field(`items[${i}].item`, t('item'), h('select', { required: true }, choices())),
      field(`items[${i}].quantity`, t('quantity'), h('input', { inputmode: 'numeric', required: true }))));
  };
  fund.addEventListener('change', () => {
    for (const s of items.querySelectorAll('select')) s.replaceChildren(...choices());
  });
  addItem();
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('hand_out') }),
    field('fund', t('fund'), fund),
    field('recipient', t('recipient'), h('input', { placeholder: 'R-000001', required: true })),
    field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
    items,
    h('button', { type: 'button', class: 'small', text: t('add_item'), onclick: addItem }),
    field('memo', t('memo'), h('input', {})),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    const lines = [...items.children].map((_, i) => {
      const [item, unit] = v(`items[${i}].item`).split('\n');
      return { item, unit, quantity: Number(v(`items[${i}].quantity`)) };
    });
    await post('/api/v1/goods/hand-outs', {
      fund: v('fund'), recipient: v('recipient'), date: v('date'), items: lines, memo: v('memo'),
    });
    toast(t('recorded'));
    route();
  });
  main.append(form);
}

// A bank statement or a spreadsheet of gifts as CSV (UTF-8, or GB18030 as
// Chinese Excel saves it): the treasurer declares the count and the total
// from the statement, the service checks both and records every row or none,
// and every bad row is listed with its line.
function renderBatch() {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', required: true });
  const rowErrors = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', novalidate: true },
    h('p', { class: 'hint', text: t('batch_columns') }),
    h('p', {}, h('a', { href: '/api/v1/batches/template', download: 'donations-template.csv',
                        text: t('batch_template') })),
    field('file', t('batch_file'), file),
    field('rows', t('batch_rows'), h('input', { inputmode: 'numeric', required: true })),
    field('total', t('batch_total') + ' (¥)', h('input', { inputmode: 'decimal', required: true })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('batch_import') }));
  onSubmit(form, async (v, post) => {
    rowErrors.replaceChildren();
    if (!file.files.length) throw new Problem(400, { detail: t('batch_file'), field: 'file' });
    const bytes = await file.files[0].arrayBuffer();
    try {
      const r = await post(`/api/v1/batches?rows=${encodeURIComponent(v('rows'))}` +
                           `&total=${encodeURIComponent(v('total'))}`, bytes);
      toast(`${t('recorded')} ${r.rows}`);
      location.hash = '#/donations';
    } catch (err) {
      if (err instanceof Problem && err.errors.length) {
        rowErrors.replaceChildren(table([t('line'), t('field'), t('problem')],
          err.errors.map((e) => [String(e.line), t(e.field), e.message])));
      }
      throw err;
    }
  });
  main.append(form, rowErrors);
}

async function renderReceipt([number]) {
  const r = await get('/api/v1/receipts/' + encodeURIComponent(number));
  const p = r.donation.entry.payload;
  const fund = (await get('/api/v1/funds')).funds.find((f) => f.code === p.fund);
  // The payer as the donor will read it: their name where this role may see
  // the donor's record (the auditor may not: the id), else anonymous.
  let payer = p.donor || t('anonymous');
  if (p.donor) {
    try {
      const d = await get('/api/v1/donors/' + encodeURIComponent(p.donor));
      if (d.name) payer = `${d.name} (${p.donor})`;
    } catch {
      // Not this role's to read, or erased: the id stands.
    }
  }
  const line = (label, value) => (value ? [h('dt', { text: label }), h('dd', { text: value })] : []);
  const amount = p.amount;
  const text = minorToText(amount.minor, amount.currency);
  const checkUrl = `${location.origin}/#/check/${encodeURIComponent(number)}/${r.check_code}`;
  const heading = () => '捐赠收据 Donation receipt' + (r.copies_printed > 0 ? ' · 副本 duplicate' : '');
  const title = h('h2', { text: heading() });
  const sheet = h('section', { class: 'receipt', 'aria-label': t('receipt_title') },
    title,
    h('dl', {},
      line(t('receipt'), r.number),
      line(t('date'), date(p.date)),
      line(t('payer'), payer),
      line(t('fund'), fund ? `${language() === 'en' ? fund.name_en : fund.name_zh} (${p.fund})` : p.fund),
      line(t('channel'), p.channel && t(p.channel)),
      h('dt', { text: t('amount') }), h('dd', { class: 'num', text: text }),
      line(t('amount_in_words'), r.amount_in_words),
      line(t('memo'), p.memo),
      line(t('bill_number'), r.bill_number),
      h('dt', { text: t('check_code') }), h('dd', { class: 'code', text: r.check_code }),
      line(t('state'), standingText(r))),
    p.items ? table([t('item'), t('quantity'), t('unit'), t('value')], p.items.map((i) => [
      i.item, String(i.quantity), i.unit, minorToText(i.value.minor, i.value.currency)])) : '',
    h('img', { class: 'qr', alt: t('receipt_check') + ' ' + checkUrl,
               src: '/api/v1/qr?text=' + encodeURIComponent(checkUrl) }),
    h('p', { class: 'check-url', text: checkUrl }));
  main.append(sheet);
  if (me.role === 'treasurer' && !r.voided) {
    main.append(h('button', {
      type: 'button', class: 'noprint', text: t('print_receipt'),
      onclick: async () => {
        try {
          // The copy this page is about to print: refused if another was
          // printed meanwhile, so that the paper never names the wrong copy.
          await post(`/api/v1/receipts/${encodeURIComponent(number)}/print`,
                     { copy: r.copies_printed + 1 });
        } catch (err) {
          toast(problemText(err));
          return;
        }
        window.print();
        // Every later print from this page is a duplicate, and says so.
        r.copies_printed += 1;
        title.textContent = heading();
      },
    }));
    // Voided with a reason (the number is never reused), or given the
    // partner foundation's official bill number.
    const voidForm = h('form', { class: 'card noprint', novalidate: true },
      h('h2', { text: t('void_receipt') }),
      field('reason', t('reason'), h('input', { required: true })),
      h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit', text: t('void_receipt') }));
    onSubmit(voidForm, async (v, post) => {
      if (!v('reason')) throw new Problem(400, { detail: t('reason'), field: 'reason' });
      await post(`/api/v1/receipts/${encodeURIComponent(number)}/void`, { reason: v('reason') });
      toast(t('voided'));
      route();
    });
    main.append(voidForm);
    if (!r.bill_number) {
      const billForm = h('form', { class: 'card noprint', novalidate: true },
        h('h2', { text: t('bill_number') }),
        field('bill_number', t('bill_number'), h('input', { required: true })),
        field('issuer', t('issuer'), h('input', { required: true })),
        h('p', { class: 'form-error', role: 'alert' }),
        h('button', { type: 'submit', text: t('save') }));
      onSubmit(billForm, async (v, post) => {
        await post(`/api/v1/receipts/${encodeURIComponent(number)}/bill`,
                   { bill_number: v('bill_number'), issuer: v('issuer') });
        toast(t('recorded'));
        route();
      });
      main.append(billForm);
    }
  }
}

// A person's record as the vault keeps it (never in the chain), in the
// order people read it; `editor` is the role that corrects and erases it.
const RECIPIENT_RECORD = {
  path: '/api/v1/recipients/', editor: 'coordinator', title: 'correct_record',
  // Who, how to reach and pay them, their consent, the notes.
  keys: ['name', 'id_number', 'phone', 'school', 'grade', 'guardian', 'bank_account',
         'consent_by', 'consent_date', 'consent_form', 'notes'],
  required: ['name', 'id_number', 'consent_form'],
};
const DONOR_RECORD = {
  path: '/api/v1/donors/', editor: 'treasurer', title: 'correct_donor',
  keys: ['type', 'name', 'phone', 'email', 'address', 'public_consent', 'public_name'],
  required: ['name'],
};

// The fields of a record, filled in with `r`'s values: for the enrolment or
// registration, and for a correction, which replaces the whole record.
function recordFields(kind, r) {
  const choice = (k, options, text) => h('select', {}, options.map((c) =>
    h('option', { value: c, text: text(c), selected: r[k] === c })));
  const input = (k) => {
    if (k === 'consent_by') return choice(k, ['self', 'guardian'], (c) => t('consent_' + c));
    if (k === 'type') return choice(k, ['person', 'organisation'], t);
    if (k === 'public_consent') return h('input', { type: 'checkbox', checked: Boolean(r[k]) });
    if (k === 'consent_date') return h('input', { type: 'date', value: r[k] || today() });
    if (k === 'notes') return h('textarea', { rows: 2, text: r[k] || '' });
    return h('input', {
      value: r[k] || '', required: kind.required.includes(k),
      type: k === 'email' ? 'email' : null, inputmode: k === 'phone' ? 'tel' : null,
    });
  };
  return kind.keys.map((k) => field(k, t(k), input(k)));
}

function recordValues(kind, form) {
  return Object.fromEntries(kind.keys.map((k) => {
    const e = form.elements[k];
    return [k, e.type === 'checkbox' ? e.checked : e.value.trim()];
  }));
}

// Shows the record of `id` in `detail` (the service logs every such read)
// and, to its editor, a correction (a new bank account, a name mistyped: the
// whole record again with the reason; the chain records a new commitment,
// never the data) and an erasure (the id stays in the chain).
async function revealRecord(kind, detail, id) {
  const full = await get(kind.path + encodeURIComponent(id));
  const shown = (k, v) => (k === 'consent_by' ? t('consent_' + v) : k === 'type' ? t(v)
    : typeof v === 'boolean' ? t(v ? 'yes' : 'no') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const order = ['id', ...kind.keys];
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  detail.replaceChildren(h('dl', {}, Object.entries(full)
    .filter(([, v]) => v !== '' && v !== null)
    .sort(([a], [b]) => rank(a) - rank(b))
    .flatMap(([k, v]) => [h('dt', { text: t(k) }), h('dd', { text: shown(k, v) })])));
  if (me.role === kind.editor) {
    const path = kind.path + encodeURIComponent(id);
    const correct = () => {
      const form = h('form', { class: 'card', novalidate: true },
        h('h2', { text: `${t(kind.title)} ${id}` }),
        recordFields(kind, full),
        field('reason', t('reason'), h('input', { required: true })),
        h('p', { class: 'form-error', role: 'alert' }),
        h('button', { type: 'submit', text: t('save') }));
      onSubmit(form, async (v, post) => {
        await post(path + '/correct', { ...recordValues(kind, form), reason: v('reason') });
        toast(t('recorded'));
        await revealRecord(kind, detail, id);
      });
      detail.append(form);
      form.elements.reason.focus();
    };
    detail.append(h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'small', text: t('correct'), onclick: correct }),
      reasonButton('erase', path + '/erase', (reason) => ({ reason }))));
  }
  detail.scrollIntoView({ block: 'nearest' });
}

async function renderRecipients() {
  const roster = await get('/api/v1/recipients');
  const category = h('select', {}, h('option', { value: '', text: t('all_categories') }),
                     CATEGORIES.map((c) => h('option', { value: c, text: t(c) })));
  const search = h('input', { type: 'search', placeholder: 'R-000001' });
  // A revealed record shows here, above the roster, where it is seen.
  const detail = h('div', { class: 'reveal', 'aria-live': 'polite' });
  const reveal = (id) => revealRecord(RECIPIENT_RECORD, detail, id);
  const list = h('div');
  const draw = () => {
    const q = search.value.trim();
    list.replaceChildren(table([t('recipient'), t('category'), t('name'), ''],
      roster.recipients
        .filter((r) => (!category.value || r.category === category.value) &&
                       (!q || r.id.includes(q) || (r.name || '').includes(q)))
        .map((r) => [r.id, t(r.category), r.name || '—', r.erased ? '' : h('span', { class: 'actions' },
          h('button', { type: 'button', class: 'small', text: t('reveal'), onclick: () => reveal(r.id) }),
          me.role === 'coordinator'
            ? h('a', { href: '#/grants/' + encodeURIComponent(r.id), text: t('propose') }) : '')])));
  };
  category.addEventListener('change', draw);
  search.addEventListener('input', draw);
  main.append(liveFilters(field('category_filter', t('category'), category),
                          field('q', t('search'), search)), detail, list);
  draw();
  if (me.role !== 'coordinator') return;
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('enrol') }),
    field('category', t('category'), h('select', {}, CATEGORIES.map((c) => h('option', { value: c, text: t(c) })))),
    recordFields(RECIPIENT_RECORD, {}),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    const r = await post('/api/v1/recipients',
                         { category: v('category'), ...recordValues(RECIPIENT_RECORD, form) });
    toast(t('recorded') + ' ' + r.id);
    route();
  });
  list.before(form);
}

// #/grants[/RECIPIENT]: the proposal's recipient filled in when the
// coordinator came from the roster.
async function renderGrants([recipient = '']) {
  const [grants, funds] = await Promise.all([get('/api/v1/grants'), get('/api/v1/funds')]);
  const action = (label, fn, cls = 'small') => h('button', { type: 'button', class: cls, text: t(label), onclick: fn });
  const act = (path, body) => async () => {
    try {
      await post(path, body());
      toast(t('recorded'));
      route();
    } catch (err) {
      toast(problemText(err));
    }
  };
  // Waiting for someone: a proposal to decide, or an approved grant still owed.
  const owed = (g) => g.state === 'approved' && g.outstanding.amount !== '0.00';
  const waiting = (g) => g.state === 'proposed' || owed(g);
  const show = h('select', {}, h('option', { value: 'waiting', text: t('grants_waiting') }),
                 h('option', { value: 'all', text: t('grants_all') }));
  const paying = h('div');
  const list = h('div');
  // A payment as the treasurer makes it: the amount (what is owed, or an
  // instalment), the day, the channel and the bank's or app's reference.
  const pay = (g) => {
    const form = h('form', { class: 'card', novalidate: true },
      h('h2', { text: `${t('pay')} ${g.id} · ${g.recipient} · ${g.term}` }),
      field('amount', t('amount') + ' (¥)',
            h('input', { inputmode: 'decimal', required: true, value: g.outstanding.amount })),
      field('date', t('date'), h('input', { type: 'date', value: today(), required: true })),
      field('channel', t('channel'), channelSelect('bank_transfer')),
      field('account', t('account_from'), accountSelect()),
      field('external_ref', t('external_ref'), h('input', {})),
      h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit', text: t('pay') }));
    onSubmit(form, async (v, post) => {
      await post(`/api/v1/grants/${encodeURIComponent(g.id)}/payments`, {
        amount: v('amount'), date: v('date'), channel: v('channel'), account: v('account'),
        external_ref: v('external_ref') || null,
      });
      toast(t('recorded'));
      route();
    });
    paying.replaceChildren(form);
    form.elements.external_ref.focus();
  };
  const draw = () => list.replaceChildren(table(
    ['', t('recipient'), t('fund'), t('term'), t('amount'), t('state'), t('outstanding'), ''],
    grants.grants.filter((g) => show.value === 'all' || waiting(g)).map((g) => [
      g.id, g.recipient, g.fund, g.term, amountOf(g.amount),
      // An approved grant with nothing left to pay reads as paid in full.
      g.state === 'approved' && g.outstanding.amount === '0.00' ? t('paid_in_full') : t(g.state),
      amountOf(g.outstanding),
      h('span', { class: 'actions' },
        (me.role === 'coordinator' || me.role === 'admin') && g.state === 'proposed' && g.proposer !== me.name
          ? [action('approve', act(`/api/v1/grants/${g.id}/approve`, () => ({ comment: '' }))),
             action('reject', async () => {
               // Final: a cancelled question rejects nothing.
               const comment = await askReason(t('reject'));
               if (comment) act(`/api/v1/grants/${g.id}/reject`, () => ({ comment }))();
             }, 'small danger')]
          : [],
        me.role === 'treasurer' && owed(g) ? action('pay', () => pay(g))
          : [])])));
  show.addEventListener('change', draw);
  main.append(liveFilters(field('show', t('grants_show'), show)), paying, list);
  draw();
  if (me.role !== 'coordinator') return;
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('propose') }),
    field('recipient', t('recipient'), h('input', { placeholder: 'R-000001', required: true, value: recipient })),
    field('fund', t('fund'), fundSelect(funds)),
    field('amount', t('amount') + ' (¥)', h('input', { inputmode: 'decimal', required: true })),
    field('purpose', t('purpose'), h('input', { required: true })),
    field('term', t('term'), h('input', { required: true })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('save') }));
  onSubmit(form, async (v, post) => {
    await post('/api/v1/grants', { recipient: v('recipient'), fund: v('fund'), amount: v('amount'),
                                   purpose: v('purpose'), term: v('term') });
    toast(t('recorded'));
    route();
  });
  list.before(form);
}

async function renderReports() {
  const catalogue = await get('/api/v1/reports');
  const year = today().slice(0, 4);
  const from = h('input', { type: 'date', value: year + '-01-01' });
  const to = h('input', { type: 'date', value: today() });
  main.append(h('div', { class: 'filters' }, field('from', t('from'), from), field('to', t('to'), to)));
  const link = (r, format) => () => {
    const q = `from=${from.value}&to=${to.value}&year=${from.value.slice(0, 4)}`;
    const url = r.name === 'journal' ? `/api/v1/reports/journal?to=${to.value}`
                                     : `/api/v1/reports/${r.name}?${q}&format=${format}`;
    window.open(url, '_blank', 'noopener');
  };
  main.append(table([t('reports'), ''], catalogue.reports.filter((r) => r.name !== 'donor-statement').map((r) => [
    language() === 'en' ? r.en : r.zh,
    h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'small', text: t('print'), 'data-report': r.name,
                    onclick: link(r, 'html') }),
      r.name === 'journal' ? '' : h('button', { type: 'button', class: 'small', text: t('download_csv'),
                                                onclick: link(r, 'csv') })),
  ])));
  if (!['treasurer', 'admin'].includes(me.role)) return;
  // Month end: one person proposes closing the next period that has ended
  // (months in order), another confirms it on their dashboard; later entries
  // dated in it are refused and a signed checkpoint follows.
  const periods = await get('/api/v1/periods');
  const close = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('close_period') }),
    h('p', { text: periods.closed_through ? `${t('closed_through')} ${date(periods.closed_through)}`
                                          : t('nothing_closed') }));
  if (periods.closable.length) {
    close.append(
      field('period', t('period'), h('select', { required: true },
        periods.closable.map((c) => h('option', { value: c.period, text: `${c.period}（${t('through')} ${date(c.through)}）` })))),
      h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit', text: t('propose_close') }));
  } else {
    close.append(h('p', { text: `${t('next_to_close')} ${periods.next_month}: ${t('not_ended')}` }));
  }
  onSubmit(close, async (v, post) => {
    if (!confirm(`${t('propose_close')} ${v('period')}?`)) return;
    await post(`/api/v1/periods/${encodeURIComponent(v('period'))}/close`, {});
    toast(`${t('proposed_for_second')}: ${v('period')}`);
    route();
  });
  main.append(close);
  if (periods.latest_closed) {
    main.append(h('p', {}, `${t('reopen_period')} ${periods.latest_closed} `,
      reasonButton('reopen_period', `/api/v1/periods/${encodeURIComponent(periods.latest_closed)}/reopen`,
                   (reason) => ({ reason }), () => t('proposed_for_second'))));
  }
}

async function renderAudit() {
  const result = h('p', { class: 'verify-result', role: 'status' });
  main.append(h('button', {
    type: 'button', text: t('run_verify'),
    onclick: async () => {
      result.textContent = '…';
      try {
        const r = await post('/api/v1/verify', {});
        result.textContent = r.ok ? `${t('verify_ok')}: ${r.size} · ${r.head}`
                                  : `${t('verify_failed')}: ${r.error || ''} ${r.detail || ''}`;
        result.className = 'verify-result ' + (r.ok ? 'ok' : 'bad');
      } catch (err) {
        result.textContent = problemText(err);
      }
    },
  }), result);
  const cps = await get('/api/v1/checkpoints');
  main.append(h('h2', { text: t('checkpoints') }), table([t('size'), t('root'), t('date')],
    (cps.checkpoints || []).slice(-20).reverse().map((c) => [String(c.size), c.root, moment(c.time)])));
  main.append(h('p', {},
    h('a', { href: '/api/v1/export', download: 'aidledger.jsonl', text: t('download_export') }), ' · ',
    h('a', { href: '/api/v1/keys', download: 'aidledger.pub', text: t('public_key') })));
  const bundle = h('textarea', { rows: 6 });
  const out = h('p', { role: 'status' });
  main.append(h('h2', { text: t('check_bundle') }), field('bundle', t('check_bundle'), bundle),
    h('button', { type: 'button', text: t('check'), onclick: async () => {
      try {
        const r = await post('/api/v1/proofs/check', JSON.parse(bundle.value));
        out.textContent = r.ok ? t('verify_ok') : `${t('verify_failed')}: ${r.detail}`;
      } catch (err) {
        out.textContent = problemText(err);
      }
    } }), out);
}

async function renderPublic([chosen]) {
  const summary = (y) => get(`/api/v1/public/summary?from=${y}-01-01&to=${y}-12-31`);
  let year = /^\d{4}$/.test(chosen || '') ? chosen : '';
  let r;
  if (year) {
    r = await summary(year);
  } else {
    // Unasked, the latest year with money or goods to show: this year, else
    // the years before it (a new year opens empty).
    for (let y = Number(today().slice(0, 4)), tries = 0; tries < 5; y -= 1, tries += 1) {
      r = await summary(y);
      year = String(y);
      if ((r.tables.find((tab) => tab.key === 'quarters')?.rows || []).length) break;
    }
  }
  const pick = h('input', { type: 'number', min: '2000', max: '2100', value: year });
  main.append(h('form', { class: 'filters', onsubmit: (ev) => {
    ev.preventDefault();
    location.hash = '#/public/' + pick.value;
  } }, field('year', t('year'), pick), h('button', { type: 'submit', text: t('show') })));
  for (const tab of r.tables) {
    main.append(h('h2', { text: language() === 'en' ? tab.title.en : tab.title.zh }),
      table(tab.columns.map((c) => (language() === 'en' ? c.en : c.zh)),
            tab.rows.concat(tab.totals).map((row) => tab.columns.map((c) =>
              c.type === 'money' ? money(row[c.key], row.currency) : String(row[c.key] ?? ''))))); 
  }
  // Which signed state of the books these figures are, in words.
  const cp = r.basis.checkpoint;
  main.append(h('p', { class: 'basis', text: cp
    ? t('basis_checkpoint').replace('{size}', cp.size).replace('{root}', cp.root.slice(0, 16))
    : t('basis_none') }));
}

// Whether the gift still stands, in words a donor reads: reversed (when and
// why) or its receipt voided (why), or valid.
function standingText(r) {
  const parts = [];
  if (r.reversal) {
    parts.push(`${t('reversed_on')} ${date(r.reversal.date)}: ${r.reversal.reason}`);
  }
  if (r.void) parts.push(`${t('voided')}: ${r.void.reason}`);
  return parts.length ? parts.join('；') : t(r.voided ? 'voided' : 'valid');
}

function renderCheck([number = '', code = '']) {
  const form = h('form', { class: 'card', novalidate: true },
    field('number', t('receipt'), h('input', { value: number, required: true, placeholder: '2026-000001' })),
    field('code', t('check_code'), h('input', { value: code, required: true })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', text: t('check') }));
  const out = h('div', { 'aria-live': 'polite' });
  onSubmit(form, async (v) => {
    out.replaceChildren();  // the last check's result never stands under a new error
    const r = await get(`/api/v1/public/receipts/${encodeURIComponent(v('number'))}` +
                        `?code=${encodeURIComponent(v('code').toUpperCase())}`);
    out.replaceChildren(h('dl', {},
      h('dt', { text: t('amount') }), h('dd', { text: minorToText(r.amount.minor, r.amount.currency) }),
      h('dt', { text: t('fund') }), h('dd', { text: r.fund }),
      h('dt', { text: t('date') }), h('dd', { text: date(r.date) }),
      h('dt', { text: t('state') }),
      h('dd', { class: r.stands === false ? 'bad' : '', text: standingText(r) })),
      h('p', { text: r.proof ? t('verify_ok') : (r.note || '') }));
  });
  main.append(form, out);
  if (number && code) form.requestSubmit();
}

// --- start --------------------------------------------------------------------

document.getElementById('lang').value = language();
// Switching the language draws the page again in it, with what was typed
// into its fields kept (matched by name and order; files and passwords are
// never kept).
document.getElementById('lang').addEventListener('change', async (ev) => {
  const typed = (root) => [...root.querySelectorAll('input[name], select[name], textarea[name]')]
    .filter((e) => e.type !== 'file' && e.type !== 'password');
  const seen = new Map();
  const key = (e) => {
    const n = (seen.get(e.name) || 0) + 1;
    seen.set(e.name, n);
    return `${e.name}#${n}`;
  };
  const kept = new Map(typed(main).map((e) => [key(e), e.type === 'checkbox' ? e.checked : e.value]));
  setLanguage(ev.target.value);
  await route();
  seen.clear();
  for (const e of typed(main)) {
    const k = key(e);
    if (!kept.has(k)) continue;
    if (e.type === 'checkbox') e.checked = kept.get(k);
    else e.value = kept.get(k);
  }
});
document.getElementById('logout').addEventListener('click', async () => {
  try { await del('/api/v1/session'); } catch { /* already over */ }
  me = null;
  setCsrf('');
  go('#/login');
});
window.addEventListener('hashchange', route);

(async () => {
  setLanguage(language());
  try {
    const s = await get('/api/v1/session');
    me = { name: s.name, role: s.role };
    setCsrf(s.csrf);
  } catch {
    me = null;
  }
  route();
})();
