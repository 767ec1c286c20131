// The books' rules, the write core: concurrent writers, shared commits, replay of rules, old forms.
#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

// Two writers (as two processes would be) record gifts at once: receipts stay
// unique and gap-free because each append is checked against the state it saw.
TEST_F(BooksTest, ConcurrentWritersKeepReceiptsGapFree) {
  auto other_store = LedgerStore::Open(path_);
  ASSERT_TRUE(other_store.ok());
  auto other = Books::Open(other_store->get());
  ASSERT_TRUE(other.ok());
  std::vector<std::string> a, b;
  std::thread t1([&] {
    for (int i = 0; i < 40; ++i) {
      auto r = books_->RecordDonation(Cash("1.00"), kTreasurer);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      a.push_back(r->receipt);
    }
  });
  std::thread t2([&] {
    for (int i = 0; i < 40; ++i) {
      auto r = (*other)->RecordDonation(Cash("1.00"), kTreasurer);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      b.push_back(r->receipt);
    }
  });
  t1.join();
  t2.join();
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  ASSERT_EQ(all.size(), 80u);
  EXPECT_EQ(*all.begin(), "2026-000001");
  EXPECT_EQ(*all.rbegin(), "2026-000080");
  EXPECT_EQ(Balance("STUDENT_AID"), 8000);
}

// Many writers at once share transactions; each is still checked on its own:
// refusals do not affect the others, receipts stay gap-free.
TEST_F(BooksTest, ConcurrentOperationsShareCommitsAndAreRefusedAlone) {
  constexpr int kThreads = 12, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::vector<std::string>> receipts(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every third gift names no fund: refused, alone.
        DonationInput d = Cash("1.00");
        if ((t + i) % 3 == 0) d.fund = "NOPE";
        auto r = books_->RecordDonation(d, kTreasurer);
        if (r.ok()) {
          ++accepted;
          receipts[static_cast<size_t>(t)].push_back(r->receipt);
        } else {
          EXPECT_EQ(r.status().field(), "fund");
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted + refused, kThreads * kEach);
  std::set<std::string> all;
  for (const auto& list : receipts) all.insert(list.begin(), list.end());
  ASSERT_EQ(static_cast<int>(all.size()), accepted.load());
  EXPECT_EQ(
      *all.rbegin(), "2026-" + [&] {
        std::string n = std::to_string(accepted.load());
        return std::string(6 - n.size(), '0') + n;
      }());
  EXPECT_EQ(Balance("STUDENT_AID"), accepted * 100);
  const Books::CommitStats stats = books_->commit_stats();
  EXPECT_EQ(stats.operations, accepted + 2);  // and the two funds of SetUp
  EXPECT_LT(stats.transactions, stats.operations) << "no two operations shared a commit";
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// A leader commits the groups that queue behind it and signals each thread
// outside the queue's lock: every caller must still get its own entry back,
// in the order it asked, and never another thread's.
TEST_F(BooksTest, ConcurrentWritersGetBackTheirOwnEntriesInTheirOrder) {
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::vector<RecordedDonation>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        DonationInput d = Cash("1.00");
        d.memo = "T" + std::to_string(t) + "-" + std::to_string(i);
        auto r = books_->RecordDonation(d, kTreasurer);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        got[static_cast<size_t>(t)].push_back(*r);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto reader = SqliteLedgerReader::Open(path_);
  ASSERT_TRUE(reader.ok());
  for (int t = 0; t < kThreads; ++t) {
    const auto& mine = got[static_cast<size_t>(t)];
    ASSERT_EQ(mine.size(), static_cast<size_t>(kEach));
    for (int i = 0; i < kEach; ++i) {
      const AppendedEntry& e = mine[static_cast<size_t>(i)].entry;
      if (i > 0) {
        EXPECT_GT(e.seq, mine[static_cast<size_t>(i) - 1].entry.seq);
      }
      auto stored = (*reader)->GetEntry(e.seq);
      ASSERT_TRUE(stored.ok());
      EXPECT_EQ(stored->hash, e.hash);
      auto entry = DecodeEntry(stored->canonical);
      ASSERT_TRUE(entry.ok());
      const Value* memo = entry->payload.Find("memo");
      ASSERT_NE(memo, nullptr);
      EXPECT_EQ(memo->as_string(), "T" + std::to_string(t) + "-" + std::to_string(i));
    }
  }
  const Books::CommitStats stats = books_->commit_stats();
  EXPECT_LT(stats.transactions, stats.operations) << "no two operations shared a commit";
}

TEST_F(BooksTest, ReplayRefusesAChainWhoseEntriesBreakTheRules) {
  // Written past the Books, straight into the store: a gift to no fund.
  ASSERT_TRUE(
      store_
          ->Append(EntryDraft{"donation.recorded", kTreasurer,
                              Object{{"amount", Object{{"currency", "CNY"}, {"minor", 100}}},
                                     {"channel", "cash"},
                                     {"date", "2026-01-01"},
                                     {"donor", nullptr},
                                     {"external_ref", nullptr},
                                     {"fund", "GHOST"},
                                     {"memo", ""},
                                     {"receipt", "2026-000001"},
                                     {"separate_gift", false}}})
          .ok());
  auto replay = Books::Open(store_.get());
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(replay.status().message().find("entry 4"), std::string::npos)
      << replay.status().message();
  // The chain itself is intact; verify (which replays the books) names the entry.
  EXPECT_TRUE(VerifyDatabase(path_).ok) << "the chain alone keeps its rules";
  const VerifyReport r = VerifyWithBooks(path_);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBooksRule);
  EXPECT_EQ(r.failure->seq, 4);
}

// A ledger begun before the four-eyes rules replays the forms it was
// written in (a close and a reversal by one person, a payment without
// duplicate_reason); a ledger begun since refuses them, on append and on
// replay alike.
TEST(BooksRulesGenerationTest, OldFormsReplayOnlyInLedgersBegunBeforeTheRules) {
  const Object lone_close{{"balances", Array{}}, {"period", "2025-01"}, {"through", "2025-01-31"}};
  TempDir dir;
  {
    testing::FakeClock before_rules(1'764'346'027'000'000);  // 2025-11-28
    auto store =
        LedgerStore::Create(dir.File("old.db"), GenesisParams{NewLedgerId(), "t"}, &before_rules);
    ASSERT_TRUE(store.ok());
    auto books = Books::Open(store->get());
    ASSERT_TRUE(books.ok());
    EXPECT_TRUE((*books)->Snapshot()->legacy_forms());
    auto closed = (*books)->Record(EntryDraft{"period.closed", kTreasurer, lone_close});
    EXPECT_TRUE(closed.ok()) << closed.status().ToString();
    EXPECT_TRUE(VerifyWithBooks(dir.File("old.db")).ok);
  }
  auto store = LedgerStore::Create(dir.File("new.db"), GenesisParams{NewLedgerId(), "t"});
  ASSERT_TRUE(store.ok());
  auto books = Books::Open(store->get());
  ASSERT_TRUE(books.ok());
  EXPECT_FALSE((*books)->Snapshot()->legacy_forms());
  const auto refused = (*books)->Record(EntryDraft{"period.closed", kTreasurer, lone_close});
  EXPECT_EQ(refused.status().field(), "payload");
  // Written past the rules (straight into the store), it fails verify.
  ASSERT_TRUE((*store)->Append(EntryDraft{"period.closed", kTreasurer, lone_close}).ok());
  const VerifyReport r = VerifyWithBooks(dir.File("new.db"));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBooksRule);
}

}  // namespace
}  // namespace aidledger::books_test
