// The fixtures of the books' tests (tests/ledger/books/books_*_test.cc), each
// on BooksLedgerTest (a new ledger and its books): BooksTest, with a
// student-aid fund and a general one;
// BooksWithRecipientsTest, one with a winter fund too and a household and a
// student enrolled. Each test file holds one family of the books' rules.
#ifndef AIDLEDGER_TESTS_LEDGER_BOOKS_BOOKS_FIXTURES_H_
#define AIDLEDGER_TESTS_LEDGER_BOOKS_BOOKS_FIXTURES_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ledger/base/canonical_json.h"
#include "ledger/books/books.h"
#include "ledger/books/books_replay.h"
#include "ledger/books/money.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/verify.h"
#include "tests/support/four_eyes.h"
#include "tests/support/test_util.h"

namespace aidledger::books_test {

using testing::RawDb;
using testing::TempDir;

inline const Actor kTreasurer{"u-wang", "treasurer"};
inline const Actor kAdmin{"u-admin", "admin"};
inline const Actor kCoordinator{"u-li", "coordinator"};

inline Books::Committer Committing(const Hash32& h) {
  return [h](const std::string&) -> Result<Hash32> { return h; };
}

inline GrantProposal Proposal(const std::string& recipient, const std::string& fund,
                              const std::string& amount, const std::string& purpose,
                              const std::string& term) {
  return GrantProposal{recipient, fund, amount, "CNY", purpose, term};
}

inline DonationInput Cash(const std::string& amount, const std::string& date = "2026-03-01") {
  DonationInput d;
  d.fund = "STUDENT_AID";
  d.amount = amount;
  d.channel = "cash";
  d.date = date;
  d.memo = "助学捐款";
  return d;
}

// A new ledger and its books; the fixtures below open their funds on it.
class BooksLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("books.db");
    auto store = LedgerStore::Create(path_, GenesisParams{NewLedgerId(), "t"});
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    auto books = Books::Open(store_.get());
    ASSERT_TRUE(books.ok());
    books_ = std::move(books).value();
  }

  int64_t Size() { return store_->GetHead()->size; }
  // Takes cash gifts to the bank: money paid by bank transfer leaves the
  // bank account, which must hold it.
  Status Deposit(const std::string& amount, const std::string& currency = "CNY",
                 const std::string& date = "2026-03-02") {
    return books_
        ->MoveBetweenAccounts({"CASH", "BANK", amount, currency, date, std::nullopt, "存现"},
                              kTreasurer)
        .status();
  }
  BooksState State() { return *books_->Snapshot(); }
  // Four eyes: the treasurer proposes, the admin confirms.
  Result<AppendedEntry> ReverseByTwo(int64_t seq, const std::string& reason,
                                     const std::string& date) {
    return testing::ReverseByTwo(*books_, seq, reason, date, kTreasurer, kAdmin);
  }
  Result<AppendedEntry> CloseByTwo(const std::string& period) {
    return testing::CloseByTwo(*books_, period, kTreasurer, kAdmin);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<LedgerStore> store_;
  std::unique_ptr<Books> books_;
};

class BooksTest : public BooksLedgerTest {
 protected:
  void SetUp() override {
    BooksLedgerTest::SetUp();
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

  int64_t Balance(const std::string& fund) {
    auto s = books_->Snapshot();
    auto it = s->funds().find(fund);
    return it == s->funds().end()         ? -1
           : it->second.cash.count("CNY") ? it->second.cash.at("CNY")
                                          : 0;
  }
};

inline const Actor kCoordinator2{"u-zhao", "coordinator"};
inline const Actor kCoordinator3{"u-sun", "coordinator"};

inline Books::Committer Committing(const std::string& record) {
  return [record](const std::string& id) -> Result<Hash32> { return Sha256::Of(id, record); };
}

inline GoodsDonationInput Coats(int64_t quantity, const std::string& value,
                                const std::string& valuation = "invoice") {
  GoodsDonationInput g;
  g.fund = "WINTER";
  g.date = "2026-11-18";
  g.items = {{"羽绒服", quantity, "件", valuation, value}};
  g.received_by = "u-li";
  g.checked_by = "u-wang";
  g.memo = "winter drive";
  return g;
}

class BooksWithRecipientsTest : public BooksLedgerTest {
 protected:
  void SetUp() override {
    BooksLedgerTest::SetUp();
    ASSERT_TRUE(books_
                    ->OpenFund({"WINTER",
                                "冬季送温暖",
                                "Winter warmth",
                                true,
                                "winter clothing for households",
                                {"household"}},
                               kAdmin)
                    .ok());
    ASSERT_TRUE(
        books_
            ->OpenFund({"STUDENT_AID", "助学金", "Student aid", true, "stipends", {"student"}},
                       kAdmin)
            .ok());
    ASSERT_TRUE(books_->OpenFund({"GENERAL", "非限定性", "General", false, "", {}}, kAdmin).ok());
    auto household = books_->EnrolRecipient("household", Committing("h"), kCoordinator);
    ASSERT_TRUE(household.ok());
    household_ = *household;
    auto student = books_->EnrolRecipient("student", Committing("s"), kCoordinator);
    ASSERT_TRUE(student.ok());
    student_ = *student;
  }

  Result<RecordedDonation> Give(const std::string& fund, const std::string& amount,
                                const std::string& currency = "CNY") {
    DonationInput d;
    d.fund = fund;
    d.amount = amount;
    d.currency = currency;
    d.channel = "cash";
    d.date = "2026-03-01";
    return books_->RecordDonation(d, kTreasurer);
  }
  Result<std::string> ApprovedGrant(const std::string& recipient, const std::string& fund,
                                    const std::string& amount,
                                    const std::string& currency = "CNY") {
    auto g = books_->ProposeGrant({recipient, fund, amount, currency, "aid", "2026"}, kCoordinator);
    if (!g.ok()) return g;
    auto d = books_->DecideGrant(*g, true, "ok", kCoordinator2);
    if (!d.ok()) return d.status();
    return g;
  }

  std::string household_;
  std::string student_;
};

inline ServiceInput Visits(int64_t volunteers, int64_t minutes,
                           const std::string& date = "2026-11-21") {
  return ServiceInput{"冬季送温暖入户走访", date, volunteers, minutes};
}

}  // namespace aidledger::books_test

#endif  // AIDLEDGER_TESTS_LEDGER_BOOKS_BOOKS_FIXTURES_H_
