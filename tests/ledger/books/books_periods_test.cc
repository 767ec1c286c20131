// The books' rules, periods: closed in order by two people, reopened, their balances, the
// checkpoint after.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksTest, ClosingAPeriodRecordsBalancesAndRefusesEntriesDatedInIt) {
  auto march = books_->RecordDonation(Cash("100.00", "2026-03-10"), kTreasurer);
  ASSERT_TRUE(march.ok());
  ASSERT_TRUE(books_->RecordDonation(Cash("20.00", "2026-04-02"), kTreasurer).ok());
  EXPECT_EQ(books_->ProposeClose("2026-13", "2099-01-01", kAdmin).status().field(), "period");
  EXPECT_EQ(books_->ProposeClose("2026-03", "2099-01-01", kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  // Only a period that has ended on the team's calendar.
  const auto early = books_->ProposeClose("2026-03", "2026-03-31", kTreasurer);
  EXPECT_EQ(early.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(early.status().field(), "period");
  EXPECT_EQ(books_->ProposeClose("2099", "2026-12-07", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  auto proposal = books_->ProposeClose("2026-03", "2026-04-01", kTreasurer);
  ASSERT_TRUE(proposal.ok()) << proposal.status().ToString();
  EXPECT_TRUE(books_->RecordDonation(Cash("1.00", "2026-03-30"), kTreasurer).ok())
      << "a proposal closes nothing";
  EXPECT_EQ(books_->ProposeClose("2026-03", "2026-04-01", kAdmin).status().code(),
            ErrorCode::kConflict)
      << "one close waits at a time";
  EXPECT_EQ(books_->ConfirmClose(proposal->seq, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied)
      << "the proposer does not confirm";
  EXPECT_EQ(books_->ConfirmClose(proposal->seq, kCoordinator).status().code(),
            ErrorCode::kPermissionDenied);
  auto closed = books_->ConfirmClose(proposal->seq, kAdmin);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  // The close records the balances as of 2026-03-31: the April gift is not in them.
  auto reader = SqliteLedgerReader::Open(path_);
  auto entry = DecodeEntry((*reader)->GetEntry(closed->seq)->canonical);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(EncodeCanonical(*entry->payload.Find("balances")),
            R"([{"currency":"CNY","fund":"STUDENT_AID","minor":10100,"nature":"cash"}])");

  const int64_t before = Size();
  auto late = books_->RecordDonation(Cash("5.00", "2026-03-31"), kTreasurer);
  EXPECT_EQ(late.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.status().field(), "date");
  auto march_reversal =
      books_->ProposeReversal(march->entry.seq, "wrong fund (2026-03)", kTreasurer);
  ASSERT_TRUE(march_reversal.ok());
  EXPECT_EQ(books_->ConfirmReversal(march_reversal->seq, "2026-03-31", kAdmin).status().field(),
            "date");
  ASSERT_TRUE(books_->RejectProposal(march_reversal->seq, "later", kAdmin).ok());
  // Closed already, before the last close, out of order: refused.
  EXPECT_EQ(books_->ProposeClose("2026-03", "2099-01-01", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->ProposeClose("2026-02", "2099-01-01", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition);
  const auto skipped = books_->ProposeClose("2026-05", "2099-01-01", kTreasurer);
  EXPECT_EQ(skipped.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(skipped.status().message().find("2026-04"), std::string::npos);
  EXPECT_EQ(books_->Snapshot()->NextClosableMonth(), "2026-04");
  // Adjustments go into an open period, and name the closed one.
  EXPECT_EQ(books_->ProposeReversal(march->entry.seq, "wrong fund", kTreasurer).status().field(),
            "reason");
  EXPECT_TRUE(ReverseByTwo(march->entry.seq, "wrong fund (closed 2026-03)", "2026-04-05").ok());
  EXPECT_TRUE(books_->RecordDonation(Cash("5.00", "2026-04-30"), kTreasurer).ok());
  // A year closes the months left of it, in order, through its last day.
  ASSERT_TRUE(CloseByTwo("2026").ok());
  EXPECT_EQ(books_->Snapshot()->closed_through(), "2026-12-31");
  EXPECT_EQ(CloseByTwo("2026").status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_GT(Size(), before);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksTest, OnlyTheLatestClosedPeriodReopensByTwoPeopleAndShowsAsACorrection) {
  ASSERT_TRUE(books_->RecordDonation(Cash("1.00", "2026-01-05"), kTreasurer).ok());
  ASSERT_TRUE(CloseByTwo("2026-01").ok());
  ASSERT_TRUE(CloseByTwo("2026-02").ok());
  EXPECT_EQ(books_->ProposeReopen("2026-01", "late invoice", kTreasurer).status().code(),
            ErrorCode::kFailedPrecondition)
      << "only the latest closed period";
  EXPECT_EQ(books_->ProposeReopen("2026-02", "", kTreasurer).status().field(), "reason");
  auto proposal = books_->ProposeReopen("2026-02", "a February gift was left out", kTreasurer);
  ASSERT_TRUE(proposal.ok()) << proposal.status().ToString();
  EXPECT_EQ(books_->Snapshot()->closed_through(), "2026-02-28") << "still closed until confirmed";
  EXPECT_EQ(books_->ConfirmReopen(proposal->seq, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  auto reopened = books_->ConfirmReopen(proposal->seq, kAdmin);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  const auto state = books_->Snapshot();
  EXPECT_EQ(state->closed_through(), "2026-01-31");
  EXPECT_EQ(state->LatestClosedPeriod(), "2026-01");
  const Correction& c = state->corrections().back();
  EXPECT_EQ(c.kind, "period.reopened");
  EXPECT_EQ(c.target, "2026-02");
  EXPECT_EQ(c.reason, "a February gift was left out");
  EXPECT_EQ(c.proposer.id, kTreasurer.id);
  EXPECT_TRUE(books_->RecordDonation(Cash("3.00", "2026-02-10"), kTreasurer).ok());
  ASSERT_TRUE(CloseByTwo("2026-02").ok());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksTest, APeriodCloseIsFollowedByACheckpoint) {
  auto key = SigningKey::Generate(CheckpointOrigin(store_->genesis().ledger_id));
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(store_->MakeCheckpoint(*key).ok());
  ASSERT_TRUE(books_->RecordDonation(Cash("1.00", "2026-01-05"), kTreasurer).ok());
  EXPECT_FALSE(store_->MaybeCheckpoint(*key, CheckpointPolicy{})->has_value());
  auto closed = CloseByTwo("2026-01");
  ASSERT_TRUE(closed.ok());
  auto cp = store_->MaybeCheckpoint(*key, CheckpointPolicy{});
  ASSERT_TRUE(cp.ok() && cp->has_value());
  EXPECT_EQ((*cp)->checkpoint.size, static_cast<uint64_t>(closed->seq));
}

// The policy may ask more than one person to confirm a close (as grants
// take their approvals): each a different person, the proposer never, the
// last one closing.
TEST_F(BooksTest, APolicyMayAskSeveralPeopleToConfirmAClose) {
  const Actor other_treasurer{"u-qian", "treasurer"};
  EXPECT_EQ(books_->SetPolicy("close_confirmations", 2, kTreasurer).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(books_->SetPolicy("close_confirmations", 6, kAdmin).status().field(),
            "close_confirmations");
  ASSERT_TRUE(books_->SetPolicy("close_confirmations", 2, kAdmin).ok());
  auto proposal = books_->ProposeClose("2026-01", "2026-02-01", kTreasurer);
  ASSERT_TRUE(proposal.ok()) << proposal.status().ToString();
  auto first = books_->ConfirmClose(proposal->seq, other_treasurer);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto state = books_->Snapshot();
  EXPECT_EQ(state->closed_through(), "") << "one of two confirmations closes nothing";
  EXPECT_EQ(state->proposals().at(proposal->seq).confirmers,
            std::vector<std::string>{other_treasurer.id});
  EXPECT_EQ(books_->ConfirmClose(proposal->seq, other_treasurer).status().code(),
            ErrorCode::kPermissionDenied)
      << "each confirmation from a different person";
  // The last confirmation cannot be skipped, nor an extra one recorded.
  const Object early{{"balances", Array{}},
                     {"period", "2026-01"},
                     {"proposal", proposal->seq},
                     {"through", "2026-01-31"}};
  EXPECT_EQ(books_->Record(EntryDraft{"period.closed", kTreasurer, early}).status().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(books_->ConfirmClose(proposal->seq, kAdmin).ok());
  EXPECT_EQ(books_->Snapshot()->closed_through(), "2026-01-31");
  EXPECT_TRUE(books_->Snapshot()->proposals().empty());
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

TEST_F(BooksWithRecipientsTest, APeriodCloseRecordsCashAndGoodsBalances) {
  ASSERT_TRUE(Give("GENERAL", "10.00").ok());
  GoodsDonationInput g = Coats(2, "80.00");
  g.date = "2026-03-05";
  ASSERT_TRUE(books_->RecordGoodsDonation(g, kTreasurer).ok());
  auto closed = CloseByTwo("2026-03");
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  auto reader = SqliteLedgerReader::Open(path_);
  auto entry = DecodeEntry((*reader)->GetEntry(closed->seq)->canonical);
  EXPECT_EQ(EncodeCanonical(*entry->payload.Find("balances")),
            R"([{"currency":"CNY","fund":"GENERAL","minor":1000,"nature":"cash"},)"
            R"({"currency":"CNY","fund":"WINTER","minor":8000,"nature":"goods"}])");
  HandOutInput h{"WINTER", household_, "2026-03-31", {{"羽绒服", 1, "件", "", ""}}, ""};
  EXPECT_EQ(books_->HandOutGoods(h, kCoordinator).status().field(), "date");
}

}  // namespace
}  // namespace aidledger::books_test
