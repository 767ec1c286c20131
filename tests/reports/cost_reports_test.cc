// The reports count costs (费用) by category; the fund statement still foots
// and the journal books them as expenses.
#include <gtest/gtest.h>

#include "reports/books_reports.h"
#include "reports/journal.h"
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

}  // namespace
}  // namespace aidledger::books_test
