#include "reports/accounts_report.h"

#include <vector>

#include "reports/report_parts.h"

namespace aidledger::reports {

namespace {

// What one account did in one currency over a period.
struct Movement {
  int64_t opening = 0, in = 0, out = 0, moved_in = 0, moved_out = 0;
};

// Gifts and other income (and their reversals) are money in; aid and costs
// (and theirs) money out, as a positive figure.
bool IsMoneyIn(const FactRow& f) {
  return f.of_kind == FactKind::kDonation || f.of_kind == FactKind::kIncome;
}

std::string TypeLabel(const std::string& type) {
  if (type == "cash_box") return "现金 Cash";
  if (type == "bank") return "银行存款 Bank";
  if (type == "platform") return "其他货币资金 Payment platform";
  return "其他 Other";
}

int32_t DateNumberOf(const std::string& date) {
  // "YYYY-MM-DD", checked when it was recorded.
  return std::stoi(date.substr(0, 4)) * 10000 + std::stoi(date.substr(5, 2)) * 100 +
         std::stoi(date.substr(8, 2));
}

}  // namespace

bool MoneyByAccount(const BooksState& s, const Period& period, Moment at,
                    std::map<std::string, std::map<std::string, int64_t>>* out) {
  Adder add;
  for (const FactRow& f : s.fact_rows()) {
    if (f.goods || f.account == kNoAccount || !CountsAt(f, period, at)) continue;
    add.Add((*out)[s.CurrencyOf(f)][s.AccountOf(f)], f.minor);
  }
  const int32_t through = at == Moment::kOpening ? DayBefore(period.from) : period.to;
  for (const AccountTransfer& t : s.account_transfers()) {
    if (DateNumberOf(t.date) > through) continue;
    add.Add((*out)[t.currency][t.from], -t.minor);
    add.Add((*out)[t.currency][t.to], t.minor);
  }
  return add.Check().ok();
}

Result<Report> AccountsStatement(const BooksState& s, const Period& period) {
  Adder add;
  // currency -> account -> movement
  std::map<std::string, std::map<std::string, Movement>> by;
  std::map<std::string, std::map<std::string, int64_t>> opening;
  if (!MoneyByAccount(s, period, Moment::kOpening, &opening)) {
    return Status(ErrorCode::kFailedPrecondition, "a total is beyond what this build can add");
  }
  for (const auto& [currency, accounts] : opening) {
    for (const auto& [code, minor] : accounts) by[currency][code].opening = minor;
  }
  for (const FactRow& f : s.fact_rows()) {
    if (f.goods || f.account == kNoAccount ||
        FallsIn(f, period.from, period.to) != Falls::kWithin) {
      continue;
    }
    Movement& m = by[s.CurrencyOf(f)][s.AccountOf(f)];
    if (IsMoneyIn(f)) {
      add.Add(m.in, f.minor);
    } else {
      add.Add(m.out, -f.minor);
    }
  }
  for (const AccountTransfer& t : s.account_transfers()) {
    const int32_t date = DateNumberOf(t.date);
    if (date < period.from || date > period.to) continue;
    add.Add(by[t.currency][t.from].moved_out, t.minor);
    add.Add(by[t.currency][t.to].moved_in, t.minor);
  }

  Report r = NewReport("accounts", "货币资金明细表", "Money by account", period);
  r.signatures = true;
  Table t{"accounts",
          "货币资金明细表",
          "Money by account",
          {Text("code", "账户代码", "Account"), Text("name", "账户名称", "Name"),
           Text("type", "类别", "Kind"), Text("number", "账号尾号", "Number"),
           Text("currency", "币种", "Currency"), Money("opening", "期初余额", "Opening"),
           Money("in", "收入", "In"), Money("out", "支出", "Out"),
           Money("moved_in", "转入", "Moved in"), Money("moved_out", "转出", "Moved out"),
           Money("closing", "期末余额", "Closing")},
          {},
          0,
          nullptr,
          0};
  std::vector<Row> totals;
  for (const auto& [currency, accounts] : by) {
    Movement total;
    for (const auto& [code, m] : accounts) {
      if (m.opening == 0 && m.in == 0 && m.out == 0 && m.moved_in == 0 && m.moved_out == 0) {
        continue;
      }
      const int64_t closing = add.Sum({m.opening, m.in, -m.out, m.moved_in, -m.moved_out});
      auto a = s.accounts().find(code);
      const Account none;
      const Account& account = a == s.accounts().end() ? none : a->second;
      t.rows.push_back({code, account.name, TypeLabel(account.type),
                        account.number_tail.empty() ? std::string() : "****" + account.number_tail,
                        currency, m.opening, m.in, m.out, m.moved_in, m.moved_out, closing});
      add.Add(total.opening, m.opening);
      add.Add(total.in, m.in);
      add.Add(total.out, m.out);
      add.Add(total.moved_in, m.moved_in);
      add.Add(total.moved_out, m.moved_out);
    }
    totals.push_back(
        {std::string("合计 Total"), std::string(), std::string(), std::string(), currency,
         total.opening, total.in, total.out, total.moved_in, total.moved_out,
         add.Sum({total.opening, total.in, -total.out, total.moved_in, -total.moved_out})});
  }
  t.total_rows = totals.size();
  for (Row& row : totals) t.rows.push_back(std::move(row));
  r.tables.push_back(std::move(t));
  r.notes.push_back(
      "收入含捐赠与其他收入，支出含救助与费用（冲销抵减原项目）；转入转出为本团队账户之间的划转 · "
      "In: gifts and other income; out: aid and costs (a reversal nets against what it "
      "reverses); moved: between the team's own accounts");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

}  // namespace aidledger::reports
