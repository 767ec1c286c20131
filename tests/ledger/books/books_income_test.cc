// Income other than gifts (收入): recorded by a treasurer, without a
// receipt, never money raised; one bank credit is one receipt of money.
#include <gtest/gtest.h>

#include "ledger/chain/kinds.h"
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

IncomeInput Grant(const std::string& amount) {
  IncomeInput in;
  in.category = "government_grant";
  in.fund = "STUDENT_AID";
  in.amount = amount;
  in.payer = "市民政局";
  in.document = "民发〔2026〕12号";
  in.date = "2026-03-10";
  in.channel = "bank_transfer";
  in.external_ref = "B-9001";
  in.memo = "助学项目补助";
  return in;
}

TEST_F(BooksTest, IncomeIsRecordedWithoutAReceiptAndIsNotAGift) {
  const std::string next_receipt = State().NextReceipt(2026);
  auto r = books_->RecordIncome(Grant("5000.00"), kTreasurer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Balance("STUDENT_AID"), 500000);
  const BooksState s = State();
  EXPECT_EQ(s.NextReceipt(2026), next_receipt) << "no receipt number is taken";
  EXPECT_EQ(s.ReceiptNumberOf(r->seq), nullptr);
  ASSERT_EQ(s.incomes().size(), 1u);
  EXPECT_EQ(s.incomes()[0].category, "government_grant");
  EXPECT_EQ(s.incomes()[0].document, "民发〔2026〕12号");
  const FactRow* f = s.FactOf(r->seq);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, FactKind::kIncome);
  EXPECT_EQ(BooksState::EntryKindOf(*f), kinds::kIncomeRecorded);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksTest, IncomeIsRefusedWithTheFieldAtFault) {
  IncomeInput in = Grant("10.00");
  in.category = "donation";
  EXPECT_EQ(books_->RecordIncome(in, kTreasurer).status().field(), "category");
  in = Grant("10.00");
  in.fund = "NO_SUCH";
  EXPECT_EQ(books_->RecordIncome(in, kTreasurer).status().field(), "fund");
  in = Grant("10.00");
  in.payer = "";
  EXPECT_EQ(books_->RecordIncome(in, kTreasurer).status().field(), "payer");
  in = Grant("10.00");
  in.external_ref.reset();
  EXPECT_EQ(books_->RecordIncome(in, kTreasurer).status().field(), "external_ref");
  EXPECT_EQ(books_->RecordIncome(Grant("-1.00"), kTreasurer).status().field(), "amount");
  EXPECT_EQ(books_->RecordIncome(Grant("10.00"), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(State().incomes().empty());
}

TEST_F(BooksTest, OneBankCreditIsEitherAGiftOrIncomeNotBoth) {
  DonationInput gift = Cash("100.00");
  gift.channel = "bank_transfer";
  gift.external_ref = "B-9001";
  ASSERT_TRUE(books_->RecordDonation(gift, kTreasurer).ok());
  const auto again = books_->RecordIncome(Grant("100.00"), kTreasurer);
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.status().field(), "external_ref");
}

TEST_F(BooksTest, ReversedIncomeLeavesTheFundAndIsMarked) {
  auto r = books_->RecordIncome(Grant("80.00"), kTreasurer);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(ReverseByTwo(r->seq, "the bureau paid the wrong team", "2026-03-11").ok());
  EXPECT_EQ(Balance("STUDENT_AID"), 0);
  EXPECT_EQ(State().incomes()[0].reversed_by, Size());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

}  // namespace
}  // namespace aidledger::books_test
