#include "ledger/books/books.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "ledger/base/canonical_json.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/money.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/four_eyes.h"
#include "tests/support/test_util.h"

namespace aidledger {
namespace {

using testing::RawDb;
using testing::TempDir;

const Actor kTreasurer{"u-wang", "treasurer"};
const Actor kAdmin{"u-admin", "admin"};
const Actor kCoordinator{"u-li", "coordinator"};

Books::Committer Committing(const Hash32& h) {
  return [h](const std::string&) -> Result<Hash32> { return h; };
}

GrantProposal Proposal(const std::string& recipient, const std::string& fund,
                       const std::string& amount, const std::string& purpose,
                       const std::string& term) {
  return GrantProposal{recipient, fund, amount, "CNY", purpose, term};
}

DonationInput Cash(const std::string& amount, const std::string& date = "2026-03-01") {
  DonationInput d;
  d.fund = "STUDENT_AID";
  d.amount = amount;
  d.channel = "cash";
  d.date = date;
  d.memo = "助学捐款";
  return d;
}

class BooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("books.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto books = Books::Open(store_.get());
    ASSERT_TRUE(books.ok());
    books_ = std::move(books).value();
    ASSERT_TRUE(books_
                    ->OpenFund({"STUDENT_AID",
                                "助学金",
                                "Student aid",
                                true,
                                "stipends for college students from poor families",
                                {"student"}},
                               kAdmin)
                    .ok());
    ASSERT_TRUE(
        books_->OpenFund({"GENERAL", "非限定性基金", "General", false, "", {}}, kTreasurer).ok());
  }

  int64_t Size() { return store_->GetHead()->size; }
  // Four eyes: the treasurer proposes, the admin confirms.
  Result<AppendedEntry> ReverseByTwo(int64_t seq, const std::string& reason,
                                     const std::string& date) {
    return testing::ReverseByTwo(*books_, seq, reason, date, kTreasurer, kAdmin);
  }
  Result<AppendedEntry> CloseByTwo(const std::string& period) {
    return testing::CloseByTwo(*books_, period, kTreasurer, kAdmin);
  }
  int64_t Balance(const std::string& fund) {
    auto s = books_->Snapshot();
    auto it = s->funds().find(fund);
    return it == s->funds().end()         ? -1
           : it->second.cash.count("CNY") ? it->second.cash.at("CNY")
                                          : 0;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<Books> books_;
};

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

// Two writers (as two processes would be) record gifts at once: receipts stay
// unique and gap-free because each append is checked against the state it saw.
TEST_F(BooksTest, ConcurrentWritersKeepReceiptsGapFree) {
  auto other_store = LedgerStore::Open(path_);
  ASSERT_TRUE(other_store.ok());
  auto other = Books::Open(other_store->get());
  ASSERT_TRUE(other.ok());
  std::vector<std::string> a, b;
  std::thread t1([&] {
    for (int i = 0; i < 40; ++i) {
      auto r = books_->RecordDonation(Cash("1.00"), kTreasurer);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      a.push_back(r->receipt);
    }
  });
  std::thread t2([&] {
    for (int i = 0; i < 40; ++i) {
      auto r = (*other)->RecordDonation(Cash("1.00"), kTreasurer);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      b.push_back(r->receipt);
    }
  });
  t1.join();
  t2.join();
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  ASSERT_EQ(all.size(), 80u);
  EXPECT_EQ(*all.begin(), "2026-000001");
  EXPECT_EQ(*all.rbegin(), "2026-000080");
  EXPECT_EQ(Balance("STUDENT_AID"), 8000);
}

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
  EXPECT_FALSE((*again)->Snapshot()->ReversiblePosting(gift->entry.seq).has_value());
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
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*grant, "100.00", "2026-09-01", "bank_transfer", "B-1", {}},
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
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*grant, "100.00", "2026-09-01", "bank_transfer", "B-1", {}},
                           kCoordinator)
                .status()
                .code(),
            ErrorCode::kPermissionDenied);
  // Paid other than in cash, a payment needs its reference (to match the
  // bank's statement).
  EXPECT_EQ(books_
                ->PayGrant(
                    PaymentInput{*grant, "100.00", "2026-09-01", "bank_transfer", std::nullopt, {}},
                    kTreasurer)
                .status()
                .field(),
            "external_ref");
  auto first = books_->PayGrant(
      PaymentInput{*grant, "1250.00", "2026-09-01", "bank_transfer", "B-1", {}}, kTreasurer);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(
      books_
          ->PayGrant(PaymentInput{*grant, "1250.01", "2026-10-01", "bank_transfer", "B-2", {}},
                     kTreasurer)
          .status()
          .field(),
      "amount");
  ASSERT_TRUE(
      books_
          ->PayGrant(PaymentInput{*grant, "1250.00", "2026-10-01", "bank_transfer", "B-2", {}},
                     kTreasurer)
          .ok());
  EXPECT_EQ(Balance("STUDENT_AID"), 50000);
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*grant, "0.01", "2026-10-02", "cash", std::nullopt, {}},
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
      PaymentInput{*big, "5000.00", "2027-03-01", "cash", std::nullopt, {}}, kTreasurer);
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
  EXPECT_EQ(books_
                ->PayGrant(PaymentInput{*rejected, "10.00", "2027-03-01", "cash", std::nullopt, {}},
                           kTreasurer)
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

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

TEST_F(BooksTest, ReplayRefusesAChainWhoseEntriesBreakTheRules) {
  // Written past the Books, straight into the store: a gift to no fund.
  ASSERT_TRUE(
      store_
          ->Append(EntryDraft{"donation.recorded", kTreasurer,
                              Object{{"amount", Object{{"currency", "CNY"}, {"minor", 100}}},
                                     {"channel", "cash"},
                                     {"date", "2026-01-01"},
                                     {"donor", nullptr},
                                     {"external_ref", nullptr},
                                     {"fund", "GHOST"},
                                     {"memo", ""},
                                     {"receipt", "2026-000001"},
                                     {"separate_gift", false}}})
          .ok());
  auto replay = Books::Open(store_.get());
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(replay.status().message().find("entry 4"), std::string::npos)
      << replay.status().message();
  // The chain itself is intact; verify (which replays the books) names the entry.
  EXPECT_TRUE(VerifyDatabase(path_).ok) << "the chain alone keeps its rules";
  const VerifyReport r = VerifyWithBooks(path_);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBooksRule);
  EXPECT_EQ(r.failure->seq, 4);
}

// Many writers at once share transactions; each is still checked on its own:
// refusals do not affect the others, receipts stay gap-free.
TEST_F(BooksTest, ConcurrentOperationsShareCommitsAndAreRefusedAlone) {
  constexpr int kThreads = 12, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::vector<std::string>> receipts(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every third gift names no fund: refused, alone.
        DonationInput d = Cash("1.00");
        if ((t + i) % 3 == 0) d.fund = "NOPE";
        auto r = books_->RecordDonation(d, kTreasurer);
        if (r.ok()) {
          ++accepted;
          receipts[static_cast<size_t>(t)].push_back(r->receipt);
        } else {
          EXPECT_EQ(r.status().field(), "fund");
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted + refused, kThreads * kEach);
  std::set<std::string> all;
  for (const auto& list : receipts) all.insert(list.begin(), list.end());
  ASSERT_EQ(static_cast<int>(all.size()), accepted.load());
  EXPECT_EQ(
      *all.rbegin(), "2026-" + [&] {
        std::string n = std::to_string(accepted.load());
        return std::string(6 - n.size(), '0') + n;
      }());
  EXPECT_EQ(Balance("STUDENT_AID"), accepted * 100);
  const Books::CommitStats stats = books_->commit_stats();
  EXPECT_EQ(stats.operations, accepted + 2);  // and the two funds of SetUp
  EXPECT_LT(stats.transactions, stats.operations) << "no two operations shared a commit";
  EXPECT_TRUE(VerifyWithBooks(path_).ok);
}

// A leader commits the groups that queue behind it and signals each thread
// outside the queue's lock: every caller must still get its own entry back,
// in the order it asked, and never another thread's.
TEST_F(BooksTest, ConcurrentWritersGetBackTheirOwnEntriesInTheirOrder) {
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::vector<RecordedDonation>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        DonationInput d = Cash("1.00");
        d.memo = "T" + std::to_string(t) + "-" + std::to_string(i);
        auto r = books_->RecordDonation(d, kTreasurer);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        got[static_cast<size_t>(t)].push_back(*r);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto reader = SqliteLedgerReader::Open(path_);
  ASSERT_TRUE(reader.ok());
  for (int t = 0; t < kThreads; ++t) {
    const auto& mine = got[static_cast<size_t>(t)];
    ASSERT_EQ(mine.size(), static_cast<size_t>(kEach));
    for (int i = 0; i < kEach; ++i) {
      const AppendedEntry& e = mine[static_cast<size_t>(i)].entry;
      if (i > 0) {
        EXPECT_GT(e.seq, mine[static_cast<size_t>(i) - 1].entry.seq);
      }
      auto stored = (*reader)->GetEntry(e.seq);
      ASSERT_TRUE(stored.ok());
      EXPECT_EQ(stored->hash, e.hash);
      auto entry = DecodeEntry(stored->canonical);
      ASSERT_TRUE(entry.ok());
      const Value* memo = entry->payload.Find("memo");
      ASSERT_NE(memo, nullptr);
      EXPECT_EQ(memo->as_string(), "T" + std::to_string(t) + "-" + std::to_string(i));
    }
  }
  const Books::CommitStats stats = books_->commit_stats();
  EXPECT_LT(stats.transactions, stats.operations) << "no two operations shared a commit";
}

}  // namespace
}  // namespace aidledger

namespace aidledger {
namespace {

// A bank's reference names one payment and a partner's bill one gift.
TEST_F(BooksTest, APaymentReferenceOrABillNumberIsRecordedOnce) {
  ASSERT_TRUE(books_->RecordDonation(Cash("5000.00"), kTreasurer).ok());
  auto gift = books_->RecordDonation(Cash("1.00"), kTreasurer);
  ASSERT_TRUE(gift.ok());
  auto recipient = books_->EnrolRecipient("student", Committing(Sha256::Of("r")), kCoordinator);
  ASSERT_TRUE(recipient.ok());
  auto grant = books_->ProposeGrant(Proposal(*recipient, "STUDENT_AID", "3000.00", "stipend", "t"),
                                    kCoordinator);
  ASSERT_TRUE(grant.ok());
  ASSERT_TRUE(books_->DecideGrant(*grant, true, "ok", kAdmin).ok());
  const PaymentInput first{*grant, "100.00", "2026-09-01", "bank_transfer", "B-9", {}};
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

// A ledger begun before the four-eyes rules replays the forms it was
// written in (a close and a reversal by one person, a payment without
// duplicate_reason); a ledger begun since refuses them, on append and on
// replay alike.
TEST(BooksRulesGenerationTest, OldFormsReplayOnlyInLedgersBegunBeforeTheRules) {
  const Object lone_close{{"balances", Array{}}, {"period", "2025-01"}, {"through", "2025-01-31"}};
  TempDir dir;
  {
    testing::FakeClock before_rules(1'764'346'027'000'000);  // 2025-11-28
    auto store =
        LedgerStore::Create(dir.File("old.db"), GenesisParams{NewLedgerId(), "t"}, &before_rules);
    ASSERT_TRUE(store.ok());
    auto books = Books::Open(store->get());
    ASSERT_TRUE(books.ok());
    EXPECT_TRUE((*books)->Snapshot()->legacy_forms());
    auto closed = (*books)->Record(EntryDraft{"period.closed", kTreasurer, lone_close});
    EXPECT_TRUE(closed.ok()) << closed.status().ToString();
    EXPECT_TRUE(VerifyWithBooks(dir.File("old.db")).ok);
  }
  auto store = LedgerStore::Create(dir.File("new.db"), GenesisParams{NewLedgerId(), "t"});
  ASSERT_TRUE(store.ok());
  auto books = Books::Open(store->get());
  ASSERT_TRUE(books.ok());
  EXPECT_FALSE((*books)->Snapshot()->legacy_forms());
  const auto refused = (*books)->Record(EntryDraft{"period.closed", kTreasurer, lone_close});
  EXPECT_EQ(refused.status().field(), "payload");
  // Written past the rules (straight into the store), it fails verify.
  ASSERT_TRUE((*store)->Append(EntryDraft{"period.closed", kTreasurer, lone_close}).ok());
  const VerifyReport r = VerifyWithBooks(dir.File("new.db"));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failure->error, VerifyError::kBooksRule);
}

}  // namespace
}  // namespace aidledger

namespace aidledger {
namespace {

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
  const auto paid =
      books_->PayGrant(PaymentInput{*grant, "100.00", "2026-09-01", "cash", {}, {}}, kTreasurer);
  EXPECT_EQ(paid.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(paid.status().field(), "grant");
  EXPECT_EQ(Balance("STUDENT_AID"), 50000);
}

}  // namespace
}  // namespace aidledger

namespace aidledger {
namespace {

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

}  // namespace
}  // namespace aidledger
