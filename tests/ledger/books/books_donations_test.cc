// The books' rules, gifts of money: receipts, refusals, payment references and bill numbers, the
// per-entry cap, the text policy, donors.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksTest, DonationsGetGapFreeYearlyReceiptNumbers) {
  std::vector<std::string> receipts;
  for (const char* date : {"2026-03-01", "2026-03-02", "2027-01-05", "2026-12-31", "2027-02-01"}) {
    auto r = books_->RecordDonation(Cash("100.00", date), kTreasurer);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    receipts.push_back(r->receipt);
  }
  EXPECT_EQ(receipts, (std::vector<std::string>{"2026-000001", "2026-000002", "2027-000001",
                                                "2026-000003", "2027-000002"}));
  // A fresh Books replays the chain and continues the sequence.
  books_.reset();
  auto again = Books::Open(store_.get());
  ASSERT_TRUE(again.ok());
  auto next = (*again)->RecordDonation(Cash("1.00", "2026-05-05"), kTreasurer);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->receipt, "2026-000004");
}

TEST_F(BooksTest, RefusedDonationsWriteNothingAndNameTheField) {
  const int64_t before = Size();
  struct Case {
    std::function<void(DonationInput&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](DonationInput& d) { d.amount = "0"; }, "amount"},
      {[](DonationInput& d) { d.amount = "-5.00"; }, "amount"},
      {[](DonationInput& d) { d.amount = "12.345"; }, "amount"},
      {[](DonationInput& d) { d.amount = "1e3"; }, "amount"},
      {[](DonationInput& d) { d.amount = "99999999999999999999"; }, "amount"},
      {[](DonationInput& d) { d.fund = "NOPE"; }, "fund"},
      {[](DonationInput& d) { d.channel = "paypal"; }, "channel"},
      {[](DonationInput& d) { d.channel = "wechat_pay"; }, "external_ref"},
      {[](DonationInput& d) { d.date = "2026-02-30"; }, "date"},
      {[](DonationInput& d) { d.currency = "XYZ"; }, "currency"},
  };
  for (const auto& c : cases) {
    DonationInput d = Cash("100.00");
    c.change(d);
    auto r = books_->RecordDonation(d, kTreasurer);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), c.field) << r.status().ToString();
  }
  EXPECT_EQ(books_->RecordDonation(Cash("1.00"), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Size(), before);
}

TEST_F(BooksTest, TheSamePaymentReferenceTwiceNeedsConfirmation) {
  DonationInput d = Cash("500.00");
  d.channel = "bank_transfer";
  d.external_ref = "ICBC-20260301-0001";
  ASSERT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  auto dup = books_->RecordDonation(d, kTreasurer);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.status().field(), "external_ref");
  d.channel = "alipay";  // the same text on another channel is another payment
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  d.channel = "bank_transfer";
  d.separate_gift = true;
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
}

// A bank's reference names one payment and a partner's bill one gift.
TEST_F(BooksTest, APaymentReferenceOrABillNumberIsRecordedOnce) {
  ASSERT_TRUE(books_->RecordDonation(Cash("5000.00"), kTreasurer).ok());
  auto gift = books_->RecordDonation(Cash("1.00"), kTreasurer);
  ASSERT_TRUE(gift.ok());
  ASSERT_TRUE(Deposit("300.00").ok());
  ASSERT_TRUE(books_
                  ->MoveBetweenAccounts(
                      {"CASH", "ALIPAY", "100.00", "CNY", "2026-03-02", "A-1", "充值"}, kTreasurer)
                  .ok());
  auto recipient = books_->EnrolRecipient("student", Committing(Sha256::Of("r")), kCoordinator);
  ASSERT_TRUE(recipient.ok());
  auto grant = books_->ProposeGrant(Proposal(*recipient, "STUDENT_AID", "3000.00", "stipend", "t"),
                                    kCoordinator);
  ASSERT_TRUE(grant.ok());
  ASSERT_TRUE(books_->DecideGrant(*grant, true, "ok", kAdmin).ok());
  const PaymentInput first{*grant, "100.00", "2026-09-01", "bank_transfer", "B-9", {}, ""};
  ASSERT_TRUE(books_->PayGrant(first, kTreasurer).ok());
  const auto twice = books_->PayGrant(first, kTreasurer);
  EXPECT_EQ(twice.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(twice.status().field(), "external_ref");
  // The same reference on another channel is another payment.
  PaymentInput other_channel = first;
  other_channel.channel = "alipay";
  EXPECT_TRUE(books_->PayGrant(other_channel, kTreasurer).ok());
  // A reason where none is needed is refused; where one is, accepted.
  PaymentInput needless = first;
  needless.external_ref = "B-10";
  needless.duplicate_reason = "just in case";
  EXPECT_EQ(books_->PayGrant(needless, kTreasurer).status().field(), "duplicate_reason");
  PaymentInput reused = first;
  reused.duplicate_reason = "the bank reused B-9 for the second instalment";
  EXPECT_TRUE(books_->PayGrant(reused, kTreasurer).ok());

  ASSERT_TRUE(books_->RecordBillNumber("2026-000001", "GY-1", "市慈善总会", kTreasurer).ok());
  const auto same_bill = books_->RecordBillNumber(gift->receipt, "GY-1", "市慈善总会", kTreasurer);
  EXPECT_EQ(same_bill.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(same_bill.status().field(), "bill_number");
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// One entry carries at most the policy's cap (¥100,000,000.00 by default),
// which only an admin changes, with an entry.
TEST_F(BooksTest, NoEntryCarriesMoreThanThePolicysCap) {
  const auto huge = books_->RecordDonation(Cash("50000000000000000.00"), kTreasurer);
  EXPECT_EQ(huge.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(huge.status().field(), "amount");
  EXPECT_EQ(books_->RecordDonation(Cash("100000000.01"), kTreasurer).status().code(),
            ErrorCode::kOutOfRange);
  EXPECT_TRUE(books_->RecordDonation(Cash("100000000.00"), kTreasurer).ok());
  EXPECT_EQ(books_->SetPolicy("max_entry_minor", 20'000'000'000, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->SetPolicy("max_entry_minor", 10, kAdmin).status().field(), "max_entry_minor");
  ASSERT_TRUE(books_->SetPolicy("max_entry_minor", 20'000'000'000, kAdmin).ok());
  EXPECT_TRUE(books_->RecordDonation(Cash("100000000.01"), kTreasurer).ok());
  // Goods' values and a grant's amount are amounts too.
  auto recipient = books_->EnrolRecipient("student", Committing(Sha256::Of("r")), kCoordinator);
  ASSERT_TRUE(recipient.ok());
  const auto grant = books_->ProposeGrant(
      Proposal(*recipient, "STUDENT_AID", "200000000.01", "stipend", "t"), kCoordinator);
  EXPECT_EQ(grant.status().code(), ErrorCode::kOutOfRange);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// Free text goes into the chain for ever: through every door (the typed
// operations and the raw append of `aidledger append`), and for kinds
// outside the books too, it keeps the text policy.
TEST_F(BooksTest, TextBoundForTheChainKeepsTheTextPolicy) {
  const int64_t before = Size();
  DonationInput with_phone = Cash("10.00");
  with_phone.memo = "王涛 13812345678";
  const auto refused = books_->RecordDonation(with_phone, kTreasurer);
  EXPECT_EQ(refused.status().code(), ErrorCode::kPersonalData);
  EXPECT_EQ(refused.status().field(), "memo");
  DonationInput with_escape = Cash("10.00");
  with_escape.memo = "\x1b]0;owned\a";
  EXPECT_EQ(books_->RecordDonation(with_escape, kTreasurer).status().field(), "memo");
  EXPECT_EQ(books_->OpenFund({"WINTER", "冬季\n送温暖", "Winter", false, "", {}}, kAdmin)
                .status()
                .field(),
            "name_zh");
  const auto note = books_->Record(EntryDraft{
      "note.added", kAdmin, Object{{"memo", "card 6222 0212 3456 7890 128"}, {"n", int64_t{1}}}});
  EXPECT_EQ(note.status().code(), ErrorCode::kPersonalData);
  EXPECT_EQ(note.status().field(), "memo");
  EXPECT_EQ(Size(), before);
  // A line feed where text runs over lines is fine.
  DonationInput two_lines = Cash("10.00");
  two_lines.memo = "第一行\n第二行";
  EXPECT_TRUE(books_->RecordDonation(two_lines, kTreasurer).ok());
}

TEST_F(BooksWithRecipientsTest, DonorsAreRegisteredByIdAndAnonymousGiftsNeedNone) {
  EXPECT_EQ(books_->RegisterDonor("robot", Committing("d"), kTreasurer).status().field(), "type");
  EXPECT_EQ(books_->RegisterDonor("person", Committing("d"), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  auto donor = books_->RegisterDonor("organisation", Committing("d"), kTreasurer);
  ASSERT_TRUE(donor.ok());
  EXPECT_EQ(*donor, "D-000001");
  DonationInput d;
  d.fund = "GENERAL";
  d.amount = "10.00";
  d.channel = "cash";
  d.date = "2026-03-01";
  d.donor = "D-000002";
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "donor");
  d.donor = *donor;
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  d.donor.reset();
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok()) << "anonymous";
  // An erased donor's record takes no more gifts; the chain keeps the id.
  EXPECT_EQ(books_->EraseRecord(*donor, "asked to be forgotten", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->EraseRecord(*donor, "asked to be forgotten", kTreasurer).ok());
  d.donor = *donor;
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "donor");
  EXPECT_EQ(books_->EraseRecord(*donor, "again", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(State().donors().at(*donor).erased);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

}  // namespace
}  // namespace aidledger::books_test
