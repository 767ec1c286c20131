// The reports count costs (费用) and income other than gifts (收入) by
// category; the fund statement still foots; the journal books them as
// expenses and income; income is never money raised.
#include <gtest/gtest.h>

#include "reports/books_reports.h"
#include "reports/journal.h"
#include "reports/statements.h"
#include "tests/ledger/books/books_costs_fixture.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksCostsTest, TheReportsCountCostsByCategoryAndTheFundStatementStillFoots) {
  ASSERT_TRUE(ByTwo(Transport("120.00")).ok());
  CostInput printing = Transport("30.00", "INV-0009");
  printing.category = "admin";
  printing.fund = "GENERAL";
  printing.payee = "光明印刷厂";
  ASSERT_TRUE(ByTwo(printing).ok());
  const BooksState s = State();
  auto period = reports::ParsePeriod("2026-01-01", "2026-12-31");
  ASSERT_TRUE(period.ok());
  auto statement = reports::FundStatement(s, *period);
  ASSERT_TRUE(statement.ok());
  const reports::Table& cash = statement->tables[0];
  size_t costs = 0, closing = 0, fund = 0;
  for (size_t i = 0; i < cash.columns.size(); ++i) {
    if (cash.columns[i].key == "costs") costs = i;
    if (cash.columns[i].key == "closing") closing = i;
    if (cash.columns[i].key == "fund") fund = i;
  }
  ASSERT_NE(costs, 0u);
  for (const auto& row : cash.rows) {
    if (std::get<std::string>(row[fund]) == "STUDENT_AID") {
      EXPECT_EQ(std::get<int64_t>(row[costs]), 12000);
      EXPECT_EQ(std::get<int64_t>(row[closing]), 100000 - 12000);
    }
  }
  auto summary = reports::AnnualSummary(s, "2026");
  ASSERT_TRUE(summary.ok());
  bool program = false, admin = false;
  for (const auto& row : summary->tables[0].rows) {
    const std::string figure = std::get<std::string>(row[0]);
    if (figure.rfind("业务活动成本", 0) == 0) program = std::get<int64_t>(row[2]) == 12000;
    if (figure.rfind("管理费用", 0) == 0) admin = std::get<int64_t>(row[2]) == 3000;
  }
  EXPECT_TRUE(program);
  EXPECT_TRUE(admin);
  const std::string journal = reports::ExportJournal(s, period->to, "test");
  EXPECT_NE(journal.find("Expenses:Costs:admin:Unrestricted:GENERAL"), std::string::npos)
      << journal;
  EXPECT_NE(journal.find("Expenses:Costs:program:Restricted:STUDENT_AID"), std::string::npos);
}

TEST_F(BooksCostsTest, IncomeOtherThanGiftsIsCountedApartFromMoneyRaised) {
  IncomeInput interest;
  interest.category = "investment_income";
  interest.fund = "GENERAL";
  interest.amount = "3.21";
  interest.payer = "开户银行";
  interest.date = "2026-06-21";
  interest.channel = "bank_transfer";
  interest.external_ref = "INT-Q2";
  ASSERT_TRUE(books_->RecordIncome(interest, kTreasurer).ok());
  const BooksState s = State();
  auto period = reports::ParsePeriod("2026-01-01", "2026-12-31");
  ASSERT_TRUE(period.ok());
  auto statement = reports::FundStatement(s, *period);
  ASSERT_TRUE(statement.ok());
  const reports::Table& cash = statement->tables[0];
  size_t income = 0, closing = 0, fund = 0;
  for (size_t i = 0; i < cash.columns.size(); ++i) {
    if (cash.columns[i].key == "other_income") income = i;
    if (cash.columns[i].key == "closing") closing = i;
    if (cash.columns[i].key == "fund") fund = i;
  }
  ASSERT_NE(income, 0u);
  bool seen = false;
  for (const auto& row : cash.rows) {
    if (std::get<std::string>(row[fund]) != "GENERAL") continue;
    seen = true;
    EXPECT_EQ(std::get<int64_t>(row[income]), 321);
    EXPECT_EQ(std::get<int64_t>(row[closing]), 30000 + 321);
  }
  EXPECT_TRUE(seen);
  auto summary = reports::AnnualSummary(s, "2026");
  ASSERT_TRUE(summary.ok());
  int64_t raised = -1, investment = -1;
  for (const auto& row : summary->tables[0].rows) {
    const std::string figure = std::get<std::string>(row[0]);
    if (figure.rfind("募集资金", 0) == 0) raised = std::get<int64_t>(row[2]);
    if (figure.rfind("投资收益", 0) == 0) investment = std::get<int64_t>(row[2]);
  }
  EXPECT_EQ(raised, 130000) << "the two gifts only";
  EXPECT_EQ(investment, 321);
  const std::string journal = reports::ExportJournal(s, period->to, "test");
  EXPECT_NE(journal.find("Income:Other:investment_income:Unrestricted:GENERAL"), std::string::npos)
      << journal;
}

// The figure of the activities line starting with `prefix` in `column`.
int64_t Figure(const reports::Table& t, const std::string& prefix, size_t column) {
  for (const auto& row : t.rows) {
    if (std::get<std::string>(row[0]).find(prefix) != std::string::npos) {
      return std::get<int64_t>(row[column]);
    }
  }
  ADD_FAILURE() << "no line " << prefix;
  return 0;
}

TEST_F(BooksCostsTest, TheStatementOfActivitiesReleasesWhatARestrictedFundSpent) {
  ASSERT_TRUE(ByTwo(Transport("120.00")).ok());  // programme, from the restricted fund
  CostInput printing = Transport("30.00", "INV-0009");
  printing.category = "admin";
  printing.fund = "GENERAL";
  printing.payee = "光明印刷厂";
  ASSERT_TRUE(ByTwo(printing).ok());
  auto period = reports::ParsePeriod("2026-01-01", "2026-12-31");
  ASSERT_TRUE(period.ok());
  auto r = reports::ActivitiesStatement(State(), *period);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const reports::Table& t = r->tables[0];
  constexpr size_t kUnrestricted = 2, kRestricted = 3, kTotal = 4;
  EXPECT_EQ(Figure(t, "捐赠收入", kRestricted), 100000);
  EXPECT_EQ(Figure(t, "捐赠收入", kUnrestricted), 30000);
  // Costs stand unrestricted; the restricted fund's spending is released.
  EXPECT_EQ(Figure(t, "业务活动成本", kUnrestricted), 12000);
  EXPECT_EQ(Figure(t, "业务活动成本", kRestricted), 0);
  EXPECT_EQ(Figure(t, "管理费用", kUnrestricted), 3000);
  EXPECT_EQ(Figure(t, "三、", kUnrestricted), 12000);
  EXPECT_EQ(Figure(t, "三、", kRestricted), -12000);
  EXPECT_EQ(Figure(t, "四、", kUnrestricted), 30000 - 15000 + 12000);
  EXPECT_EQ(Figure(t, "四、", kRestricted), 100000 - 12000);
  EXPECT_EQ(Figure(t, "四、", kTotal), 130000 - 15000);
  // Administrative costs are 20 % of all costs: above 10 %, missed; within
  // a limit of 25 %, met. No income last year: no charitable-spending share.
  const reports::Table& ratios = r->tables[1];
  ASSERT_EQ(ratios.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(ratios.rows[0][4]), "20.00%");
  EXPECT_EQ(std::get<std::string>(ratios.rows[0][6]), "未达标 missed");
  EXPECT_EQ(std::get<std::string>(ratios.rows[1][6]), "-");
  auto lenient = reports::ActivitiesStatement(State(), *period, {70, 25});
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(std::get<std::string>(lenient->tables[1].rows[0][6]), "达标 met");
  // The next year: its programme costs against this year's income.
  CostInput next = Transport("616.00", "INV-0100");
  next.date = "2027-01-05";
  ASSERT_TRUE(ByTwo(next).ok());
  auto year2027 = reports::ParsePeriod("2027-01-01", "2027-12-31");
  auto later = reports::ActivitiesStatement(State(), *year2027);
  ASSERT_TRUE(later.ok());
  const auto& share = later->tables[1].rows[1];
  EXPECT_EQ(std::get<int64_t>(share[2]), 61600);
  EXPECT_EQ(std::get<int64_t>(share[3]), 130000);
  EXPECT_EQ(std::get<std::string>(share[4]), "47.38%");
  EXPECT_EQ(std::get<std::string>(share[6]), "未达标 missed");
  auto met = reports::ActivitiesStatement(State(), *year2027, {45, 10});
  ASSERT_TRUE(met.ok());
  EXPECT_EQ(std::get<std::string>(met->tables[1].rows[1][6]), "达标 met");
}

}  // namespace
}  // namespace aidledger::books_test
