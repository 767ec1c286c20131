#include "ledger/base/canonical_json.h"

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BytesFromHex;
using testing::LedgerVectors;

TEST(CanonicalJsonTest, EncodesSortedCompactIntegersOnly) {
  Object o;
  o.Set("z", 1).Set("a", Array{true, false, nullptr}).Set("m", int64_t{-42});
  EXPECT_EQ(EncodeCanonical(Value(o)), R"({"a":[true,false,null],"m":-42,"z":1})");
}

TEST(CanonicalJsonTest, SortsKeysByUtf8BytesNotByLocale) {
  Object o;
  for (const char* k : {"é", "z", "B", "a", "", "aa"}) o.Set(k, 0);
  EXPECT_EQ(EncodeCanonical(Value(o)), "{\"\":0,\"B\":0,\"a\":0,\"aa\":0,\"z\":0,\"é\":0}");
}

TEST(CanonicalJsonTest, EscapesOnlyWhatTheFormatSays) {
  const std::string s = std::string("\"\\\b\f\n\r\t") + '\0' + "\x1f/\x7f助";
  EXPECT_EQ(EncodeCanonical(Value(s)), "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f/\x7f助\"");
}

TEST(CanonicalJsonTest, Int64ExtremesRoundTrip) {
  const Value v(Array{Value(INT64_MIN), Value(INT64_MAX)});
  const std::string bytes = EncodeCanonical(v);
  EXPECT_EQ(bytes, "[-9223372036854775808,9223372036854775807]");
  auto back = ParseCanonical(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, v);
}

TEST(CanonicalJsonTest, StrictParserAgreesWithEveryVector) {
  const auto& cases = LedgerVectors().as_object().Find("canonical_json")->as_array();
  ASSERT_GE(cases.size(), 20u);
  for (const auto& c : cases) {
    const auto& o = c.as_object();
    const std::string name = o.Find("name")->as_string();
    const std::string bytes = BytesFromHex(o.Find("bytes_hex")->as_string());
    const bool want = o.Find("canonical")->as_bool();
    auto parsed = ParseCanonical(bytes);
    EXPECT_EQ(parsed.ok(), want) << name << ": " << parsed.status().ToString();
    if (parsed.ok()) {
      EXPECT_EQ(EncodeCanonical(*parsed), bytes) << name;
    }
  }
}

TEST(CanonicalJsonTest, RelaxedParserNormalisesToCanonical) {
  auto v = ParseJson(" { \"b\" : [ 1 , 2 ] ,\n \"a\" : \"\\u00e9\\/\\uD83D\\uDE00\" } ");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(EncodeCanonical(*v), "{\"a\":\"é/😀\",\"b\":[1,2]}");
}

TEST(CanonicalJsonTest, RelaxedParserRejectsWhatTheLedgerNeverStores) {
  const char* bad[] = {
      "{\"amount\": 12.50}",   // fraction: money must be integer minor units
      "1e2",                   // exponent
      "9223372036854775808",   // above int64
      "-9223372036854775809",  // below int64
      "{\"a\":1,\"a\":2}",     // duplicate key
      "\"\\ud800\"",           // lone surrogate escape
      "\"\\udc00\\ud800\"",    // reversed pair
      "\"\xc0\xaf\"",          // overlong UTF-8
      "\"\xed\xa0\x80\"",      // surrogate in UTF-8
      "\"\xf4\x90\x80\x80\"",  // above U+10FFFF
      "[1,]",
      "{\"a\" 1}",
      "nul",
      "\"abc",
      "-",
      "01",
      "{} x",
      "",
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParseJson(text).ok()) << text;
  }
}

TEST(CanonicalJsonTest, FractionErrorNamesTheProblem) {
  auto v = ParseJson("{\"amount\": 1250.5}");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("fraction"), std::string::npos);
}

TEST(CanonicalJsonTest, NestingLimitIsEnforced) {
  std::string ok(32, '[');
  ok += std::string(32, ']');
  std::string deep(33, '[');
  deep += std::string(33, ']');
  EXPECT_TRUE(ParseCanonical(ok).ok());
  EXPECT_FALSE(ParseCanonical(deep).ok());
  EXPECT_FALSE(ParseJson(deep).ok());
  // A hostile depth is refused without exhausting the stack.
  std::string hostile(100000, '[');
  EXPECT_FALSE(ParseJson(hostile).ok());
}

TEST(CanonicalJsonTest, ValidUtf8Check) {
  EXPECT_TRUE(IsValidUtf8("plain 助学金 😀"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe5\x8a"));  // truncated
}

// Every single-byte change to a canonical document yields either a refusal
// or a different value: the strict parser never accepts two spellings.
TEST(CanonicalJsonTest, FlippedBytesNeverParseToTheSameValue) {
  const Value v(Object{{"amount", Object{{"currency", "CNY"}, {"minor", 125000}}},
                       {"memo", "助学 \"x\"\n"},
                       {"list", Array{1, -2, true, nullptr}}});
  const std::string bytes = EncodeCanonical(v);
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string t = bytes;
      t[i] = static_cast<char>(t[i] ^ (1 << bit));
      auto parsed = ParseCanonical(t);
      if (parsed.ok()) {
        EXPECT_FALSE(*parsed == v) << "byte " << i << " bit " << bit;
      }
    }
  }
}

}  // namespace
}  // namespace aidledger
