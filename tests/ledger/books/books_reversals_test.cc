// The books' rules, reversals: proposed by one person, confirmed by another, never reversed
// themselves.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksTest, AReversalUndoesAGiftOnceAndIsNeverReversedItself) {
  auto gift = books_->RecordDonation(Cash("100.00"), kTreasurer);
  ASSERT_TRUE(gift.ok());
  ASSERT_TRUE(books_->RecordDonation(Cash("7.50"), kTreasurer).ok());
  const int64_t before = Size();
  EXPECT_EQ(books_->ProposeReversal(gift->entry.seq, "", kTreasurer).status().field(), "reason");
  EXPECT_EQ(books_->ProposeReversal(gift->entry.seq, "entered twice", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->ProposeReversal(999, "x", kTreasurer).status().field(), "reverses");
  EXPECT_EQ(books_->ProposeReversal(2, "a fund", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);  // fund.opened has no money effect
  // One person alone reverses nothing: without a proposal it is refused.
  const auto alone = books_->Reverse(gift->entry.seq, "entered twice", "2026-03-02", kTreasurer);
  EXPECT_EQ(alone.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(alone.status().field(), "proposal");
  EXPECT_EQ(Size(), before);

  auto proposal = books_->ProposeReversal(gift->entry.seq, "entered twice", kTreasurer);
  ASSERT_TRUE(proposal.ok()) << proposal.status().ToString();
  EXPECT_EQ(Balance("STUDENT_AID"), 10750) << "a proposal moves no money";
  EXPECT_EQ(books_->ProposeReversal(gift->entry.seq, "again", kAdmin).status().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(books_->ConfirmReversal(proposal->seq, "2026-3-2", kAdmin).status().field(), "date");
  EXPECT_EQ(books_->ConfirmReversal(proposal->seq, "2026-03-02", kTreasurer).status().code(),
            ErrorCode::kPermissionDenied)
      << "the proposer does not confirm";
  EXPECT_EQ(books_->ConfirmReversal(proposal->seq, "2026-03-02", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->ConfirmReversal(proposal->seq + 1, "2026-03-02", kAdmin).status().field(),
            "proposal");
  auto reversal = books_->ConfirmReversal(proposal->seq, "2026-03-02", kAdmin);
  ASSERT_TRUE(reversal.ok()) << reversal.status().ToString();
  EXPECT_EQ(Balance("STUDENT_AID"), 750);
  EXPECT_TRUE(books_->Snapshot()->proposals().empty());
  EXPECT_EQ(books_->ProposeReversal(gift->entry.seq, "again", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->ProposeReversal(reversal->seq, "undo the undo", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  // The corrections list names both people.
  const auto after = books_->Snapshot();
  ASSERT_TRUE(after.ok());
  const Correction& c = after->corrections().back();
  EXPECT_EQ(c.actor.id, kAdmin.id);
  EXPECT_EQ(c.proposer.id, kTreasurer.id);
  // The donor's receipt now says the gift was reversed, when and why.
  const Receipt& receipt = after->receipts().at(gift->receipt);
  EXPECT_EQ(receipt.reversed_by, reversal->seq);
  EXPECT_EQ(receipt.reversal_reason, "entered twice");
  EXPECT_EQ(receipt.reversal_date, "2026-03-02");
  // The verified fact columns carry the correction as a negative amount.
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT CAST(SUM(amount_minor) AS TEXT) FROM entries WHERE fund = "
                          "'STUDENT_AID'"),
            "750");
  // A replay of the chain agrees.
  books_.reset();
  auto again = Books::Open(store_.get());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->Snapshot()->ReversibleFact(gift->entry.seq), nullptr);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksTest, AProposalIsRejectedWithItsReasonAndAPolicyMayExemptSmallReversals) {
  auto gift = books_->RecordDonation(Cash("100.00"), kTreasurer);
  auto small = books_->RecordDonation(Cash("0.50"), kTreasurer);
  ASSERT_TRUE(gift.ok() && small.ok());
  auto proposal = books_->ProposeReversal(gift->entry.seq, "entered twice", kTreasurer);
  ASSERT_TRUE(proposal.ok());
  EXPECT_EQ(books_->RejectProposal(proposal->seq, " ", kAdmin).status().field(), "reason");
  EXPECT_EQ(books_->RejectProposal(proposal->seq, "it was two gifts", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->RejectProposal(proposal->seq, "it was two gifts", kAdmin).ok());
  EXPECT_EQ(books_->ConfirmReversal(proposal->seq, "2026-03-02", kAdmin).status().field(),
            "proposal");
  EXPECT_EQ(Balance("STUDENT_AID"), 10050);

  // Only an admin sets the exemption; under it one treasurer reverses alone.
  EXPECT_EQ(books_->SetPolicy("reversal_exempt_below", 100, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->SetPolicy("reversal_exempt_below", 100, kAdmin).ok());
  EXPECT_TRUE(books_->Reverse(small->entry.seq, "test entry", "2026-03-02", kTreasurer).ok());
  EXPECT_EQ(books_->Reverse(gift->entry.seq, "too big", "2026-03-02", kTreasurer).status().field(),
            "proposal");
  EXPECT_EQ(Balance("STUDENT_AID"), 10000);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

}  // namespace
}  // namespace aidledger::books_test
