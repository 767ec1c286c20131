// The reports reconcile: on random books (valid and refused operations of
// every kind), per-fund figures add up to the totals, opening + in - out =
// closing, a period's opening is the previous period's closing, the closing
// balances are the books' own, paid never exceeds approved, and two reports
// that count the same gifts agree.
#include "reports/books_reports.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <sstream>

#include "ledger/books/books.h"
#include "ledger/books/money.h"
#include "reports/accounts_report.h"
#include "reports/catalog.h"
#include "reports/render.h"
#include "reports/statements.h"
#include "tests/support/random_books.h"
#include "tests/support/test_util.h"

namespace aidledger::reports {
namespace {

using testing::RandomBooks;
using testing::TempDir;

int64_t Num(const Cell& c) { return std::get<int64_t>(c); }
std::string Str(const Cell& c) { return std::get<std::string>(c); }

size_t Col(const Table& t, const std::string& key) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].key == key) return i;
  }
  ADD_FAILURE() << "no column " << key << " in " << t.key;
  return 0;
}

const Table& Tab(const Report& r, const std::string& key) {
  for (const Table& t : r.tables) {
    if (t.key == key) return t;
  }
  ADD_FAILURE() << "no table " << key << " in " << r.name;
  static const Table kNone;
  return kNone;
}

// Rows that are not totals.
std::vector<std::vector<Cell>> Body(const Table& t) {
  return {t.rows.begin(), t.rows.end() - static_cast<std::ptrdiff_t>(t.total_rows)};
}

// The total row named `name` for a currency.
const std::vector<Cell>* TotalRow(const Table& t, const std::string& name,
                                  const std::string& currency) {
  for (size_t i = t.rows.size() - t.total_rows; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    if (Str(row[Col(t, "name")]) == name && Str(row[Col(t, "currency")]) == currency) return &row;
  }
  return nullptr;
}

class RandomBooksReports : public ::testing::TestWithParam<uint32_t> {
 protected:
  void SetUp() override {
    path_ = dir_.File("r.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "r"});
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto books = Books::Open(store_.get());
    ASSERT_TRUE(books.ok());
    books_ = std::move(books).value();
    const Actor admin = RandomBooks::kAdmin;
    ASSERT_TRUE(books_->OpenFund({"FUND_A", "基金", "Fund", false, "", {}}, admin).ok());
    ASSERT_TRUE(
        books_->OpenFund({"FUND_B", "助学", "Aid", true, "aid", {"student", "household"}}, admin)
            .ok());
    RandomBooks random(books_.get(), GetParam());
    std::vector<int64_t> movers;
    for (int step = 0; step < 700; ++step) {
      (void)random.Step(store_->GetHead()->size, &movers);
    }
    auto state = books_->Snapshot();
    ASSERT_TRUE(state.ok());
    state_ = std::move(state).value();
    ASSERT_GT(state_.fact_rows().size(), 50u);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<Books> books_;
  BooksState state_;
};

// The figure in column `key` of the row of `t` whose line starts with
// `prefix`, for `currency`; fails the test when there is none.
int64_t LineOf(const Table& t, const std::string& prefix, const std::string& currency,
               const std::string& key) {
  for (const auto& row : t.rows) {
    if (Str(row[Col(t, "currency")]) != currency) continue;
    const std::string line = Str(row[Col(t, "line")]);
    if (line.find(prefix) != std::string::npos) return Num(row[Col(t, key)]);
  }
  ADD_FAILURE() << "no line " << prefix << " " << currency << " in " << t.key;
  return 0;
}

// The three statements foot and cross-foot, the statement of activities'
// change in net assets is the balance sheet's, their money and goods are the
// fund statement's, and the cash flows join the opening and closing money:
// over random books of every kind, in periods end to end and all at once.
TEST_P(RandomBooksReports, TheStatementsFootCrossFootAndAgreeWithEachOther) {
  const std::vector<std::pair<std::string, std::string>> periods = {{"2026-01-01", "2026-06-30"},
                                                                    {"2026-07-01", "2026-12-31"},
                                                                    {"2027-01-01", "2027-12-31"},
                                                                    {"2026-01-01", "2027-12-31"}};
  bool released = false, costs = false;
  for (const auto& [from, to] : periods) {
    SCOPED_TRACE(from + " .. " + to);
    auto period = ParsePeriod(from, to);
    ASSERT_TRUE(period.ok());
    auto activities = ActivitiesStatement(state_, *period);
    auto balance = BalanceSheet(state_, *period);
    auto flows = CashFlowStatement(state_, *period);
    auto funds = FundStatement(state_, *period);
    auto accounts = AccountsStatement(state_, *period);
    ASSERT_TRUE(activities.ok() && balance.ok() && flows.ok() && funds.ok() && accounts.ok());
    const Table& acc = Tab(*accounts, "accounts");
    const Table& a = Tab(*activities, "activities");
    const Table& b = Tab(*balance, "balance-sheet");
    const Table& c = Tab(*flows, "cash-flows");
    for (const auto& row : a.rows) {
      EXPECT_EQ(Num(row[Col(a, "unrestricted")]) + Num(row[Col(a, "restricted")]),
                Num(row[Col(a, "total")]))
          << Str(row[0]);
    }
    std::set<std::string> currencies;
    for (const auto& row : b.rows) currencies.insert(Str(row[Col(b, "currency")]));
    ASSERT_FALSE(currencies.empty());
    for (const std::string& cur : currencies) {
      SCOPED_TRACE(cur);
      // Activities foot: income and cost lines add up to their totals; the
      // change is income - costs + released; a release moves, adds nothing.
      for (const char* side : {"unrestricted", "restricted", "total"}) {
        int64_t income = 0, cost = 0;
        for (const char* l : {"捐赠收入", "政府补助收入", "会费收入", "提供服务收入", "投资收益",
                              "其他收入 Other income"}) {
          income += LineOf(a, l, cur, side);
        }
        for (const char* l : {"业务活动成本", "管理费用", "筹资费用", "其他费用"}) {
          cost += LineOf(a, l, cur, side);
        }
        EXPECT_EQ(income, LineOf(a, "收入合计", cur, side)) << side;
        EXPECT_EQ(cost, LineOf(a, "费用合计", cur, side)) << side;
        EXPECT_EQ(income - cost + LineOf(a, "三、", cur, side), LineOf(a, "四、", cur, side))
            << side;
      }
      EXPECT_EQ(LineOf(a, "三、", cur, "total"), 0);
      released = released || LineOf(a, "三、", cur, "restricted") != 0;
      costs = costs || LineOf(a, "费用合计", cur, "total") != 0;
      // Costs stand unrestricted.
      EXPECT_EQ(LineOf(a, "费用合计", cur, "restricted"), 0);
      // The change in net assets is the balance sheet's, per restriction.
      for (const auto& [side, line] : std::vector<std::pair<std::string, std::string>>{
               {"unrestricted", "非限定性净资产"},
               {"restricted", "限定性净资产 Restricted"},
               {"total", "净资产合计"}}) {
        EXPECT_EQ(LineOf(b, line, cur, "closing") - LineOf(b, line, cur, "opening"),
                  LineOf(a, "四、", cur, side))
            << side;
      }
      // The balance sheet balances, and holds the fund statement's money and goods.
      for (const char* at : {"opening", "closing"}) {
        EXPECT_EQ(LineOf(b, "资产合计", cur, at), LineOf(b, "负债和净资产总计", cur, at));
        EXPECT_EQ(
            LineOf(b, "非限定性净资产", cur, at) + LineOf(b, "限定性净资产 Restricted", cur, at),
            LineOf(b, "净资产合计", cur, at));
        EXPECT_EQ(LineOf(b, "货币资金", cur, at) + LineOf(b, "存货", cur, at),
                  LineOf(b, "资产合计", cur, at));
      }
      // Money splits by kind of account, and the accounts statement holds
      // the same money: each account's row foots, the total's opening and
      // closing are the balance sheet's.
      for (const char* at : {"opening", "closing"}) {
        EXPECT_EQ(LineOf(b, "其中：现金", cur, at) + LineOf(b, "银行存款", cur, at) +
                      LineOf(b, "其他货币资金", cur, at),
                  LineOf(b, "货币资金 Money", cur, at));
      }
      bool account_total = false;
      for (const auto& row : acc.rows) {
        if (Str(row[Col(acc, "currency")]) != cur) continue;
        EXPECT_EQ(Num(row[Col(acc, "opening")]) + Num(row[Col(acc, "in")]) -
                      Num(row[Col(acc, "out")]) + Num(row[Col(acc, "moved_in")]) -
                      Num(row[Col(acc, "moved_out")]),
                  Num(row[Col(acc, "closing")]))
            << Str(row[0]);
        if (Str(row[Col(acc, "code")]) != "合计 Total") {
          // An account holds its money until the period's end in order; a
          // back-dated move may show it below zero on a day, never at the
          // end of the books.
          if (to == "2027-12-31") {
            const auto& held = state_.accounts().at(Str(row[Col(acc, "code")])).cash;
            EXPECT_EQ(Num(row[Col(acc, "closing")]), held.count(cur) ? held.at(cur) : 0);
          }
          continue;
        }
        account_total = true;
        EXPECT_EQ(Num(row[Col(acc, "opening")]), LineOf(b, "货币资金 Money", cur, "opening"));
        EXPECT_EQ(Num(row[Col(acc, "closing")]), LineOf(b, "货币资金 Money", cur, "closing"));
        EXPECT_EQ(Num(row[Col(acc, "moved_in")]), Num(row[Col(acc, "moved_out")]))
            << "a move between accounts leaves one and enters another";
      }
      EXPECT_TRUE(account_total || LineOf(b, "货币资金 Money", cur, "closing") == 0);
      const auto* cash_total = TotalRow(Tab(*funds, "cash"), "合计 Total", cur);
      const auto* goods_total = TotalRow(Tab(*funds, "goods"), "合计 Total", cur);
      ASSERT_NE(cash_total, nullptr);
      EXPECT_EQ(Num((*cash_total)[Col(Tab(*funds, "cash"), "closing")]),
                LineOf(b, "货币资金", cur, "closing"));
      EXPECT_EQ(Num((*cash_total)[Col(Tab(*funds, "cash"), "opening")]),
                LineOf(b, "货币资金", cur, "opening"));
      if (goods_total != nullptr) {
        EXPECT_EQ(Num((*goods_total)[Col(Tab(*funds, "goods"), "closing")]),
                  LineOf(b, "存货", cur, "closing"));
      }
      // Cash flows join the opening and closing money.
      EXPECT_EQ(LineOf(c, "期初现金", cur, "amount") + LineOf(c, "四、", cur, "amount"),
                LineOf(c, "期末现金", cur, "amount"));
      EXPECT_EQ(LineOf(c, "期末现金", cur, "amount"), LineOf(b, "货币资金", cur, "closing"));
    }
  }
  EXPECT_TRUE(released) << "no random book released a restriction: the test proves less";
  EXPECT_TRUE(costs);
}

TEST_P(RandomBooksReports, FundStatementReconcilesWithItselfAndTheBooks) {
  // Three periods end to end (every date of the random books is in 2026 or
  // 2027), then all of it at once.
  const std::vector<std::pair<std::string, std::string>> periods = {{"2026-01-01", "2026-06-30"},
                                                                    {"2026-07-01", "2026-12-31"},
                                                                    {"2027-01-01", "2027-12-31"},
                                                                    {"2026-01-01", "2027-12-31"}};
  std::map<std::pair<std::string, std::string>, int64_t> closed;  // fund, table -> closing
  for (size_t p = 0; p < periods.size(); ++p) {
    const auto& [from, to] = periods[p];
    SCOPED_TRACE(from + ".." + to);
    const bool whole = p == 3;
    auto r = FundStatement(state_, *ParsePeriod(from, to));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::pair<std::string, std::string>, int64_t> closing;
    for (const char* table : {"cash", "goods"}) {
      const Table& t = Tab(*r, table);
      const bool cash = std::string(table) == "cash";
      std::vector<int64_t> sums(t.columns.size(), 0);
      for (const auto& row : Body(t)) {
        const std::string fund = Str(row[Col(t, "fund")]);
        int64_t moved = 0;
        if (cash) {
          for (const char* in : {"in_cash", "in_bank_transfer", "in_wechat_pay", "in_alipay",
                                 "in_other", "other_income", "transfers_in", "reversals"}) {
            moved += Num(row[Col(t, in)]);
          }
          moved -= Num(row[Col(t, "transfers_out")]) + Num(row[Col(t, "aid_paid")]) +
                   Num(row[Col(t, "costs")]);
          EXPECT_LE(Num(row[Col(t, "releases")]), Num(row[Col(t, "transfers_out")]));
        } else {
          moved = Num(row[Col(t, "received")]) - Num(row[Col(t, "handed_out")]) +
                  Num(row[Col(t, "reversals")]);
        }
        // Opening + in - out = closing. (Within the books a balance dated
        // mid-way may dip below zero: a payment may be dated before the gift
        // that paid for it; the balance held never does.)
        EXPECT_EQ(Num(row[Col(t, "opening")]) + moved, Num(row[Col(t, "closing")])) << fund;
        // A period opens with what the one before it closed with, and with
        // the opening balances of its days (the books began then).
        const auto key = std::make_pair(fund, std::string(table));
        int64_t before = whole || closed.count(key) == 0 ? 0 : closed[key];
        const int32_t first = std::stoi(from.substr(0, 4) + from.substr(5, 2) + from.substr(8, 2));
        const int32_t last = std::stoi(to.substr(0, 4) + to.substr(5, 2) + to.substr(8, 2));
        for (const FactRow& f : state_.fact_rows()) {
          if (f.kind == FactKind::kOpening && cash && state_.FundOf(f) == fund && f.date >= first &&
              f.date <= last) {
            before += f.minor;
          }
        }
        EXPECT_EQ(Num(row[Col(t, "opening")]), before) << fund;
        closing[key] = Num(row[Col(t, "closing")]);
        for (size_t i = 0; i < row.size(); ++i) {
          if (t.columns[i].type != Column::Type::kText) sums[i] += Num(row[i]);
        }
        // Through the last date, the closing balance is what the books hold.
        if (whole) {
          const Fund& f = state_.funds().at(fund);
          const auto& held = cash ? f.cash : f.goods;
          EXPECT_EQ(Num(row[Col(t, "closing")]), held.count("CNY") ? held.at("CNY") : 0) << fund;
          EXPECT_GE(Num(row[Col(t, "closing")]), 0) << fund;
        }
      }
      if (Body(t).empty()) continue;
      // Per-fund figures add up to the total.
      const auto* total = TotalRow(t, "合计 Total", "CNY");
      ASSERT_NE(total, nullptr);
      for (size_t i = 0; i < t.columns.size(); ++i) {
        if (t.columns[i].type != Column::Type::kText) {
          EXPECT_EQ(Num((*total)[i]), sums[i]) << t.columns[i].key;
        }
      }
    }
    for (const auto& [key, value] : closing) closed[key] = value;
  }
}

TEST_P(RandomBooksReports, AidIsNeverPaidBeyondWhatWasApproved) {
  auto r = AidRecipients(state_, *ParsePeriod("2026-01-01", "2027-12-31"), People{});
  ASSERT_TRUE(r.ok());
  const Table& t = Tab(*r, "grants");
  for (const auto& row : Body(t)) {
    EXPECT_LE(Num(row[Col(t, "paid_to_date")]), Num(row[Col(t, "approved")]));
    EXPECT_GE(Num(row[Col(t, "paid_to_date")]), 0);
    EXPECT_EQ(Num(row[Col(t, "outstanding")]),
              Num(row[Col(t, "approved")]) - Num(row[Col(t, "paid_to_date")]));
    EXPECT_EQ(Str(row[Col(t, "name")]), "—");  // no names without the vault
    const Grant& g = state_.grants().at(Str(row[Col(t, "grant")]));
    EXPECT_EQ(Num(row[Col(t, "paid_to_date")]), g.paid_minor);
  }
  EXPECT_FALSE(r->confidential);
  EXPECT_FALSE(Body(t).empty());
}

TEST_P(RandomBooksReports, TheDonationReportsAndTheFundStatementCountTheSameGifts) {
  const Period year = *ParsePeriod("2026-01-01", "2026-12-31");
  auto statement = FundStatement(state_, year);
  auto summary = DonationSummary(state_, year);
  auto reg = DonationRegister(state_, year);
  ASSERT_TRUE(statement.ok() && summary.ok() && reg.ok());
  const Table& cash = Tab(*statement, "cash");
  const auto* total = TotalRow(cash, "合计 Total", "CNY");
  ASSERT_NE(total, nullptr);
  int64_t money_in = 0;
  for (const char* in : {"in_cash", "in_bank_transfer", "in_wechat_pay", "in_alipay", "in_other"}) {
    money_in += Num((*total)[Col(cash, in)]);
  }
  const Table& by_month = Tab(*summary, "by_month");
  int64_t summary_money = 0, summary_gifts = 0;
  for (const auto& row : Body(by_month)) {
    if (Str(row[Col(by_month, "channel")]) != "in_kind") {
      summary_money += Num(row[Col(by_month, "amount")]);
    }
    summary_gifts += Num(row[Col(by_month, "gifts")]);
  }
  EXPECT_EQ(summary_money, money_in);
  EXPECT_EQ(static_cast<int64_t>(Body(Tab(*reg, "gifts")).size()), summary_gifts);
  EXPECT_GT(summary_gifts, 10);
}

// The register whose rows are made as it is written (the service's, for a
// year of a million gifts) holds the rows of the one built at once, and
// still does after the books moved on: new gifts, voids and reversals after
// its entries do not leak into it.
TEST_P(RandomBooksReports, ARegisterMadeAsItIsWrittenCoversOnlyItsEntries) {
  const Period years = *ParsePeriod("2026-01-01", "2027-12-31");
  auto held = DonationRegister(state_, years);
  ASSERT_TRUE(held.ok());
  const ReadBooks later = [this](const std::function<void(const BooksState&)>& fn) {
    return books_->Read(fn);
  };
  auto made = DonationRegister(state_, years, &later);
  ASSERT_TRUE(made.ok());
  const Table& t = Tab(*made, "gifts");
  ASSERT_TRUE(static_cast<bool>(t.source));
  EXPECT_EQ(RowCount(t), Tab(*held, "gifts").rows.size());
  EXPECT_EQ(t.rows.size(), t.total_rows) << "only the totals are held";
  const auto json = [](const Report& r) {
    std::ostringstream out;
    WriteJson(r, out);
    return out.str();
  };
  const std::string before = json(*held);
  ASSERT_EQ(json(*made), before);

  RandomBooks random(books_.get(), GetParam() + 1000);
  std::vector<int64_t> movers;
  for (int step = 0; step < 300; ++step) (void)random.Step(store_->GetHead()->size, &movers);
  auto now = books_->Snapshot();
  ASSERT_TRUE(now.ok());
  ASSERT_GT(now->fact_rows().size(), state_.fact_rows().size()) << "the books moved on";
  EXPECT_EQ(json(*made), before);
}

TEST_P(RandomBooksReports, ThePublicSummaryCoversOnlyTheEntriesItNames) {
  const Period all = *ParsePeriod("2026-01-01", "2027-12-31");
  const int64_t half = state_.size() / 2;
  auto full = PublicSummary(state_, state_.size(), all, People{});
  auto part = PublicSummary(state_, half, all, People{});
  ASSERT_TRUE(full.ok() && part.ok());
  int64_t expected_full = 0, expected_part = 0;
  for (const FactRow& f : state_.fact_rows()) {
    if (f.of_kind != FactKind::kDonation) continue;
    expected_full += f.minor;
    if (f.seq <= half) expected_part += f.minor;
  }
  const auto donations = [](const Report& r) {
    const Table& t = Tab(r, "quarters");
    int64_t sum = 0;
    for (const auto& row : Body(t)) sum += Num(row[Col(t, "donations")]);
    return sum;
  };
  EXPECT_EQ(donations(*full), expected_full);
  EXPECT_EQ(donations(*part), expected_part);
  EXPECT_LT(expected_part, expected_full);
  // Its closing balances of all the entries are the fund statement's.
  auto statement = FundStatement(state_, all);
  ASSERT_TRUE(statement.ok());
  const Table& balances = Tab(*full, "balances");
  const Table& cash = Tab(*statement, "cash");
  int64_t funds_with_money = 0;
  for (const auto& row : Body(cash)) {
    const std::string fund = Str(row[Col(cash, "fund")]);
    const int64_t closing = Num(row[Col(cash, "closing")]);
    bool found = closing == 0;  // a fund that never moved money has no line
    for (const auto& b : Body(balances)) {
      if (Str(b[Col(balances, "fund")]) == fund &&
          Str(b[Col(balances, "currency")]) == Str(row[Col(cash, "currency")])) {
        EXPECT_EQ(Num(b[Col(balances, "cash")]), closing) << fund;
        found = true;
      }
    }
    EXPECT_TRUE(found) << fund;
    funds_with_money += closing != 0;
  }
  EXPECT_GT(funds_with_money, 0);
}

TEST_P(RandomBooksReports, VolunteerServiceAddsUpToTheRecordsStillStanding) {
  int64_t activities = 0, volunteers = 0;
  for (const ServiceRecord& r : state_.services()) {
    if (r.withdrawn_by != 0 || r.date.rfind("2026", 0) != 0) continue;
    ++activities;
    volunteers += r.volunteers;
  }
  EXPECT_GT(activities, 0) << "the random books recorded no service to check";
  auto annual = AnnualSummary(state_, "2026");
  ASSERT_TRUE(annual.ok());
  const Table& t = Tab(*annual, "service");
  int64_t quarters = 0;
  for (const auto& row : Body(t)) quarters += Num(row[Col(t, "activities")]);
  EXPECT_EQ(quarters, activities);
  EXPECT_EQ(Num(t.rows.back()[Col(t, "activities")]), activities);
  EXPECT_EQ(Num(t.rows.back()[Col(t, "volunteers")]), volunteers);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomBooksReports, ::testing::Values(1u, 2u, 3u));

TEST(BooksReportsTest, BadParametersNameTheirField) {
  EXPECT_EQ(ParsePeriod("2026-13-01", "2026-12-31").status().field(), "from");
  EXPECT_EQ(ParsePeriod("2026-02-29", "2026-12-31").status().field(), "from");
  EXPECT_TRUE(ParsePeriod("2028-02-29", "2028-12-31").ok());
  EXPECT_EQ(ParsePeriod("2026-02-01", "2026-01-31").status().field(), "to");
  EXPECT_EQ(YearPeriod("20x6").status().field(), "year");
  BooksState empty;
  ReportRequest q{"donor-statement", "", "", "2026", "D-000009", "2026-11-28", 0, {}};
  EXPECT_EQ(BuildReport(q, empty, People{}).status().code(), ErrorCode::kNotFound);
  q.name = "no-such-report";
  EXPECT_EQ(BuildReport(q, empty, People{}).status().field(), "name");
  q.name = "fund-statement";
  q.from = "yesterday";
  EXPECT_EQ(BuildReport(q, empty, People{}).status().field(), "from");
}

TEST(BooksReportsTest, VolunteerServiceIsDisclosedPerQuarterWithoutWithdrawnRecords) {
  TempDir dir;
  auto store = LedgerStore::Create(dir.File("v.db"), GenesisParams{NewLedgerId(), "v"});
  ASSERT_TRUE(store.ok());
  auto books = Books::Open(store->get());
  ASSERT_TRUE(books.ok());
  const Actor li{"u-li", "coordinator"};
  ASSERT_TRUE((*books)->RecordService({"助学家访", "2026-02-14", 4, 4 * 150}, li).ok());
  ASSERT_TRUE((*books)->RecordService({"冬季送温暖", "2026-12-05", 12, 12 * 180}, li).ok());
  auto mistaken = (*books)->RecordService({"冬季送温暖", "2026-12-06", 3, 100}, li);
  ASSERT_TRUE(mistaken.ok());
  ASSERT_TRUE((*books)->RecordService({"next year", "2027-01-02", 1, 60}, li).ok());
  const int64_t before_withdrawal = store->get()->GetHead()->size;
  ASSERT_TRUE((*books)->WithdrawService(mistaken->seq, "entered twice", li).ok());
  const BooksState state = *(*books)->Snapshot();

  auto annual = AnnualSummary(state, "2026");
  ASSERT_TRUE(annual.ok()) << annual.status().ToString();
  const Table& t = Tab(*annual, "service");
  ASSERT_EQ(t.rows.size(), 3u);  // 2026Q1, 2026Q4, the total
  EXPECT_EQ(Str(t.rows[0][Col(t, "quarter")]), "2026Q1");
  EXPECT_EQ(Str(t.rows[0][Col(t, "hours")]), "10.0");
  EXPECT_EQ(Num(t.rows[1][Col(t, "volunteers")]), 12);
  EXPECT_EQ(Str(t.rows[1][Col(t, "hours")]), "36.0");
  EXPECT_EQ(Num(t.rows[2][Col(t, "activities")]), 2);
  EXPECT_EQ(Num(t.rows[2][Col(t, "volunteers")]), 16);
  EXPECT_EQ(Str(t.rows[2][Col(t, "hours")]), "46.0");

  // As the public saw it before the withdrawal: 100 more minutes (1.7 h).
  const Period year = *YearPeriod("2026");
  auto earlier = PublicSummary(state, before_withdrawal, year, People{});
  ASSERT_TRUE(earlier.ok());
  const Table& e = Tab(*earlier, "service");
  EXPECT_EQ(Str(e.rows.back()[Col(e, "hours")]), "47.7");
  EXPECT_EQ(Num(e.rows.back()[Col(e, "activities")]), 3);

  auto corrections = Corrections(state, year);
  ASSERT_TRUE(corrections.ok());
  const Table& c = Tab(*corrections, "corrections");
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(Str(c.rows[0][Col(c, "target")]), "entry " + std::to_string(mistaken->seq));
  EXPECT_EQ(Str(c.rows[0][Col(c, "date")]), "2026-12-06");
  EXPECT_EQ(Str(c.rows[0][Col(c, "reason")]), "entered twice");
}

}  // namespace
}  // namespace aidledger::reports

namespace aidledger::reports {
namespace {

// A reopened period is a correction: the corrections list names it with
// both people and the reason, and the public summary publishes it as a
// correction notice.
TEST(BooksReportsTest, AReopenedPeriodIsPublishedAsACorrection) {
  TempDir dir;
  auto store = LedgerStore::Create(dir.File("r.db"), GenesisParams{NewLedgerId(), "r"});
  ASSERT_TRUE(store.ok());
  auto books = Books::Open(store->get());
  ASSERT_TRUE(books.ok());
  const Actor wang{"u-wang", "treasurer"}, qian{"u-qian", "treasurer"};
  auto close = (*books)->ProposeClose("2026-03", "2026-04-01", wang);
  ASSERT_TRUE(close.ok()) << close.status().ToString();
  ASSERT_TRUE((*books)->ConfirmClose(close->seq, qian).ok());
  auto reopen = (*books)->ProposeReopen("2026-03", "a bank slip came late", qian);
  ASSERT_TRUE(reopen.ok());
  ASSERT_TRUE((*books)->ConfirmReopen(reopen->seq, wang).ok());
  const BooksState state = *(*books)->Snapshot();
  const Period year = *YearPeriod("2026");

  auto corrections = Corrections(state, year);
  ASSERT_TRUE(corrections.ok());
  const Table& c = Tab(*corrections, "corrections");
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(Str(c.rows[0][Col(c, "kind")]), "期间重新打开 period reopened");
  EXPECT_EQ(Str(c.rows[0][Col(c, "target")]), "period 2026-03");
  EXPECT_EQ(Str(c.rows[0][Col(c, "reason")]), "a bank slip came late");
  EXPECT_NE(Str(c.rows[0][Col(c, "actor")]).find("proposed by u-qian"), std::string::npos);

  auto summary = PublicSummary(state, state.size(), year, People{});
  ASSERT_TRUE(summary.ok());
  const Table& notice = Tab(*summary, "reopened");
  ASSERT_EQ(notice.rows.size(), 1u);
  EXPECT_EQ(Str(notice.rows[0][Col(notice, "period")]), "2026-03");
  // As of before the reopening, there was nothing to correct.
  auto before = PublicSummary(state, reopen->seq, year, People{});
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(Tab(*before, "reopened").rows.empty());
}

// The books refuse any entry past the gross bound, so a state at the bound
// is the worst the books can reach: every report over it is computed.
TEST(BooksReportsTest, AtTheBooksGrossBoundEveryReportIsComputed) {
  BooksState state;
  const Actor admin{"u-admin", "admin"}, wang{"u-wang", "treasurer"};
  ASSERT_TRUE(state
                  .Apply(kinds::kGenesis, Actor{"system", "system"},
                         Object{{"created_at", "2026-12-07T10:00:00.000000Z"}})
                  .ok());
  ASSERT_TRUE(state
                  .Apply(kinds::kPolicySet, admin,
                         Object{{"max_entry_minor", int64_t{1'000'000'000'000'000}}})
                  .ok());
  for (const char* fund : {"FUND_A", "FUND_B"}) {
    ASSERT_TRUE(state
                    .Apply(kinds::kFundOpened, admin,
                           Object{{"code", fund},
                                  {"name_en", "Fund"},
                                  {"name_zh", "基金"},
                                  {"purpose", ""},
                                  {"restricted", false},
                                  {"serves", Array{}}})
                    .ok());
  }
  Status last;
  int accepted = 0;
  for (int i = 0; i < 4000 && last.ok(); ++i) {
    const std::string date = i % 2 == 0 ? "2026-03-01" : "2026-11-30";
    last = state.Apply(
        kinds::kDonationRecorded, wang,
        Object{{"amount", Object{{"currency", "CNY"}, {"minor", int64_t{1'000'000'000'000'000}}}},
               {"channel", "cash"},
               {"date", date},
               {"donor", nullptr},
               {"external_ref", nullptr},
               {"fund", i % 3 == 0 ? "FUND_A" : "FUND_B"},
               {"memo", ""},
               {"receipt", state.NextReceipt(2026)},
               {"separate_gift", false}});
    if (last.ok()) ++accepted;
  }
  ASSERT_FALSE(last.ok()) << "the bound was never reached";
  EXPECT_EQ(last.code(), ErrorCode::kOutOfRange);
  EXPECT_GT(accepted, 1000);
  for (const ReportInfo& info : Catalog()) {
    SCOPED_TRACE(info.name);
    ReportRequest q{info.name, "2026-01-01", "2026-12-31", "2026",
                    "",        "2026-12-31", state.size(), {}};
    // No donor was registered; the journal is built apart, below.
    if (info.name == "donor-statement" || info.name == "journal") continue;
    auto report = BuildReport(q, state, People{});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
  }
  EXPECT_TRUE(
      BuildJournal(
          ReportRequest{"journal", "2026-01-01", "2026-12-31", "", "", "2026-12-31", 0, {}}, state)
          .ok());
}

}  // namespace
}  // namespace aidledger::reports
