// Costs (费用): proposed by one person, recorded by a treasurer who is
// another (or alone under the policy's exemption); money leaves the fund;
// a restricted fund pays only programme costs; one voucher pays once.
#include <gtest/gtest.h>

#include "ledger/chain/kinds.h"
#include "tests/ledger/books/books_costs_fixture.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksCostsTest, ACostProposedByOneAndRecordedByAnotherLeavesTheFund) {
  auto proposed = books_->ProposeCost(Transport("120.50"), kCoordinator);
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  // A proposal moves nothing and waits as a proposal.
  EXPECT_EQ(Balance("STUDENT_AID"), 100000);
  EXPECT_EQ(State().proposals().at(proposed->seq).kind, kinds::kCostProposed);
  auto recorded = books_->ConfirmCost(proposed->seq, {"B-778", ""}, kTreasurer2);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  EXPECT_EQ(Balance("STUDENT_AID"), 100000 - 12050);
  const BooksState s = State();
  EXPECT_TRUE(s.proposals().empty());
  ASSERT_EQ(s.costs().size(), 1u);
  const Cost& c = s.costs()[0];
  EXPECT_EQ(c.seq, recorded->seq);
  EXPECT_EQ(c.category, "program");
  EXPECT_EQ(c.minor, 12050);
  EXPECT_EQ(c.payee, "顺达运输公司");
  EXPECT_EQ(c.voucher, "INV-0001");
  EXPECT_EQ(c.proposer.id, kCoordinator.id);
  EXPECT_EQ(c.recorder.id, kTreasurer2.id);
  const FactRow* f = s.FactOf(recorded->seq);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, FactKind::kCost);
  EXPECT_EQ(f->minor, -12050);
  EXPECT_EQ(BooksState::EntryKindOf(*f), kinds::kCostRecorded);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksCostsTest, OnePersonAloneCannotPayACost) {
  // The proposer cannot record their own proposal.
  auto own = ByTwo(Transport("50.00"), kTreasurer, kTreasurer);
  EXPECT_EQ(own.status().code(), ErrorCode::kPermissionDenied);
  // Nor may a treasurer record one without a proposal: none is exempt by
  // default.
  auto alone = books_->RecordCost(Transport("1.00", "INV-0002"), kTreasurer);
  EXPECT_EQ(alone.status().field(), "proposal");
  // A coordinator proposes but never records.
  auto coordinator = ByTwo(Transport("50.00", "INV-0003"), kTreasurer, kCoordinator2);
  EXPECT_EQ(coordinator.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Balance("STUDENT_AID"), 100000);
  EXPECT_TRUE(State().costs().empty());
}

TEST_F(BooksCostsTest, APolicyMayExemptSmallCostsFromTheSecondPerson) {
  EXPECT_EQ(books_->SetPolicy("cost_exempt_below", 5'000, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->SetPolicy("cost_exempt_below", 5'000, kAdmin).ok());
  auto fee = books_->RecordCost(Transport("49.99", "INV-0002"), kTreasurer);
  ASSERT_TRUE(fee.ok()) << fee.status().ToString();
  EXPECT_TRUE(State().costs().back().proposer.id.empty());
  // At the exemption and above, a second person again.
  EXPECT_EQ(books_->RecordCost(Transport("50.00", "INV-0003"), kTreasurer).status().field(),
            "proposal");
  EXPECT_EQ(Balance("STUDENT_AID"), 100000 - 4999);
}

TEST_F(BooksCostsTest, ARestrictedFundPaysOnlyProgrammeCosts) {
  CostInput admin = Transport("10.00");
  admin.category = "admin";
  auto refused = books_->ProposeCost(admin, kCoordinator);
  EXPECT_EQ(refused.status().field(), "category");
  admin.fund = "GENERAL";
  EXPECT_TRUE(ByTwo(admin).ok());
  CostInput unknown = Transport("10.00", "INV-0002");
  unknown.category = "salaries";
  EXPECT_EQ(books_->ProposeCost(unknown, kCoordinator).status().field(), "category");
}

TEST_F(BooksCostsTest, ACostIsRefusedBeyondWhatTheFundHolds) {
  auto proposed = books_->ProposeCost(Transport("1000.01"), kCoordinator);
  ASSERT_TRUE(proposed.ok());
  auto r = books_->ConfirmCost(proposed->seq, {"B-778", ""}, kTreasurer2);
  EXPECT_EQ(r.status().field(), "amount");
  EXPECT_EQ(Balance("STUDENT_AID"), 100000);
}

TEST_F(BooksCostsTest, OneVoucherPaysOnceUntilItsCostIsReversed) {
  auto first = ByTwo(Transport("100.00"));
  ASSERT_TRUE(first.ok());
  // The same payee's invoice again: refused, proposed or recorded.
  EXPECT_EQ(books_->ProposeCost(Transport("100.00"), kCoordinator).status().code(),
            ErrorCode::kConflict);
  // Another payee may number its invoices alike.
  CostInput other = Transport("20.00");
  other.payee = "光明印刷厂";
  EXPECT_TRUE(ByTwo(other).ok());
  // A reversal puts the money back and frees the voucher.
  ASSERT_TRUE(ReverseByTwo(first->seq, "recorded against the wrong programme", "2026-03-06").ok());
  const BooksState s = State();
  EXPECT_EQ(s.costs()[0].reversed_by, Size());
  EXPECT_EQ(Balance("STUDENT_AID"), 100000 - 2000);
  EXPECT_TRUE(ByTwo(Transport("100.00")).ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksCostsTest, APaymentOtherThanCashNeedsItsReference) {
  CostInput c = Transport("10.00");
  c.external_ref.reset();
  auto proposed = books_->ProposeCost(c, kCoordinator);
  ASSERT_TRUE(proposed.ok());
  EXPECT_EQ(books_->ConfirmCost(proposed->seq, {}, kTreasurer2).status().field(), "external_ref");
  EXPECT_TRUE(books_->ConfirmCost(proposed->seq, {"B-1", ""}, kTreasurer2).ok());
}

TEST_F(BooksCostsTest, ARecordThatIsNotTheProposalIsRefused) {
  auto proposed = books_->ProposeCost(Transport("100.00"), kCoordinator);
  ASSERT_TRUE(proposed.ok());
  Object record = State().proposals().at(proposed->seq).payload;
  record.Set("amount", Object{{"currency", "CNY"}, {"minor", -20000}});  // twice the proposal
  record.Set("external_ref", "B-778");
  record.Set("proposal", proposed->seq);
  const Status s = State().Check(kinds::kCostRecorded, kTreasurer2, record);
  EXPECT_EQ(s.field(), "proposal") << s.ToString();
  record.Set("amount", Object{{"currency", "CNY"}, {"minor", -10000}});
  EXPECT_TRUE(State().Check(kinds::kCostRecorded, kTreasurer2, record).ok());
}

}  // namespace
}  // namespace aidledger::books_test
