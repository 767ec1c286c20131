// Tamper tests: an attacker with plain SQLite edits a copy of a ledger file;
// verify must fail and name the first bad entry.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "ledger/base/canonical_json.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::CopyFile;
using testing::FakeClock;
using testing::RawDb;
using testing::TempDir;

constexpr int kEntries = 10;  // genesis + 9 donations

class VerifyTamperTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    FakeClock clock(1'764'346'027'000'000);
    auto store = LedgerStore::Create(Pristine(), GenesisParams{NewLedgerId(), "t"}, &clock);
    ASSERT_TRUE(store.ok());
    for (int i = 2; i <= kEntries; ++i) {
      clock.Advance(1'000'000);
      auto r = (*store)->Append(
          EntryDraft{"donation.recorded", Actor{"u-t", "treasurer"},
                     Object{{"amount", Object{{"currency", "CNY"}, {"minor", 100000 + i}}},
                            {"date", "2026-11-20"},
                            {"fund", "STUDENT_AID"},
                            {"memo", "捐款 " + std::to_string(i)}}});
      ASSERT_TRUE(r.ok());
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Pristine() { return dir_->File("pristine.db"); }

  void SetUp() override {
    ASSERT_TRUE(testing::VerifyChain(Pristine()).ok);
    path_ = dir_->File(
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db");
    CopyFile(Pristine(), path_);
  }

  // Verifies and checks the failure's code and entry.
  void ExpectFailure(const char* code, int64_t seq) {
    const VerifyReport r = testing::VerifyChain(path_);
    ASSERT_FALSE(r.ok) << "verify passed a tampered ledger";
    ASSERT_TRUE(r.failure.has_value());
    EXPECT_EQ(VerifyErrorName(r.failure->error), code) << r.failure->detail;
    EXPECT_EQ(r.failure->seq, seq) << r.failure->detail;
  }

  std::string path_;
  static TempDir* dir_;
};

TempDir* VerifyTamperTest::dir_ = nullptr;

TEST_F(VerifyTamperTest, VerifyPassesTheUntouchedCopy) {
  const VerifyReport r = testing::VerifyChain(path_);
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.size, kEntries);
}

TEST_F(VerifyTamperTest, VerifyDetectsAChangedPayloadByte) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  // 100005 -> 900005: still canonical, so only the hash can tell.
  std::string bytes = raw.QueryBlob("SELECT canonical FROM entries WHERE seq = 5");
  const auto at = bytes.find("100005");
  ASSERT_NE(at, std::string::npos);
  bytes[at] = '9';
  raw.ExecBound("UPDATE entries SET canonical = ? WHERE seq = 5", {bytes});
  ExpectFailure("hash_mismatch", 5);
}

// LevelDB-style: flip each bit of several bytes of one entry; whatever the
// flip breaks, verify names entry 5.
TEST_F(VerifyTamperTest, VerifyDetectsEveryFlippedBitOfAnEntry) {
  const std::string original =
      RawDb(path_).QueryBlob("SELECT canonical FROM entries WHERE seq = 5");
  std::mt19937 rng(20261128);
  for (int trial = 0; trial < 24; ++trial) {
    CopyFile(Pristine(), path_);
    std::string bytes = original;
    const size_t pos = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(rng);
    bytes[pos] = static_cast<char>(bytes[pos] ^ (1 << (trial % 8)));
    {
      RawDb raw(path_);
      raw.DropAllTriggers();
      raw.ExecBound("UPDATE entries SET canonical = ? WHERE seq = 5", {bytes});
    }
    const VerifyReport r = testing::VerifyChain(path_);
    ASSERT_FALSE(r.ok) << "byte " << pos;
    EXPECT_EQ(r.failure->seq, 5) << "byte " << pos << ": " << r.failure->detail;
  }
}

TEST_F(VerifyTamperTest, VerifyDetectsAChangedAmountInTheFactsIndex) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  raw.Exec("UPDATE entries SET amount_minor = 1 WHERE seq = 6");
  ExpectFailure("index_mismatch", 6);
}

TEST_F(VerifyTamperTest, StrictTablesRefuseAmountsOfAnotherType) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  EXPECT_NE(raw.TryExec("UPDATE entries SET amount_minor = 100006.5 WHERE seq = 6"), "");
  EXPECT_NE(raw.TryExec("UPDATE entries SET amount_minor = '100006x' WHERE seq = 6"), "");
  // Half a fact (a fund without an amount) is refused too.
  EXPECT_NE(raw.TryExec("UPDATE entries SET amount_minor = NULL WHERE seq = 6"), "");
  EXPECT_NE(raw.TryExec("UPDATE entries SET canonical = 42 WHERE seq = 6"), "");
}

TEST_F(VerifyTamperTest, VerifyDetectsAFactMovedToAnotherFundOrDate) {
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("UPDATE entries SET fund = 'GENERAL' WHERE seq = 4");
  }
  ExpectFailure("index_mismatch", 4);
  CopyFile(Pristine(), path_);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("UPDATE entries SET business_date = '2026-11-21' WHERE seq = 4");
  }
  ExpectFailure("index_mismatch", 4);
}

TEST_F(VerifyTamperTest, VerifyDetectsARemovedOrInventedFact) {
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec(
        "UPDATE entries SET fund = NULL, currency = NULL, amount_minor = NULL, "
        "business_date = NULL, nature = NULL, counter_fund = NULL WHERE seq = 7");
  }
  ExpectFailure("index_mismatch", 7);
  CopyFile(Pristine(), path_);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    // The genesis entry has no fact; give it one.
    raw.Exec(
        "UPDATE entries SET fund = 'GENERAL', currency = 'CNY', amount_minor = 500, "
        "business_date = '2026-11-20', nature = 'cash' WHERE seq = 1");
  }
  ExpectFailure("index_mismatch", 1);
  // A gift turned into goods, or given a counter fund (a transfer).
  for (const char* set : {"nature = 'goods'", "counter_fund = 'GENERAL'"}) {
    CopyFile(Pristine(), path_);
    {
      RawDb raw(path_);
      raw.DropAllTriggers();
      raw.Exec(std::string("UPDATE entries SET ") + set + " WHERE seq = 7");
    }
    ExpectFailure("index_mismatch", 7);
  }
}

TEST_F(VerifyTamperTest, VerifyDetectsEachChangedDerivedColumn) {
  for (const char* set : {"kind = 'donation.refunded'", "prev_hash = randomblob(32)",
                          "prev_hash = (SELECT hash FROM entries WHERE seq = 1)"}) {
    CopyFile(Pristine(), path_);
    {
      RawDb raw(path_);
      raw.DropAllTriggers();
      raw.Exec(std::string("UPDATE entries SET ") + set + " WHERE seq = 3");
    }
    SCOPED_TRACE(set);
    ExpectFailure("derived_mismatch", 3);
  }
}

TEST_F(VerifyTamperTest, VerifyDetectsAnEntryDeletedInTheMiddle) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  raw.Exec("DELETE FROM entries WHERE seq = 5");
  ExpectFailure("gap", 5);
}

TEST_F(VerifyTamperTest, VerifyDetectsDeletedLastEntries) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  raw.Exec("DELETE FROM entries WHERE seq >= 8");
  ExpectFailure("head_mismatch", 8);
}

TEST_F(VerifyTamperTest, VerifyDetectsAChangedHead) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  raw.Exec("UPDATE head SET hash = randomblob(32)");
  ExpectFailure("head_mismatch", kEntries);
}

TEST_F(VerifyTamperTest, VerifyDetectsSwappedEntries) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  // Swap every column but seq between rows 4 and 6 (through a spare row, as
  // the primary key forbids a direct swap).
  raw.Exec(
      "UPDATE entries SET seq = 100 WHERE seq = 4;"
      "UPDATE entries SET seq = 4 WHERE seq = 6;"
      "UPDATE entries SET seq = 6 WHERE seq = 100;");
  ExpectFailure("reordered", 4);
}

TEST_F(VerifyTamperTest, VerifyDetectsAForgedEntryWithACorrectHashOverAWrongLink) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  auto original = DecodeEntry(raw.QueryBlob("SELECT canonical FROM entries WHERE seq = 7"));
  ASSERT_TRUE(original.ok());
  Entry forged = *original;
  forged.payload.Set("amount", Object{{"currency", "CNY"}, {"minor", 1}});
  forged.prev = Sha256::Of("not the entry before");
  const std::string bytes = EncodeEntry(forged);
  const Hash32 hash = HashEntryBytes(bytes);
  raw.ExecBound("UPDATE entries SET canonical = ?, hash = ?, prev_hash = ? WHERE seq = 7",
                {bytes, std::string(AsBytes(hash)), std::string(AsBytes(forged.prev))});
  raw.Exec("UPDATE entries SET amount_minor = 1 WHERE seq = 7");
  ExpectFailure("broken_link", 7);
}

// The chain alone would first notice at entry 8 (its prev still names the
// original 7); the Merkle tree names entry 7 itself.
TEST_F(VerifyTamperTest, VerifyNamesARewrittenEntryThroughItsMerkleLeaf) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  auto original = DecodeEntry(raw.QueryBlob("SELECT canonical FROM entries WHERE seq = 7"));
  ASSERT_TRUE(original.ok());
  Entry edited = *original;
  edited.payload.Set("memo", "edited");
  const std::string bytes = EncodeEntry(edited);
  raw.ExecBound("UPDATE entries SET canonical = ?, hash = ? WHERE seq = 7",
                {bytes, std::string(AsBytes(HashEntryBytes(bytes)))});
  ExpectFailure("merkle_mismatch", 7);
}

TEST_F(VerifyTamperTest, VerifyDetectsAChangedMerkleNode) {
  // Entry 4 completed three nodes: its leaf, (1, 1) and (2, 0). Change the last.
  RawDb raw(path_);
  raw.DropAllTriggers();
  std::string nodes = raw.QueryBlob("SELECT merkle FROM entries WHERE seq = 4");
  ASSERT_EQ(nodes.size(), 96u);
  nodes[70] = static_cast<char>(nodes[70] ^ 1);
  raw.ExecBound("UPDATE entries SET merkle = ? WHERE seq = 4", {nodes});
  ExpectFailure("merkle_mismatch", 4);
}

TEST_F(VerifyTamperTest, VerifyDetectsAMissingOrExtraMerkleNode) {
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("UPDATE entries SET merkle = substr(merkle, 1, 32) WHERE seq = 6");
  }
  ExpectFailure("merkle_mismatch", 6);
  CopyFile(Pristine(), path_);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("UPDATE entries SET merkle = CAST(merkle || randomblob(32) AS BLOB) WHERE seq = 9");
  }
  ExpectFailure("merkle_mismatch", 9);
}

TEST_F(VerifyTamperTest, VerifyDetectsNonCanonicalBytesEvenWithARecomputedHash) {
  RawDb raw(path_);
  raw.DropAllTriggers();
  std::string bytes = raw.QueryBlob("SELECT canonical FROM entries WHERE seq = 2");
  bytes.insert(1, " ");
  raw.ExecBound("UPDATE entries SET canonical = ?, hash = ? WHERE seq = 2",
                {bytes, std::string(AsBytes(HashEntryBytes(bytes)))});
  ExpectFailure("not_canonical", 2);
}

// The documented limit of a chain without an anchor: an attacker who rewrites
// the chain from some point on, and its head, recomputing every hash, passes
// verify. Only a signed checkpoint or a head the auditor kept shows it; this
// test pins that the rewritten head differs from the one an auditor kept.
TEST_F(VerifyTamperTest, AFullRewriteWithRecomputedHashesNeedsAnOutsideAnchor) {
  const VerifyReport before = testing::VerifyChain(path_);
  ASSERT_TRUE(before.ok);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    Hash32 prev{};
    for (int seq = 1; seq <= kEntries; ++seq) {
      auto e = DecodeEntry(
          raw.QueryBlob("SELECT canonical FROM entries WHERE seq = " + std::to_string(seq)));
      ASSERT_TRUE(e.ok());
      if (seq >= 6) {
        e->prev = prev;
        if (seq == 6) e->payload.Set("memo", "rewritten");
        const std::string bytes = EncodeEntry(*e);
        const Hash32 h = HashEntryBytes(bytes);
        raw.Exec(
            "UPDATE entries SET hash = randomblob(32), prev_hash = randomblob(32) WHERE seq = " +
            std::to_string(seq));
        raw.ExecBound("UPDATE entries SET canonical = ?, hash = ?, prev_hash = ? WHERE seq = " +
                          std::to_string(seq),
                      {bytes, std::string(AsBytes(h)), std::string(AsBytes(prev))});
        prev = h;
      } else {
        prev = HashEntryBytes(EncodeEntry(*e));
      }
    }
    raw.ExecBound("UPDATE head SET hash = ?", {std::string(AsBytes(prev))});
    // ...and the Merkle tree, recomputed from the rewritten entries.
    MerkleFrontier frontier;
    for (int seq = 1; seq <= kEntries; ++seq) {
      const std::string h =
          raw.QueryBlob("SELECT hash FROM entries WHERE seq = " + std::to_string(seq));
      Hash32 entry_hash{};
      std::memcpy(entry_hash.data(), h.data(), 32);
      std::string nodes;
      frontier.Append(MerkleLeafHash(entry_hash),
                      [&](const MerkleFrontier::Node& n) { nodes.append(AsBytes(n.hash)); });
      raw.ExecBound("UPDATE entries SET merkle = ? WHERE seq = " + std::to_string(seq), {nodes});
    }
  }
  const VerifyReport after = testing::VerifyChain(path_);
  EXPECT_TRUE(after.ok);
  EXPECT_EQ(after.size, before.size);
  EXPECT_NE(after.head_hash, before.head_hash);
}

TEST_F(VerifyTamperTest, VerifyReportsAFileThatIsNotALedger) {
  {
    RawDb raw(path_);
    raw.Exec("PRAGMA writable_schema = ON");
  }
  const VerifyReport missing = testing::VerifyChain(dir_->File("does-not-exist.db"));
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.failure->error, VerifyError::kUnreadable);
  const std::string garbage = dir_->File("garbage.db");
  testing::WriteFile(garbage,
                     "this is not a database, just text that is long enough to look like a "
                     "header...");
  const VerifyReport r = testing::VerifyChain(garbage);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kUnreadable);
}

}  // namespace
}  // namespace aidledger
