// The reports on the demo year (demo/): the headline figures the team
// publishes, every report in every format, and the journal read by hledger
// and ledger-cli giving the fund statement's closing balances.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "demo/demo_data.h"
#include "ledger/base/canonical_json.h"
#include "ledger/books/books.h"
#include "ledger/books/money.h"
#include "ledger/books/vault.h"
#include "reports/accounts_report.h"
#include "reports/books_reports.h"
#include "reports/catalog.h"
#include "reports/journal.h"
#include "reports/render.h"
#include "reports/statements.h"
#include "tests/support/test_util.h"

namespace aidledger::reports {
namespace {

using testing::TempDir;

class DemoReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string path = dir_->File("demo.db");
    auto store = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "demo"});
    ASSERT_TRUE(store.ok());
    auto books = Books::Open(store->get());
    ASSERT_TRUE(books.ok());
    auto vault = Vault::Open(books->get(), VaultKey::Generate());
    ASSERT_TRUE(vault.ok());
    auto signer = SigningKey::Generate(CheckpointOrigin((*store)->genesis().ledger_id));
    ASSERT_TRUE(signer.ok());
    ASSERT_TRUE(BuildDemoYear(store->get(), books->get(), vault->get(), *signer).ok());
    state_ = new BooksState(*(*books)->Snapshot());
  }
  static void TearDownTestSuite() {
    delete state_;
    delete dir_;
  }

  static const Table& Tab(const Report& r, const std::string& key) {
    for (const Table& t : r.tables) {
      if (t.key == key) return t;
    }
    ADD_FAILURE() << "no table " << key;
    static const Table kNone;
    return kNone;
  }
  // The number in the row whose first column is `label`.
  static int64_t Figure(const Table& t, const std::string& label, size_t column) {
    for (const auto& row : t.rows) {
      if (std::get<std::string>(row[0]) == label) return std::get<int64_t>(row[column]);
    }
    ADD_FAILURE() << "no row " << label;
    return -1;
  }

  static inline TempDir* dir_ = nullptr;
  static inline BooksState* state_ = nullptr;
};

TEST_F(DemoReportsTest, TheAnnualSummaryShowsAid876000YuanAndSeventyStudents) {
  auto r = AnnualSummary(*state_, "2025");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Figure(Tab(*r, "money"), "发放资金和物资合计 Aid given out in money and goods", 2),
            87'600'000);
  EXPECT_EQ(Figure(Tab(*r, "people"), "资助学生 Students funded", 1), 70);
  EXPECT_GT(Figure(Tab(*r, "money"), "发放物资价值 Goods given out", 2), 0);
  // Printed, the figure reads as people expect it.
  EXPECT_NE(ToHtml(*r).find("¥876,000.00"), std::string::npos);
}

TEST_F(DemoReportsTest, EveryReportRendersInEveryFormat) {
  People people;
  people.recipient_name = [](const std::string&) { return std::string("张*明"); };
  people.donor_name = [](const std::string&) { return std::string("王*"); };
  people.public_donor_names = {{"D-000001", "<script>alert(1)</script>"}};
  for (const ReportInfo& info : Catalog()) {
    if (info.name == "journal") continue;
    SCOPED_TRACE(info.name);
    ReportRequest q{info.name,  "2025-01-01", "2025-12-31",   "2025",
                    "D-000001", "2025-12-31", state_->size(), {}};
    auto r = BuildReport(q, *state_, people);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->name, info.name);
    EXPECT_FALSE(r->tables.empty());
    const std::string csv = ToCsv(*r);
    EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    const std::string html = ToHtml(*r);
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_TRUE(ToJson(*r).is_object());
    // The streamed JSON is the tree's canonical encoding, byte for byte.
    std::ostringstream streamed;
    WriteJson(*r, streamed);
    EXPECT_EQ(streamed.str(), EncodeCanonical(ToJson(*r)));
  }
}

TEST_F(DemoReportsTest, ThePublicSummaryNamesOnlyConsentingDonorsAndNoRecipient) {
  People people;
  people.recipient_name = [](const std::string& id) { return "RECIPIENT " + id; };
  people.donor_name = [](const std::string& id) { return "DONOR " + id; };
  people.public_donor_names = {{"D-000002", "爱心企业"}};
  auto r = PublicSummary(*state_, state_->size(), *ParsePeriod("2025-01-01", "2025-12-31"), people);
  ASSERT_TRUE(r.ok());
  const std::string all = ToCsv(*r) + ToHtml(*r);
  EXPECT_NE(all.find("爱心企业"), std::string::npos);
  EXPECT_EQ(all.find("RECIPIENT"), std::string::npos);
  EXPECT_EQ(all.find("DONOR"), std::string::npos);
  EXPECT_EQ(all.find("R-0"), std::string::npos);
  EXPECT_EQ(all.find("D-000003"), std::string::npos);
  EXPECT_FALSE(r->confidential);
}

// Minor units from a tool's decimal output ("999.5", "-250.50 CNY").
int64_t Fen(std::string text) {
  const size_t space = text.find(' ');
  if (space != std::string::npos) text = text.substr(0, space);
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text = text.substr(1);
  const size_t dot = text.find('.');
  std::string whole = text.substr(0, dot),
              frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  frac = (frac + "00").substr(0, 2);
  const int64_t v = std::stoll(whole.empty() ? "0" : whole) * 100 + std::stoll(frac);
  return negative ? -v : v;
}

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << command;
  return out;
}

// Every account's balance at the year's end, as hledger and as ledger-cli
// give it from the journal: account -> fen (CNY).
std::map<std::string, int64_t> HledgerBalances(const std::string& path) {
  std::map<std::string, int64_t> out;
  std::istringstream hl(RunCommand("hledger -f " + path + " bal --flat -O csv"));
  for (std::string line; std::getline(hl, line);) {
    // "Assets:Money:ICBC_BASIC","999.50 CNY"
    const size_t mid = line.find("\",\"");
    if (mid == std::string::npos || line[0] != '"' || line.rfind("\"total\"", 0) == 0 ||
        line.rfind("\"account\"", 0) == 0) {
      continue;
    }
    out[line.substr(1, mid - 1)] = Fen(line.substr(mid + 3, line.size() - mid - 4));
  }
  return out;
}

std::map<std::string, int64_t> LedgerCliBalances(const std::string& path) {
  std::map<std::string, int64_t> out;
  std::istringstream ll(RunCommand("ledger -f " + path +
                                   " bal --flat --no-total --format "
                                   "'%(account)\\t%(quantity(scrub(display_total)))\\n'"));
  for (std::string line; std::getline(ll, line);) {
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) out[line.substr(0, tab)] = Fen(line.substr(tab + 1));
  }
  return out;
}

// The journal is in double entry and both tools read it so: money sits in
// the accounts (each at the accounts report's closing balance, none below
// zero), goods in their funds (the fund statement's), and minus the sum of
// a fund's income, expenses and net assets is its money and goods; hledger
// check passes it.
TEST_F(DemoReportsTest, HledgerAndLedgerCliBalanceTheJournalAsTheStatementsClose) {
  const std::string path = dir_->File("books.journal");
  {
    std::ofstream out(path);
    out << ExportJournal(*state_, 20251231, "demo");
  }
  RunCommand("hledger -f " + path + " check");
  const auto period = *ParsePeriod("2025-01-01", "2025-12-31");
  auto statement = FundStatement(*state_, period);
  auto accounts = AccountsStatement(*state_, period);
  ASSERT_TRUE(statement.ok() && accounts.ok());
  std::map<std::string, int64_t> expected;   // what the tools must say, account -> closing
  std::map<std::string, int64_t> fund_held;  // fund -> money and goods
  for (const char* table : {"cash", "goods"}) {
    const Table& t = Tab(*statement, table);
    for (size_t i = 0; i + t.total_rows < t.rows.size(); ++i) {
      const auto& row = t.rows[i];
      const std::string restriction = std::get<std::string>(row[2]).find("非") == std::string::npos
                                          ? "Restricted"
                                          : "Unrestricted";
      const std::string fund = std::get<std::string>(row[0]);
      const int64_t closing = std::get<int64_t>(row.back());
      fund_held[fund] += closing;
      if (std::string(table) == "goods" && closing != 0) {
        expected["Assets:Goods:" + restriction + ":" + fund] = closing;
      }
    }
  }
  const Table& a = Tab(*accounts, "accounts");
  for (size_t i = 0; i + a.total_rows < a.rows.size(); ++i) {
    const int64_t closing = std::get<int64_t>(a.rows[i].back());
    EXPECT_GE(closing, 0);
    if (closing != 0) expected["Assets:Money:" + std::get<std::string>(a.rows[i][0])] = closing;
  }
  ASSERT_TRUE(expected.count("Assets:Money:ICBC_BASIC")) << "the bank holds the year's money";
  auto sheet = BalanceSheet(*state_, period);
  ASSERT_TRUE(sheet.ok());
  int64_t total_assets = -1, unrestricted = -1, restricted = -1;
  for (const auto& row : Tab(*sheet, "balance-sheet").rows) {
    const std::string& line = std::get<std::string>(row[0]);
    const int64_t closing = std::get<int64_t>(row[3]);
    if (line.rfind("资产合计", 0) == 0) total_assets = closing;
    if (line.rfind("非限定性净资产", 0) == 0) unrestricted = closing;
    if (line.rfind("限定性净资产", 0) == 0) restricted = closing;
  }
  ASSERT_GT(total_assets, 0);
  ASSERT_GT(restricted, 0);
  ASSERT_GE(fund_held.size(), 5u);

  for (const auto& [tool, balances] : {std::pair{"hledger", HledgerBalances(path)},
                                       std::pair{"ledger", LedgerCliBalances(path)}}) {
    SCOPED_TRACE(tool);
    std::map<std::string, int64_t> assets;
    std::map<std::string, int64_t> funds;       // minus each fund's income, expenses and net assets
    std::map<std::string, int64_t> net_assets;  // the same by restriction
    for (const auto& [account, fen] : balances) {
      if (account.rfind("Assets:", 0) == 0) {
        if (fen != 0) assets[account] = fen;
        continue;
      }
      funds[account.substr(account.rfind(':') + 1)] -= fen;
      net_assets[account.find(":Unrestricted:") != std::string::npos ? "unrestricted"
                                                                     : "restricted"] -= fen;
    }
    // The balance sheet's net assets by restriction.
    EXPECT_EQ(net_assets["unrestricted"], unrestricted);
    EXPECT_EQ(net_assets["restricted"], restricted);
    EXPECT_EQ(assets, expected);
    for (const auto& [fund, held] : fund_held) EXPECT_EQ(funds[fund], held) << fund;
    // And the balance sheet's total assets.
    int64_t total = 0;
    for (const auto& [account, fen] : assets) total += fen;
    EXPECT_EQ(total, total_assets);
  }
}

// Both tools, asked for the year's income and expenses from the journal,
// give the statement of activities' total income and total costs; and the
// costs of each category.
TEST_F(DemoReportsTest, HledgerAndLedgerCliAgreeWithTheStatementOfActivities) {
  const std::string path = dir_->File("books.journal");
  {
    std::ofstream out(path);
    out << ExportJournal(*state_, 20251231, "demo");
  }
  auto activities = ActivitiesStatement(*state_, *ParsePeriod("2025-01-01", "2025-12-31"));
  ASSERT_TRUE(activities.ok());
  std::map<std::string, int64_t> expected;
  for (const auto& row : Tab(*activities, "activities").rows) {
    const std::string line = std::get<std::string>(row[0]);
    const int64_t total = std::get<int64_t>(row[4]);
    if (line.rfind("收入合计", 0) == 0) expected["Income"] = -total;
    if (line.rfind("费用合计", 0) == 0) expected["Expenses"] = total;
    if (line.find("管理费用") != std::string::npos) expected["Expenses:Costs:admin"] = total;
    if (line.find("筹资费用") != std::string::npos) expected["Expenses:Costs:fundraising"] = total;
  }
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_GT(expected["Expenses:Costs:admin"], 0) << "the demo year records administrative costs";
  EXPECT_LT(expected["Income"], -100'000'000) << "over a million yuan of income";

  std::map<std::string, int64_t> hledger;
  for (const char* depth : {"1", "3"}) {
    const std::string h =
        RunCommand("hledger -f " + path + " bal --depth " + depth + " -O csv Income Expenses");
    std::istringstream hl(h);
    for (std::string line; std::getline(hl, line);) {
      const size_t mid = line.find("\",\"");
      if (mid == std::string::npos || line[0] != '"') continue;
      const std::string account = line.substr(1, mid - 1);
      if (expected.count(account) != 0) {
        hledger[account] = Fen(line.substr(mid + 3, line.size() - mid - 4));
      }
    }
  }
  std::map<std::string, int64_t> ledger;
  for (const char* depth : {"1", "3"}) {
    const std::string l = RunCommand("ledger -f " + path + " bal --depth " + depth +
                                     " --format '%(account)\\t%(quantity(scrub(display_total)))"
                                     "\\n' ^Income ^Expenses");
    std::istringstream ll(l);
    for (std::string line; std::getline(ll, line);) {
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::string account = line.substr(0, tab);
      if (expected.count(account) != 0) ledger[account] = Fen(line.substr(tab + 1));
    }
  }
  EXPECT_EQ(hledger, expected);
  EXPECT_EQ(ledger, expected);
}

}  // namespace
}  // namespace aidledger::reports
