// The books' rules, grants: approved by others, paid within limits, never to an erased record.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksTest, GrantsNeedAnotherPersonsApprovalAndArePaidWithinLimits) {
  const Actor other_coordinator{"u-zhao", "coordinator"};
  EXPECT_EQ(books_->EnrolRecipient("student", Committing(Sha256::Of("vault record")), kTreasurer)
                .status()
                .code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->EnrolRecipient("astronaut", Committing(Sha256::Of("r")), kCoordinator)
                .status()
                .field(),
            "category");
  auto recipient =
      books_->EnrolRecipient("student", Committing(Sha256::Of("vault record")), kCoordinator);
  ASSERT_TRUE(recipient.ok());
  EXPECT_EQ(*recipient, "R-000001");
  ASSERT_TRUE(books_->RecordDonation(Cash("3000.00"), kTreasurer).ok());
  ASSERT_TRUE(Deposit("3000.00").ok());

  EXPECT_EQ(
      books_
          ->ProposeGrant(Proposal("R-000009", "STUDENT_AID", "2500.00", "stipend", "2026 autumn"),
                         kCoordinator)
          .status()
          .field(),
      "recipient");
  auto grant = books_->ProposeGrant(
      Proposal(*recipient, "STUDENT_AID", "2500.00", "stipend", "2026 autumn semester"),
      kCoordinator);
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_EQ(*grant, "G-000001");

  // Not yet approved: no payment. The proposer may not approve their own grant.
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*grant, "100.00", "2026-09-01", "bank_transfer", "B-1", {}, ""},
                     kTreasurer)
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->DecideGrant(*grant, true, "ok", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->DecideGrant(*grant, true, "checked the transcript", other_coordinator).ok());
  EXPECT_EQ(books_->DecideGrant(*grant, false, "changed my mind", kAdmin).status().code(),
            ErrorCode::kFailedPrecondition);

  // Instalments, never more than approved, never more than the fund holds.
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*grant, "100.00", "2026-09-01", "bank_transfer", "B-1", {}, ""},
                     kCoordinator)
          .status()
          .code(),
      ErrorCode::kPermissionDenied);
  // Paid other than in cash, a payment needs its reference (to match the
  // bank's statement).
  EXPECT_EQ(
      books_
          ->PayGrant(
              PaymentInput{*grant, "100.00", "2026-09-01", "bank_transfer", std::nullopt, {}, ""},
              kTreasurer)
          .status()
          .field(),
      "external_ref");
  auto first = books_->PayGrant(
      PaymentInput{*grant, "1250.00", "2026-09-01", "bank_transfer", "B-1", {}, ""}, kTreasurer);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*grant, "1250.01", "2026-10-01", "bank_transfer", "B-2", {}, ""},
                     kTreasurer)
          .status()
          .field(),
      "amount");
  ASSERT_TRUE(
      books_
          ->PayGrant(PaymentInput{*grant, "1250.00", "2026-10-01", "bank_transfer", "B-2", {}, ""},
                     kTreasurer)
          .ok());
  EXPECT_EQ(Balance("STUDENT_AID"), 50000);
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*grant, "0.01", "2026-10-02", "cash", std::nullopt, {}, ""},
                           kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  auto state = books_->Snapshot();
  EXPECT_EQ(state->grants().at(*grant).paid_minor, 250000);

  // A reversed payment is owed again and back in the fund.
  ASSERT_TRUE(ReverseByTwo(first->seq, "returned by the bank", "2026-10-03").ok());
  state = books_->Snapshot();
  EXPECT_EQ(state->grants().at(*grant).paid_minor, 125000);
  EXPECT_EQ(Balance("STUDENT_AID"), 175000);

  // A second grant bigger than the fund holds is approved but cannot be paid in full.
  auto big = books_->ProposeGrant(
      Proposal(*recipient, "STUDENT_AID", "5000.00", "stipend", "2027 spring"), kCoordinator);
  ASSERT_TRUE(big.ok());
  ASSERT_TRUE(books_->DecideGrant(*big, true, "ok", other_coordinator).ok());
  auto too_much = books_->PayGrant(
      PaymentInput{*big, "5000.00", "2027-03-01", "cash", std::nullopt, {}, ""}, kTreasurer);
  EXPECT_EQ(too_much.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(too_much.status().message().find("holds only"), std::string::npos);
  // A payment recorded without a reference before the books asked for one
  // still keeps the rules (verify replays it below).
  ASSERT_TRUE(
      books_
          ->Record(EntryDraft{"grant.paid", kTreasurer,
                              Object{{"amount", Object{{"currency", "CNY"}, {"minor", -100}}},
                                     {"channel", "bank_transfer"},
                                     {"date", "2027-03-01"},
                                     {"duplicate_reason", nullptr},
                                     {"external_ref", nullptr},
                                     {"fund", "STUDENT_AID"},
                                     {"grant", *big}}})
          .ok());
  auto rejected = books_->ProposeGrant(
      Proposal(*recipient, "STUDENT_AID", "10.00", "books", "2027 spring"), kCoordinator);
  EXPECT_EQ(books_->DecideGrant(*rejected, false, " ", kAdmin).status().field(), "comment")
      << "a rejection, final, needs its reason";
  ASSERT_TRUE(books_->DecideGrant(*rejected, false, "duplicate of G-000002", kAdmin).ok());
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*rejected, "10.00", "2027-03-01", "cash", std::nullopt, {}, ""},
                     kTreasurer)
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// Aid cannot reach a person whose record was erased: the approved grant's
// payment and a hand-out to them are refused.
TEST_F(BooksTest, NothingIsPaidToARecipientWhoseRecordWasErased) {
  ASSERT_TRUE(books_->RecordDonation(Cash("500.00"), kTreasurer).ok());
  auto recipient = books_->EnrolRecipient("student", Committing(Sha256::Of("r")), kCoordinator);
  ASSERT_TRUE(recipient.ok());
  auto grant = books_->ProposeGrant(Proposal(*recipient, "STUDENT_AID", "100.00", "stipend", "t"),
                                    kCoordinator);
  ASSERT_TRUE(grant.ok());
  ASSERT_TRUE(books_->DecideGrant(*grant, true, "ok", kAdmin).ok());
  ASSERT_TRUE(books_->EraseRecord(*recipient, "consent withdrawn", kCoordinator).ok());
  const auto paid = books_->PayGrant(
      PaymentInput{*grant, "100.00", "2026-09-01", "cash", {}, {}, ""}, kTreasurer);
  EXPECT_EQ(paid.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(paid.status().field(), "grant");
  EXPECT_EQ(Balance("STUDENT_AID"), 50000);
}

TEST_F(BooksWithRecipientsTest, ApprovalsNeedTheConfiguredNumberOfOtherPeople) {
  EXPECT_EQ(books_->SetApprovalsRequired(2, kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->SetApprovalsRequired(0, kAdmin).status().field(), "approvals_required");
  EXPECT_EQ(books_->SetApprovalsRequired(6, kAdmin).status().field(), "approvals_required");
  auto before =
      books_->ProposeGrant({student_, "STUDENT_AID", "100.00", "CNY", "aid", "2026"}, kCoordinator);
  ASSERT_TRUE(books_->SetApprovalsRequired(2, kAdmin).ok());
  auto after =
      books_->ProposeGrant({student_, "STUDENT_AID", "100.00", "CNY", "aid", "2026"}, kCoordinator);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  // A grant keeps the policy it was proposed under.
  ASSERT_TRUE(books_->DecideGrant(*before, true, "ok", kCoordinator2).ok());
  EXPECT_EQ(State().grants().at(*before).state, Grant::State::kApproved);

  ASSERT_TRUE(books_->DecideGrant(*after, true, "ok", kCoordinator2).ok());
  EXPECT_EQ(State().grants().at(*after).state, Grant::State::kProposed);
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*after, "1.00", "2026-04-01", "cash", std::nullopt, {}, ""},
                           kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->DecideGrant(*after, true, "again", kCoordinator2).status().code(),
            ErrorCode::kPermissionDenied)
      << "one person approves once";
  EXPECT_EQ(books_->DecideGrant(*after, true, "mine", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied)
      << "never the proposer";
  ASSERT_TRUE(books_->DecideGrant(*after, true, "ok", kCoordinator3).ok());
  EXPECT_EQ(State().grants().at(*after).state, Grant::State::kApproved);
  EXPECT_TRUE(
      books_
          ->PayGrant(PaymentInput{*after, "100.00", "2026-04-01", "cash", std::nullopt, {}, ""},
                     kTreasurer)
          .ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

}  // namespace
}  // namespace aidledger::books_test
