// The vectors of section 6.1 of docs/ledger-format.md, written by
// tests/independent/make_vectors.py from the document alone: short chains of
// the books' entries, each with the first entry a replay must refuse (and the
// member the refusal names), or none. The replay is the one verify runs.
#include <gtest/gtest.h>

#include "ledger/books/books_state.h"
#include "ledger/chain/entry.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::BytesFromHex;
using testing::LedgerVectors;

TEST(BooksVectorsTest, EveryChainOfTheBooksIsReplayedAsTheFormatSays) {
  const Value* section = LedgerVectors().as_object().Find("books");
  ASSERT_NE(section, nullptr);
  const Array& cases = section->as_array();
  ASSERT_GE(cases.size(), 30u);
  for (const Value& v : cases) {
    const Object& c = v.as_object();
    const std::string name = c.Find("name")->as_string();
    const Object& expect = c.Find("expect")->as_object();
    BooksState books;
    int64_t refused_at = 0;
    Status refusal;
    for (const Value& row : c.Find("rows")->as_array()) {
      const Object& r = row.as_object();
      auto entry = DecodeEntry(BytesFromHex(r.Find("canonical_hex")->as_string()));
      ASSERT_TRUE(entry.ok()) << name << ": " << entry.status().ToString();
      refusal = books.Apply(entry->kind, entry->actor, entry->payload);
      if (!refusal.ok()) {
        refused_at = r.Find("position")->as_int();
        break;
      }
    }
    if (expect.Find("ok")->as_bool()) {
      EXPECT_EQ(refused_at, 0) << name << ": " << refusal.ToString();
      continue;
    }
    EXPECT_EQ(refused_at, expect.Find("seq")->as_int()) << name << ": " << refusal.ToString();
    const Value* member = expect.Find("member");
    if (member->is_string()) {
      EXPECT_EQ(refusal.field(), member->as_string()) << name << ": " << refusal.ToString();
    }
  }
}

}  // namespace
}  // namespace aidledger
