#include "ledger/store/ledger_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>
#include <thread>

#include "ledger/base/canonical_json.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/facts.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::FakeClock;
using testing::RawDb;
using testing::TempDir;

constexpr MicrosSinceEpoch kT0 = 1'764'346'027'000'000;

EntryDraft Donation(int64_t fen, const std::string& fund = "STUDENT_AID") {
  return EntryDraft{"donation.recorded", Actor{"u-treasurer", "treasurer"},
                    Object{{"amount", Object{{"currency", "CNY"}, {"minor", fen}}},
                           {"date", "2026-11-20"},
                           {"fund", fund}}};
}

GenesisParams Params() { return GenesisParams{NewLedgerId(), "test team"}; }

class LedgerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("ledger.db");
    auto s = LedgerStore::Create(path_, Params(), &clock_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  TempDir dir_;
  FakeClock clock_{kT0};
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
};

TEST_F(LedgerStoreTest, CreateWritesAValidGenesisInAPrivateFile) {
  auto head = store_->GetHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 1);
  EXPECT_EQ(head->recorded_at, kT0);
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const VerifyReport r = testing::VerifyChain(path_);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.ledger_id, store_->genesis().ledger_id);
}

TEST_F(LedgerStoreTest, CreateNeverAdoptsAnExistingFile) {
  auto again = LedgerStore::Create(path_, Params());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
}

TEST(LedgerStoreOpenTest, OpeningAMissingFileIsNotFoundAndCreatesNothing) {
  TempDir dir;
  auto s = LedgerStore::Open(dir.File("nope.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(::access(dir.File("nope.db").c_str(), F_OK), 0);
}

TEST_F(LedgerStoreTest, AppendLinksEachEntryToTheHead) {
  auto a = store_->Append(Donation(125000));
  clock_.Advance(1000);
  auto b = store_->Append(Donation(300520));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->seq, 2);
  EXPECT_EQ(b->seq, 3);
  auto reader = SqliteLedgerReader::Open(path_);
  ASSERT_TRUE(reader.ok());
  auto stored = (*reader)->GetEntry(3);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->hash, b->hash);
  EXPECT_EQ(HashEntryBytes(stored->canonical), b->hash);
  auto entry = DecodeEntry(stored->canonical);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->prev, a->hash);
  EXPECT_EQ(entry->recorded_at, kT0 + 1000);
  EXPECT_EQ(entry->actor, (Actor{"u-treasurer", "treasurer"}));
  auto head = store_->GetHead();
  EXPECT_EQ(head->hash, b->hash);
}

TEST_F(LedgerStoreTest, RecordedAtNeverGoesBackwardsWhenTheClockDoes) {
  clock_.Advance(5'000'000);
  auto a = store_->Append(Donation(1));
  clock_.Set(kT0 - 3'600'000'000);  // the clock jumps back an hour
  auto b = store_->Append(Donation(2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->recorded_at, a->recorded_at);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

TEST_F(LedgerStoreTest, AppendBatchCommitsAllOrNothing) {
  auto ok = store_->AppendBatch({Donation(1), Donation(2), Donation(3)});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->back().seq, 4);

  // A bad draft anywhere refuses the whole batch.
  EntryDraft bad = Donation(4);
  bad.kind = "BAD";
  auto refused = store_->AppendBatch({Donation(5), bad});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "kind");

  // A failure inside the transaction (an oversized third entry) rolls back
  // the two entries already inserted.
  EntryDraft huge = Donation(6);
  huge.payload.Set("memo", std::string(kMaxEntryBytes, 'x'));
  auto rolled_back = store_->AppendBatch({Donation(7), Donation(8), huge});
  ASSERT_FALSE(rolled_back.ok());
  EXPECT_EQ(rolled_back.status().field(), "payload");
  EXPECT_EQ(store_->GetHead()->size, 4);
  // The store is still usable and consistent afterwards.
  auto after = store_->Append(Donation(9));
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->seq, 5);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

TEST_F(LedgerStoreTest, RefusesDraftsVerifyWouldReject) {
  EntryDraft genesis = Donation(1);
  genesis.kind = "ledger.genesis";
  EXPECT_EQ(store_->Append(genesis).status().field(), "kind");

  EntryDraft bad_utf8 = Donation(1);
  bad_utf8.payload.Set("memo", std::string("\xff\xfe"));
  EXPECT_EQ(store_->Append(bad_utf8).status().field(), "payload");

  EntryDraft bad_key = Donation(1);
  bad_key.payload.Set(std::string("\xc0\xaf"), 1);
  EXPECT_EQ(store_->Append(bad_key).status().field(), "payload");

  Value deep = Object{};
  for (int i = 0; i < 40; ++i) deep = Value(Object{{"x", deep}});
  EntryDraft too_deep = Donation(1);
  too_deep.payload.Set("nested", deep);
  auto r = store_->Append(too_deep);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);

  EntryDraft bad_actor = Donation(1);
  bad_actor.actor.role = "";
  EXPECT_EQ(store_->Append(bad_actor).status().field(), "actor.role");

  EXPECT_EQ(store_->GetHead()->size, 1);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

TEST_F(LedgerStoreTest, WritesTheFactsIndexWithTheEntry) {
  ASSERT_TRUE(store_->Append(Donation(125000, "WINTER")).ok());
  ASSERT_TRUE(store_->Append(EntryDraft{"note.added", Actor{"u", "admin"}, Object{}}).ok());
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT group_concat(seq || ':' || fund || ':' || currency || ':' || "
                          "amount_minor || ':' || business_date) FROM entries"),
            "2:WINTER:CNY:125000:2026-11-20");
}

TEST_F(LedgerStoreTest, TriggersRefuseEditsAndDeletes) {
  ASSERT_TRUE(store_->Append(Donation(100)).ok());
  RawDb raw(path_);
  for (const char* sql : {
           "UPDATE entries SET kind = 'x.y' WHERE seq = 2",
           "DELETE FROM entries WHERE seq = 2",
           "UPDATE entries SET amount_minor = 1 WHERE seq = 2",
           "DELETE FROM head",
           "UPDATE head SET size = 1",
           "INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle) VALUES (5, "
           "randomblob(32), randomblob(32), x'7b7d', 'a.b', randomblob(32))",
       }) {
    EXPECT_NE(raw.TryExec(sql), "") << sql;
  }
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

// REPLACE deletes a conflicting row without firing DELETE triggers, and
// UPSERT turns an insert into an update: every statement form is tried on
// every protected table, and the rows stay as they were.
TEST_F(LedgerStoreTest, NoStatementFormReplacesAProtectedRow) {
  ASSERT_TRUE(store_->Append(Donation(100)).ok());
  auto key = SigningKey::Generate(CheckpointOrigin(store_->genesis().ledger_id));
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(store_->MakeCheckpoint(*key).ok());
  clock_.Advance(1'000'000);
  ASSERT_TRUE(store_->Append(Donation(200)).ok());
  ASSERT_TRUE(store_->MakeCheckpoint(*key).ok());
  RawDb raw(path_);
  const std::string before =
      raw.QueryBlob("SELECT group_concat(id || hex(root) || time || note, '|') FROM checkpoints") +
      raw.QueryBlob("SELECT group_concat(key_id || vkey || added_at) FROM signing_keys") +
      raw.QueryBlob("SELECT size || hex(hash) || recorded_at FROM head") +
      raw.QueryBlob("SELECT group_concat(hex(hash)) FROM entries");
  for (const char* sql : {
           // head: the time pushed ahead, the size rolled back
           "REPLACE INTO head (one, size, hash, recorded_at) "
           "SELECT 1, size, hash, '2030-01-01T00:00:00.000000Z' FROM head",
           "INSERT OR REPLACE INTO head (one, size, hash, recorded_at) "
           "SELECT 1, 1, hash, recorded_at FROM entries WHERE seq = 1",
           "INSERT INTO head (one, size, hash, recorded_at) VALUES (1, 9, randomblob(32), 'x') "
           "ON CONFLICT (one) DO UPDATE SET recorded_at = '2030-01-01T00:00:00.000000Z'",
           "UPDATE head SET recorded_at = '2030-01-01T00:00:00.000000Z'",
           "DELETE FROM head",
           // checkpoints: the latest replaced by the one before
           "REPLACE INTO checkpoints (id, size, root, head_hash, time, key_id, note) "
           "SELECT 2, size, root, head_hash, time, key_id, note FROM checkpoints WHERE id = 1",
           "INSERT OR REPLACE INTO checkpoints (id, size, root, head_hash, time, key_id, note) "
           "SELECT 2, size, root, head_hash, time, key_id, note FROM checkpoints WHERE id = 1",
           "INSERT INTO checkpoints (id, size, root, head_hash, time, key_id, note) "
           "SELECT 2, size, root, head_hash, time, key_id, note FROM checkpoints WHERE id = 1 "
           "ON CONFLICT (id) DO UPDATE SET note = excluded.note",
           "UPDATE checkpoints SET note = 'x' WHERE id = 2",
           "DELETE FROM checkpoints WHERE id = 2",
           // signing keys: the key's row replaced (a new added_at, or another vkey)
           "REPLACE INTO signing_keys (key_id, vkey, added_at) "
           "SELECT key_id, vkey, '2030-01-01T00:00:00.000000Z' FROM signing_keys",
           "INSERT OR REPLACE INTO signing_keys (key_id, vkey, added_at) "
           "SELECT key_id, 'other', added_at FROM signing_keys",
           "INSERT INTO signing_keys (key_id, vkey, added_at) SELECT key_id, vkey, 'x' "
           "FROM signing_keys WHERE true ON CONFLICT (key_id) DO UPDATE SET added_at = 'y'",
           "UPDATE signing_keys SET added_at = 'x'",
           "DELETE FROM signing_keys",
           // entries: a row replaced in place
           "REPLACE INTO entries (seq, hash, prev_hash, canonical, kind, merkle) "
           "SELECT seq, randomblob(32), prev_hash, canonical, kind, merkle FROM entries "
           "WHERE seq = 3",
           "INSERT OR REPLACE INTO entries (seq, hash, prev_hash, canonical, kind, merkle) "
           "SELECT seq, randomblob(32), prev_hash, canonical, kind, merkle FROM entries "
           "WHERE seq = 3",
           "INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle) "
           "SELECT seq, randomblob(32), prev_hash, canonical, kind, merkle FROM entries "
           "WHERE seq = 3 ON CONFLICT (seq) DO UPDATE SET kind = 'x.y'",
       }) {
    EXPECT_NE(raw.TryExec(sql), "") << sql;
  }
  const std::string after =
      raw.QueryBlob("SELECT group_concat(id || hex(root) || time || note, '|') FROM checkpoints") +
      raw.QueryBlob("SELECT group_concat(key_id || vkey || added_at) FROM signing_keys") +
      raw.QueryBlob("SELECT size || hex(hash) || recorded_at FROM head") +
      raw.QueryBlob("SELECT group_concat(hex(hash)) FROM entries");
  EXPECT_EQ(after, before);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

TEST_F(LedgerStoreTest, AForkIsImpossibleEvenWithTheTriggersDropped) {
  ASSERT_TRUE(store_->Append(Donation(100)).ok());
  RawDb raw(path_);
  raw.DropAllTriggers();
  // A second entry 2 (another successor of entry 1).
  const std::string err = raw.TryExec(
      "INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle) SELECT seq, "
      "randomblob(32), prev_hash, canonical, kind, merkle FROM entries WHERE seq = 2");
  EXPECT_NE(err.find("UNIQUE"), std::string::npos) << err;
}

TEST_F(LedgerStoreTest, TheInsertTriggerRefusesAWrongLinkOrPosition) {
  ASSERT_TRUE(store_->Append(Donation(100)).ok());
  RawDb raw(path_);
  // Right position, wrong predecessor.
  EXPECT_NE(raw.TryExec("INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle) "
                        "SELECT 3, randomblob(32), randomblob(32), canonical, kind, merkle "
                        "FROM entries WHERE seq = 2"),
            "");
  // Right predecessor, wrong position.
  EXPECT_NE(raw.TryExec("INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle) "
                        "SELECT 4, randomblob(32), hash, canonical, kind, merkle "
                        "FROM entries WHERE seq = 2"),
            "");
}

TEST_F(LedgerStoreTest, RefusesToAppendWhenTheHeadDisagreesWithTheEntries) {
  ASSERT_TRUE(store_->Append(Donation(100)).ok());
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("UPDATE head SET size = 7");
  }
  auto r = store_->Append(Donation(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
}

TEST_F(LedgerStoreTest, ManyThreadsAppendWithoutLosingOrForking) {
  constexpr int kThreads = 4, kEach = 40;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> seqs(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = store_->Append(Donation(t * 1000 + i));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        seqs[static_cast<size_t>(t)].push_back(r->seq);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  for (const auto& v : seqs) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*all.begin(), 2);
  EXPECT_EQ(*all.rbegin(), 1 + kThreads * kEach);
  const VerifyReport r = testing::VerifyChain(path_);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.size, 1 + kThreads * kEach);
}

// Two stores on one file behave as two processes would: SQLite's write lock
// and the in-transaction head check keep one chain.
TEST_F(LedgerStoreTest, TwoWritersOnOneFileNeverFork) {
  auto second = LedgerStore::Open(path_, &clock_);
  ASSERT_TRUE(second.ok());
  std::thread a([&] {
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(store_->Append(Donation(i)).ok());
  });
  std::thread b([&] {
    for (int i = 0; i < 30; ++i) {
      auto r = (*second)->Append(Donation(i));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  });
  a.join();
  b.join();
  const VerifyReport r = testing::VerifyChain(path_);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.size, 61);
}

TEST_F(LedgerStoreTest, VerifyAndReadersRunWhileTheWriterAppends) {
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 150; ++i) {
      ASSERT_TRUE(store_->Append(Donation(i)).ok());
      if (i % 10 == 0) {
        ASSERT_TRUE(store_->AppendBatch({Donation(1), Donation(2)}).ok());
      }
    }
    done = true;
  });
  int64_t last_size = 0;
  int rounds = 0;
  while (!done || rounds < 2) {
    const VerifyReport r = testing::VerifyChain(path_);
    ASSERT_TRUE(r.ok) << (r.failure ? r.failure->detail : "");
    EXPECT_GE(r.size, last_size);
    last_size = r.size;
    ++rounds;
  }
  writer.join();
  auto reader = SqliteLedgerReader::Open(path_);
  ASSERT_TRUE(reader.ok());
  int64_t expected = 1;
  ASSERT_TRUE((*reader)
                  ->Scan(1, 1'000'000,
                         [&](const StoredEntry& e) {
                           EXPECT_EQ(e.seq, expected++);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(expected - 1, 1 + 150 + 15 * 2);
}

TEST_F(LedgerStoreTest, ReaderScanHonoursFromLimitAndEarlyStop) {
  ASSERT_TRUE(store_->AppendBatch({Donation(1), Donation(2), Donation(3), Donation(4)}).ok());
  auto reader = SqliteLedgerReader::Open(path_);
  ASSERT_TRUE(reader.ok());
  std::vector<int64_t> seen;
  ASSERT_TRUE((*reader)
                  ->Scan(2, 2,
                         [&](const StoredEntry& e) {
                           seen.push_back(e.seq);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3}));
  seen.clear();
  ASSERT_TRUE((*reader)
                  ->Scan(1, 10,
                         [&](const StoredEntry& e) {
                           seen.push_back(e.seq);
                           return e.seq < 2;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ((*reader)->GetEntry(99).status().code(), ErrorCode::kNotFound);
}

TEST_F(LedgerStoreTest, ANewerSchemaIsRefused) {
  store_.reset();
  {
    RawDb raw(path_);
    raw.Exec("PRAGMA user_version = 99");
  }
  auto s = LedgerStore::Open(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kFailedPrecondition);
  auto r = SqliteLedgerReader::Open(path_);
  EXPECT_FALSE(r.ok());
}

TEST_F(LedgerStoreTest, ReopenKeepsTheGenesisAndTheChain) {
  ASSERT_TRUE(store_->Append(Donation(5)).ok());
  const std::string id = store_->genesis().ledger_id;
  store_.reset();
  auto again = LedgerStore::Open(path_, &clock_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->genesis().ledger_id, id);
  auto r = (*again)->Append(Donation(6));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->seq, 3);
}

// What the writer's connection says about its fsync.
int SynchronousOf(LedgerStore& store) {
  auto level = store.SynchronousLevel();
  EXPECT_TRUE(level.ok()) << level.status().ToString();
  return level.ok() ? *level : -1;
}

TEST_F(LedgerStoreTest, CommitsAreFsyncedUnlessABenchTurnsItOff) {
  EXPECT_EQ(SynchronousOf(*store_), 2);  // FULL: the WAL is on disk at every commit
  store_.reset();
  auto reopened = LedgerStore::Open(path_, &clock_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(SynchronousOf(**reopened), 2);
  reopened->reset();
  auto unsynced = LedgerStore::Open(path_, &clock_, StoreOptions{.sync_commits = false});
  ASSERT_TRUE(unsynced.ok());
  EXPECT_EQ(SynchronousOf(**unsynced), 0);  // OFF
}

TEST(LedgerStoreCreateTest, RefusesBadGenesisParameters) {
  TempDir dir;
  GenesisParams p = Params();
  p.default_currency = "yuan";
  EXPECT_EQ(LedgerStore::Create(dir.File("a.db"), p).status().field(), "default_currency");
  p = Params();
  p.ledger_id = "not-a-uuid";
  EXPECT_EQ(LedgerStore::Create(dir.File("b.db"), p).status().field(), "ledger_id");
}

TEST_F(LedgerStoreTest, AGroupCommitUndoesOnlyTheDraftWhoseSideWriteFails) {
  const int64_t before = store_->GetHead()->size;
  std::vector<Result<AppendedEntry>> results;
  const Status s = store_->AppendGroup(
      4,
      [&](size_t i, int64_t size) -> Result<EntryDraft> {
        if (i == 2) return InvalidArgument("refused by the caller", "payload");
        return EntryDraft{"note.added", Actor{"u1", "admin"},
                          Object{{"n", static_cast<int64_t>(i)}, {"size", size}}};
      },
      [&](size_t i, SideWriter&, const AppendedEntry&) -> Status {
        return i == 1 ? Status(ErrorCode::kConflict, "side write refused") : Status::Ok();
      },
      &results);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(results.size(), 4u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_EQ(results[0]->seq, before + 1);
  EXPECT_EQ(results[1].status().code(), ErrorCode::kConflict);
  EXPECT_EQ(results[2].status().field(), "payload");
  ASSERT_TRUE(results[3].ok());
  EXPECT_EQ(results[3]->seq, before + 2) << "the refused drafts left no gap";
  EXPECT_EQ(store_->GetHead()->size, before + 2);
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

}  // namespace
}  // namespace aidledger
