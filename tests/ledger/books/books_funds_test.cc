// The books' rules, funds: codes, purposes, closing, balances, restricted money and its release,
// currencies.
#include <random>

#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksTest, FundsNeedAValidCodeNamesAndAPurposeIffRestricted) {
  const int64_t before = Size();
  EXPECT_EQ(books_->OpenFund({"STUDENT_AID", "x", "x", false, "", {}}, kAdmin).status().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(books_->OpenFund({"student", "x", "x", false, "", {}}, kAdmin).status().field(),
            "code");
  EXPECT_EQ(books_->OpenFund({"WINTER", "", "Winter", false, "", {}}, kAdmin).status().field(),
            "name_zh");
  EXPECT_EQ(books_->OpenFund({"WINTER", "冬季", "Winter", true, "", {"student"}}, kAdmin)
                .status()
                .field(),
            "purpose");
  EXPECT_EQ(
      books_->OpenFund({"WINTER", "冬季", "Winter", false, "coats", {}}, kAdmin).status().field(),
      "purpose");
  EXPECT_EQ(books_->OpenFund({"WINTER", "冬季", "Winter", true, "coats", {"student"}}, kCoordinator)
                .status()
                .code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Size(), before) << "a refused operation writes nothing";
}

TEST_F(BooksTest, AFundClosesOnlyWhenEmptyAndThenTakesNoGifts) {
  ASSERT_TRUE(books_->RecordDonation(Cash("10.00"), kTreasurer).ok());
  auto refused = books_->CloseFund("STUDENT_AID", "programme ended", kAdmin);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(books_->CloseFund("GENERAL", "merged", kAdmin).ok());
  DonationInput d = Cash("1.00");
  d.fund = "GENERAL";
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->CloseFund("GENERAL", "again", kAdmin).status().code(),
            ErrorCode::kFailedPrecondition);
}

// Balances equal the sum of their entries, as the verified fact columns hold them.
TEST_F(BooksTest, BalancesEqualTheSumOfTheirEntries) {
  std::mt19937 rng(11);
  int64_t expected = 0;
  for (int i = 0; i < 60; ++i) {
    const int64_t fen = std::uniform_int_distribution<int64_t>(1, 5'000'000)(rng);
    DonationInput d = Cash(FormatAmount(fen, "CNY"));
    if (i % 3 == 0)
      d.fund = "GENERAL";
    else
      expected += fen;
    ASSERT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  }
  EXPECT_EQ(Balance("STUDENT_AID"), expected);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
  RawDb raw(path_);
  const std::string sum = raw.QueryBlob(
      "SELECT CAST(SUM(amount_minor) AS TEXT) FROM entries WHERE fund = 'STUDENT_AID'");
  EXPECT_EQ(sum, std::to_string(expected));
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksWithRecipientsTest, RestrictedMoneyLeavesItsPurposeOnlyWithADocumentedRelease) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  ASSERT_TRUE(Give("GENERAL", "500.00").ok());
  TransferInput t{"STUDENT_AID", "GENERAL", "100.00", "CNY", "2026-04-01", "surplus", std::nullopt};
  const int64_t before = Size();
  EXPECT_EQ(books_->Transfer(t, kAdmin).status().field(), "release");
  t.release = "donor's letter of 2026-03-30";
  EXPECT_EQ(books_->Transfer(t, kTreasurer).status().code(), ErrorCode::kPermissionDenied)
      << "a release is the council's decision";
  TransferInput same = t;
  same.to = "STUDENT_AID";
  EXPECT_EQ(books_->Transfer(same, kAdmin).status().field(), "to");
  TransferInput too_much = t;
  too_much.amount = "1000.01";
  EXPECT_EQ(books_->Transfer(too_much, kAdmin).status().field(), "amount");
  TransferInput no_reason = t;
  no_reason.reason = "";
  EXPECT_EQ(books_->Transfer(no_reason, kAdmin).status().field(), "reason");
  EXPECT_EQ(books_->Transfer(t, kCoordinator).status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Size(), before);

  auto released = books_->Transfer(t, kAdmin);
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  // Unrestricted money may go to a purpose without a release (and may not
  // carry one).
  TransferInput top_up{"GENERAL",    "STUDENT_AID", "50.00",     "CNY",
                       "2026-04-02", "top-up",      "not needed"};
  EXPECT_EQ(books_->Transfer(top_up, kTreasurer).status().field(), "release");
  top_up.release.reset();
  auto topped = books_->Transfer(top_up, kTreasurer);
  ASSERT_TRUE(topped.ok());
  BooksState s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 95000);
  EXPECT_EQ(s.funds().at("GENERAL").cash.at("CNY"), 55000);
  // The fact: out of the first fund, into the counter fund.
  RawDb raw(path_);
  EXPECT_EQ(raw.QueryBlob("SELECT fund || '>' || counter_fund || ':' || amount_minor || ':' || "
                          "nature FROM entries WHERE seq = " +
                          std::to_string(released->seq)),
            "STUDENT_AID>GENERAL:-10000:cash");
  // A transfer reverses as a whole; the receiving fund must still hold it.
  ASSERT_TRUE(ReverseByTwo(topped->seq, "not needed", "2026-04-03").ok());
  s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 90000);
  EXPECT_EQ(s.funds().at("GENERAL").cash.at("CNY"), 60000);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksWithRecipientsTest, ARestrictedFundPaysOnlyTheRecipientsItsPurposeServes) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  auto wrong = books_->ProposeGrant({household_, "STUDENT_AID", "100.00", "CNY", "aid", "2026"},
                                    kCoordinator);
  EXPECT_EQ(wrong.status().field(), "fund");
  EXPECT_TRUE(
      books_->ProposeGrant({household_, "GENERAL", "100.00", "CNY", "aid", "2026"}, kCoordinator)
          .ok())
      << "the general fund serves anyone";
  EXPECT_TRUE(ApprovedGrant(student_, "STUDENT_AID", "100.00").ok());
}

TEST_F(BooksWithRecipientsTest, AmountsKeepTheirCurrencyAndAreNeverAddedAcrossCurrencies) {
  ASSERT_TRUE(Give("STUDENT_AID", "1000.00").ok());
  ASSERT_TRUE(Give("STUDENT_AID", "200.00", "USD").ok());
  ASSERT_TRUE(Give("STUDENT_AID", "5000", "JPY").ok());
  EXPECT_EQ(Give("STUDENT_AID", "1.5", "JPY").status().field(), "amount");
  BooksState s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 100000);
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("USD"), 20000);
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("JPY"), 5000);
  ASSERT_TRUE(Deposit("150.00", "USD").ok());
  auto usd = ApprovedGrant(student_, "STUDENT_AID", "150.00", "USD");
  ASSERT_TRUE(usd.ok()) << usd.status().ToString();
  EXPECT_TRUE(
      books_
          ->PayGrant(PaymentInput{*usd, "150.00", "2026-04-01", "bank_transfer", "SWIFT-1", {}, ""},
                     kTreasurer)
          .ok());
  auto cny = ApprovedGrant(student_, "STUDENT_AID", "1500.00");
  ASSERT_TRUE(cny.ok());
  // 1,000 yuan held: the dollars do not count towards it.
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*cny, "1500.00", "2026-04-01", "cash", std::nullopt, {}, ""},
                     kTreasurer)
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
  s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("USD"), 5000);
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 100000);
}

}  // namespace
}  // namespace aidledger::books_test
