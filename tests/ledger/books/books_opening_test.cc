// Opening balances (期初余额): what a team held on the day its books begin,
// per fund and account; proposed by one treasurer, recorded by another, all
// lines or none; not income, no receipt; nothing dated before that day.
#include <gtest/gtest.h>

#include "ledger/chain/kinds.h"
#include "ledger/store/verify.h"
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

const Actor kSecondTreasurer{"u-zhou", "treasurer"};

OpeningInput Opening(const std::string& date = "2026-01-01") {
  return {date,
          {{"STUDENT_AID", "BANK", "80000.00", "CNY"},
           {"GENERAL", "BANK", "12000.50", "CNY"},
           {"GENERAL", "CASH", "350.00", "CNY"}},
          "2025年12月31日银行对账单及现金盘点表"};
}

int64_t InAccount(const BooksState& s, const std::string& account) {
  const auto& cash = s.accounts().at(account).cash;
  auto it = cash.find("CNY");
  return it == cash.end() ? 0 : it->second;
}

Result<std::vector<AppendedEntry>> Record(Books& books, int64_t proposal, const Actor& actor) {
  size_t failed = 0;
  return books.RecordOpening(proposal, actor, &failed);
}

TEST_F(BooksTest, OpeningBalancesAreProposedByOneTreasurerAndRecordedByAnotherAllAtOnce) {
  EXPECT_EQ(books_->ProposeOpening(Opening(), kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  auto proposed = books_->ProposeOpening(Opening(), kTreasurer);
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  // Nothing moved yet; the proposer cannot record it; an admin is no treasurer.
  EXPECT_EQ(Balance("GENERAL"), 0);
  EXPECT_EQ(Record(*books_, proposed->seq, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Record(*books_, proposed->seq, kAdmin).status().code(), ErrorCode::kPermissionDenied);
  const int64_t before = Size();

  auto recorded = Record(*books_, proposed->seq, kSecondTreasurer);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  ASSERT_EQ(recorded->size(), 3u);  // one entry a line
  EXPECT_EQ(Size(), before + 3);
  const BooksState s = State();
  EXPECT_EQ(s.funds().at("STUDENT_AID").cash.at("CNY"), 8000000);
  EXPECT_EQ(s.funds().at("GENERAL").cash.at("CNY"), 1235050);
  EXPECT_EQ(InAccount(s, "BANK"), 9200050);
  EXPECT_EQ(InAccount(s, "CASH"), 35000);
  EXPECT_EQ(s.opening_date(), "2026-01-01");
  EXPECT_TRUE(s.proposals().empty());
  // Not a gift: no receipt, no donation.
  EXPECT_TRUE(s.receipts().empty());
  for (const FactRow& f : s.fact_rows()) EXPECT_EQ(f.kind, FactKind::kOpening);
  // Recorded once: the proposal is gone.
  EXPECT_EQ(Record(*books_, proposed->seq, kSecondTreasurer).status().code(), ErrorCode::kNotFound);
  // The replay and verify agree with what was written (facts included).
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksTest, AnOpeningLineIsCheckedAndALineRefusedWhenRecordedLeavesNothingWritten) {
  OpeningInput bad = Opening();
  bad.lines[1].fund = "NOPE";
  EXPECT_EQ(books_->ProposeOpening(bad, kTreasurer).status().field(), "lines[1].fund");
  bad = Opening();
  bad.lines[2].account = "SAFE";
  EXPECT_EQ(books_->ProposeOpening(bad, kTreasurer).status().field(), "lines[2].account");
  bad = Opening();
  bad.lines[0].amount = "0";
  EXPECT_EQ(books_->ProposeOpening(bad, kTreasurer).status().field(), "lines[0].amount");
  bad = Opening();
  bad.lines[2].account = "BANK";  // the same fund, account and currency twice
  EXPECT_EQ(books_->ProposeOpening(bad, kTreasurer).status().field(), "lines[2]");
  bad = Opening();
  bad.lines.clear();
  EXPECT_EQ(books_->ProposeOpening(bad, kTreasurer).status().field(), "lines");

  // The fund of the last line closes between the proposal and its record:
  // the record is refused whole, and the books are as they were.
  ASSERT_TRUE(books_->OpenFund({"WINTER", "冬季送温暖", "Winter", false, "", {}}, kAdmin).ok());
  OpeningInput winter = Opening();
  winter.lines.push_back({"WINTER", "CASH", "10.00", "CNY"});
  auto proposed = books_->ProposeOpening(winter, kTreasurer);
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  // A second proposal waits for the first.
  EXPECT_EQ(books_->ProposeOpening(Opening(), kTreasurer).status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(books_->CloseFund("WINTER", "并入非限定性基金", kAdmin).ok());
  const int64_t before = Size();
  size_t failed = 99;
  auto recorded = books_->RecordOpening(proposed->seq, kSecondTreasurer, &failed);
  ASSERT_FALSE(recorded.ok());
  EXPECT_EQ(failed, 3u);
  EXPECT_EQ(Size(), before);
  EXPECT_EQ(Balance("GENERAL"), 0);
  EXPECT_TRUE(State().opening_date().empty());
  // Rejected, it frees the way for a proposal stated right.
  ASSERT_TRUE(books_->RejectProposal(proposed->seq, "冬季基金已并入", kAdmin).ok());
  EXPECT_TRUE(books_->ProposeOpening(Opening(), kTreasurer).ok());
}

TEST_F(BooksTest, TheBooksBeginOnTheOpeningDayAndNothingIsDatedBeforeIt) {
  // A gift dated before the proposed day is in the books already: refused.
  DonationInput d;
  d.fund = "GENERAL";
  d.amount = "5.00";
  d.channel = "cash";
  d.date = "2025-12-30";
  ASSERT_TRUE(books_->RecordDonation(d, kTreasurer).ok());
  EXPECT_EQ(books_->ProposeOpening(Opening("2026-01-01"), kTreasurer).status().field(), "date");
}

TEST_F(BooksTest, AfterTheOpeningNothingIsDatedBeforeItAndCorrectionsAreOpeningsOfTheSameDay) {
  auto proposed = books_->ProposeOpening(Opening("2026-01-01"), kTreasurer);
  ASSERT_TRUE(proposed.ok());
  ASSERT_TRUE(Record(*books_, proposed->seq, kSecondTreasurer).ok());
  DonationInput d;
  d.fund = "GENERAL";
  d.amount = "5.00";
  d.channel = "cash";
  d.date = "2025-12-31";
  EXPECT_EQ(books_->RecordDonation(d, kTreasurer).status().field(), "date");
  d.date = "2026-01-01";
  EXPECT_TRUE(books_->RecordDonation(d, kTreasurer).ok());

  // Another day's opening: refused; an opening line is not reversed.
  EXPECT_EQ(books_->ProposeOpening(Opening("2026-02-01"), kTreasurer).status().field(), "date");
  EXPECT_EQ(books_->ProposeReversal(proposed->seq + 1, "金额有误", kTreasurer).status().field(),
            "reverses");
  // The cash was counted wrong: ¥50 less in the general fund's cash box, by
  // an opening line of the same day, again by two people.
  OpeningInput fix{"2026-01-01", {{"GENERAL", "CASH", "-50.00", "CNY"}}, "现金盘点更正"};
  auto fixed = books_->ProposeOpening(fix, kTreasurer);
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  ASSERT_TRUE(Record(*books_, fixed->seq, kSecondTreasurer).ok());
  EXPECT_EQ(InAccount(State(), "CASH"), 35000 + 500 - 5000);
  // Not more than the account holds.
  OpeningInput too_much{"2026-01-01", {{"GENERAL", "CASH", "-1000.00", "CNY"}}, "更正"};
  auto over = books_->ProposeOpening(too_much, kTreasurer);
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(Record(*books_, over->seq, kSecondTreasurer).status().field(), "amount");
}

TEST_F(BooksTest, ACloseBeforeTheOpeningDayLeavesNoRoomForIt) {
  ASSERT_TRUE(CloseByTwo("2026-01").ok());
  EXPECT_EQ(books_->ProposeOpening(Opening("2026-01-01"), kTreasurer).status().field(), "date");
  EXPECT_TRUE(books_->ProposeOpening(Opening("2026-02-01"), kTreasurer).ok());
}

}  // namespace
}  // namespace aidledger::books_test
