// The books' rules, receipts: voided, bill numbers, the original print and duplicates.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksTest, AVoidedReceiptKeepsItsNumberAndBillNumbersAreRecordedOnce) {
  auto gift = books_->RecordDonation(Cash("80.00"), kTreasurer);
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(books_->VoidReceipt("2026-000099", "typo", kTreasurer).status().field(), "receipt");
  EXPECT_EQ(books_->VoidReceipt(gift->receipt, "", kTreasurer).status().field(), "reason");
  EXPECT_EQ(books_->VoidReceipt(gift->receipt, "x", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(
      books_->RecordBillNumber(gift->receipt, "ZJ-2026-0000123", "爱心基金会", kTreasurer).ok());
  EXPECT_EQ(books_->RecordBillNumber(gift->receipt, "ZJ-2026-0000124", "爱心基金会", kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(books_->VoidReceipt(gift->receipt, "issued to the wrong name", kTreasurer).ok());
  EXPECT_EQ(books_->VoidReceipt(gift->receipt, "again", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  auto state = books_->Snapshot();
  EXPECT_TRUE(state->receipts().at(gift->receipt).voided);
  EXPECT_EQ(state->receipts().at(gift->receipt).bill_number, "ZJ-2026-0000123");
  // The next gift takes the next number: a voided one is never reused.
  auto next = books_->RecordDonation(Cash("80.00"), kTreasurer);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->receipt, "2026-000002");
}

TEST_F(BooksWithRecipientsTest, TheFirstPrintIsTheOriginalAndLaterOnesAreDuplicates) {
  auto gift = Give("GENERAL", "10.00");
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(books_->PrintReceipt(gift->receipt, std::nullopt, kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->PrintReceipt("2026-000099", std::nullopt, kTreasurer).status().field(),
            "receipt");
  EXPECT_EQ(*books_->PrintReceipt(gift->receipt, std::nullopt, kTreasurer), 1);
  EXPECT_EQ(*books_->PrintReceipt(gift->receipt, std::nullopt, kTreasurer), 2);
  EXPECT_EQ(State().receipts().at(gift->receipt).copies_printed, 2);
  auto stale = books_->PrintReceipt(gift->receipt, 2, kTreasurer);
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict) << "copy 2 was printed already";
  EXPECT_EQ(stale.status().field(), "copy");
  EXPECT_EQ(*books_->PrintReceipt(gift->receipt, 3, kTreasurer), 3);
  ASSERT_TRUE(books_->VoidReceipt(gift->receipt, "wrong name", kTreasurer).ok());
  EXPECT_EQ(books_->PrintReceipt(gift->receipt, std::nullopt, kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  const BooksState s = State();
  const auto& corrections = s.corrections();
  ASSERT_EQ(corrections.size(), 1u);
  EXPECT_EQ(corrections[0].kind, "receipt.voided");
  EXPECT_EQ(corrections[0].target, gift->receipt);
}

}  // namespace
}  // namespace aidledger::books_test
