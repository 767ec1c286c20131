// Backups made while the books are being written verify, and restore.
#include "ledger/store/backup.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "ledger/books/books.h"
#include "ledger/books/books_replay.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::TempDir;

const Actor kAdmin{"boss", "admin"};
const Actor kTreasurer{"wang", "treasurer"};

TEST(BackupTest, CopiesMadeWhileTheBooksAreWrittenVerifyAndRestore) {
  TempDir dir;
  const std::string path = dir.File("books.db");
  auto store = LedgerStore::Create(path, GenesisParams{NewLedgerId(), "t"});
  ASSERT_TRUE(store.ok());
  auto books = Books::Open(store->get());
  ASSERT_TRUE(books.ok());
  ASSERT_TRUE(
      (*books)->OpenFund({"GENERAL", "非限定性基金", "General", false, "", {}}, kAdmin).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      DonationInput d;
      d.fund = "GENERAL";
      d.amount = "10.00";
      d.channel = "cash";
      d.date = "2026-03-01";
      if ((*books)->RecordDonation(d, kTreasurer).ok()) ++written;
    }
  });
  std::vector<std::string> copies;
  for (int i = 0; i < 4; ++i) {
    while (written < 50 * (i + 1)) std::this_thread::yield();
    copies.push_back(dir.File("copy" + std::to_string(i) + ".db"));
    const Status s = BackupLedger(path, copies.back());
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  stop = true;
  writer.join();
  auto source = SqliteLedgerReader::Open(path);
  ASSERT_TRUE(source.ok());
  int64_t previous = 0;
  for (const std::string& copy : copies) {
    SCOPED_TRACE(copy);
    struct stat st {};
    ASSERT_EQ(::stat(copy.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // Each copy is the ledger as of one commit: it verifies (books
    // included), and its head is the source's entry of that number.
    const VerifyReport report = VerifyWithBooks(copy);
    ASSERT_TRUE(report.ok) << report.failure->detail;
    EXPECT_GT(report.size, previous);
    previous = report.size;
    EXPECT_EQ(report.head_hash, (*source)->GetEntry(report.size)->hash);
  }
  // Restoring is copying a backup to where the ledger lives: it opens, and
  // the books carry on from it.
  const std::string restored = dir.File("restored.db");
  std::filesystem::copy_file(copies.back(), restored);
  auto reopened = LedgerStore::Open(restored);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto rebooks = Books::Open(reopened->get());
  ASSERT_TRUE(rebooks.ok());
  DonationInput d;
  d.fund = "GENERAL";
  d.amount = "1.00";
  d.channel = "cash";
  d.date = "2026-03-02";
  EXPECT_TRUE((*rebooks)->RecordDonation(d, kTreasurer).ok());
  EXPECT_TRUE(VerifyWithBooks(restored).ok);
  // A backup never overwrites.
  EXPECT_EQ(BackupLedger(path, copies.front()).code(), ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace aidledger
