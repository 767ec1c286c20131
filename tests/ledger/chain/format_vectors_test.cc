// The vectors of sections 9 to 11 of docs/ledger-format.md (keys,
// checkpoints, proof bundles, exports), written by
// tests/independent/make_vectors.py from the document alone: our parsers and
// verifiers give every case the verdict the document predicts, as the
// independent verifier does.
#include <gtest/gtest.h>

#include <sstream>

#include "ledger/base/base64.h"
#include "ledger/base/hash.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/ledger_export.h"
#include "ledger/chain/proof_bundle.h"
#include "ledger/chain/signing_key.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BytesFromHex;
using testing::LedgerVectors;

const Array& Cases(std::string_view section) {
  const Value* v = LedgerVectors().as_object().Find(section);
  static const Array kNone;
  if (v == nullptr || !v->is_array()) {
    ADD_FAILURE() << "the vectors have no section " << section;
    return kNone;
  }
  return v->as_array();
}

std::vector<PublicKey> Trusted(const Object& c) {
  std::vector<PublicKey> keys;
  for (const Value& vkey : c.Find("trusted")->as_array()) {
    auto key = PublicKey::FromVkey(vkey.as_string());
    EXPECT_TRUE(key.ok()) << vkey.as_string();
    if (key.ok()) keys.push_back(std::move(key).value());
  }
  return keys;
}

TEST(FormatVectorsTest, EveryVkeyIsReadOrRefusedAsTheFormatSays) {
  const Array& cases = Cases("keys");
  ASSERT_GE(cases.size(), 8u);
  for (const Value& v : cases) {
    const Object& c = v.as_object();
    const std::string name = c.Find("name")->as_string();
    auto key = PublicKey::FromVkey(c.Find("vkey")->as_string());
    ASSERT_EQ(key.ok(), c.Find("valid")->as_bool()) << name;
    if (!key.ok()) continue;
    EXPECT_EQ(ToHex(reinterpret_cast<const uint8_t*>(key->raw().data()), key->raw().size()),
              c.Find("public_key_hex")->as_string())
        << name;
    EXPECT_EQ(key->KeyId(), c.Find("key_id")->as_string()) << name;
    EXPECT_EQ(key->Vkey(), c.Find("vkey")->as_string()) << name;
    // The same key built from its raw bytes and name gets the same hash.
    auto raw = PublicKey::FromRaw(c.Find("key_name")->as_string(),
                                  BytesFromHex(c.Find("public_key_hex")->as_string()));
    ASSERT_TRUE(raw.ok()) << name;
    EXPECT_EQ(raw->Vkey(), c.Find("vkey")->as_string()) << name;
  }
}

TEST(FormatVectorsTest, AVkeyWhoseBase64HoldsAPlusIsAmongTheVectors) {
  bool seen = false;
  for (const Value& v : Cases("keys")) {
    const std::string& vkey = v.as_object().Find("vkey")->as_string();
    const size_t second = vkey.find('+', vkey.find('+') + 1);
    seen |=
        v.as_object().Find("valid")->as_bool() && vkey.find('+', second + 1) != std::string::npos;
  }
  EXPECT_TRUE(seen);
}

TEST(FormatVectorsTest, EveryCheckpointNoteGetsTheVerdictTheFormatPredicts) {
  const Array& cases = Cases("checkpoints");
  ASSERT_GE(cases.size(), 12u);
  for (const Value& v : cases) {
    const Object& c = v.as_object();
    const std::string name = c.Find("name")->as_string();
    const std::string& expect = c.Find("expect")->as_string();
    auto cp = ParseCheckpointNote(c.Find("note")->as_string());
    std::string got = "parse";
    if (cp.ok()) got = VerifyCheckpointSignature(*cp, Trusted(c)).ok() ? "ok" : "signature";
    ASSERT_EQ(got, expect) << name;
    if (got != "ok") continue;
    const Object& want = c.Find("checkpoint")->as_object();
    EXPECT_EQ(cp->checkpoint.origin, want.Find("origin")->as_string()) << name;
    EXPECT_EQ(static_cast<int64_t>(cp->checkpoint.size), want.Find("size")->as_int()) << name;
    const auto& root = cp->checkpoint.root;
    EXPECT_EQ(
        Base64Encode(std::string_view(reinterpret_cast<const char*>(root.data()), root.size())),
        want.Find("root")->as_string())
        << name;
    EXPECT_EQ(ToHex(cp->checkpoint.head_hash), want.Find("head")->as_string()) << name;
    EXPECT_EQ(FormatTimestamp(cp->checkpoint.time), want.Find("time")->as_string()) << name;
    // Our own body spelling is the one the vectors signed.
    const std::string& note = c.Find("note")->as_string();
    EXPECT_EQ(note.substr(0, note.find("\n\n") + 1), CheckpointBody(cp->checkpoint)) << name;
  }
}

TEST(FormatVectorsTest, EveryProofBundleGetsTheVerdictTheFormatPredicts) {
  const Array& cases = Cases("bundles");
  ASSERT_GE(cases.size(), 12u);
  for (const Value& v : cases) {
    const Object& c = v.as_object();
    const std::string name = c.Find("name")->as_string();
    auto bundle = ParseBundle(BytesFromHex(c.Find("bytes_hex")->as_string()));
    std::string got = "parse";
    if (bundle.ok()) {
      const std::vector<PublicKey> keys = Trusted(c);
      const bool verified = bundle->is_inclusion
                                ? VerifyInclusionBundle(bundle->inclusion, keys).ok()
                                : VerifyConsistencyBundle(bundle->consistency, keys).ok();
      got = verified ? "ok" : "verify";
    }
    EXPECT_EQ(got, c.Find("expect")->as_string()) << name;
  }
}

TEST(FormatVectorsTest, EveryExportGetsTheVerdictTheFormatPredicts) {
  const Array& cases = Cases("exports");
  ASSERT_GE(cases.size(), 12u);
  for (const Value& v : cases) {
    const Object& c = v.as_object();
    const std::string name = c.Find("name")->as_string();
    const Object& expect = c.Find("expect")->as_object();
    VerifyOptions options;
    options.now = 0;
    for (const Value& note : c.Find("witnesses")->as_array()) {
      auto w = ParseCheckpointNote(note.as_string());
      ASSERT_TRUE(w.ok()) << name;
      options.witnesses.push_back(std::move(w).value());
    }
    std::istringstream in(BytesFromHex(c.Find("bytes_hex")->as_string()));
    const VerifyReport report = VerifyExport(in, options);
    ASSERT_EQ(report.ok, expect.Find("ok")->as_bool())
        << name << ": " << (report.failure ? report.failure->detail : "");
    if (report.ok) {
      EXPECT_EQ(report.size, expect.Find("size")->as_int()) << name;
      EXPECT_EQ(ToHex(report.head_hash), expect.Find("head")->as_string()) << name;
    } else {
      EXPECT_EQ(VerifyErrorName(report.failure->error), expect.Find("code")->as_string())
          << name << ": " << report.failure->detail;
      EXPECT_EQ(report.failure->seq, expect.Find("seq")->as_int()) << name;
    }
  }
}

}  // namespace
}  // namespace aidledger
