#include "demo/demo_data.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ledger/books/books_replay.h"
#include "ledger/books/money.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

class DemoDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    path_ = dir_->File("demo.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "demo"});
    ASSERT_TRUE(store.ok());
    auto books = Books::Open(store->get());
    ASSERT_TRUE(books.ok());
    auto vault = Vault::Open(books->get(), *key_);
    ASSERT_TRUE(vault.ok());
    auto signer = SigningKey::Generate(CheckpointOrigin((*store)->genesis().ledger_id));
    ASSERT_TRUE(signer.ok());
    auto summary = BuildDemoYear(store->get(), books->get(), vault->get(), *signer);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    summary_ = *summary;
    vault->reset();
    books->reset();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Every entry, decoded.
  static std::vector<Entry> Entries() {
    std::vector<Entry> out;
    auto reader = SqliteLedgerReader::Open(path_);
    EXPECT_TRUE(reader.ok());
    EXPECT_TRUE((*reader)
                    ->Scan(1, INT64_MAX,
                           [&](const StoredEntry& e) {
                             out.push_back(*DecodeEntry(e.canonical));
                             return true;
                           })
                    .ok());
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline std::string path_;
  static inline const VaultKey* key_ = new VaultKey(VaultKey::Generate());
  static inline DemoSummary summary_;
};

int64_t Minor(const Object& payload) {
  return payload.Find("amount")->as_object().Find("minor")->as_int();
}

// The figures are counted here from the chain itself, not taken from the
// builder's summary.
TEST_F(DemoDataTest, AidGivenOutIsWorth876000YuanWithSeventyStudentsFunded) {
  const std::vector<Entry> entries = Entries();
  std::map<int64_t, std::string> kind_of;
  std::map<std::string, std::string> grant_recipient, category;
  int64_t cash_out = 0, goods_out = 0;
  for (const Entry& e : entries) {
    kind_of[e.seq] = e.kind;
    if (e.kind == "recipient.enrolled") {
      category[e.payload.Find("id")->as_string()] = e.payload.Find("category")->as_string();
    } else if (e.kind == "grant.proposed") {
      grant_recipient[e.payload.Find("id")->as_string()] = e.payload.Find("recipient")->as_string();
    } else if (e.kind == "grant.paid") {
      cash_out -= Minor(e.payload);
    } else if (e.kind == "goods.handed_out") {
      goods_out -= Minor(e.payload);
    } else if (e.kind == "entry.reversed") {
      const std::string& target = kind_of[e.payload.Find("reverses")->as_int()];
      if (target == "grant.paid") cash_out -= Minor(e.payload);
      if (target == "goods.handed_out") goods_out -= Minor(e.payload);
    }
  }
  EXPECT_EQ(cash_out + goods_out, 87'600'000)
      << FormatMoneyForDisplay({"CNY", cash_out + goods_out});
  EXPECT_GT(goods_out, 0);

  auto store = LedgerStore::Open(path_);
  ASSERT_TRUE(store.ok());
  auto books = Books::Open(store->get());
  ASSERT_TRUE(books.ok());
  const BooksState state = *(*books)->Snapshot();
  std::set<std::string> students;
  for (const auto& [id, g] : state.grants()) {
    if (g.paid_minor > 0 && category[g.recipient] == "student") students.insert(g.recipient);
    EXPECT_LE(g.paid_minor, g.approved_minor);
  }
  EXPECT_EQ(students.size(), 70u);
  EXPECT_EQ(summary_.aid_cash_minor + summary_.aid_goods_minor, 87'600'000);
}

TEST_F(DemoDataTest, ARealisticYearOfGiftsCorrectionsAndCloses) {
  std::map<std::string, int> count;
  std::set<std::string> channels, valuations, donors;
  int anonymous = 0;
  for (const Entry& e : Entries()) {
    ++count[e.kind];
    if (e.kind == "donation.recorded") {
      channels.insert(e.payload.Find("channel")->as_string());
      if (e.payload.Find("donor")->is_null()) {
        ++anonymous;
      } else {
        donors.insert(e.payload.Find("donor")->as_string());
      }
    }
    if (e.kind == "donation.in_kind") {
      for (const Value& item : e.payload.Find("items")->as_array()) {
        valuations.insert(item.as_object().Find("valuation")->as_string());
      }
    }
  }
  EXPECT_GE(count["fund.opened"], 5);
  EXPECT_GE(count["donation.recorded"], 300);
  EXPECT_GE(anonymous, 100);
  EXPECT_GE(donors.size(), 50u) << "members and companies";
  EXPECT_EQ(channels, (std::set<std::string>{"alipay", "bank_transfer", "cash", "wechat_pay"}));
  EXPECT_EQ(valuations, (std::set<std::string>{"fair_value", "invoice", "unvalued"}));
  EXPECT_GE(count["entry.reversed"], 3);
  EXPECT_GE(count["receipt.voided"], 1);
  EXPECT_GE(count["fund.transferred"], 1);
  EXPECT_EQ(count["period.closed"], 12);
  EXPECT_EQ(count["service.donated"], 13);  // one a month, and May's first, withdrawn
  EXPECT_EQ(count["service.withdrawn"], 1);
  EXPECT_GE(count["goods.handed_out"], 100);
  // The whole ledger verifies, books and checkpoints included; the vault
  // matches the chain.
  const VerifyReport r = VerifyWithBooks(path_);
  ASSERT_TRUE(r.ok) << r.failure->detail;
  EXPECT_EQ(r.checkpoints_checked, 12);
  auto store = LedgerStore::Open(path_);
  auto books = Books::Open(store->get());
  auto vault = Vault::Open(books->get(), *key_);
  ASSERT_TRUE(vault.ok());
  EXPECT_TRUE((*vault)->CheckAgainstChain().ok());
  EXPECT_EQ(books->get()->Snapshot()->recipients().size(), 330u);
}

}  // namespace
}  // namespace aidledger
