// The books as a plain-text journal that hledger and ledger-cli both read,
// for accountants: one transaction per entry that moved value, dated by its
// business date, in accounts per restriction, fund and channel:
//
//   Assets:{Restricted|Unrestricted}:FUND:Cash:CHANNEL   money held
//   Assets:{Restricted|Unrestricted}:FUND:Goods          valued goods held
//   Income:Donations:...:FUND, Income:GoodsInKind:...:FUND
//   Expenses:Aid:...:FUND, Expenses:GoodsGiven:...:FUND
//   Expenses:Costs:{program|admin|fundraising|other}:...:FUND
//   Income:Other:{government_grant|membership_dues|...}:...:FUND

//
// A transfer moves money between the two funds' Cash:transfer accounts; a
// reversal posts the negation of the entry it reverses. So the balance of
// Assets:...:FUND:Cash (with its sub-accounts) at a date is the fund
// statement's closing money balance then, and :Goods its closing goods
// value. Goods without a value are not booked (as the accounting rules say).
#ifndef AIDLEDGER_REPORTS_JOURNAL_H_
#define AIDLEDGER_REPORTS_JOURNAL_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "ledger/books/books_state.h"
#include "reports/read_books.h"

namespace aidledger::reports {

// Every fact dated up to `through` (YYYYMMDD), in the order of the ledger,
// with a header comment naming `basis_line` (which ledger state it is).
std::string ExportJournal(const BooksState& state, int32_t through, const std::string& basis_line);

// The same text, of the first `size` entries, written to `out` as it is
// made, reading the books through `read` a chunk at a time (read_books.h):
// a year of a million facts in constant memory. A failed read marks `out`
// bad, and is returned.
Status WriteJournal(const ReadBooks& read, int64_t size, int32_t through,
                    const std::string& basis_line, std::ostream& out);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_JOURNAL_H_
