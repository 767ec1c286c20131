#include "reports/statements.h"

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "reports/accounts_report.h"
#include "reports/report_parts.h"

namespace aidledger::reports {

namespace {

bool Restricted(const BooksState& s, uint32_t fund) {
  const Fund* f = FundOf(s, s.fact_funds()[fund]);
  return f != nullptr && f->restricted;
}

// Unrestricted, restricted.
using Split = std::array<int64_t, 2>;

// The activities of one currency over a period.
struct Activities {
  Split donations{};
  std::array<Split, std::size(kIncomeCategories)> income{};
  std::array<Split, std::size(kCostCategories)> costs{};  // programme costs include aid
  Split released{};  // into unrestricted (+) out of restricted (-)
};

// The net assets of one currency at a date: money and goods, by restriction.
struct Holdings {
  Split cash{};
  Split goods{};
};

// Each currency's activities over [from, to].
std::map<std::string, Activities> ActivitiesIn(const BooksState& s, int32_t from, int32_t to,
                                               Adder& add) {
  std::map<uint16_t, Activities> by_index;
  for (const FactRow& f : s.fact_rows()) {
    if (FallsIn(f, from, to) != Falls::kWithin) continue;
    Activities& a = by_index[f.currency];
    const bool restricted = Restricted(s, f.fund);
    const size_t side = restricted ? 1 : 0;
    // Spending of a restricted fund stands unrestricted, released from the
    // restriction by the same amount.
    const auto spend = [&](int64_t& into, int64_t amount) {
      add.Add(into, amount);
      if (restricted) {
        add.Add(a.released[0], amount);
        add.Add(a.released[1], -amount);
      }
    };
    switch (f.of_kind) {
      case FactKind::kDonation:
      case FactKind::kGoodsDonation:
        add.Add(a.donations[side], f.minor);
        break;
      case FactKind::kIncome:
        add.Add(a.income[std::min<size_t>(f.category, a.income.size() - 1)][side], f.minor);
        break;
      case FactKind::kAidPaid:
      case FactKind::kGoodsHandedOut:
        spend(a.costs[0][0], -f.minor);
        break;
      case FactKind::kCost:
        spend(a.costs[std::min<size_t>(f.category, a.costs.size() - 1)][0], -f.minor);
        break;
      case FactKind::kTransfer: {
        // `minor` is the effect on the fund it leaves (negative); the
        // counter fund gets the opposite.
        const bool to_restricted = Restricted(s, f.counter_fund);
        if (restricted == to_restricted) break;
        const int64_t into_unrestricted = restricted ? -f.minor : f.minor;
        add.Add(a.released[0], into_unrestricted);
        add.Add(a.released[1], -into_unrestricted);
        break;
      }
      case FactKind::kOpening:  // never within a period (FallsIn)
      case FactKind::kReversal:
        break;  // of_kind is never a reversal
    }
  }
  std::map<std::string, Activities> out;
  for (const auto& [i, a] : by_index) out[s.fact_currencies()[i]] = a;
  return out;
}

// Each currency's holdings as `period` opens or closes.
std::map<std::string, Holdings> HoldingsAt(const BooksState& s, const Period& period, Moment at,
                                           Adder& add) {
  std::map<uint16_t, Holdings> by_index;
  for (const FactRow& f : s.fact_rows()) {
    if (!CountsAt(f, period, at)) continue;
    Holdings& h = by_index[f.currency];
    Split& into = f.goods ? h.goods : h.cash;
    add.Add(into[Restricted(s, f.fund) ? 1 : 0], f.minor);
    if (f.counter_fund != kNoFund) add.Add(into[Restricted(s, f.counter_fund) ? 1 : 0], -f.minor);
  }
  std::map<std::string, Holdings> out;
  for (const auto& [i, h] : by_index) out[s.fact_currencies()[i]] = h;
  return out;
}

// Totals of int64 amounts times 20,000 fit in 128 bits.
__extension__ typedef __int128 Wide;

// "12.34%" of numerator / denominator, rounded half up; "-" without a
// denominator.
std::string Percent(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return "-";
  const Wide bp = (static_cast<Wide>(numerator) * 20000 / denominator + 1) / 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%02lld%%", static_cast<long long>(bp / 100),
                static_cast<long long>(bp % 100 < 0 ? -(bp % 100) : bp % 100));
  return buf;
}

// Whether numerator / denominator is at least (kAtLeast) or at most
// `percent`: "达标 met", "未达标 missed", or "-" without a denominator.
std::string Verdict(int64_t numerator, int64_t denominator, int percent, bool at_least) {
  if (denominator <= 0) return "-";
  const Wide lhs = static_cast<Wide>(numerator) * 100;
  const Wide rhs = static_cast<Wide>(denominator) * percent;
  return (at_least ? lhs >= rhs : lhs <= rhs) ? "达标 met" : "未达标 missed";
}

std::string PercentLimit(int percent, bool at_least) {
  return std::string(at_least ? "≥ " : "≤ ") + std::to_string(percent) + "%";
}

}  // namespace

Result<Report> ActivitiesStatement(const BooksState& s, const Period& period,
                                   const RatioLimits& limits) {
  Adder add;
  const std::map<std::string, Activities> now = ActivitiesIn(s, period.from, period.to, add);
  // The charitable-spending share compares with the income of the calendar
  // year before the period's.
  const int32_t last_year = period.from / 10000 - 1;
  const std::map<std::string, Activities> before =
      ActivitiesIn(s, last_year * 10000 + 101, last_year * 10000 + 1231, add);

  Report r = NewReport("activities", "业务活动表", "Statement of activities", period);
  r.signatures = true;
  Table t{"activities",
          "业务活动表",
          "Statement of activities",
          {Text("line", "项目", "Line"), Text("currency", "币种", "Currency"),
           Money("unrestricted", "非限定性", "Unrestricted"),
           Money("restricted", "限定性", "Restricted"), Money("total", "合计", "Total")},
          {},
          0,
          nullptr,
          0};
  const auto line = [&](const std::string& name, const std::string& currency, const Split& v) {
    t.rows.push_back({name, currency, v[0], v[1], add.Sum({v[0], v[1]})});
  };
  const auto sum = [&](std::initializer_list<Split> parts, int sign = 1) {
    Split out{};
    for (const Split& p : parts) {
      add.Add(out[0], sign * p[0]);
      add.Add(out[1], sign * p[1]);
    }
    return out;
  };
  Table ratios{"ratios",
               "支出比例",
               "Spending ratios",
               {Text("ratio", "指标", "Ratio"), Text("currency", "币种", "Currency"),
                Money("numerator", "分子", "Numerator"),
                Money("denominator", "分母", "Denominator"), Text("value", "比例", "Value"),
                Text("limit", "标准", "Limit"), Text("verdict", "结论", "Verdict")},
               {},
               0,
               nullptr,
               0};
  for (const auto& [currency, a] : now) {
    Split income = a.donations;
    line("一、收入 Income: 捐赠收入 Donations", currency, a.donations);
    for (size_t c = 0; c < a.income.size(); ++c) {
      line("    " + IncomeCategoryLabel(static_cast<uint8_t>(c)), currency, a.income[c]);
      income = sum({income, a.income[c]});
    }
    line("收入合计 Total income", currency, income);
    Split costs{};
    for (size_t c = 0; c < a.costs.size(); ++c) {
      line((c == 0 ? "二、费用 Costs: " : "    ") + CostCategoryLabel(static_cast<uint8_t>(c)),
           currency, a.costs[c]);
      costs = sum({costs, a.costs[c]});
    }
    line("费用合计 Total costs", currency, costs);
    line("三、限定性净资产转为非限定性净资产 Released from restriction", currency, a.released);
    const Split change = sum({income, a.released, sum({costs}, -1)});
    line("四、净资产变动额 Change in net assets", currency, change);

    const int64_t all_costs = add.Sum({costs[0], costs[1]});
    const int64_t admin = add.Sum({a.costs[1][0], a.costs[1][1]});
    ratios.rows.push_back({std::string("管理费用占总支出 Administrative costs / all costs"),
                           currency, admin, all_costs, Percent(admin, all_costs),
                           PercentLimit(limits.admin_max_percent, false),
                           Verdict(admin, all_costs, limits.admin_max_percent, false)});
    int64_t last_income = 0;
    if (auto b = before.find(currency); b != before.end()) {
      last_income = add.Sum({b->second.donations[0], b->second.donations[1]});
      for (const Split& i : b->second.income) last_income = add.Sum({last_income, i[0], i[1]});
    }
    const int64_t charitable = add.Sum({a.costs[0][0], a.costs[0][1]});
    ratios.rows.push_back({std::string("公益支出占上年收入 Programme costs / last year's income"),
                           currency, charitable, last_income, Percent(charitable, last_income),
                           PercentLimit(limits.charitable_min_percent, true),
                           Verdict(charitable, last_income, limits.charitable_min_percent, true)});
  }
  r.tables.push_back(std::move(t));
  r.tables.push_back(std::move(ratios));
  r.notes.push_back(
      "费用均列入非限定性；限定性资金用于其限定用途的支出同额转为非限定性 · All costs stand "
      "unrestricted; a restricted fund's spending on its purpose is released from the restriction");
  r.notes.push_back(
      "净资产变动额 = 收入合计 - 费用合计 + 转入 · Change in net assets = income - "
      "costs + released");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

Result<Report> BalanceSheet(const BooksState& s, const Period& period) {
  Adder add;
  const std::map<std::string, Holdings> opening = HoldingsAt(s, period, Moment::kOpening, add);
  const std::map<std::string, Holdings> closing = HoldingsAt(s, period, Moment::kClosing, add);
  Report r = NewReport("balance-sheet", "资产负债表", "Balance sheet", period);
  r.signatures = true;
  Table t{"balance-sheet",
          "资产负债表",
          "Balance sheet",
          {Text("line", "项目", "Line"), Text("currency", "币种", "Currency"),
           Money("opening", "年初数", "Opening"), Money("closing", "期末数", "Closing")},
          {},
          0,
          nullptr,
          0};
  // The money by kind of account: cash boxes, banks, and payment platforms
  // with anything else (其他货币资金).
  std::map<std::string, std::map<std::string, int64_t>> accounts_open, accounts_close;
  if (!MoneyByAccount(s, period, Moment::kOpening, &accounts_open) ||
      !MoneyByAccount(s, period, Moment::kClosing, &accounts_close)) {
    return Status(ErrorCode::kFailedPrecondition, "a total is beyond what this build can add");
  }
  const auto by_type = [&](const std::map<std::string, int64_t>& held, const std::string& type) {
    int64_t sum = 0;
    for (const auto& [code, minor] : held) {
      auto a = s.accounts().find(code);
      const std::string kind = a == s.accounts().end() ? "other" : a->second.type;
      const bool platform_or_other = kind == "platform" || kind == "other";
      if (kind == type || (type == "platform" && platform_or_other)) add.Add(sum, minor);
    }
    return sum;
  };
  std::map<std::string, std::pair<Holdings, Holdings>> both;
  for (const auto& [c, h] : opening) both[c].first = h;
  for (const auto& [c, h] : closing) both[c].second = h;
  for (const auto& [code, h] : both) {
    const std::string& currency = code;  // a lambda captures no structured binding (clang)
    const auto& [o, e] = h;
    const auto line = [&](const std::string& name, int64_t at_open, int64_t at_close) {
      t.rows.push_back({name, currency, at_open, at_close});
    };
    line("货币资金 Money", add.Sum({o.cash[0], o.cash[1]}), add.Sum({e.cash[0], e.cash[1]}));
    static const std::map<std::string, int64_t> kNone;
    auto ao = accounts_open.find(currency);
    auto ac = accounts_close.find(currency);
    const auto& held_open = ao == accounts_open.end() ? kNone : ao->second;
    const auto& held_close = ac == accounts_close.end() ? kNone : ac->second;
    line("　其中：现金 of which cash", by_type(held_open, "cash_box"),
         by_type(held_close, "cash_box"));
    line("　　　　银行存款 bank deposits", by_type(held_open, "bank"), by_type(held_close, "bank"));
    line("　　　　其他货币资金 payment platforms and other", by_type(held_open, "platform"),
         by_type(held_close, "platform"));
    line("存货（受赠物资） Goods held", add.Sum({o.goods[0], o.goods[1]}),
         add.Sum({e.goods[0], e.goods[1]}));
    const int64_t assets_open = add.Sum({o.cash[0], o.cash[1], o.goods[0], o.goods[1]});
    const int64_t assets_close = add.Sum({e.cash[0], e.cash[1], e.goods[0], e.goods[1]});
    line("资产合计 Total assets", assets_open, assets_close);
    line("受托代理负债 Liabilities for assets held for others", 0, 0);
    line("负债合计 Total liabilities", 0, 0);
    line("非限定性净资产 Unrestricted net assets", add.Sum({o.cash[0], o.goods[0]}),
         add.Sum({e.cash[0], e.goods[0]}));
    line("限定性净资产 Restricted net assets", add.Sum({o.cash[1], o.goods[1]}),
         add.Sum({e.cash[1], e.goods[1]}));
    line("净资产合计 Total net assets", assets_open, assets_close);
    line("负债和净资产总计 Total liabilities and net assets", assets_open, assets_close);
  }
  r.tables.push_back(std::move(t));
  r.notes.push_back(
      "年初数为期间开始前一日的余额 · Opening: the balances the day before the period");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

Result<Report> CashFlowStatement(const BooksState& s, const Period& period) {
  Adder add;
  struct Flows {
    int64_t donations = 0, dues = 0, services = 0, grants = 0, other_in = 0, aid = 0, costs = 0,
            investment = 0;
  };
  std::map<uint16_t, Flows> by_index;
  for (const FactRow& f : s.fact_rows()) {
    if (f.goods || FallsIn(f, period.from, period.to) != Falls::kWithin) continue;
    Flows& fl = by_index[f.currency];
    switch (f.of_kind) {
      case FactKind::kDonation:
        add.Add(fl.donations, f.minor);
        break;
      case FactKind::kIncome: {
        static constexpr std::array<int64_t Flows::*, 5> kInto = {
            &Flows::grants, &Flows::dues, &Flows::services, &Flows::investment, &Flows::other_in};
        add.Add(fl.*kInto[std::min<size_t>(f.category, kInto.size() - 1)], f.minor);
        break;
      }
      case FactKind::kAidPaid:
        add.Add(fl.aid, -f.minor);
        break;
      case FactKind::kCost:
        add.Add(fl.costs, -f.minor);
        break;
      case FactKind::kGoodsDonation:
      case FactKind::kGoodsHandedOut:
      case FactKind::kTransfer:
      case FactKind::kOpening:
      case FactKind::kReversal:
        break;
    }
  }
  const std::map<std::string, Holdings> opening = HoldingsAt(s, period, Moment::kOpening, add);
  const std::map<std::string, Holdings> closing = HoldingsAt(s, period, Moment::kClosing, add);
  std::map<std::string, Flows> flows;
  for (const auto& [i, fl] : by_index) flows[s.fact_currencies()[i]] = fl;
  for (const auto& [c, h] : closing) flows[c];
  Report r = NewReport("cash-flows", "现金流量表", "Statement of cash flows", period);
  r.signatures = true;
  Table t{"cash-flows",
          "现金流量表",
          "Statement of cash flows",
          {Text("line", "项目", "Line"), Text("currency", "币种", "Currency"),
           Money("amount", "金额", "Amount")},
          {},
          0,
          nullptr,
          0};
  for (const auto& [code, fl] : flows) {
    const std::string& currency = code;  // a lambda captures no structured binding (clang)
    const auto line = [&](const std::string& name, int64_t amount) {
      t.rows.push_back({name, currency, amount});
    };
    line("一、业务活动产生的现金流量 Operating activities: 接受捐赠收到的现金 Gifts received",
         fl.donations);
    line("    收取会费收到的现金 Dues received", fl.dues);
    line("    提供服务收到的现金 Received for services", fl.services);
    line("    政府补助收到的现金 Government grants received", fl.grants);
    line("    收到的其他与业务活动有关的现金 Other receipts", fl.other_in);
    const int64_t in = add.Sum({fl.donations, fl.dues, fl.services, fl.grants, fl.other_in});
    line("    现金流入小计 Cash in", in);
    line("    提供捐赠或者资助支付的现金 Aid paid", fl.aid);
    line("    支付的其他与业务活动有关的现金 Costs paid", fl.costs);
    const int64_t out = add.Sum({fl.aid, fl.costs});
    line("    现金流出小计 Cash out", out);
    const int64_t operating = add.Sum({in, -out});
    line("业务活动产生的现金流量净额 Net cash from operating activities", operating);
    line(
        "二、投资活动产生的现金流量 Investing activities: 取得投资收益所收到的现金 Investment "
        "income received",
        fl.investment);
    line("投资活动产生的现金流量净额 Net cash from investing activities", fl.investment);
    line("三、筹资活动产生的现金流量净额 Net cash from financing activities", 0);
    line("四、现金净增加额 Net increase in cash", add.Sum({operating, fl.investment}));
    const auto held = [&](const std::map<std::string, Holdings>& at) {
      auto it = at.find(currency);
      return it == at.end() ? int64_t{0} : add.Sum({it->second.cash[0], it->second.cash[1]});
    };
    line("期初现金 Cash at the start", held(opening));
    line("期末现金 Cash at the end", held(closing));
  }
  r.tables.push_back(std::move(t));
  r.notes.push_back(
      "基金之间的转账不产生现金流量；冲销抵减其所冲销项目 · Transfers between funds move no "
      "cash; a reversal nets against what it reverses");
  AIDLEDGER_RETURN_IF_ERROR(add.Check());
  return r;
}

}  // namespace aidledger::reports
