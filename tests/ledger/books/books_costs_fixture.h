// BooksCostsTest: BooksTest with money in both funds, and costs proposed by
// one person and recorded by another (the books' costs tests and the
// reports' tests of costs).
#ifndef AIDLEDGER_TESTS_LEDGER_BOOKS_BOOKS_COSTS_FIXTURE_H_
#define AIDLEDGER_TESTS_LEDGER_BOOKS_BOOKS_COSTS_FIXTURE_H_

#include <string>

#include "tests/ledger/books/books_fixtures.h"

namespace aidledger::books_test {

inline const Actor kTreasurer2{"u-zhou", "treasurer"};

inline CostInput Transport(const std::string& amount, const std::string& voucher = "INV-0001") {
  CostInput c;
  c.category = "program";
  c.fund = "STUDENT_AID";
  c.amount = amount;
  c.payee = "顺达运输公司";
  c.voucher = voucher;
  c.purpose = "运送助学物资";
  c.date = "2026-03-05";
  c.channel = "bank_transfer";
  c.external_ref = "B-778";
  return c;
}

class BooksCostsTest : public BooksTest {
 protected:
  void SetUp() override {
    BooksTest::SetUp();
    ASSERT_TRUE(books_->RecordDonation(Cash("1000.00"), kTreasurer).ok());
    DonationInput general = Cash("300.00");
    general.fund = "GENERAL";
    ASSERT_TRUE(books_->RecordDonation(general, kTreasurer).ok());
    ASSERT_TRUE(Deposit("1300.00").ok());
  }
  // Proposed by `proposer`, recorded by `recorder`: the record's outcome.
  Result<AppendedEntry> ByTwo(const CostInput& c, const Actor& proposer = kCoordinator,
                              const Actor& recorder = kTreasurer2) {
    auto proposed = books_->ProposeCost(c, proposer);
    if (!proposed.ok()) return proposed.status();
    return books_->ConfirmCost(proposed->seq, {c.external_ref, c.account}, recorder);
  }
};

}  // namespace aidledger::books_test

#endif  // AIDLEDGER_TESTS_LEDGER_BOOKS_BOOKS_COSTS_FIXTURE_H_
