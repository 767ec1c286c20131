#include "ledger/chain/entry.h"

#include <gtest/gtest.h>

#include "ledger/base/canonical_json.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BytesFromHex;
using testing::LedgerVectors;

TEST(EntryTest, EncodingAndHashMatchTheIndependentVectors) {
  const auto& cases = LedgerVectors().as_object().Find("entries")->as_array();
  ASSERT_EQ(cases.size(), 5u);
  for (const auto& c : cases) {
    const auto& o = c.as_object();
    const std::string name = o.Find("name")->as_string();
    auto entry = EntryFromValue(*o.Find("entry"));
    ASSERT_TRUE(entry.ok()) << name << ": " << entry.status().ToString();
    const std::string bytes = EncodeEntry(*entry);
    EXPECT_EQ(bytes, BytesFromHex(o.Find("canonical_hex")->as_string())) << name;
    EXPECT_EQ(ToHex(HashEntryBytes(bytes)), o.Find("hash")->as_string()) << name;
    auto decoded = DecodeEntry(bytes);
    ASSERT_TRUE(decoded.ok()) << name;
    EXPECT_EQ(*decoded, *entry) << name;
  }
}

TEST(EntryTest, HashUsesTheDomainSeparationPrefix) {
  const std::string prefix_hex =
      LedgerVectors().as_object().Find("entry_hash_prefix_hex")->as_string();
  EXPECT_EQ(std::string(kEntryHashPrefix), BytesFromHex(prefix_hex));
  // Differs from a bare SHA-256 of the same bytes.
  EXPECT_NE(HashEntryBytes("{}"), Sha256::Of("{}"));
  // First byte of the prefix is neither RFC 6962 leaf (0x00) nor node (0x01).
  EXPECT_GT(static_cast<unsigned char>(kEntryHashPrefix[0]), 1);
}

Entry SampleEntry() {
  Entry e;
  e.seq = 2;
  e.recorded_at = 1'764'346'027'661'927;
  e.kind = "donation.recorded";
  e.actor = Actor{"u-1", "treasurer"};
  e.payload = Object{{"amount", Object{{"currency", "CNY"}, {"minor", 125000}}}};
  e.prev = Sha256::Of("x");
  return e;
}

TEST(EntryTest, ValidateRejectsEachBadField) {
  struct Case {
    void (*mutate)(Entry&);
    const char* field;
  };
  const Case cases[] = {
      {[](Entry& e) { e.seq = 0; }, "seq"},
      {[](Entry& e) { e.kind = "donation"; }, "kind"},
      {[](Entry& e) { e.kind = "Donation.recorded"; }, "kind"},
      {[](Entry& e) { e.kind = "donation..recorded"; }, "kind"},
      {[](Entry& e) { e.kind = "donation.recorded."; }, "kind"},
      {[](Entry& e) { e.kind = "a." + std::string(70, 'b'); }, "kind"},
      {[](Entry& e) { e.actor.id = ""; }, "actor.id"},
      {[](Entry& e) { e.actor.id = "a\nb"; }, "actor.id"},
      {[](Entry& e) { e.actor.id = std::string(129, 'a'); }, "actor.id"},
      {[](Entry& e) { e.actor.role = "Treasurer"; }, "actor.role"},
      {[](Entry& e) { e.recorded_at = -1; }, "recorded_at"},
  };
  for (const auto& c : cases) {
    Entry e = SampleEntry();
    ASSERT_TRUE(ValidateEntry(e).ok());
    c.mutate(e);
    Status s = ValidateEntry(e);
    EXPECT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.field(), c.field);
  }
}

TEST(EntryTest, DecodeRefusesMissingExtraAndMistypedMembers) {
  const std::string good = EncodeEntry(SampleEntry());
  ASSERT_TRUE(DecodeEntry(good).ok());
  auto v = ParseCanonical(good);
  ASSERT_TRUE(v.ok());
  const char* keys[] = {"actor", "kind", "payload", "prev", "recorded_at", "seq", "v"};
  for (const char* key : keys) {
    Object missing = v->as_object();
    Object replaced = v->as_object();
    Object without;
    for (const auto& [k, m] : missing.members()) {
      if (k != key) without.Set(k, m);
    }
    EXPECT_FALSE(EntryFromValue(Value(without)).ok()) << "without " << key;
    replaced.Set(key, Value(Array{}));
    EXPECT_FALSE(EntryFromValue(Value(replaced)).ok()) << key << " as an array";
  }
  Object extra = v->as_object();
  extra.Set("note", "x");
  EXPECT_FALSE(EntryFromValue(Value(extra)).ok());
  Object v2 = v->as_object();
  v2.Set("v", 2);
  EXPECT_FALSE(EntryFromValue(Value(v2)).ok());
  Object upper_prev = v->as_object();
  upper_prev.Set("prev", std::string(64, 'A'));
  EXPECT_FALSE(EntryFromValue(Value(upper_prev)).ok());
}

TEST(EntryTest, GenesisRoundTripsAndIsChecked) {
  GenesisParams p{NewLedgerId(), "爱心365", "CNY", "Asia/Shanghai"};
  ASSERT_TRUE(IsValidLedgerId(p.ledger_id));
  const Entry g = MakeGenesisEntry(p, 1'764'346'027'000'000);
  auto decoded = DecodeEntry(EncodeEntry(g));
  ASSERT_TRUE(decoded.ok());
  GenesisParams back;
  ASSERT_TRUE(CheckGenesis(*decoded, &back).ok());
  EXPECT_EQ(back.ledger_id, p.ledger_id);
  EXPECT_EQ(back.name, p.name);

  Entry wrong_prev = g;
  wrong_prev.prev[0] = 1;
  EXPECT_FALSE(CheckGenesis(wrong_prev, nullptr).ok());
  Entry wrong_actor = g;
  wrong_actor.actor.role = "admin";
  EXPECT_FALSE(CheckGenesis(wrong_actor, nullptr).ok());
  Entry bad_currency = g;
  bad_currency.payload.Find("params")->as_object().Set("default_currency", "cny");
  EXPECT_FALSE(CheckGenesis(bad_currency, nullptr).ok());
  Entry late = g;
  late.recorded_at += 1;
  EXPECT_FALSE(CheckGenesis(late, nullptr).ok());
}

TEST(EntryTest, LedgerIdsAreRandomV4Uuids) {
  const std::string a = NewLedgerId();
  EXPECT_NE(a, NewLedgerId());
  EXPECT_EQ(a[14], '4');
  EXPECT_TRUE(IsValidLedgerId(a));
  EXPECT_FALSE(IsValidLedgerId("5F0C7A3E-2B1D-4C8E-9A6F-0D1E2F3A4B5C"));
}

}  // namespace
}  // namespace aidledger
