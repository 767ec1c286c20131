// The reports of the books, each built from one BooksState (the projection
// of the first state.size() entries, replayed from the chain): fund
// statements, donation summaries and registers, a donor's statement, the
// aid-recipient report, the annual summary, the public transparency summary
// and the corrections list. Each fills a Report but its Basis, which the
// caller adds (basis.h). Every figure comes from the state's fact rows, so a
// report agrees with the balances the books keep.
//
// Builders fail only on bad parameters (kInvalidArgument, with the field) or
// a total beyond int64 (kFailedPrecondition).
#ifndef AIDLEDGER_REPORTS_BOOKS_REPORTS_H_
#define AIDLEDGER_REPORTS_BOOKS_REPORTS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "reports/read_books.h"
#include "reports/report.h"

namespace aidledger::reports {

// Business dates from..to, both included, as YYYYMMDD.
struct Period {
  int32_t from = 0;
  int32_t to = 0;
  std::string from_text;  // "2026-01-01"
  std::string to_text;
};
// From "YYYY-MM-DD" dates (from <= to); field() is "from" or "to".
Result<Period> ParsePeriod(const std::string& from, const std::string& to);
// The calendar year `year` ("2025").
Result<Period> YearPeriod(const std::string& year);

// What the reader may see of people, decided by the caller for the reader's
// role. A function returns "" for a name that is not to be shown.
struct People {
  std::function<std::string(const std::string& id)> recipient_name;
  std::function<std::string(const std::string& id)> donor_name;
  std::map<std::string, std::string> public_donor_names;  // donors who consented
};

// Per fund and currency: opening balance, money in by channel, transfers and
// releases, aid paid, reversals and closing balance; then the goods: opening
// value, received (valued, and units without a value apart), handed out,
// reversals, closing value. Restricted, unrestricted and overall totals.
Result<Report> FundStatement(const BooksState& state, const Period& period);

// Gifts (money and goods) by month, fund, channel and donor type.
Result<Report> DonationSummary(const BooksState& state, const Period& period);

// Every gift dated in the period, with its receipt and whether it was voided
// or reversed (as of the first state.size() entries). Its rows are made at
// once; or, given `later`, only as the report is written: the table's
// source then reads the books through `later` a chunk at a time, and never
// past those entries, so that a year's register of a million gifts is
// written in constant memory. Call `later` from no thread that holds the
// books.
Result<Report> DonationRegister(const BooksState& state, const Period& period,
                                const ReadBooks* later = nullptr);

// One donor's gifts in a year, for their own records.
Result<Report> DonorStatement(const BooksState& state, const std::string& donor,
                              const std::string& year, const People& people);

// Per recipient and grant: approved, paid in the period and to its end,
// outstanding, by fund and term; then recipients aided per category.
Result<Report> AidRecipients(const BooksState& state, const Period& period, const People& people);

// The year's headline figures: raised in money and goods, aid given out,
// students funded, people helped per category, and per fund.
Result<Report> AnnualSummary(const BooksState& state, const std::string& year);

// Aggregates only, from the first `as_of` entries (a signed checkpoint's
// size): per fund and quarter; donors named only with their consent;
// recipients never.
Result<Report> PublicSummary(const BooksState& state, int64_t as_of, const Period& period,
                             const People& people);

// Every reversal and void, with its reason, date and actor.
Result<Report> Corrections(const BooksState& state, const Period& period);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_BOOKS_REPORTS_H_
