// The books' rules, volunteer service: recorded as counts, refused when impossible, withdrawn with
// a reason.
#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {
namespace {

TEST_F(BooksWithRecipientsTest, VolunteerServiceIsRecordedAsACountWithNoMoneyMoved) {
  const size_t facts = State().fact_rows().size();
  auto r = books_->RecordService(Visits(12, 12 * 180), kCoordinator);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const BooksState s = State();
  ASSERT_EQ(s.services().size(), 1u);
  EXPECT_EQ(s.services()[0].seq, r->seq);
  EXPECT_EQ(s.services()[0].volunteers, 12);
  EXPECT_EQ(s.services()[0].minutes, 2160);
  EXPECT_EQ(s.fact_rows().size(), facts);  // not income: no fund's balance moves
  EXPECT_TRUE(testing::VerifyChain(path_).ok);
}

TEST_F(BooksWithRecipientsTest, VolunteerServiceRefusesWhatCannotBe) {
  EXPECT_EQ(books_->RecordService(Visits(0, 60), kCoordinator).status().field(), "volunteers");
  // Two people cannot give more than two days on one day.
  EXPECT_EQ(books_->RecordService(Visits(2, 2 * 1440 + 1), kCoordinator).status().field(),
            "minutes");
  EXPECT_EQ(books_->RecordService(Visits(2, 0), kCoordinator).status().field(), "minutes");
  EXPECT_EQ(books_->RecordService(Visits(2, 60, "2026-13-01"), kCoordinator).status().field(),
            "date");
  ServiceInput unnamed = Visits(2, 60);
  unnamed.activity = "";
  EXPECT_EQ(books_->RecordService(unnamed, kCoordinator).status().field(), "activity");
  EXPECT_EQ(books_->RecordService(Visits(2, 60), Actor{"u-a", "auditor"}).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(State().services().empty());
}

TEST_F(BooksWithRecipientsTest, AServiceRecordIsWithdrawnOnceWithItsReasonAndListedAsACorrection) {
  auto r = books_->RecordService(Visits(5, 300), kCoordinator);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(books_->WithdrawService(r->seq, "", kCoordinator).status().field(), "reason");
  EXPECT_EQ(books_->WithdrawService(r->seq - 1, "wrong", kCoordinator).status().code(),
            ErrorCode::kNotFound);
  auto w = books_->WithdrawService(r->seq, "recorded for the wrong day", kCoordinator2);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(books_->WithdrawService(r->seq, "again", kCoordinator).status().code(),
            ErrorCode::kFailedPrecondition);
  const BooksState s = State();
  EXPECT_EQ(s.services()[0].withdrawn_by, w->seq);
  ASSERT_FALSE(s.corrections().empty());
  EXPECT_EQ(s.corrections().back().kind, "service.withdrawn");
  EXPECT_EQ(s.corrections().back().target, std::to_string(r->seq));
  EXPECT_EQ(s.corrections().back().actor.id, "u-zhao");
}

TEST_F(BooksWithRecipientsTest, AServiceRecordOfAClosedPeriodStaysAsItWasClosed) {
  auto r = books_->RecordService(Visits(3, 180, "2026-03-10"), kCoordinator);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(CloseByTwo("2026-03").ok());
  EXPECT_EQ(books_->WithdrawService(r->seq, "late", kCoordinator).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(books_->RecordService(Visits(3, 180, "2026-03-31"), kCoordinator).status().field(),
            "date");
}

}  // namespace
}  // namespace aidledger::books_test
