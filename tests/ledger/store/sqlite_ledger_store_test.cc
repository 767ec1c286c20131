// What the SQLite backend promises beyond the storage seam's conformance
// suite (store_conformance_test.cc): a private file, the facts columns, the
// triggers that refuse edits, the schema's version, fsynced commits, and
// verify while the writer appends.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>
#include <thread>

#include "ledger/base/canonical_json.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/facts.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/ledger_store.h"
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

class SqliteLedgerStoreTest : public ::testing::Test {
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

TEST_F(SqliteLedgerStoreTest, CreateWritesAValidGenesisInAPrivateFile) {
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

TEST_F(SqliteLedgerStoreTest, WritesTheFactsIndexWithTheEntry) {
  ASSERT_TRUE(store_->Append(Donation(125000, "WINTER")).ok());
  ASSERT_TRUE(store_->Append(EntryDraft{"note.added", Actor{"u", "admin"}, Object{}}).ok());
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT group_concat(seq || ':' || fund || ':' || currency || ':' || "
                          "amount_minor || ':' || business_date) FROM entries"),
            "2:WINTER:CNY:125000:2026-11-20");
}

TEST_F(SqliteLedgerStoreTest, TriggersRefuseEditsAndDeletes) {
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
TEST_F(SqliteLedgerStoreTest, NoStatementFormReplacesAProtectedRow) {
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

TEST_F(SqliteLedgerStoreTest, AForkIsImpossibleEvenWithTheTriggersDropped) {
  ASSERT_TRUE(store_->Append(Donation(100)).ok());
  RawDb raw(path_);
  raw.DropAllTriggers();
  // A second entry 2 (another successor of entry 1).
  const std::string err = raw.TryExec(
      "INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle) SELECT seq, "
      "randomblob(32), prev_hash, canonical, kind, merkle FROM entries WHERE seq = 2");
  EXPECT_NE(err.find("UNIQUE"), std::string::npos) << err;
}

TEST_F(SqliteLedgerStoreTest, TheInsertTriggerRefusesAWrongLinkOrPosition) {
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

TEST_F(SqliteLedgerStoreTest, RefusesToAppendWhenTheHeadDisagreesWithTheEntries) {
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

TEST_F(SqliteLedgerStoreTest, VerifyAndReadersRunWhileTheWriterAppends) {
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

TEST_F(SqliteLedgerStoreTest, ANewerSchemaIsRefused) {
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

// What the writer's connection says about its fsync.
int SynchronousOf(LedgerStore& store) {
  auto level = store.SynchronousLevel();
  EXPECT_TRUE(level.ok()) << level.status().ToString();
  return level.ok() ? *level : -1;
}

TEST_F(SqliteLedgerStoreTest, CommitsAreFsyncedUnlessABenchTurnsItOff) {
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

}  // namespace
}  // namespace aidledger
