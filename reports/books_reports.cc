#include "reports/books_reports.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <memory>
#include <set>
#include <tuple>

#include "reports/report_parts.h"

namespace aidledger::reports {

namespace {

using Type = Column::Type;

std::string MonthText(int32_t d) { return DateText(d).substr(0, 7); }

std::string SubjectId(char prefix, uint32_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%c-%06u", prefix, n);
  return buf;
}

Result<int32_t> ParseDate(const std::string& text, const std::string& field) {
  int y = 0, m = 0, d = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::all_of(text.begin(), text.end(),
                                  [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  if (shaped) {
    std::from_chars(text.data(), text.data() + 4, y);
    std::from_chars(text.data() + 5, text.data() + 7, m);
    std::from_chars(text.data() + 8, text.data() + 10, d);
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (!shaped || y < 1900 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] ||
      (m == 2 && d == 29 && !leap)) {
    return InvalidArgument("a date YYYY-MM-DD", field);
  }
  return y * 10000 + m * 100 + d;
}

const std::string& FundCode(const BooksState& s, uint32_t index) { return s.fact_funds()[index]; }

std::string RestrictionLabel(const Fund* f) {
  return f != nullptr && f->restricted ? "限定性 restricted" : "非限定性 unrestricted";
}

std::string ChannelLabel(const FactRow& f) {
  if (f.of_kind == FactKind::kGoodsDonation) return "in_kind";
  return std::string(ChannelName(f.channel));
}

bool IsGift(FactKind k) { return k == FactKind::kDonation || k == FactKind::kGoodsDonation; }

// Category (recipients) or type (donors) by number, from the state's
// subjects: "R-000012" -> [12].
std::vector<std::string> ByNumber(const std::map<std::string, Subject>& subjects) {
  std::vector<std::string> out;
  for (const auto& [id, subject] : subjects) {
    uint32_t n = 0;
    std::from_chars(id.data() + 2, id.data() + id.size(), n);
    if (out.size() <= n) out.resize(n + 1);
    out[n] = subject.category;
  }
  return out;
}

const std::string& At(const std::vector<std::string>& v, uint32_t n) {
  static const std::string kNone;
  return n < v.size() ? v[n] : kNone;
}

// A fund statement's table: one row per fund and currency, then per currency
// the restricted, unrestricted and overall totals.
class FundRows {
 public:
  FundRows(Table* table, Adder* add) : table_(table), add_(add) {}
  void Add(const std::string& code, const Fund* fund, const std::string& currency,
           const std::vector<int64_t>& figures) {
    std::vector<Cell> row = {code, fund != nullptr ? fund->name_zh : "", RestrictionLabel(fund),
                             currency};
    row.insert(row.end(), figures.begin(), figures.end());
    table_->rows.push_back(std::move(row));
    auto& totals = totals_[currency];
    for (size_t which : {fund != nullptr && fund->restricted ? size_t{0} : size_t{1}, size_t{2}}) {
      totals[which].resize(figures.size());
      for (size_t i = 0; i < figures.size(); ++i) add_->Add(totals[which][i], figures[i]);
    }
  }
  void AddTotals() {
    static const std::array<std::string, 3> kNames = {
        "限定性合计 Restricted total", "非限定性合计 Unrestricted total", "合计 Total"};
    for (const auto& [currency, totals] : totals_) {
      for (size_t which = 0; which < 3; ++which) {
        if (totals[which].empty()) continue;
        std::vector<Cell> row = {std::string(""), kNames[which], std::string(""), currency};
        row.insert(row.end(), totals[which].begin(), totals[which].end());
        table_->rows.push_back(std::move(row));
        ++table_->total_rows;
      }
    }
  }

 private:
  Table* table_;
  Adder* add_;
  std::map<std::string, std::array<std::vector<int64_t>, 3>> totals_;
};

}  // namespace

Result<Period> ParsePeriod(const std::string& from, const std::string& to) {
  auto f = ParseDate(from, "from");
  if (!f.ok()) return f.status();
  auto t = ParseDate(to, "to");
  if (!t.ok()) return t.status();
  if (*f > *t) return InvalidArgument("the period ends before it begins", "to");
  return Period{*f, *t, from, to};
}

Result<Period> YearPeriod(const std::string& year) {
  if (year.size() != 4 ||
      !std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return InvalidArgument("a year YYYY", "year");
  }
  return ParsePeriod(year + "-01-01", year + "-12-31");
}

// --- fund statement ---------------------------------------------------------

Result<Report> FundStatement(const BooksState& s, const Period& period) {
  struct CashLine {
    int64_t opening = 0;
    std::array<int64_t, std::size(kPaymentChannels)> in{};
    int64_t income = 0, transfers_in = 0, transfers_out = 0, releases = 0, aid = 0, costs = 0,
            reversals = 0;
  };
  struct GoodsLine {
    int64_t opening = 0, received = 0, unvalued_in = 0, out = 0, unvalued_out = 0, reversals = 0;
  };
  // Indexes while scanning (a million facts), codes when printing.
  using Index = std::pair<uint32_t, uint16_t>;  // fund, currency
  std::map<Index, CashLine> cash_by_index;
  std::map<Index, GoodsLine> goods_by_index;
  Adder add;
  for (const FactRow& f : s.fact_rows()) {
    const Falls falls = FallsIn(f, period.from, period.to);
    if (falls == Falls::kAfter) continue;
    const bool before = falls == Falls::kBefore;
    const auto side = [&](uint32_t fund, int64_t minor, bool counter) {
      const Index key{fund, f.currency};
      if (f.goods) {
        GoodsLine& g = goods_by_index[key];
        if (before) return add.Add(g.opening, minor);
        switch (f.kind) {
          case FactKind::kGoodsDonation:
            add.Add(g.received, minor);
            return add.Add(g.unvalued_in, f.unvalued);
          case FactKind::kGoodsHandedOut:
            add.Add(g.out, -minor);
            return add.Add(g.unvalued_out, -f.unvalued);
          default:
            return add.Add(g.reversals, minor);
        }
      }
      CashLine& c = cash_by_index[key];
      if (before) return add.Add(c.opening, minor);
      switch (f.kind) {
        case FactKind::kDonation:
          return add.Add(c.in[std::min<size_t>(f.channel, c.in.size() - 1)], minor);
        case FactKind::kTransfer:
          if (counter) return add.Add(c.transfers_in, minor);
          add.Add(c.transfers_out, -minor);
          if (f.release) add.Add(c.releases, -minor);
          return;
        case FactKind::kAidPaid:
          return add.Add(c.aid, -minor);
        case FactKind::kCost:
          return add.Add(c.costs, -minor);
        case FactKind::kIncome:
          return add.Add(c.income, minor);
        default:
          return add.Add(c.reversals, minor);
      }
    };
    side(f.fund, f.minor, false);
    if (f.counter_fund != kNoFund) side(f.counter_fund, -f.minor, true);
  }
  using Key = std::pair<std::string, std::string>;  // fund, currency
  std::map<Key, CashLine> cash;
  std::map<Key, GoodsLine> goods;
  for (const auto& [i, line] : cash_by_index) {
    cash[{FundCode(s, i.first), s.fact_currencies()[i.second]}] = line;
  }
  for (const auto& [i, line] : goods_by_index) {
    goods[{FundCode(s, i.first), s.fact_currencies()[i.second]}] = line;
  }
  for (const auto& [code, fund] : s.funds()) {
    bool any = false;
    for (const auto& [key, line] : cash) any = any || key.first == code;
    if (!any) cash[{code, "CNY"}];
  }

  Report r = NewReport("fund-statement", "基金收支报表", "Fund statement", period);
  r.signatures = true;
  Table t{
      "cash",
      "资金",
      "Money",
      {Text("fund", "基金", "Fund"), Text("name", "名称", "Name"),
       Text("restriction", "性质", "Restriction"), Text("currency", "币种", "Currency"),
       Money("opening", "期初余额", "Opening balance"),
       Money("in_cash", "现金捐赠", "Gifts in cash"),
       Money("in_bank_transfer", "银行转账捐赠", "Gifts by bank transfer"),
       Money("in_wechat_pay", "微信支付捐赠", "Gifts by WeChat Pay"),
       Money("in_alipay", "支付宝捐赠", "Gifts by Alipay"),
       Money("in_other", "其他方式捐赠", "Gifts by other means"),
       Money("other_income", "其他收入", "Other income"),
       Money("transfers_in", "转入", "Transfers in"),
       Money("transfers_out", "转出", "Transfers out"),
       Money("releases", "其中解除限定", "Of which releases"),
       Money("aid_paid", "支付救助", "Aid paid"), Money("costs", "费用支出", "Costs"),
       Money("reversals", "冲销", "Reversals"), Money("closing", "期末余额", "Closing balance")},
      {},
      0,
      nullptr,
      0};
  // Totals per currency: restricted, unrestricted, all.
  FundRows cash_rows(&t, &add);
  for (const auto& [key, c] : cash) {
    const int64_t closing =
        add.Sum({c.opening, c.in[0], c.in[1], c.in[2], c.in[3], c.in[4], c.income, c.transfers_in,
                 -c.transfers_out, -c.aid, -c.costs, c.reversals});
    cash_rows.Add(key.first, FundOf(s, key.first), key.second,
                  {c.opening, c.in[0], c.in[1], c.in[2], c.in[3], c.in[4], c.income, c.transfers_in,
                   c.transfers_out, c.releases, c.aid, c.costs, c.reversals, closing});
  }
  cash_rows.AddTotals();
  r.tables.push_back(std::move(t));

  Table g{"goods",
          "物资",
          "Goods",
          {Text("fund", "基金", "Fund"), Text("name", "名称", "Name"),
           Text("restriction", "性质", "Restriction"), Text("currency", "币种", "Currency"),
           Money("opening", "期初价值", "Opening value"),
           Money("received", "受赠物资价值", "Goods received (valued)"),
           Count("unvalued_received", "未计价受赠件数", "Units received without a value"),
           Money("handed_out", "发放物资价值", "Goods handed out"),
           Count("unvalued_handed_out", "未计价发放件数", "Units handed out without a value"),
           Money("reversals", "冲销", "Reversals"), Money("closing", "期末价值", "Closing value")},
          {},
          0,
          nullptr,
          0};
  FundRows goods_rows(&g, &add);
  for (const auto& [key, line] : goods) {
    const int64_t closing = add.Sum({line.opening, line.received, -line.out, line.reversals});
    goods_rows.Add(key.first, FundOf(s, key.first), key.second,
                   {line.opening, line.received, line.unvalued_in, line.out, line.unvalued_out,
                    line.reversals, closing});
  }
  goods_rows.AddTotals();
  r.tables.push_back(std::move(g));
  r.notes.push_back(
      "期末 = 期初 + 捐赠 + 其他收入 + 转入 - 转出 - 支付救助 - 费用支出 + 冲销 · Closing = "
      "opening + gifts + other income + transfers in - transfers out - aid paid - costs + "
      "reversals");
  r.notes.push_back(
      "未计价物资只计件数，不计入收入 · Goods without a value are counted, not booked as income");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

// --- donations --------------------------------------------------------------

Result<Report> DonationSummary(const BooksState& s, const Period& period) {
  const std::vector<std::string> donor_type = ByNumber(s.donors());
  struct Line {
    int64_t gifts = 0, amount = 0, reversed = 0;
  };
  // Scanned by month, fund, channel (in kind: 255), donor type (0:
  // anonymous) and currency as numbers; labelled when printed.
  std::vector<std::string> types = {"anonymous"};
  std::vector<uint32_t> type_of(donor_type.size(), 0);  // donor number -> index in types
  for (size_t n = 0; n < donor_type.size(); ++n) {
    auto it = std::find(types.begin(), types.end(), donor_type[n]);
    if (it == types.end()) it = types.insert(types.end(), donor_type[n]);
    type_of[n] = static_cast<uint32_t>(it - types.begin());
  }
  using Index = std::tuple<int32_t, uint32_t, int, uint32_t, uint16_t>;
  std::map<Index, Line> by_index;
  Adder add;
  for (const FactRow& f : s.fact_rows()) {
    if (f.date < period.from || f.date > period.to || !IsGift(f.of_kind)) continue;
    const uint32_t type = f.party == 0 || f.party >= type_of.size() ? 0 : type_of[f.party];
    const int channel = f.of_kind == FactKind::kGoodsDonation ? 255 : f.channel;
    Line& line = by_index[{f.date / 100, f.fund, channel, type, f.currency}];
    if (f.kind == FactKind::kReversal) {
      add.Add(line.reversed, -f.minor);
    } else {
      ++line.gifts;
      add.Add(line.amount, f.minor);
    }
  }
  // month, fund, channel, donor type, currency
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, Line> lines;
  for (const auto& [i, line] : by_index) {
    const auto& [month, fund, channel, type, currency] = i;
    const std::string label =
        channel == 255 ? "in_kind" : std::string(ChannelName(static_cast<uint8_t>(channel)));
    lines[{MonthText(month * 100 + 1), FundCode(s, fund), label, types[type],
           s.fact_currencies()[currency]}] = line;
  }
  Report r = NewReport("donation-summary", "捐赠汇总", "Donation summary", period);
  Table t{"by_month",
          "按月、基金、方式、捐赠人类型",
          "By month, fund, channel and donor type",
          {Text("month", "月份", "Month"), Text("fund", "基金", "Fund"),
           Text("channel", "方式", "Channel"), Text("donor_type", "捐赠人类型", "Donor type"),
           Text("currency", "币种", "Currency"), Count("gifts", "笔数", "Gifts"),
           Money("amount", "金额", "Amount"), Money("reversed", "冲销", "Reversed"),
           Money("net", "净额", "Net")},
          {},
          0,
          nullptr,
          0};
  std::map<std::string, Line> totals;
  for (const auto& [key, line] : lines) {
    const auto& [month, fund, channel, type, currency] = key;
    t.rows.push_back({month, fund, channel, type, currency, line.gifts, line.amount, line.reversed,
                      add.Sum({line.amount, -line.reversed})});
    Line& total = totals[currency];
    add.Add(total.gifts, line.gifts);
    add.Add(total.amount, line.amount);
    add.Add(total.reversed, line.reversed);
  }
  for (const auto& [currency, line] : totals) {
    t.rows.push_back({std::string(""), std::string("合计 Total"), std::string(""), std::string(""),
                      currency, line.gifts, line.amount, line.reversed,
                      add.Sum({line.amount, -line.reversed})});
    ++t.total_rows;
  }
  r.tables.push_back(std::move(t));
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

namespace {

// What a gift's status reads as of the report's first `size` entries: the
// gifts reversed by then (few: corrections are rare), and `size` itself for
// the receipts voided by then.
struct GiftCorrections {
  int64_t size = 0;
  std::set<int64_t> reversed;
};
GiftCorrections CorrectionsThrough(const BooksState& s, int64_t size) {
  GiftCorrections out{size, {}};
  for (const Correction& c : s.corrections()) {
    if (c.seq <= size && c.kind == kinds::kEntryReversed) out.reversed.insert(std::stoll(c.target));
  }
  return out;
}

std::string ReceiptOf(const BooksState& s, int64_t seq) {
  const std::string* number = s.ReceiptNumberOf(seq);
  return number == nullptr ? "" : *number;
}

std::string GiftStatus(const BooksState& s, const GiftCorrections& c, int64_t seq) {
  std::string out;
  if (const std::string* number = s.ReceiptNumberOf(seq)) {
    auto receipt = s.receipts().find(*number);
    if (receipt != s.receipts().end() && receipt->second.voided &&
        receipt->second.voided_by <= c.size) {
      out = "作废 voided";
    }
  }
  if (c.reversed.count(seq) != 0) out += out.empty() ? "已冲销 reversed" : "; 已冲销 reversed";
  return out;
}

bool InRegister(const FactRow& f, const Period& period) {
  return f.date >= period.from && f.date <= period.to && IsGift(f.kind);
}

Row RegisterRow(const BooksState& s, const GiftCorrections& c, const FactRow& f) {
  return {DateText(f.date),
          ReceiptOf(s, f.seq),
          std::to_string(f.seq),
          FundCode(s, f.fund),
          ChannelLabel(f),
          f.party == 0 ? std::string("匿名 anonymous") : SubjectId('D', f.party),
          s.fact_currencies()[f.currency],
          f.minor,
          GiftStatus(s, c, f.seq)};
}

// Makes the register's rows from the books as they are written, as of the
// entries `c` covers.
RowSource RegisterSource(ReadBooks read, Period period, std::shared_ptr<const GiftCorrections> c) {
  return [read = std::move(read), period = std::move(period),
          c = std::move(c)](const RowSink& sink) -> Status {
    std::vector<Row> chunk;
    return ScanFacts(
        read, c->size,
        [&](const BooksState& s, const FactRow& f) {
          if (InRegister(f, period)) chunk.push_back(RegisterRow(s, *c, f));
        },
        [&] {
          for (const Row& row : chunk) sink(row);
          chunk.clear();
        });
  };
}

}  // namespace

Result<Report> DonationRegister(const BooksState& s, const Period& period, const ReadBooks* later) {
  Report r = NewReport("donation-register", "捐赠登记簿", "Donation register", period);
  Table t{"gifts",
          "捐赠",
          "Gifts",
          {Text("date", "日期", "Date"), Text("receipt", "收据号", "Receipt"),
           Text("seq", "记录号", "Entry"), Text("fund", "基金", "Fund"),
           Text("channel", "方式", "Channel"), Text("donor", "捐赠人", "Donor"),
           Text("currency", "币种", "Currency"), Money("amount", "金额", "Amount"),
           Text("status", "状态", "Status")},
          {},
          0,
          nullptr,
          0};
  // The totals first, without making a row: the rows are made when they
  // are written.
  Adder add;
  std::map<std::string, std::pair<int64_t, int64_t>> totals;  // currency -> gifts, amount
  for (const FactRow& f : s.fact_rows()) {
    if (!InRegister(f, period)) continue;
    auto& total = totals[s.fact_currencies()[f.currency]];
    ++total.first;
    add.Add(total.second, f.minor);
    ++t.source_rows;
  }
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  for (const auto& [currency, total] : totals) {
    t.rows.push_back({std::string(""), std::string("合计 Total"),
                      std::to_string(total.first) + " 笔 gifts", std::string(""), std::string(""),
                      std::string(""), currency, total.second, std::string("")});
    ++t.total_rows;
  }
  auto corrections = std::make_shared<const GiftCorrections>(CorrectionsThrough(s, s.size()));
  if (later != nullptr) {
    t.source = RegisterSource(*later, period, std::move(corrections));
  } else {
    t.source = RegisterSource(ReadHeld(s), period, std::move(corrections));
    AIDLEDGER_RETURN_IF_ERROR(Materialize(t));
  }
  r.tables.push_back(std::move(t));
  r.notes.push_back(
      "作废或冲销的捐赠仍列出，合计为登记金额 · Voided and reversed gifts are listed; "
      "totals are of the amounts recorded");
  return r;
}

Result<Report> DonorStatement(const BooksState& s, const std::string& donor,
                              const std::string& year, const People& people) {
  auto period = YearPeriod(year);
  if (!period.ok()) return period.status();
  if (s.donors().count(donor) == 0) {
    return Status(ErrorCode::kNotFound, "no such donor", "donor");
  }
  uint32_t number = 0;
  std::from_chars(donor.data() + 2, donor.data() + donor.size(), number);
  const GiftCorrections corrections = CorrectionsThrough(s, s.size());
  Report r =
      NewReport("donor-statement", "捐赠人年度捐赠明细", "Donor's statement of gifts", *period);
  r.params = {{"donor", donor}, {"year", year}};
  const std::string name = people.donor_name ? people.donor_name(donor) : "";
  if (!name.empty()) {
    r.params.emplace_back("name", name);
    r.confidential = true;
  }
  Table t{"gifts",
          "捐赠",
          "Gifts",
          {Text("date", "日期", "Date"), Text("receipt", "收据号", "Receipt"),
           Text("fund", "基金", "Fund"), Text("channel", "方式", "Channel"),
           Text("currency", "币种", "Currency"), Money("amount", "金额", "Amount"),
           Text("status", "状态", "Status")},
          {},
          0,
          nullptr,
          0};
  Adder add;
  std::map<std::string, int64_t> totals;
  for (const FactRow& f : s.fact_rows()) {
    if (f.party != number || !IsGift(f.of_kind) || f.date < period->from || f.date > period->to) {
      continue;
    }
    const std::string& currency = s.fact_currencies()[f.currency];
    const bool reversal = f.kind == FactKind::kReversal;
    t.rows.push_back({DateText(f.date),
                      reversal ? std::string("冲销 reversal") : ReceiptOf(s, f.seq),
                      FundCode(s, f.fund), ChannelLabel(f), currency, f.minor,
                      reversal ? std::string("") : GiftStatus(s, corrections, f.seq)});
    add.Add(totals[currency], f.minor);
  }
  for (const auto& [currency, total] : totals) {
    t.rows.push_back({std::string(""), std::string("合计 Total"), std::string(""), std::string(""),
                      currency, total, std::string("")});
    ++t.total_rows;
  }
  r.tables.push_back(std::move(t));
  r.signatures = true;
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

// --- aid ----------------------------------------------------------------------

namespace {

std::string CategoryLabel(const std::string& c) {
  static const std::map<std::string, std::string> kLabels = {
      {"student", "学生 student"},
      {"disability", "残疾人 disability"},
      {"serious_illness", "大病 serious illness"},
      {"household", "困难家庭 household"}};
  auto it = kLabels.find(c);
  return it == kLabels.end() ? c : it->second;
}

// Per recipient number: net money paid and goods value handed out in a
// period, per currency.
struct Aided {
  std::map<uint32_t, int64_t> cash;   // recipient -> net paid (any currency: > 0 matters)
  std::map<uint32_t, int64_t> goods;  // recipient -> net value or units handed out
};
Aided AidedIn(const BooksState& s, int32_t from, int32_t to, Adder& add) {
  Aided out;
  for (const FactRow& f : s.fact_rows()) {
    if (f.date < from || f.date > to) continue;
    if (f.of_kind == FactKind::kAidPaid) add.Add(out.cash[f.party], -f.minor);
    if (f.of_kind == FactKind::kGoodsHandedOut) {
      add.Add(out.goods[f.party], -f.minor);
      add.Add(out.goods[f.party], -f.unvalued);
    }
  }
  return out;
}

}  // namespace

Result<Report> AidRecipients(const BooksState& s, const Period& period, const People& people) {
  Adder add;
  // Net paid per grant number: to the period's end, and within it.
  std::map<uint32_t, std::pair<int64_t, int64_t>> paid;
  for (const FactRow& f : s.fact_rows()) {
    if (f.of_kind != FactKind::kAidPaid || f.date > period.to) continue;
    auto& p = paid[f.grant];
    add.Add(p.first, -f.minor);
    if (f.date >= period.from) add.Add(p.second, -f.minor);
  }
  Report r = NewReport("aid-recipients", "受助人救助报表", "Aid-recipient report", period);
  r.signatures = true;
  Table t{
      "grants",
      "救助项目",
      "Grants",
      {Text("recipient", "受助人编号", "Recipient"), Text("name", "姓名", "Name"),
       Text("category", "类别", "Category"), Text("grant", "项目编号", "Grant"),
       Text("fund", "基金", "Fund"), Text("term", "期次", "Term"), Text("status", "状态", "Status"),
       Text("currency", "币种", "Currency"), Money("approved", "批准金额", "Approved"),
       Money("paid_in_period", "本期支付", "Paid in the period"),
       Money("paid_to_date", "累计支付", "Paid to date"),
       Money("outstanding", "待付", "Outstanding")},
      {},
      0,
      nullptr,
      0};
  std::map<std::string, std::array<int64_t, 4>> totals;
  std::vector<const Grant*> grants;
  for (const auto& [id, g] : s.grants()) {
    if (g.state != Grant::State::kRejected) grants.push_back(&g);
  }
  std::stable_sort(grants.begin(), grants.end(),
                   [](const Grant* a, const Grant* b) { return a->recipient < b->recipient; });
  bool named = false;
  for (const Grant* g : grants) {
    uint32_t number = 0;
    std::from_chars(g->id.data() + 2, g->id.data() + g->id.size(), number);
    const auto p = paid.count(number) != 0 ? paid.at(number) : std::pair<int64_t, int64_t>{0, 0};
    const bool approved = g->state == Grant::State::kApproved;
    const int64_t approved_minor = approved ? g->approved_minor : 0;
    const int64_t outstanding = approved ? add.Sum({approved_minor, -p.first}) : 0;
    auto subject = s.recipients().find(g->recipient);
    const std::string category =
        subject == s.recipients().end() ? "" : CategoryLabel(subject->second.category);
    const std::string name = people.recipient_name ? people.recipient_name(g->recipient) : "";
    named = named || !name.empty();
    t.rows.push_back({g->recipient, name.empty() ? std::string("—") : name, category, g->id,
                      g->fund, g->term,
                      approved ? std::string("已批准 approved") : std::string("待批准 proposed"),
                      g->currency, approved_minor, p.second, p.first, outstanding});
    auto& total = totals[g->currency];
    add.Add(total[0], approved_minor);
    add.Add(total[1], p.second);
    add.Add(total[2], p.first);
    add.Add(total[3], outstanding);
  }
  for (const auto& [currency, total] : totals) {
    t.rows.push_back({std::string(""), std::string("合计 Total"), std::string(""), std::string(""),
                      std::string(""), std::string(""), std::string(""), currency, total[0],
                      total[1], total[2], total[3]});
    ++t.total_rows;
  }
  r.confidential = named;
  r.tables.push_back(std::move(t));

  const Aided aided = AidedIn(s, period.from, period.to, add);
  std::map<std::string, std::pair<int64_t, int64_t>> per_category;  // enrolled, aided
  for (const auto& [id, subject] : s.recipients()) {
    auto& c = per_category[subject.category];
    ++c.first;
    uint32_t number = 0;
    std::from_chars(id.data() + 2, id.data() + id.size(), number);
    const auto cash = aided.cash.find(number);
    const auto goods = aided.goods.find(number);
    if ((cash != aided.cash.end() && cash->second > 0) ||
        (goods != aided.goods.end() && goods->second > 0)) {
      ++c.second;
    }
  }
  Table c{"categories",
          "按类别统计受助人数",
          "Recipients per category",
          {Text("category", "类别", "Category"), Count("enrolled", "登记人数", "Enrolled"),
           Count("aided", "本期受助人数", "Aided in the period")},
          {},
          0,
          nullptr,
          0};
  int64_t enrolled = 0, helped = 0;
  for (const auto& [category, n] : per_category) {
    c.rows.push_back({CategoryLabel(category), n.first, n.second});
    enrolled += n.first;
    helped += n.second;
  }
  c.rows.push_back({std::string("合计 Total"), enrolled, helped});
  c.total_rows = 1;
  r.tables.push_back(std::move(c));
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

// --- the year and the public --------------------------------------------------

// Volunteer service dated in the period, as the ledger stood at entry
// `as_of` (a record withdrawn by then does not count), per quarter ("2026Q4"),
// with their total: the disclosure of donated services, never income.
Table ServiceTable(const BooksState& s, const Period& period, int64_t as_of, Adder& add) {
  struct Figures {
    int64_t activities = 0, volunteers = 0, minutes = 0;
  };
  std::map<std::string, Figures> quarters;
  Figures total;
  for (const ServiceRecord& r : s.services()) {
    if (r.seq > as_of) break;
    if (r.withdrawn_by != 0 && r.withdrawn_by <= as_of) continue;
    if (r.date < period.from_text || r.date > period.to_text) continue;
    const int month = (r.date[5] - '0') * 10 + (r.date[6] - '0');
    for (Figures* f :
         {&quarters[r.date.substr(0, 4) + "Q" + std::to_string((month - 1) / 3 + 1)], &total}) {
      add.Add(f->activities, 1);
      add.Add(f->volunteers, r.volunteers);
      add.Add(f->minutes, r.minutes);
    }
  }
  // Kept in minutes; shown in hours to a tenth, rounded half up.
  const auto hours = [](int64_t minutes) {
    const int64_t tenths = minutes / 6 + (minutes % 6 >= 3 ? 1 : 0);
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
  };
  Table t{"service",
          "志愿服务（捐赠服务，不计入收入）",
          "Volunteer service (donated services, not income)",
          {Text("quarter", "季度", "Quarter"), Count("activities", "活动次数", "Activities"),
           Count("volunteers", "服务人次", "Volunteers (person-times)"),
           Text("hours", "服务时长（小时）", "Hours given")},
          {},
          0,
          nullptr,
          0};
  for (const auto& [quarter, f] : quarters) {
    t.rows.push_back({quarter, f.activities, f.volunteers, hours(f.minutes)});
  }
  t.rows.push_back(
      {std::string("合计 Total"), total.activities, total.volunteers, hours(total.minutes)});
  t.total_rows = 1;
  return t;
}

Result<Report> AnnualSummary(const BooksState& s, const std::string& year) {
  auto period = YearPeriod(year);
  if (!period.ok()) return period.status();
  Adder add;
  struct Figures {
    int64_t raised_cash = 0, raised_goods = 0, aid_paid = 0, goods_given = 0;
    std::array<int64_t, std::size(kCostCategories)> costs{};
    std::array<int64_t, std::size(kIncomeCategories)> income{};
  };
  std::map<uint16_t, Figures> by_currency_index;
  std::map<std::pair<uint32_t, uint16_t>, Figures> by_fund_index;
  std::set<uint32_t> donors;
  int64_t anonymous_gifts = 0, unvalued_in = 0, unvalued_out = 0;
  for (const FactRow& f : s.fact_rows()) {
    if (FallsIn(f, period->from, period->to) != Falls::kWithin) continue;
    Figures& all = by_currency_index[f.currency];
    Figures& fund = by_fund_index[{f.fund, f.currency}];
    switch (f.of_kind) {
      case FactKind::kDonation:
        add.Add(all.raised_cash, f.minor);
        add.Add(fund.raised_cash, f.minor);
        break;
      case FactKind::kGoodsDonation:
        add.Add(all.raised_goods, f.minor);
        add.Add(fund.raised_goods, f.minor);
        add.Add(unvalued_in, f.unvalued);
        break;
      case FactKind::kAidPaid:
        add.Add(all.aid_paid, -f.minor);
        add.Add(fund.aid_paid, -f.minor);
        break;
      case FactKind::kGoodsHandedOut:
        add.Add(all.goods_given, -f.minor);
        add.Add(fund.goods_given, -f.minor);
        add.Add(unvalued_out, -f.unvalued);
        break;
      case FactKind::kCost: {
        const size_t c = std::min<size_t>(f.category, all.costs.size() - 1);
        add.Add(all.costs[c], -f.minor);
        add.Add(fund.costs[c], -f.minor);
        break;
      }
      case FactKind::kIncome: {
        const size_t c = std::min<size_t>(f.category, all.income.size() - 1);
        add.Add(all.income[c], f.minor);
        add.Add(fund.income[c], f.minor);
        break;
      }
      case FactKind::kTransfer:
      case FactKind::kReversal:
      case FactKind::kOpening:  // the balance the books began with, not a movement
        break;
    }
    if (IsGift(f.kind)) {
      if (f.party == 0) {
        ++anonymous_gifts;
      } else {
        donors.insert(f.party);
      }
    }
  }
  std::map<std::string, Figures> by_currency;
  std::map<std::pair<std::string, std::string>, Figures> by_fund;
  for (const auto& [c, f] : by_currency_index) by_currency[s.fact_currencies()[c]] = f;
  for (const auto& [i, f] : by_fund_index) {
    by_fund[{FundCode(s, i.first), s.fact_currencies()[i.second]}] = f;
  }
  Report r = NewReport("annual-summary", "年度工作摘要", "Annual summary", *period);
  r.params = {{"year", year}};
  Table money{"money",
              "资金与物资",
              "Money and goods",
              {Text("figure", "项目", "Figure"), Text("currency", "币种", "Currency"),
               Money("amount", "金额", "Amount")},
              {},
              0,
              nullptr,
              0};
  for (const auto& [currency, f] : by_currency) {
    money.rows.push_back({std::string("募集资金 Raised in money"), currency, f.raised_cash});
    money.rows.push_back({std::string("募集物资价值 Raised in goods"), currency, f.raised_goods});
    money.rows.push_back({std::string("发放救助金 Aid paid in money"), currency, f.aid_paid});
    money.rows.push_back({std::string("发放物资价值 Goods given out"), currency, f.goods_given});
    money.rows.push_back({std::string("发放资金和物资合计 Aid given out in money and goods"),
                          currency, add.Sum({f.aid_paid, f.goods_given})});
    for (size_t c = 0; c < f.income.size(); ++c) {
      money.rows.push_back({IncomeCategoryLabel(static_cast<uint8_t>(c)), currency, f.income[c]});
    }
    for (size_t c = 0; c < f.costs.size(); ++c) {
      money.rows.push_back({CostCategoryLabel(static_cast<uint8_t>(c)), currency, f.costs[c]});
    }
  }
  r.tables.push_back(std::move(money));

  const Aided aided = AidedIn(s, period->from, period->to, add);
  const std::vector<std::string> category = ByNumber(s.recipients());
  std::map<std::string, int64_t> helped;
  int64_t students_funded = 0;
  std::set<uint32_t> people_helped;
  for (const auto& [number, net] : aided.cash) {
    if (net <= 0) continue;
    people_helped.insert(number);
    if (At(category, number) == "student") ++students_funded;
  }
  for (const auto& [number, net] : aided.goods) {
    if (net > 0) people_helped.insert(number);
  }
  for (uint32_t number : people_helped) ++helped[At(category, number)];
  Table people{"people", "人数",
               "People", {Text("figure", "项目", "Figure"), Count("count", "人数/笔数", "Count")},
               {},       0,
               nullptr,  0};
  people.rows.push_back({std::string("资助学生 Students funded"), students_funded});
  for (const auto& [c, n] : helped) {
    people.rows.push_back({"受助人 People helped: " + CategoryLabel(c), n});
  }
  people.rows.push_back(
      {std::string("受助人合计 People helped"), static_cast<int64_t>(people_helped.size())});
  people.rows.push_back(
      {std::string("捐赠人 Donors known by id"), static_cast<int64_t>(donors.size())});
  people.rows.push_back({std::string("匿名捐赠笔数 Anonymous gifts"), anonymous_gifts});
  people.rows.push_back(
      {std::string("未计价受赠物资件数 Units received without a value"), unvalued_in});
  people.rows.push_back(
      {std::string("未计价发放物资件数 Units given out without a value"), unvalued_out});
  r.tables.push_back(std::move(people));

  Table funds{
      "funds",
      "按基金",
      "Per fund",
      {Text("fund", "基金", "Fund"), Text("name", "名称", "Name"),
       Text("currency", "币种", "Currency"), Money("raised_cash", "募集资金", "Raised in money"),
       Money("raised_goods", "募集物资", "Raised in goods"),
       Money("aid_paid", "发放救助金", "Aid paid"),
       Money("goods_given", "发放物资", "Goods given out")},
      {},
      0,
      nullptr,
      0};
  for (const auto& [key, f] : by_fund) {
    const Fund* fund = FundOf(s, key.first);
    funds.rows.push_back({key.first, fund != nullptr ? fund->name_zh : "", key.second,
                          f.raised_cash, f.raised_goods, f.aid_paid, f.goods_given});
  }
  r.tables.push_back(std::move(funds));
  r.tables.push_back(ServiceTable(s, *period, s.size(), add));
  r.notes.push_back("金额已扣除冲销 · Figures are net of reversals");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

Result<Report> PublicSummary(const BooksState& s, int64_t as_of, const Period& period,
                             const People& people) {
  Adder add;
  struct Figures {
    int64_t donations = 0, goods_in = 0, aid_paid = 0, goods_out = 0, costs = 0, income = 0;
  };
  // Income other than gifts by category and currency index.
  std::map<std::pair<uint8_t, uint16_t>, int64_t> income_by_category;
  // The costs by category and currency index.
  std::map<std::pair<uint8_t, uint16_t>, int64_t> costs_by_category;
  // Scanned by fund, quarter (YYYYQ) and currency index; labelled later.
  std::map<std::tuple<uint32_t, int32_t, uint16_t>, Figures> by_index;
  std::map<std::pair<uint32_t, uint16_t>, int64_t> by_donor;  // donor number, currency
  for (const FactRow& f : s.fact_rows()) {
    if (f.seq > as_of) break;
    if (FallsIn(f, period.from, period.to) != Falls::kWithin) continue;
    const int32_t quarter = f.date / 10000 * 10 + (f.date / 100 % 100 - 1) / 3 + 1;
    Figures& line = by_index[{f.fund, quarter, f.currency}];
    switch (f.of_kind) {
      case FactKind::kDonation:
        add.Add(line.donations, f.minor);
        break;
      case FactKind::kGoodsDonation:
        add.Add(line.goods_in, f.minor);
        break;
      case FactKind::kAidPaid:
        add.Add(line.aid_paid, -f.minor);
        break;
      case FactKind::kGoodsHandedOut:
        add.Add(line.goods_out, -f.minor);
        break;
      case FactKind::kCost:
        add.Add(line.costs, -f.minor);
        add.Add(costs_by_category[{f.category, f.currency}], -f.minor);
        break;
      case FactKind::kIncome:
        add.Add(line.income, f.minor);
        add.Add(income_by_category[{f.category, f.currency}], f.minor);
        break;
      case FactKind::kTransfer:
      case FactKind::kReversal:
      case FactKind::kOpening:  // the balance the books began with, not a movement
        break;
    }
    if (IsGift(f.of_kind)) add.Add(by_donor[{f.party, f.currency}], f.minor);
  }
  std::map<std::tuple<std::string, std::string, std::string>, Figures> lines;
  for (const auto& [i, figures] : by_index) {
    const auto& [fund, quarter, currency] = i;
    lines[{FundCode(s, fund), std::to_string(quarter / 10) + "Q" + std::to_string(quarter % 10),
           s.fact_currencies()[currency]}] = figures;
  }
  // Donors are named only with their consent; the others are added up.
  std::map<std::pair<std::string, std::string>, int64_t> named;  // name, currency
  std::map<std::string, int64_t> undisclosed;                    // currency -> amount
  for (const auto& [i, amount] : by_donor) {
    const std::string& currency = s.fact_currencies()[i.second];
    auto name = i.first == 0 ? people.public_donor_names.end()
                             : people.public_donor_names.find(SubjectId('D', i.first));
    if (name != people.public_donor_names.end()) {
      add.Add(named[{name->second, currency}], amount);
    } else {
      add.Add(undisclosed[currency], amount);
    }
  }
  Report r = NewReport("public-summary", "公益信息公开", "Public transparency summary", period);
  r.params.emplace_back("as_of_entries", std::to_string(as_of));
  Table t{"quarters",
          "按基金和季度",
          "Per fund and quarter",
          {Text("fund", "基金", "Fund"), Text("name", "名称", "Name"),
           Text("quarter", "季度", "Quarter"), Text("currency", "币种", "Currency"),
           Money("donations", "收到捐款", "Money received"),
           Money("goods_received", "收到物资价值", "Goods received"),
           Money("other_income", "其他收入", "Other income"),
           Money("aid_paid", "支出救助金", "Aid paid"),
           Money("goods_given", "发放物资价值", "Goods given out"),
           Money("costs", "费用支出", "Costs")},
          {},
          0,
          nullptr,
          0};
  std::map<std::string, Figures> totals;
  for (const auto& [key, f] : lines) {
    const auto& [code, quarter, currency] = key;
    const Fund* fund = FundOf(s, code);
    t.rows.push_back({code, fund != nullptr ? fund->name_zh : "", quarter, currency, f.donations,
                      f.goods_in, f.income, f.aid_paid, f.goods_out, f.costs});
    Figures& total = totals[currency];
    add.Add(total.donations, f.donations);
    add.Add(total.goods_in, f.goods_in);
    add.Add(total.aid_paid, f.aid_paid);
    add.Add(total.goods_out, f.goods_out);
    add.Add(total.costs, f.costs);
    add.Add(total.income, f.income);
  }
  for (const auto& [currency, f] : totals) {
    t.rows.push_back({std::string(""), std::string("合计 Total"), std::string(""), currency,
                      f.donations, f.goods_in, f.income, f.aid_paid, f.goods_out, f.costs});
    ++t.total_rows;
  }
  r.tables.push_back(std::move(t));
  Table costs{"costs",
              "费用（按类别）",
              "Costs by category",
              {Text("category", "类别", "Category"), Text("currency", "币种", "Currency"),
               Money("amount", "金额", "Amount")},
              {},
              0,
              nullptr,
              0};
  for (const auto& [key, amount] : costs_by_category) {
    costs.rows.push_back({CostCategoryLabel(key.first), s.fact_currencies()[key.second], amount});
  }
  r.tables.push_back(std::move(costs));
  Table income{"income",
               "捐赠以外的收入（按类别）",
               "Income other than gifts, by category",
               {Text("category", "类别", "Category"), Text("currency", "币种", "Currency"),
                Money("amount", "金额", "Amount")},
               {},
               0,
               nullptr,
               0};
  for (const auto& [key, amount] : income_by_category) {
    income.rows.push_back(
        {IncomeCategoryLabel(key.first), s.fact_currencies()[key.second], amount});
  }
  r.tables.push_back(std::move(income));
  // What each fund holds at the period's end, of these entries: money, and
  // donated goods at their value.
  std::map<std::pair<uint32_t, uint16_t>, std::pair<int64_t, int64_t>> held;  // cash, goods
  for (const FactRow& f : s.fact_rows()) {
    if (f.seq > as_of) break;
    if (f.date > period.to) continue;
    const auto hold = [&](uint32_t fund, int64_t minor) {
      auto& [cash, goods] = held[{fund, f.currency}];
      add.Add(f.goods ? goods : cash, minor);
    };
    hold(f.fund, f.minor);
    if (f.counter_fund != kNoFund) hold(f.counter_fund, -f.minor);
  }
  Table balances{"balances",
                 "期末余额（按基金）",
                 "Closing balances per fund",
                 {Text("fund", "基金", "Fund"), Text("name", "名称", "Name"),
                  Text("currency", "币种", "Currency"), Money("cash", "资金", "Money"),
                  Money("goods", "物资价值", "Goods")},
                 {},
                 0,
                 nullptr,
                 0};
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> by_code;
  for (const auto& [key, h] : held)
    by_code[{FundCode(s, key.first), s.fact_currencies()[key.second]}] = h;
  std::map<std::string, std::pair<int64_t, int64_t>> balance_totals;
  for (const auto& [key, h] : by_code) {
    const Fund* fund = FundOf(s, key.first);
    balances.rows.push_back(
        {key.first, fund != nullptr ? fund->name_zh : "", key.second, h.first, h.second});
    add.Add(balance_totals[key.second].first, h.first);
    add.Add(balance_totals[key.second].second, h.second);
  }
  for (const auto& [currency, h] : balance_totals) {
    balances.rows.push_back(
        {std::string(""), std::string("合计 Total"), currency, h.first, h.second});
    ++balances.total_rows;
  }
  r.tables.push_back(std::move(balances));
  Table d{"donors",
          "捐赠芳名（经本人同意公开）",
          "Donors (named with their consent)",
          {Text("donor", "捐赠人", "Donor"), Text("currency", "币种", "Currency"),
           Money("amount", "捐赠金额", "Amount given")},
          {},
          0,
          nullptr,
          0};
  for (const auto& [key, amount] : named) d.rows.push_back({key.first, key.second, amount});
  for (const auto& [currency, amount] : undisclosed) {
    d.rows.push_back({std::string("匿名及未公开姓名的捐赠人 Anonymous and undisclosed donors"),
                      currency, amount});
  }
  r.tables.push_back(std::move(d));
  r.tables.push_back(ServiceTable(s, period, as_of, add));
  // A closed period reopened is published as a correction notice, never a
  // silent change of figures already disclosed.
  Table reopened{"reopened",
                 "更正说明：重新打开的期间",
                 "Correction notice: periods reopened",
                 {Text("period", "期间", "Period"), Text("reason", "原因", "Reason"),
                  Text("seq", "记录号", "Entry")},
                 {},
                 0,
                 nullptr,
                 0};
  for (const Correction& c : s.corrections()) {
    if (c.kind != kinds::kPeriodReopened || c.seq > as_of) continue;
    const std::string end = BooksState::PeriodEnd(c.target);
    if (end < period.from_text || end > period.to_text) continue;
    reopened.rows.push_back({c.target, c.reason, std::to_string(c.seq)});
  }
  r.tables.push_back(std::move(reopened));
  r.notes.push_back(
      "金额已扣除冲销；受助人信息不公开 · Net of reversals; recipients are never "
      "named");
  r.notes.push_back("本摘要计算自账本前 " + std::to_string(as_of) +
                    " 条记录，可用签名检查点核验 · Computed from the first " +
                    std::to_string(as_of) + " entries; check it against the signed checkpoint");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

Result<Report> Corrections(const BooksState& s, const Period& period) {
  Report r = NewReport("corrections", "更正说明", "Corrections list", period);
  Table t{"corrections",
          "冲销、作废、撤回与重新打开的期间",
          "Reversals, voids, withdrawn service records and reopened periods",
          {Text("seq", "记录号", "Entry"), Text("kind", "类型", "Kind"),
           Text("target", "被更正", "Corrects"), Text("date", "日期", "Date"),
           Text("reason", "原因", "Reason"), Text("actor", "操作人", "By"),
           Text("currency", "币种", "Currency"), Money("amount", "金额", "Amount")},
          {},
          0,
          nullptr,
          0};
  // Who did it: the person who confirmed, and who proposed it when a
  // second person confirmed.
  const auto by = [](const Correction& c) {
    std::string out = c.actor.id + " (" + c.actor.role + ")";
    if (!c.proposer.id.empty()) {
      out += ", 提议 proposed by " + c.proposer.id + " (" + c.proposer.role + ")";
    }
    return out;
  };
  for (const Correction& c : s.corrections()) {
    if (c.kind == kinds::kPeriodReopened) {
      const std::string end = BooksState::PeriodEnd(c.target);
      if (end < period.from_text || end > period.to_text) continue;
      t.rows.push_back({std::to_string(c.seq), std::string("期间重新打开 period reopened"),
                        "period " + c.target, end, c.reason, by(c), std::string("CNY"),
                        int64_t{0}});
      continue;
    }
    if (c.kind == kinds::kServiceWithdrawn) {
      // A service record moved no money: its own date, nothing to undo.
      const ServiceRecord* record = s.FindService(std::stoll(c.target));
      const std::string date = record != nullptr ? record->date : "";
      if (date < period.from_text || date > period.to_text) continue;
      t.rows.push_back({std::to_string(c.seq), std::string("志愿服务记录撤回 service withdrawn"),
                        "entry " + c.target, date, c.reason, by(c), std::string("CNY"),
                        int64_t{0}});
      continue;
    }
    const bool reversal = c.kind == kinds::kEntryReversed;
    const FactRow* fact = nullptr;
    if (reversal) {
      fact = s.FactOf(c.seq);
    } else if (auto receipt = s.receipts().find(c.target); receipt != s.receipts().end()) {
      fact = s.FactOf(receipt->second.donation_seq);
    }
    const int32_t date = fact != nullptr ? fact->date : 0;
    if (date != 0 && (date < period.from || date > period.to)) continue;
    t.rows.push_back(
        {std::to_string(c.seq),
         reversal ? std::string("冲销 reversal") : std::string("收据作废 receipt voided"),
         reversal ? "entry " + c.target : "receipt " + c.target,
         reversal ? c.date : (fact != nullptr ? DateText(fact->date) : ""), c.reason, by(c),
         fact != nullptr ? s.fact_currencies()[fact->currency] : std::string("CNY"),
         fact != nullptr ? fact->minor : int64_t{0}});
  }
  r.tables.push_back(std::move(t));
  r.notes.push_back(
      "更正以新记录公示，原记录不改动 · Corrections are new entries; nothing is "
      "edited");
  return r;
}

}  // namespace aidledger::reports
