// The books as a plain-text journal that hledger and ledger-cli both read,
// for accountants: one transaction per entry that moved value, dated by its
// business date, in double entry:
//
//   Assets:Money:ACCOUNT                       money, where it sits (never below zero)
//   Assets:Goods:{Restricted|Unrestricted}:FUND   valued goods a fund holds
//   Income:Donations:...:FUND, Income:GoodsInKind:...:FUND
//   Income:Other:{government_grant|membership_dues|...}:...:FUND
//   Expenses:Aid:...:FUND, Expenses:GoodsGiven:...:FUND
//   Expenses:Costs:{program|admin|fundraising|other}:...:FUND
//   NetAssets:{Restricted|Unrestricted}:FUND   what transfers between funds moved
//
// Money sits in accounts, whichever funds it belongs to: a move between
// accounts posts Assets:Money only; a transfer between funds posts their
// NetAssets only. A reversal posts the negation of the entry it reverses. So
// at a date Assets:Money:ACCOUNT is the accounts report's closing balance,
// Assets:Goods:...:FUND the fund statement's goods, and minus the sum of a
// fund's Income, Expenses and NetAssets accounts its money and goods
// together. Goods without a value are not booked (as the accounting rules
// say).
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
