// Where the money sits (货币资金明细表): each account's money at the start of
// a period, what came in (gifts and other income), what went out (aid and
// costs), what moved between accounts, and what it held at the end. Built
// from the books' fact rows (each names its account) and their moves between
// accounts, so the accounts together hold what the funds hold, and the
// balance sheet's money splits by kind of account (现金, 银行存款, 其他货币资金)
// from the same figures.
#ifndef AIDLEDGER_REPORTS_ACCOUNTS_REPORT_H_
#define AIDLEDGER_REPORTS_ACCOUNTS_REPORT_H_

#include <cstdint>
#include <map>
#include <string>

#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "reports/books_reports.h"
#include "reports/report.h"
#include "reports/report_parts.h"

namespace aidledger::reports {

// Each account's money as `period` opens or closes, by currency then account
// code: the money entries that count then (CountsAt: opening balances count
// from the opening of a period that holds their day) and the moves between
// accounts dated before the period (kOpening) or up to its end (kClosing).
// Sums are checked: false when one overflowed.
bool MoneyByAccount(const BooksState& state, const Period& period, Moment at,
                    std::map<std::string, std::map<std::string, int64_t>>* out);

// One row per account and currency that held or moved money (opening, in,
// out, transfers in, transfers out, closing), and a total per currency.
Result<Report> AccountsStatement(const BooksState& state, const Period& period);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_ACCOUNTS_REPORT_H_
