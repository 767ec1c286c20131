#include "ledger/chain/proof_bundle.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ledger/base/base64.h"
#include "ledger/base/canonical_json.h"
#include "ledger/chain/ledger_export.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

class ProofBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("l.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    auto key = SigningKey::Generate(CheckpointOrigin((*store)->genesis().ledger_id));
    ASSERT_TRUE(key.ok());
    key_ = std::make_unique<SigningKey>(std::move(key).value());
    for (int i = 0; i < 12; ++i) {
      ASSERT_TRUE(
          (*store)
              ->Append(EntryDraft{"donation.recorded", Actor{"u", "treasurer"}, Object{{"n", i}}})
              .ok());
    }
    ASSERT_TRUE((*store)->MakeCheckpoint(*key_).ok());  // id 1, size 13
    for (int i = 0; i < 8; ++i) {
      ASSERT_TRUE((*store)
                      ->Append(EntryDraft{"donation.recorded", Actor{"u", "treasurer"},
                                          Object{{"n", 100 + i}}})
                      .ok());
    }
    ASSERT_TRUE((*store)->MakeCheckpoint(*key_).ok());  // id 2, size 21
    auto reader = SqliteLedgerReader::Open(path_);
    ASSERT_TRUE(reader.ok());
    reader_ = std::move(reader).value();
  }

  InclusionBundle Inclusion(int64_t seq, int64_t checkpoint_id) {
    auto cp = reader_->Checkpoint(checkpoint_id);
    auto entry = reader_->GetEntry(seq);
    auto proof = reader_->InclusionProof(static_cast<uint64_t>(seq - 1), cp->checkpoint.size);
    EXPECT_TRUE(cp.ok() && entry.ok() && proof.ok());
    return InclusionBundle{seq, entry->canonical, *proof, cp->note};
  }

  std::vector<PublicKey> Trusted() { return {key_->public_key()}; }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<SigningKey> key_;
  std::unique_ptr<SqliteLedgerReader> reader_;
};

TEST_F(ProofBundleTest, EveryEntryProvesAgainstBothCheckpointsThroughItsBundleText) {
  for (int64_t id : {1, 2}) {
    const uint64_t size = reader_->Checkpoint(id)->checkpoint.size;
    for (int64_t seq = 1; seq <= static_cast<int64_t>(size); ++seq) {
      auto parsed = ParseBundle(EncodeBundle(Inclusion(seq, id)));
      ASSERT_TRUE(parsed.ok() && parsed->is_inclusion);
      auto entry = VerifyInclusionBundle(parsed->inclusion, Trusted());
      ASSERT_TRUE(entry.ok()) << seq << ": " << entry.status().ToString();
      EXPECT_EQ(entry->seq, seq);
    }
  }
}

TEST_F(ProofBundleTest, AnEntryOutsideTheTreeHasNoProof) {
  EXPECT_FALSE(reader_->InclusionProof(13, 13).ok());
  InclusionBundle b = Inclusion(13, 1);
  // Claim entry 14 (which exists, but after checkpoint 1) with entry 13's proof.
  b.seq = 14;
  b.canonical = reader_->GetEntry(14)->canonical;
  auto r = VerifyInclusionBundle(b, Trusted());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "bundle.seq");
}

TEST_F(ProofBundleTest, TamperedBundlesAreRefused) {
  const InclusionBundle good = Inclusion(7, 2);
  ASSERT_TRUE(VerifyInclusionBundle(good, Trusted()).ok());

  InclusionBundle b = good;
  b.canonical[b.canonical.find("\"n\":6") + 4] = '9';  // the entry's content
  EXPECT_FALSE(VerifyInclusionBundle(b, Trusted()).ok());
  b = good;
  b.proof[1][3] ^= 0x10;  // one proof hash
  EXPECT_FALSE(VerifyInclusionBundle(b, Trusted()).ok());
  b = good;
  b.proof.pop_back();  // a step left out
  EXPECT_FALSE(VerifyInclusionBundle(b, Trusted()).ok());
  b = good;
  b.checkpoint_note = reader_->Checkpoint(1)->note;  // another checkpoint's root
  EXPECT_FALSE(VerifyInclusionBundle(b, Trusted()).ok());
  b = good;
  b.checkpoint_note.replace(b.checkpoint_note.find("\n21\n"), 4, "\n20\n");
  EXPECT_FALSE(VerifyInclusionBundle(b, Trusted()).ok());
  auto stranger = SigningKey::Generate(key_->public_key().name());
  EXPECT_FALSE(VerifyInclusionBundle(good, {stranger->public_key()}).ok());
  EXPECT_FALSE(ParseBundle("{\"format\":\"aidledger-inclusion-proof/v1\"}").ok());
  EXPECT_FALSE(ParseBundle("not json").ok());
}

TEST_F(ProofBundleTest, ConsistencyBundlesProveExtensionAndRefuseTampering) {
  auto older = reader_->Checkpoint(1);
  auto newer = reader_->Checkpoint(2);
  auto proof = reader_->ConsistencyProof(older->checkpoint.size, newer->checkpoint.size);
  ASSERT_TRUE(proof.ok());
  const ConsistencyBundle good{older->note, newer->note, *proof};
  auto parsed = ParseBundle(EncodeBundle(good));
  ASSERT_TRUE(parsed.ok() && !parsed->is_inclusion);
  ASSERT_TRUE(VerifyConsistencyBundle(parsed->consistency, Trusted()).ok());
  ConsistencyBundle bad = good;
  bad.proof[0][0] ^= 1;
  EXPECT_FALSE(VerifyConsistencyBundle(bad, Trusted()).ok());
  bad = good;
  std::swap(bad.old_checkpoint_note, bad.new_checkpoint_note);
  EXPECT_FALSE(VerifyConsistencyBundle(bad, Trusted()).ok());
}

TEST_F(ProofBundleTest, AnExportVerifiesWithoutTheDatabaseAndShowsTampering) {
  std::stringstream out;
  ASSERT_TRUE(ExportLedger(*reader_, out).ok());
  const std::string text = out.str();
  VerifyOptions options;
  options.trusted_keys = Trusted();
  options.witnesses.push_back(*reader_->Checkpoint(1));
  std::istringstream in(text);
  VerifyReport r = VerifyExport(in, options);
  ASSERT_TRUE(r.ok) << r.failure->detail;
  EXPECT_EQ(r.size, 21);
  EXPECT_EQ(r.checkpoints_checked, 2);

  // Change entry 9's bytes (and its stored hash) inside the export.
  std::istringstream lines(text);
  std::string line, tampered;
  while (std::getline(lines, line)) {
    if (line.find("\"seq\":9}") != std::string::npos) {
      auto v = ParseJson(line);
      std::string bytes = *Base64Decode(v->as_object().Find("canonical")->as_string());
      bytes[bytes.find("\"n\":7") + 4] = '8';
      line = EncodeCanonical(Value(Object{
          {"canonical", Base64Encode(bytes)}, {"hash", ToHex(HashEntryBytes(bytes))}, {"seq", 9}}));
    }
    tampered += line + "\n";
  }
  std::istringstream bad(tampered);
  r = VerifyExport(bad, options);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->seq, 10);  // entry 10 still links to the original 9
  EXPECT_EQ(VerifyErrorName(r.failure->error), "broken_link");
}

}  // namespace
}  // namespace aidledger
