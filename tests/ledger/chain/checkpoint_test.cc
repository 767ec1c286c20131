// Signing keys, checkpoint notes, and verify against anchors outside the file.
#include "ledger/chain/checkpoint.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>

#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::CopyFile;
using testing::FakeClock;
using testing::RawDb;
using testing::TempDir;

constexpr MicrosSinceEpoch kT0 = 1'764'346'027'000'000;

EntryDraft Donation(int64_t fen) {
  return EntryDraft{"donation.recorded", Actor{"u-t", "treasurer"},
                    Object{{"amount", Object{{"currency", "CNY"}, {"minor", fen}}},
                           {"date", "2026-11-20"},
                           {"fund", "GENERAL"}}};
}

TEST(SigningKeyTest, SavesPrivatelyLoadsAndRefusesToOverwrite) {
  TempDir dir;
  auto key = SigningKey::Generate("aidledger/test");
  ASSERT_TRUE(key.ok());
  const std::string path = dir.File("k.key");
  ASSERT_TRUE(key->Save(path).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(key->Save(path).code(), ErrorCode::kAlreadyExists);
  auto loaded = SigningKey::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->public_key().Vkey(), key->public_key().Vkey());
  const auto sig = loaded->Sign("message");
  EXPECT_TRUE(key->public_key().Verify("message", sig));
  EXPECT_FALSE(key->public_key().Verify("messagE", sig));
}

TEST(SigningKeyTest, VkeysRoundTripAndAreChecked) {
  auto key = SigningKey::Generate("aidledger/x");
  ASSERT_TRUE(key.ok());
  const std::string vkey = key->public_key().Vkey();
  auto parsed = PublicKey::FromVkey(vkey);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->KeyId(), key->public_key().KeyId());
  std::string wrong_hash = vkey;
  wrong_hash[vkey.find('+') + 1] = wrong_hash[vkey.find('+') + 1] == '0' ? '1' : '0';
  EXPECT_FALSE(PublicKey::FromVkey(wrong_hash).ok());
  EXPECT_FALSE(PublicKey::FromVkey("name+00000000+AAAA").ok());
  EXPECT_FALSE(SigningKey::Generate("has space").ok());
  EXPECT_FALSE(SigningKey::Generate("has+plus").ok());
}

Checkpoint SampleCheckpoint() {
  return Checkpoint{CheckpointOrigin("5f0c7a3e-2b1d-4c8e-9a6f-0d1e2f3a4b5c"), 42, Sha256::Of("r"),
                    Sha256::Of("h"), kT0};
}

TEST(CheckpointNoteTest, SignedNotesParseAndVerify) {
  auto key = SigningKey::Generate("aidledger/k");
  ASSERT_TRUE(key.ok());
  const SignedCheckpoint cp = SignCheckpoint(SampleCheckpoint(), *key);
  EXPECT_EQ(cp.note.rfind("aidledger/5f0c7a3e-2b1d-4c8e-9a6f-0d1e2f3a4b5c\n42\n", 0), 0u);
  auto parsed = ParseCheckpointNote(cp.note);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->checkpoint, SampleCheckpoint());
  auto signer = VerifyCheckpointSignature(*parsed, {key->public_key()});
  ASSERT_TRUE(signer.ok());
  EXPECT_EQ(*signer, key->public_key().KeyId());
}

TEST(CheckpointNoteTest, RefusesForgedAlteredAndUnknownSignatures) {
  auto key = SigningKey::Generate("aidledger/k");
  auto other = SigningKey::Generate("aidledger/k");  // same name, another key
  ASSERT_TRUE(key.ok() && other.ok());
  const SignedCheckpoint cp = SignCheckpoint(SampleCheckpoint(), *key);

  // A checkpoint for a wrong size or root, with the signature kept.
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\n42\n", "\n43\n"}, {"head ", "head 0"}}) {
    std::string altered = cp.note;
    altered.replace(altered.find(from), from.size(), to);
    auto parsed = ParseCheckpointNote(altered);
    if (parsed.ok()) {
      EXPECT_FALSE(VerifyCheckpointSignature(*parsed, {key->public_key()}).ok()) << to;
    }
  }
  Checkpoint wrong_root = SampleCheckpoint();
  wrong_root.root = Sha256::Of("another root");
  SignedCheckpoint swapped = SignCheckpoint(wrong_root, *key);
  swapped.note = CheckpointBody(wrong_root) + cp.note.substr(cp.note.find("\n\n") + 1);
  auto reparsed = ParseCheckpointNote(swapped.note);
  ASSERT_TRUE(reparsed.ok());
  auto verdict = VerifyCheckpointSignature(*reparsed, {key->public_key()});
  EXPECT_FALSE(verdict.ok());
  EXPECT_NE(verdict.status().message().find("does not verify"), std::string::npos);

  // Signed by another key: unknown to a verifier that trusts only `key`.
  const SignedCheckpoint by_other = SignCheckpoint(SampleCheckpoint(), *other);
  EXPECT_FALSE(
      VerifyCheckpointSignature(*ParseCheckpointNote(by_other.note), {key->public_key()}).ok());

  for (const char* bad : {"", "aidledger/x\n1\nAAAA\n\n", "no blank line\n",
                          "aidledger/5f0c7a3e-2b1d-4c8e-9a6f-0d1e2f3a4b5c\n042\n"}) {
    EXPECT_FALSE(ParseCheckpointNote(bad).ok()) << bad;
  }
}

// Two trusted keys sign one note; one of the two lines is corrupted. Either
// order is refused: a valid first line must not hide a bad second one.
TEST(CheckpointNoteTest, ABadLineByATrustedKeyIsRefusedInAnyOrder) {
  auto a = SigningKey::Generate("aidledger/a");
  auto b = SigningKey::Generate("aidledger/b");
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string body = CheckpointBody(SampleCheckpoint());
  auto line = [&](const SigningKey& key) {
    const SignedCheckpoint one = SignCheckpoint(SampleCheckpoint(), key);
    return one.note.substr(body.size() + 1);  // "— name base64\n"
  };
  auto corrupt = [](std::string l) {
    // A character of the signature, well after the key hash, changed.
    const size_t at = l.size() - 10;
    l[at] = l[at] == 'A' ? 'B' : 'A';
    return l;
  };
  const std::vector<PublicKey> both = {a->public_key(), b->public_key()};
  const std::string good_a = line(*a), good_b = line(*b);
  auto verdict = [&](const std::string& lines) {
    auto parsed = ParseCheckpointNote(body + "\n" + lines);
    EXPECT_TRUE(parsed.ok()) << lines;
    return parsed.ok() && VerifyCheckpointSignature(*parsed, both).ok();
  };
  EXPECT_TRUE(verdict(good_a + good_b));
  EXPECT_TRUE(verdict(good_b + good_a));
  EXPECT_FALSE(verdict(good_a + corrupt(good_b)));
  EXPECT_FALSE(verdict(corrupt(good_b) + good_a));
  EXPECT_FALSE(verdict(corrupt(good_a) + good_b));
  EXPECT_FALSE(verdict(good_b + corrupt(good_a)));
  // A line by a key nobody trusts is skipped, good or bad.
  auto c = SigningKey::Generate("aidledger/c");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(verdict(good_a + corrupt(line(*c))));
}

class AnchoredLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("l.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"}, &clock_);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto key = SigningKey::Generate(CheckpointOrigin(store_->genesis().ledger_id));
    ASSERT_TRUE(key.ok());
    key_ = std::make_unique<SigningKey>(std::move(key).value());
    for (int i = 0; i < 9; ++i) ASSERT_TRUE(store_->Append(Donation(100 + i)).ok());
    auto cp = store_->MakeCheckpoint(*key_);
    ASSERT_TRUE(cp.ok()) << cp.status().ToString();
    witness_ = *cp;  // the auditor keeps this one (size 10)
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->Append(Donation(200 + i)).ok());
    ASSERT_TRUE(store_->MakeCheckpoint(*key_).ok());  // size 15
  }

  VerifyReport Verify(bool with_witness, bool with_key) {
    VerifyOptions o;
    if (with_witness) o.witnesses.push_back(witness_);
    if (with_key) o.trusted_keys.push_back(key_->public_key());
    return testing::VerifyChain(path_, o);
  }

  TempDir dir_;
  FakeClock clock_{kT0};
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<SigningKey> key_;
  SignedCheckpoint witness_;
};

TEST_F(AnchoredLedgerTest, VerifyChecksStoredCheckpointsAndWitnesses) {
  const VerifyReport r = Verify(true, true);
  ASSERT_TRUE(r.ok) << r.failure->detail;
  EXPECT_EQ(r.checkpoints_checked, 2);
  EXPECT_EQ(r.witnesses_checked, 1);
}

// What the schema's triggers now refuse, done with the triggers dropped:
// verify still sees it.
TEST_F(AnchoredLedgerTest, AHeadTimePushedAheadOrACheckpointPutBackIsFound) {
  store_.reset();
  const std::string copy = dir_.File("copy.db");
  CopyFile(path_, copy);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("UPDATE head SET recorded_at = '2030-01-01T00:00:00.000000Z'");
  }
  VerifyReport r = Verify(false, false);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kHeadMismatch);
  EXPECT_NE(r.failure->detail.find("recorded_at"), std::string::npos) << r.failure->detail;

  CopyFile(copy, path_);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    // The latest checkpoint (size 15) replaced by the one before (size 10).
    raw.Exec(
        "REPLACE INTO checkpoints (id, size, root, head_hash, time, key_id, note) "
        "SELECT 2, size, root, head_hash, time, key_id, note FROM checkpoints WHERE id = 1");
  }
  r = Verify(false, true);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBadCheckpoint);

  // A checkpoint whose key_id column names a key other than the signer's.
  CopyFile(copy, path_);
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec(
        "INSERT INTO signing_keys (key_id, vkey, added_at) VALUES ('other+00000000', "
        "'other+00000000+AQ', '2025-01-01T00:00:00.000000Z')");
    raw.Exec("UPDATE checkpoints SET key_id = 'other+00000000' WHERE id = 2");
  }
  r = Verify(false, true);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBadCheckpoint);

  // The last entry recorded in the future of the verifier's clock.
  CopyFile(copy, path_);
  VerifyOptions early;
  early.now = kT0 - 3'600'000'000;
  r = testing::VerifyChain(path_, early);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kTimeReversed);
  early.now = kT0 - 60'000'000;  // within the skew
  EXPECT_TRUE(testing::VerifyChain(path_, early).ok);
}

TEST_F(AnchoredLedgerTest, CheckpointTimesNeverGoBackwards) {
  clock_.Set(kT0 - 86'400'000'000);
  auto cp = store_->MakeCheckpoint(*key_);
  ASSERT_TRUE(cp.ok());
  auto all = SqliteLedgerReader::Open(path_).value()->Checkpoints();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_GE((*all)[2].checkpoint.time, (*all)[1].checkpoint.time);
}

TEST_F(AnchoredLedgerTest, APeriodCloseIsAlwaysFollowedByACheckpoint) {
  const CheckpointPolicy defaults;
  ASSERT_TRUE(store_->Append(Donation(5)).ok());
  EXPECT_FALSE(store_->MaybeCheckpoint(*key_, defaults)->has_value());
  ASSERT_TRUE(store_
                  ->Append(EntryDraft{"period.closed", Actor{"u-t", "treasurer"},
                                      Object{{"period", "2026-Q4"}}})
                  .ok());
  ASSERT_TRUE(store_->Append(Donation(6)).ok());
  auto cp = store_->MaybeCheckpoint(*key_, defaults);
  ASSERT_TRUE(cp.ok() && cp->has_value());
  EXPECT_EQ((*cp)->checkpoint.size, 18u);
  EXPECT_FALSE(store_->MaybeCheckpoint(*key_, defaults)->has_value());
}

TEST_F(AnchoredLedgerTest, ThePolicySignsEveryNEntriesOrAfterTime) {
  const CheckpointPolicy every3{3, 0, {}};
  auto none = store_->MaybeCheckpoint(*key_, every3);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->Append(Donation(i)).ok());
  auto due = store_->MaybeCheckpoint(*key_, every3);
  ASSERT_TRUE(due.ok() && due->has_value());
  EXPECT_EQ((*due)->checkpoint.size, 18u);
  const CheckpointPolicy hourly{0, 3'600'000'000, {}};
  ASSERT_TRUE(store_->Append(Donation(1)).ok());
  EXPECT_FALSE(store_->MaybeCheckpoint(*key_, hourly)->has_value());
  clock_.Advance(3'600'000'001);
  EXPECT_TRUE(store_->MaybeCheckpoint(*key_, hourly)->has_value());
}

TEST_F(AnchoredLedgerTest, AStoredCheckpointWithAWrongRootOrForgedSignatureIsRefused) {
  store_.reset();
  const std::string copy = dir_.File("copy.db");
  CopyFile(path_, copy);
  {
    RawDb raw(copy);
    raw.DropAllTriggers();
    // The note says size 15; its columns are made to agree, but the root is wrong.
    Checkpoint forged = witness_.checkpoint;
    forged.root = Sha256::Of("wrong");
    SignedCheckpoint s = SignCheckpoint(forged, *key_);
    raw.ExecBound("UPDATE checkpoints SET note = CAST(? AS TEXT), root = ? WHERE id = 1",
                  {s.note, std::string(AsBytes(forged.root))});
  }
  VerifyReport r = testing::VerifyChain(copy);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBadCheckpoint);
  EXPECT_EQ(r.failure->seq, 10);
  EXPECT_NE(r.failure->detail.find("root"), std::string::npos) << r.failure->detail;

  CopyFile(path_, copy);
  {
    RawDb raw(copy);
    raw.DropAllTriggers();
    // Flip one bit of the signature.
    std::string note = raw.QueryBlob("SELECT note FROM checkpoints WHERE id = 2");
    const size_t sig = note.rfind(' ') + 5;
    note[sig] = note[sig] == 'A' ? 'B' : 'A';
    raw.ExecBound("UPDATE checkpoints SET note = CAST(? AS TEXT) WHERE id = 2", {note});
  }
  r = testing::VerifyChain(copy);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBadCheckpoint);
  EXPECT_EQ(r.failure->seq, 15);
}

// Truncation back to before the auditor's checkpoint, with the head and the
// facts made consistent: only the witness shows it.
TEST_F(AnchoredLedgerTest, ARolledBackLedgerFailsAgainstTheWitness) {
  store_.reset();
  {
    RawDb raw(path_);
    raw.DropAllTriggers();
    raw.Exec("DELETE FROM checkpoints; DELETE FROM entries WHERE seq > 7;");
    raw.Exec("UPDATE head SET size = 7, hash = (SELECT hash FROM entries WHERE seq = 7)");
  }
  ASSERT_TRUE(Verify(false, false).ok) << "without an anchor the truncation is invisible";
  const VerifyReport r = Verify(true, true);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kWitnessMismatch);
  EXPECT_NE(r.failure->detail.find("rolled back"), std::string::npos) << r.failure->detail;
}

// The strongest attack: rewrite history from entry 5 on, recompute every
// hash, the head and the Merkle tree, and sign fresh checkpoints with a new
// key. Internally consistent, so verify without anchors passes; the
// auditor's witness and key catch it.
TEST_F(AnchoredLedgerTest, AFullRewriteUnderAFreshKeyFailsAgainstTheWitnessAndTheKey) {
  const std::string ledger_id = store_->genesis().ledger_id;
  store_.reset();
  const std::string rewritten = dir_.File("rewritten.db");
  {
    // The attacker rebuilds the ledger from entry 5 with another amount.
    auto reader = SqliteLedgerReader::Open(path_);
    ASSERT_TRUE(reader.ok());
    FakeClock clock(kT0);
    auto fake = LedgerStore::Create(rewritten, GenesisParams{ledger_id, "t"}, &clock);
    ASSERT_TRUE(fake.ok());
    for (int64_t seq = 2; seq <= 15; ++seq) {
      auto e = DecodeEntry((*reader)->GetEntry(seq)->canonical);
      ASSERT_TRUE(e.ok());
      if (seq == 5) e->payload.Set("amount", Object{{"currency", "CNY"}, {"minor", 1}});
      ASSERT_TRUE((*fake)->Append(EntryDraft{e->kind, e->actor, e->payload}).ok());
    }
    auto fresh = SigningKey::Generate(CheckpointOrigin(ledger_id));
    ASSERT_TRUE(fresh.ok());
    ASSERT_TRUE((*fake)->MakeCheckpoint(*fresh).ok());
  }
  path_ = rewritten;
  ASSERT_TRUE(Verify(false, false).ok) << "a consistent rewrite passes without anchors";
  VerifyReport r = Verify(true, false);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kWitnessMismatch);
  r = Verify(false, true);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBadCheckpoint);
  EXPECT_NE(r.failure->detail.find("no signature by a trusted key"), std::string::npos);
}

TEST_F(AnchoredLedgerTest, AWitnessOfAnotherLedgerOrWithABadSignatureIsRefused) {
  auto key2 = SigningKey::Generate("aidledger/other");
  ASSERT_TRUE(key2.ok());
  Checkpoint other = witness_.checkpoint;
  other.origin = CheckpointOrigin(NewLedgerId());
  VerifyOptions o;
  o.witnesses.push_back(SignCheckpoint(other, *key_));
  o.trusted_keys.push_back(key_->public_key());
  VerifyReport r = testing::VerifyChain(path_, o);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kWitnessMismatch);
  o.witnesses = {SignCheckpoint(witness_.checkpoint, *key2)};
  r = testing::VerifyChain(path_, o);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kWitnessMismatch);
}

}  // namespace
}  // namespace aidledger
