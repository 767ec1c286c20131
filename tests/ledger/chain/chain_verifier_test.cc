#include "ledger/chain/chain_verifier.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BytesFromHex;
using testing::LedgerVectors;

// Every chain vector, tampered or not, gets the verdict the format predicts.
TEST(ChainVerifierTest, AgreesWithEveryChainVector) {
  const auto& cases = LedgerVectors().as_object().Find("chains")->as_array();
  ASSERT_GE(cases.size(), 15u);
  for (const auto& c : cases) {
    const auto& o = c.as_object();
    const std::string name = o.Find("name")->as_string();
    const auto& expect = o.Find("expect")->as_object();
    ChainVerifier v;
    for (const auto& row : o.Find("rows")->as_array()) {
      const auto& r = row.as_object();
      auto hash = Hash32FromHex(r.Find("hash")->as_string());
      ASSERT_TRUE(hash.has_value()) << name;
      if (!v.Add(r.Find("position")->as_int(), BytesFromHex(r.Find("canonical_hex")->as_string()),
                 *hash)) {
        break;
      }
    }
    const bool ok = v.ok() && v.Finish();
    ASSERT_EQ(ok, expect.Find("ok")->as_bool()) << name;
    if (ok) {
      EXPECT_EQ(v.size(), expect.Find("size")->as_int()) << name;
      EXPECT_EQ(ToHex(v.head_hash()), expect.Find("head")->as_string()) << name;
    } else {
      EXPECT_EQ(VerifyErrorName(v.failure()->error), expect.Find("code")->as_string()) << name;
      EXPECT_EQ(v.failure()->seq, expect.Find("seq")->as_int()) << name;
    }
  }
}

TEST(ChainVerifierTest, StopsAtTheFirstFailure) {
  ChainVerifier v;
  v.Fail(VerifyError::kGap, 3, "first");
  v.Fail(VerifyError::kHashMismatch, 5, "second");
  EXPECT_EQ(v.failure()->seq, 3);
  EXPECT_FALSE(v.Add(1, "{}", Hash32{}));
  EXPECT_EQ(v.failure()->error, VerifyError::kGap);
}

TEST(ChainVerifierTest, EveryErrorHasAStableDistinctName) {
  std::set<std::string_view> names;
  for (int e = 0; e <= static_cast<int>(VerifyError::kUnreadable); ++e) {
    names.insert(VerifyErrorName(static_cast<VerifyError>(e)));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(VerifyError::kUnreadable) + 1);
  EXPECT_EQ(names.count("unknown"), 0u);
}

}  // namespace
}  // namespace aidledger
