#include "demo/demo_data.h"

#include <cstdio>
#include <string>
#include <vector>

#include "ledger/books/money.h"
#include "ledger/books/role.h"

namespace aidledger {

namespace {

const Actor kAdmin{"admin", std::string(RoleName(Role::kAdmin))};
const Actor kTreasurer{"t-zhang", std::string(RoleName(Role::kTreasurer))};
// Confirms what kTreasurer proposes: reversals and closes take two people.
const Actor kTreasurerB{"t-li", std::string(RoleName(Role::kTreasurer))};
const Actor kCoordinatorA{"c-wang", std::string(RoleName(Role::kCoordinator))};
const Actor kCoordinatorB{"c-chen", std::string(RoleName(Role::kCoordinator))};

// SplitMix64: the same sequence on every platform (std's distributions are
// not specified exactly).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  int Between(int lo, int hi) { return lo + Below(hi - lo + 1); }

 private:
  uint64_t state_;
};

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
                                  "刚", "桂", "英", "华", "玉", "兰", "文", "辉", "建", "红"};
constexpr const char* kCompanies[] = {"华联超市有限公司", "恒信建设集团",     "绿源食品有限公司",
                                      "东方电气设备厂",   "新城物业服务公司", "安康医药连锁",
                                      "远航物流有限公司", "金桥银行支行工会", "明德教育培训中心",
                                      "惠民农产品合作社", "红星服装有限公司", "爱心企业家联谊会"};

std::string Name(Rng& rng) {
  std::string n = kSurnames[rng.Below(20)];
  n += kGiven[rng.Below(30)];
  if (rng.Below(3) != 0) n += kGiven[rng.Below(30)];
  return n;
}

// A made-up resident ID number with a valid check character.
std::string IdNumber(Rng& rng, int birth_year) {
  char body[32];
  std::snprintf(body, sizeof body, "330102%04d%02d%02d%03d", birth_year, rng.Between(1, 12),
                rng.Between(1, 28), rng.Between(0, 999));
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

std::string Phone(Rng& rng) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "13%d%08d", rng.Between(0, 9), rng.Between(0, 99999999));
  return buf;
}

std::string Date(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Yuan(int64_t yuan) { return std::to_string(yuan) + ".00"; }

struct Builder {
  LedgerStore* store;
  Books* books;
  Vault* vault;
  const SigningKey& key;
  int year;
  Rng rng;
  DemoSummary summary;
  std::vector<std::string> members;        // donor ids of members (people)
  std::vector<std::string> organisations;  // donor ids of companies
  std::vector<std::string> students, disabled, patients, households;
  int refs = 0;
  std::optional<std::string> last_ref;  // of the last gift recorded

  std::string Ref(const char* prefix) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%d%06d", prefix, year, ++refs);
    return buf;
  }

  Status Funds() {
    const std::vector<FundSpec> funds = {
        {"STUDENT_AID", "助学金", "Student aid", true, "资助家庭经济困难的在校大学生", {"student"}},
        {"DISABILITY_AID",
         "助残金",
         "Disability aid",
         true,
         "残疾人生活补助与康复支持",
         {"disability"}},
        {"ILLNESS_RELIEF",
         "大病救助金",
         "Serious-illness relief",
         true,
         "大病患者及其家庭的医疗救助",
         {"serious_illness"}},
        {"WINTER_WARMTH",
         "冬季送温暖",
         "Winter warmth",
         true,
         "为困难家庭提供冬季衣物和被褥",
         {"household", "disability"}},
        {"GENERAL", "非限定性资金", "General fund", false, "", {}},
    };
    for (const auto& f : funds) AIDLEDGER_RETURN_IF_ERROR(books->OpenFund(f, kAdmin).status());
    return Status::Ok();
  }

  Status Donors() {
    for (const char* company : kCompanies) {
      DonorRecord d{"organisation", company, Phone(rng), "", "杭州市", true, company};
      auto id = vault->RegisterDonor(d, kTreasurer);
      AIDLEDGER_RETURN_IF_ERROR(id.status());
      organisations.push_back(*id);
    }
    for (int i = 0; i < 60; ++i) {
      const std::string name = Name(rng);
      const bool named = i % 2 == 0;  // half agreed to be named in public
      DonorRecord d{"person", name, Phone(rng), "", "", named, named ? name : ""};
      auto id = vault->RegisterDonor(d, kTreasurer);
      AIDLEDGER_RETURN_IF_ERROR(id.status());
      members.push_back(*id);
    }
    return Status::Ok();
  }

  Status Enrol(const std::string& category, int count, int birth_from, int birth_to,
               const std::string& consent_date, std::vector<std::string>* ids) {
    static const char* const kSchools[] = {"浙江大学", "浙江工业大学", "杭州师范大学",
                                           "浙江理工大学"};
    for (int i = 0; i < count; ++i) {
      RecipientRecord r;
      r.name = Name(rng);
      r.id_number = IdNumber(rng, rng.Between(birth_from, birth_to));
      if (category == "student") {
        r.school = kSchools[rng.Below(4)];
        r.grade = std::to_string(rng.Between(1, 4)) + "年级";
      }
      r.phone = Phone(rng);
      r.bank_account = "6222" + std::to_string(100000000000LL + rng.Between(0, 99999999));
      r.notes = category == "serious_illness" ? "住院治疗，家庭困难" : "";
      r.consent_by = "self";
      r.consent_date = consent_date;
      r.consent_form = "档案柜 A-" + std::to_string(ids->size() + 1);
      auto id = vault->EnrolRecipient(category, r, kCoordinatorA);
      if (!id.ok() && id.status().code() == ErrorCode::kAlreadyExists) {
        --i;  // a made-up ID number came up twice: draw another
        continue;
      }
      AIDLEDGER_RETURN_IF_ERROR(id.status());
      ids->push_back(*id);
    }
    summary.recipients += count;
    return Status::Ok();
  }

  Result<RecordedDonation> Gift(const std::string& fund, int64_t fen, const std::string& channel,
                                const std::string& date, const std::string& donor,
                                const std::string& memo) {
    DonationInput d;
    d.fund = fund;
    d.amount = FormatAmount(fen, "CNY");
    d.channel = channel;
    d.date = date;
    if (!donor.empty()) d.donor = donor;  // "" for an anonymous gift
    d.memo = memo;
    if (channel == "bank_transfer") d.external_ref = Ref("BK");
    if (channel == "wechat_pay") d.external_ref = Ref("4200");
    if (channel == "alipay") d.external_ref = Ref("2025");
    d.account = AccountFor(channel);
    last_ref = d.external_ref;
    auto r = books->RecordDonation(d, kTreasurer);
    if (r.ok()) ++summary.cash_donations;
    return r;
  }

  // Members' and the public's gifts through the month.
  Status SmallGifts(int month) {
    static const char* const kFunds[] = {"STUDENT_AID", "DISABILITY_AID", "ILLNESS_RELIEF",
                                         "WINTER_WARMTH", "GENERAL"};
    static const char* const kChannels[] = {"wechat_pay", "alipay", "bank_transfer", "cash"};
    const int member_gifts = rng.Between(13, 17);
    for (int i = 0; i < member_gifts; ++i) {
      const int64_t fen = int64_t{rng.Between(2, 20)} * 10000;  // 200 to 2,000 yuan
      AIDLEDGER_RETURN_IF_ERROR(Gift(kFunds[rng.Below(5)], fen, kChannels[rng.Below(3)],
                                     Date(year, month, rng.Between(1, 28)),
                                     members[static_cast<size_t>(rng.Below(60))], "会员捐款")
                                    .status());
    }
    const int public_gifts = rng.Between(10, 15);
    for (int i = 0; i < public_gifts; ++i) {
      const int64_t fen = int64_t{rng.Between(10, 500)} * 100 + (rng.Below(4) == 0 ? 66 : 0);
      AIDLEDGER_RETURN_IF_ERROR(Gift(kFunds[rng.Below(5)], fen, kChannels[rng.Below(4)],
                                     Date(year, month, rng.Between(1, 28)), "", "社会爱心捐款")
                                    .status());
    }
    return Status::Ok();
  }

  // A large gift from a company, with the partner foundation's bill and its
  // printed receipt.
  Status CompanyGift(int company, const std::string& fund, int64_t yuan, int month) {
    auto r = Gift(fund, yuan * 100, "bank_transfer", Date(year, month, 10),
                  organisations[static_cast<size_t>(company)], "企业定向捐赠");
    AIDLEDGER_RETURN_IF_ERROR(r.status());
    AIDLEDGER_RETURN_IF_ERROR(books
                                  ->RecordBillNumber(r->receipt, "浙公益" + r->receipt.substr(5),
                                                     "市慈善总会", kTreasurer)
                                  .status());
    return books->PrintReceipt(r->receipt, std::nullopt, kTreasurer).status();
  }

  // Proposes, approves and pays one grant (in one or two instalments).
  Result<std::string> Aid(const std::string& recipient, const std::string& fund, int64_t yuan,
                          const std::string& purpose, const std::string& term, int month,
                          bool two_instalments, int proposer) {
    const Actor& by = proposer % 2 == 0 ? kCoordinatorA : kCoordinatorB;
    const Actor& checker = proposer % 2 == 0 ? kCoordinatorB : kCoordinatorA;
    auto grant =
        books->ProposeGrant(GrantProposal{recipient, fund, Yuan(yuan), "CNY", purpose, term}, by);
    if (!grant.ok()) return grant.status();
    AIDLEDGER_RETURN_IF_ERROR(books->DecideGrant(*grant, true, "符合条件，同意", checker).status());
    const int64_t first = two_instalments ? yuan / 2 : yuan;
    AIDLEDGER_RETURN_IF_ERROR(books
                                  ->PayGrant(PaymentInput{*grant,
                                                          Yuan(first),
                                                          Date(year, month, 15),
                                                          "bank_transfer",
                                                          Ref("PAY"),
                                                          {},
                                                          kBank},
                                             kTreasurer)
                                  .status());
    if (two_instalments) {
      AIDLEDGER_RETURN_IF_ERROR(books
                                    ->PayGrant(PaymentInput{*grant,
                                                            Yuan(yuan - first),
                                                            Date(year, month, 25),
                                                            "bank_transfer",
                                                            Ref("PAY"),
                                                            {},
                                                            kBank},
                                               kTreasurer)
                                    .status());
    }
    summary.aid_cash_minor += yuan * 100;
    return grant;
  }

  Status Stipends(int month, const std::string& term) {
    for (size_t i = 0; i < students.size(); ++i) {
      auto g = Aid(students[i], "STUDENT_AID", 2500, "贫困大学生助学金", term, month, i % 5 == 0,
                   static_cast<int>(i));
      AIDLEDGER_RETURN_IF_ERROR(g.status());
    }
    return Status::Ok();
  }

  // A gift of goods to the winter drive, received in November.
  // `donor` "" for an anonymous gift.
  Status GoodsGift(const std::string& donor, int day, GoodsItem item,
                   const std::string& received_by, const std::string& checked_by,
                   const std::string& memo) {
    GoodsDonationInput g;
    g.fund = "WINTER_WARMTH";
    g.date = Date(year, 11, day);
    if (!donor.empty()) g.donor = donor;
    g.items = {std::move(item)};
    g.received_by = received_by;
    g.checked_by = checked_by;
    g.memo = memo;
    return books->RecordGoodsDonation(g, kTreasurer).status();
  }

  // Proposed by the treasurer, confirmed by the second treasurer.
  Result<AppendedEntry> ReverseTwoPeople(int64_t seq, const std::string& reason,
                                         const std::string& date) {
    auto proposal = books->ProposeReversal(seq, reason, kTreasurer);
    if (!proposal.ok()) return proposal.status();
    return books->ConfirmReversal(proposal->seq, date, kTreasurerB);
  }

  // The team's two accounts besides the cash box: its basic bank account
  // and its WeChat Pay merchant account. Alipay gifts stay in the default
  // ALIPAY account.
  static constexpr const char* kBank = "ICBC_BASIC";
  static constexpr const char* kWeChat = "WECHAT_MERCHANT";
  static std::string AccountFor(const std::string& channel) {
    if (channel == "bank_transfer") return kBank;
    if (channel == "wechat_pay") return kWeChat;
    return "";
  }

  Status OpenAccounts() {
    AIDLEDGER_RETURN_IF_ERROR(
        books
            ->OpenAccount({kBank, "工商银行基本户", "bank", "中国工商银行", "6222 0216 0200 4567"},
                          kTreasurer)
            .status());
    return books
        ->OpenAccount({kWeChat, "微信支付商户号", "platform", "微信支付", "1600 0123 45"},
                      kTreasurer)
        .status();
  }

  // At a month's end WeChat Pay settles the month's takings to the bank,
  // and the treasurer banks the cash box.
  Status Settle(int month) {
    auto state = books->Snapshot();
    AIDLEDGER_RETURN_IF_ERROR(state.status());
    const std::string last_day = BooksState::PeriodEnd(Date(year, month, 1).substr(0, 7));
    for (const auto& [from, memo] :
         {std::pair<std::string, std::string>{kWeChat, "微信支付商户号结算"},
          std::pair<std::string, std::string>{"CASH", "现金存入银行"}}) {
      const auto& held = state->accounts().at(from).cash;
      auto it = held.find("CNY");
      if (it == held.end() || it->second <= 0) continue;
      AIDLEDGER_RETURN_IF_ERROR(
          books
              ->MoveBetweenAccounts(
                  {from, kBank, FormatAmount(it->second, "CNY"), "CNY", last_day,
                   from == "CASH" ? std::nullopt : std::optional<std::string>(Ref("SETTLE")), memo},
                  kTreasurer)
              .status());
    }
    return Status::Ok();
  }

  Status CloseMonth(int month) {
    char period[32];
    std::snprintf(period, sizeof period, "%04d-%02d", year, month);
    // Closed by the treasurer once the month has ended (the first of the
    // next), confirmed by the second treasurer.
    const std::string next_month = month == 12 ? Date(year + 1, 1, 1) : Date(year, month + 1, 1);
    auto proposal = books->ProposeClose(period, next_month, kTreasurer);
    AIDLEDGER_RETURN_IF_ERROR(proposal.status());
    AIDLEDGER_RETURN_IF_ERROR(books->ConfirmClose(proposal->seq, kTreasurerB).status());
    return store->MakeCheckpoint(key).status();
  }

  // A cost proposed by `proposer` and recorded by the other treasurer.
  Status Cost(const std::string& category, const std::string& fund, const std::string& amount,
              const std::string& payee, const std::string& voucher, const std::string& purpose,
              const std::string& date, const Actor& proposer,
              const std::string& channel = "bank_transfer") {
    const std::string ref = (channel == "wechat_pay" ? "WX-" : "BK-") + voucher;
    CostInput c{
        category,           fund, amount, "CNY", payee, voucher, purpose, date, channel, ref,
        AccountFor(channel)};
    auto proposed = books->ProposeCost(c, proposer);
    AIDLEDGER_RETURN_IF_ERROR(proposed.status());
    return books->ConfirmCost(proposed->seq, {c.external_ref, ""}, kTreasurerB).status();
  }

  // Income other than gifts, by bank transfer.
  Status Income(const std::string& category, const std::string& fund, const std::string& amount,
                const std::string& payer, std::optional<std::string> document,
                const std::string& date, const std::string& ref, const std::string& memo) {
    return books
        ->RecordIncome(IncomeInput{category, fund, amount, "CNY", payer, std::move(document), date,
                                   "bank_transfer", ref, memo, kBank},
                       kTreasurer)
        .status();
  }

  // What a team spends beyond aid, and receives beyond gifts: the bank's
  // quarterly interest and fees, the payment platform's fees, volunteers'
  // insurance, a small government grant, transport and printing.
  Status CostsAndIncome(int m) {
    const std::string q = std::to_string((m + 2) / 3);
    if (m % 3 == 0) {
      AIDLEDGER_RETURN_IF_ERROR(Income("investment_income", "GENERAL",
                                       m == 3 ? "35.12" : (m == 6 ? "41.08" : "38.77"), "开户银行",
                                       std::nullopt, Date(year, m, 21), "INT-" + q,
                                       "活期存款结息（第" + q + "季度）"));
      AIDLEDGER_RETURN_IF_ERROR(Cost("admin", "GENERAL", "45.00", "开户银行", "FEE-" + q,
                                     "银行账户管理费及转账手续费（第" + q + "季度）",
                                     Date(year, m, 21), kTreasurer));
      AIDLEDGER_RETURN_IF_ERROR(Cost("fundraising", "GENERAL", m == 12 ? "96.30" : "88.60",
                                     "财付通支付科技有限公司", "WXFEE-" + q,
                                     "微信支付收款手续费（第" + q + "季度）", Date(year, m, 25),
                                     kTreasurer, "wechat_pay"));
    }
    switch (m) {
      case 1:
        return Cost("admin", "GENERAL", "2400.00", "中国人寿保险股份有限公司", "INS-2025-001",
                    "志愿者团体意外伤害保险（全年）", Date(year, 1, 15), kTreasurer);
      case 4:
        return Income("government_grant", "STUDENT_AID", "20000.00", "市民政局",
                      std::string("民发〔2025〕18号"), Date(year, 4, 16), "GOV-2025-018",
                      "困难大学生资助项目补助");
      case 10:
        return Cost("program", "WINTER_WARMTH", "9600.00", "顺达物流有限公司", "INV-2025-1031",
                    "冬季送温暖物资运输", Date(year, 10, 31), kCoordinatorA);
      case 12:
        AIDLEDGER_RETURN_IF_ERROR(Cost("program", "WINTER_WARMTH", "380.00", "光明印刷厂",
                                       "INV-2025-1202", "冬季送温暖发放登记表印制",
                                       Date(year, 12, 2), kCoordinatorB));
        return Cost("admin", "GENERAL", "1280.00", "光明印刷厂", "INV-2025-1215",
                    "年度工作报告及收据印制", Date(year, 12, 15), kTreasurer);
      default:
        return Status::Ok();
    }
  }

  Status Month(int m) {
    AIDLEDGER_RETURN_IF_ERROR(SmallGifts(m));
    AIDLEDGER_RETURN_IF_ERROR(CostsAndIncome(m));
    switch (m) {
      case 1:
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(0, "STUDENT_AID", 100000, m));
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(1, "STUDENT_AID", 100000, m));
        break;
      case 2: {
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(2, "DISABILITY_AID", 80000, m));
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(3, "ILLNESS_RELIEF", 60000, m));
        AIDLEDGER_RETURN_IF_ERROR(Enrol("student", 70, 2002, 2006, Date(year, 2, 20), &students));
        // Recorded twice by mistake: reversed, and its receipt voided.
        auto twice = Gift("GENERAL", 30000, "cash", Date(year, 2, 26), members[3], "会员捐款");
        AIDLEDGER_RETURN_IF_ERROR(twice.status());
        AIDLEDGER_RETURN_IF_ERROR(
            ReverseTwoPeople(twice->entry.seq, "同一笔现金捐款重复登记", Date(year, 2, 27))
                .status());
        AIDLEDGER_RETURN_IF_ERROR(
            books->VoidReceipt(twice->receipt, "重复登记，作废", kTreasurer).status());
        ++summary.reversals;
        break;
      }
      case 3: {
        AIDLEDGER_RETURN_IF_ERROR(Stipends(3, std::to_string(year) + "年春季学期"));
        AIDLEDGER_RETURN_IF_ERROR(Enrol("disability", 40, 1950, 1995, Date(year, 3, 5), &disabled));
        AIDLEDGER_RETURN_IF_ERROR(
            Enrol("serious_illness", 20, 1945, 2000, Date(year, 3, 5), &patients));
        // One stipend came back from the bank (a closed account): reversed,
        // then paid again to the corrected account.
        auto state = books->Snapshot();
        AIDLEDGER_RETURN_IF_ERROR(state.status());
        const std::string grant = "G-000007";
        const FactRow* paid = nullptr;
        int64_t paid_seq = state->size();
        for (; paid_seq > 0; --paid_seq) {
          paid = state->ReversibleFact(paid_seq);
          if (paid != nullptr && state->ExtrasOf(paid_seq).grant == grant) break;
        }
        if (paid_seq == 0) return Corrupt("the demo's stipend payment is missing");
        AIDLEDGER_RETURN_IF_ERROR(
            ReverseTwoPeople(paid_seq, "银行退回：收款账户已销户", Date(year, 3, 27)).status());
        AIDLEDGER_RETURN_IF_ERROR(books
                                      ->PayGrant(PaymentInput{grant,
                                                              FormatAmount(-paid->minor, "CNY"),
                                                              Date(year, 3, 28),
                                                              "bank_transfer",
                                                              Ref("PAY"),
                                                              {},
                                                              kBank},
                                                 kTreasurer)
                                      .status());
        ++summary.reversals;
        for (size_t i = 0; i < disabled.size(); ++i) {
          AIDLEDGER_RETURN_IF_ERROR(Aid(disabled[i], "DISABILITY_AID", 1500, "残疾人生活补助",
                                        std::to_string(year) + "年上半年", 3, false,
                                        static_cast<int>(i))
                                        .status());
        }
        break;
      }
      case 4:
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(4, "ILLNESS_RELIEF", 100000, m));
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(5, "DISABILITY_AID", 50000, m));
        break;
      case 7:
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(6, "STUDENT_AID", 120000, m));
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(7, "ILLNESS_RELIEF", 100000, m));
        break;
      case 8: {
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(8, "STUDENT_AID", 60000, m));
        // Recorded to the wrong fund: reversed, voided, recorded again.
        auto wrong = Gift("GENERAL", 2000000, "bank_transfer", Date(year, 8, 12), organisations[9],
                          "企业捐赠（助学）");
        AIDLEDGER_RETURN_IF_ERROR(wrong.status());
        const std::optional<std::string> bank_ref = last_ref;
        AIDLEDGER_RETURN_IF_ERROR(
            ReverseTwoPeople(wrong->entry.seq, "记错基金：应入助学金", Date(year, 8, 13)).status());
        AIDLEDGER_RETURN_IF_ERROR(
            books->VoidReceipt(wrong->receipt, "记错基金，已重开收据", kTreasurer).status());
        DonationInput right;
        right.fund = "STUDENT_AID";
        right.amount = "20000.00";
        right.channel = "bank_transfer";
        right.date = Date(year, 8, 12);
        right.external_ref = bank_ref;
        right.donor = organisations[9];
        right.memo = "企业捐赠（助学），更正 " + wrong->receipt;
        right.separate_gift = true;  // the same bank reference, recorded once more on purpose
        right.account = kBank;
        auto again = books->RecordDonation(right, kTreasurer);
        AIDLEDGER_RETURN_IF_ERROR(again.status());
        ++summary.cash_donations;
        ++summary.reversals;
        break;
      }
      case 9: {
        AIDLEDGER_RETURN_IF_ERROR(Stipends(9, std::to_string(year) + "年秋季学期"));
        for (size_t i = 0; i < disabled.size(); ++i) {
          AIDLEDGER_RETURN_IF_ERROR(Aid(disabled[i], "DISABILITY_AID", 1500, "残疾人生活补助",
                                        std::to_string(year) + "年下半年", 9, false,
                                        static_cast<int>(i))
                                        .status());
        }
        break;
      }
      case 10:
        AIDLEDGER_RETURN_IF_ERROR(CompanyGift(10, "GENERAL", 30000, m));
        AIDLEDGER_RETURN_IF_ERROR(
            books
                ->Transfer(
                    TransferInput{"GENERAL", "WINTER_WARMTH", "10000.00", "CNY", Date(year, 10, 20),
                                  "理事会决定：补充冬季送温暖物资运输费用", std::nullopt},
                    kTreasurer)
                .status());
        break;
      case 11: {
        AIDLEDGER_RETURN_IF_ERROR(
            Enrol("household", 200, 1950, 1990, Date(year, 11, 10), &households));
        // Coats valued from the company's invoice, quilts at fair value, rice
        // that cannot be valued (counted, not booked as income).
        AIDLEDGER_RETURN_IF_ERROR(GoodsGift(organisations[10], 18,
                                            {"羽绒服", 1000, "件", "invoice", "120000.00"},
                                            "c-wang", "t-zhang", "按捐赠方发票计价"));
        AIDLEDGER_RETURN_IF_ERROR(GoodsGift(organisations[11], 20,
                                            {"棉被", 600, "床", "fair_value", "36000.00"}, "c-chen",
                                            "t-zhang", "无发票，按市场价评估"));
        AIDLEDGER_RETURN_IF_ERROR(GoodsGift("", 22, {"大米", 300, "袋", "unvalued", "0"}, "c-wang",
                                            "c-chen", "社会捐赠，无法可靠计价，仅登记数量"));
        summary.goods_donations += 3;
        break;
      }
      case 12: {
        for (size_t i = 0; i < households.size(); ++i) {
          HandOutInput h;
          h.fund = "WINTER_WARMTH";
          // The first hand-out went to the wrong household: reversed, then
          // given to the right one.
          h.recipient = i == 0 ? households[1] : households[i];
          h.date = Date(year, 12, 5 + static_cast<int>(i % 20));
          h.items = {{"羽绒服", 5, "件", "", ""},
                     {"棉被", 3, "床", "", ""},
                     {"大米", i < 100 ? 2 : 1, "袋", "", ""}};
          h.memo = "冬季送温暖";
          auto out = books->HandOutGoods(h, kCoordinatorA);
          AIDLEDGER_RETURN_IF_ERROR(out.status());
          if (i == 0) {
            AIDLEDGER_RETURN_IF_ERROR(
                ReverseTwoPeople(out->seq, "登记错了受助家庭", Date(year, 12, 5)).status());
            h.recipient = households[0];
            AIDLEDGER_RETURN_IF_ERROR(books->HandOutGoods(h, kCoordinatorA).status());
            ++summary.reversals;
          }
        }
        summary.aid_goods_minor = 200 * (5 * 12000 + 3 * 6000);
        break;
      }
      default:
        break;
    }
    // Serious-illness relief: two patients a month from March.
    if (m >= 3) {
      for (int k = 0; k < 2; ++k) {
        const size_t i = static_cast<size_t>(m - 3) * 2 + static_cast<size_t>(k);
        if (i >= patients.size()) break;
        AIDLEDGER_RETURN_IF_ERROR(Aid(patients[i], "ILLNESS_RELIEF", i % 2 == 0 ? 15000 : 10000,
                                      "大病医疗救助", std::to_string(year), m, false,
                                      static_cast<int>(i))
                                      .status());
      }
    }
    AIDLEDGER_RETURN_IF_ERROR(Service(m));
    AIDLEDGER_RETURN_IF_ERROR(Settle(m));
    return CloseMonth(m);
  }

  // The volunteers' own time, each month (donated services: disclosed, not
  // income): home visits in the school terms and the winter, company for
  // disabled people the rest of the year. May's was first entered for the
  // wrong day and withdrawn.
  Status Service(int m) {
    const bool winter = m <= 2 || m >= 11;
    const bool school = m == 3 || m == 9;
    const std::string activity = winter   ? "冬季送温暖入户走访"
                                 : school ? "助学家访"
                                          : "助残陪伴与康复协助";
    const int64_t volunteers = winter ? 18 : 8 + m;
    const int64_t minutes = volunteers * (winter ? 240 : 150);
    if (m == 5) {
      auto wrong =
          books->RecordService({activity, Date(year, m, 11), volunteers, minutes}, kCoordinatorA);
      AIDLEDGER_RETURN_IF_ERROR(wrong.status());
      AIDLEDGER_RETURN_IF_ERROR(
          books->WithdrawService(wrong->seq, "日期登记错误，重新登记", kCoordinatorA).status());
    }
    return books->RecordService({activity, Date(year, m, 18), volunteers, minutes}, kCoordinatorA)
        .status();
  }
};

}  // namespace

Result<DemoSummary> BuildDemoYear(LedgerStore* store, Books* books, Vault* vault,
                                  const SigningKey& key, const DemoOptions& options) {
  auto head = store->GetHead();
  if (!head.ok()) return head.status();
  if (head->size != 1) {
    return Status(ErrorCode::kFailedPrecondition,
                  "the demo year goes into a new ledger (this one has entries)");
  }
  Builder b{store, books, vault, key, options.year, Rng(options.seed), {}, {}, {}, {},
            {},    {},    {},    0,   std::nullopt};
  AIDLEDGER_RETURN_IF_ERROR(b.Funds());
  AIDLEDGER_RETURN_IF_ERROR(b.OpenAccounts());
  AIDLEDGER_RETURN_IF_ERROR(b.Donors());
  for (int m = 1; m <= 12; ++m) AIDLEDGER_RETURN_IF_ERROR(b.Month(m));
  b.summary.students_funded = static_cast<int>(b.students.size());
  auto end = store->GetHead();
  if (!end.ok()) return end.status();
  b.summary.entries = end->size;
  return b.summary;
}

}  // namespace aidledger
