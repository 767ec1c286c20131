// Ledger addresses (ledger/store/ledger_address.h): which backend, where, and
// a reader opened through the address alone.
#include "ledger/store/ledger_address.h"

#include <gtest/gtest.h>

#include "ledger/store/ledger_store.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

TEST(LedgerAddressTest, APlainPathAndASqliteAddressNameTheSameFile) {
  auto plain = ParseLedgerAddress("data/ledger.db");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->backend, "sqlite");
  EXPECT_EQ(plain->location, "data/ledger.db");
  auto named = ParseLedgerAddress("sqlite:data/ledger.db");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->backend, "sqlite");
  EXPECT_EQ(named->location, "data/ledger.db");
}

TEST(LedgerAddressTest, AColonInAPathIsNotTakenForABackend) {
  auto parsed = ParseLedgerAddress("C:/books/ledger.db");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->location, "C:/books/ledger.db");
}

TEST(LedgerAddressTest, AMemoryAddressNamesALedgerInThisProcess) {
  auto parsed = ParseLedgerAddress("memory:team-1");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->backend, "memory");
  EXPECT_EQ(parsed->location, "team-1");
}

TEST(LedgerAddressTest, AnAddressWithoutALocationIsRefusedOnTheLedgerField) {
  for (const char* bad : {"", "sqlite:", "memory:"}) {
    auto parsed = ParseLedgerAddress(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().field(), "ledger");
  }
}

TEST(LedgerAddressTest, AReaderOpenedByAddressSeesAnotherWritersCommitsThroughItsChangeToken) {
  TempDir dir;
  const std::string path = dir.File("l.db");
  auto store = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "t"});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto reader = OpenLedgerReader("sqlite:" + path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto before = (*reader)->ChangeToken();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*(*reader)->ChangeToken(), *before) << "nothing committed: the token stays";
  auto appended =
      (*store)->Append(EntryDraft{"note.added", Actor{"u1", "admin"}, Object{{"n", int64_t{1}}}});
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  auto after = (*reader)->ChangeToken();
  ASSERT_TRUE(after.ok());
  EXPECT_NE(*after, *before) << "another connection committed";
  auto head = (*reader)->GetHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 2);
}

TEST(LedgerAddressTest, AMissingFileIsAnErrorNotANewLedger) {
  TempDir dir;
  auto reader = OpenLedgerReader(dir.File("absent.db"));
  EXPECT_FALSE(reader.ok());
}

}  // namespace
}  // namespace aidledger
