// Opening balances in the reports: the balance a period opens with when it
// holds the books' first day, never a movement (not income, not a cash
// flow); nothing at all in a period that ends before that day.
#include <gtest/gtest.h>

#include "reports/accounts_report.h"
#include "reports/books_reports.h"
#include "reports/journal.h"
#include "reports/statements.h"
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

const Actor kSecondTreasurer{"u-zhou", "treasurer"};

// The cell of the row of `t` whose column `key_column` starts with `prefix`
// (and whose column `match_column` is `match`, when given), in column `column`.
int64_t Cell(const reports::Table& t, const std::string& key_column, const std::string& prefix,
             const std::string& column, const std::string& match_column = "",
             const std::string& match = "") {
  size_t key = t.columns.size(), value = t.columns.size(), other = t.columns.size();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].key == key_column) key = i;
    if (t.columns[i].key == column) value = i;
    if (t.columns[i].key == match_column) other = i;
  }
  EXPECT_LT(key, t.columns.size()) << key_column;
  EXPECT_LT(value, t.columns.size()) << column;
  for (const auto& row : t.rows) {
    if (key >= row.size() || value >= row.size()) break;
    if (std::get<std::string>(row[key]).rfind(prefix, 0) != 0) continue;
    if (other < row.size() && std::get<std::string>(row[other]) != match) continue;
    return std::get<int64_t>(row[value]);
  }
  ADD_FAILURE() << "no row " << prefix << " in " << t.key;
  return -1;
}

class OpeningReportsTest : public BooksTest {
 protected:
  void SetUp() override {
    BooksTest::SetUp();
    OpeningInput opening{
        "2026-01-01",
        {{"STUDENT_AID", "BANK", "800.00", "CNY"}, {"GENERAL", "CASH", "350.00", "CNY"}},
        "2025年末银行对账单、现金盘点表"};
    auto proposed = books_->ProposeOpening(opening, kTreasurer);
    ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
    size_t failed = 0;
    ASSERT_TRUE(books_->RecordOpening(proposed->seq, kSecondTreasurer, &failed).ok());
    DonationInput d;
    d.fund = "GENERAL";
    d.amount = "100.00";
    d.channel = "cash";
    d.date = "2026-03-01";
    ASSERT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  }
  reports::Period Year(const std::string& year) { return *reports::YearPeriod(year); }
};

TEST_F(OpeningReportsTest, TheFundStatementOpensWithThemAndCountsThemInNoColumnOfMovement) {
  const BooksState s = State();
  auto year = reports::FundStatement(s, Year("2026"));
  ASSERT_TRUE(year.ok());
  const reports::Table& cash = year->tables[0];
  EXPECT_EQ(Cell(cash, "fund", "GENERAL", "opening"), 35000);
  EXPECT_EQ(Cell(cash, "fund", "GENERAL", "closing"), 45000);
  EXPECT_EQ(Cell(cash, "fund", "STUDENT_AID", "opening"), 80000);
  EXPECT_EQ(Cell(cash, "fund", "STUDENT_AID", "closing"), 80000);
  EXPECT_EQ(Cell(cash, "fund", "STUDENT_AID", "reversals"), 0);
  // A month that holds the first day opens with them too.
  auto january = reports::FundStatement(s, *reports::ParsePeriod("2026-01-01", "2026-01-31"));
  ASSERT_TRUE(january.ok());
  EXPECT_EQ(Cell(january->tables[0], "fund", "GENERAL", "opening"), 35000);
  // The year before the books began knows nothing of them.
  auto before = reports::FundStatement(s, Year("2025"));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(Cell(before->tables[0], "fund", "GENERAL", "closing"), 0);
}

TEST_F(OpeningReportsTest, TheStatementsShowThemAsOpeningNetAssetsAndOpeningCashNotAsIncome) {
  const BooksState s = State();
  auto sheet = reports::BalanceSheet(s, Year("2026"));
  ASSERT_TRUE(sheet.ok());
  const reports::Table& b = sheet->tables[0];
  EXPECT_EQ(Cell(b, "line", "非限定性净资产", "opening"), 35000);
  EXPECT_EQ(Cell(b, "line", "限定性净资产", "opening"), 80000);
  EXPECT_EQ(Cell(b, "line", "净资产合计", "closing"), 125000);
  EXPECT_EQ(Cell(b, "line", "　　　　银行存款", "opening"), 80000);
  EXPECT_EQ(Cell(b, "line", "　其中：现金", "opening"), 35000);

  auto activities = reports::ActivitiesStatement(s, Year("2026"));
  ASSERT_TRUE(activities.ok());
  const reports::Table& a = activities->tables[0];
  size_t total = 0;
  for (size_t i = 0; i < a.columns.size(); ++i) {
    if (a.columns[i].key == "total") total = i;
  }
  ASSERT_NE(total, 0u);
  for (const auto& row : a.rows) {
    if (std::get<std::string>(row[0]).rfind("收入合计", 0) == 0) {
      EXPECT_EQ(std::get<int64_t>(row[total]), 10000) << "the gift only";
    }
  }

  auto flows = reports::CashFlowStatement(s, Year("2026"));
  ASSERT_TRUE(flows.ok());
  EXPECT_EQ(Cell(flows->tables[0], "line", "期初现金", "amount"), 115000);
  EXPECT_EQ(Cell(flows->tables[0], "line", "四、现金净增加额", "amount"), 10000);
  EXPECT_EQ(Cell(flows->tables[0], "line", "期末现金", "amount"), 125000);

  auto accounts = reports::AccountsStatement(s, Year("2026"));
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(Cell(accounts->tables[0], "code", "CASH", "opening"), 35000);
  EXPECT_EQ(Cell(accounts->tables[0], "code", "CASH", "in"), 10000);
  EXPECT_EQ(Cell(accounts->tables[0], "code", "BANK", "opening"), 80000);
}

TEST_F(OpeningReportsTest, TheJournalBooksThemAgainstNetAssets) {
  const std::string journal = reports::ExportJournal(State(), 20261231, "test");
  const size_t at = journal.find("2026-01-01 * opening balance");
  ASSERT_NE(at, std::string::npos) << journal;
  const std::string txn = journal.substr(at, journal.find("\n\n", at) - at);
  EXPECT_NE(txn.find("Assets:Money:BANK"), std::string::npos) << txn;
  EXPECT_NE(txn.find("NetAssets:Restricted:STUDENT_AID"), std::string::npos) << txn;
  EXPECT_EQ(txn.find("Income"), std::string::npos) << txn;
}

}  // namespace
}  // namespace aidledger::books_test
