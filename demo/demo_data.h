// The demo data set: a realistic year of a city volunteer team's books,
// recorded through the same Books and Vault calls that people use, so that
// every entry passed the rules. Deterministic for a given seed; all names and
// ID numbers are made up (the ID numbers carry valid check digits).
//
// The year, in figures: five funds (four restricted, one general); 72
// registered donors (12 companies and organisations, 60 members) and some
// hundreds of anonymous gifts from the public, in cash, bank transfer,
// WeChat Pay and Alipay; goods in kind for the winter drive (coats valued
// from the donor's invoice, quilts at fair value, rice unvalued); aid given
// out worth 876,000.00 yuan: stipends for 70 college students (two
// semesters), disability aid, serious-illness relief and the winter goods;
// four reversals and two voided receipts; every month closed, each close
// followed by a signed checkpoint.
#ifndef AIDLEDGER_DEMO_DEMO_DATA_H_
#define AIDLEDGER_DEMO_DEMO_DATA_H_

#include <cstdint>

#include "ledger/books/books.h"
#include "ledger/books/vault.h"
#include "ledger/chain/signing_key.h"
#include "ledger/store/ledger_store.h"

namespace aidledger {

struct DemoOptions {
  int year = 2025;
  uint64_t seed = 365;
};

struct DemoSummary {
  int64_t entries = 0;
  int cash_donations = 0;
  int goods_donations = 0;
  int recipients = 0;
  int students_funded = 0;
  int64_t aid_cash_minor = 0;   // grants paid, net of reversals
  int64_t aid_goods_minor = 0;  // value of the goods handed out, net of reversals
  int reversals = 0;
};

// Records the year into a ledger that holds only its genesis entry. `key`
// signs a checkpoint after each month's close.
Result<DemoSummary> BuildDemoYear(LedgerStore* store, Books* books, Vault* vault,
                                  const SigningKey& key, const DemoOptions& options = {});

}  // namespace aidledger

#endif  // AIDLEDGER_DEMO_DEMO_DATA_H_
