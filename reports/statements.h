// The statements of the accounting system for non-profits (民间非营利组织会计
// 制度) over any range of business dates: the statement of activities
// (业务活动表), the balance sheet (资产负债表) and the statement of cash flows
// (现金流量表). Built from the books' fact rows, like every report, so they
// agree with the fund statement and the journal to the fen; each currency
// has its own lines (amounts in different currencies are never added).
//
// How the books map onto them:
// - income: gifts of money and valued goods (捐赠收入), and income other than
//   gifts by category; restricted or unrestricted as the fund is.
// - costs: aid paid and goods handed out are programme costs (业务活动成本),
//   with the costs of each category. All costs stand in the unrestricted
//   column: a restricted fund's spending on its purpose releases the same
//   amount from restricted net assets (限定性净资产转为非限定性净资产), beside
//   the releases a transfer out of a restricted fund records, and minus what
//   an unrestricted fund transfers into a restricted one.
// - assets: money (货币资金) and donated goods held at their value (存货);
//   no liabilities are kept yet; net assets by restriction.
// - cash flows: money in and out by kind; transfers between funds move no
//   cash. A reversal nets against the line of what it reverses.
#ifndef AIDLEDGER_REPORTS_STATEMENTS_H_
#define AIDLEDGER_REPORTS_STATEMENTS_H_

#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "reports/books_reports.h"
#include "reports/report.h"

namespace aidledger::reports {

// The limits a supervising civil affairs bureau checks, in percent
// (民发〔2016〕189号 for the charitable-spending share; the admin-cost limit
// depends on the organisation's size: 10 % or 13 %).
struct RatioLimits {
  int charitable_min_percent = 70;  // programme costs / the previous year's income
  int admin_max_percent = 10;       // administrative costs / all costs of the period
};

// Income, costs, the release line and the change in net assets, in the
// columns unrestricted, restricted and total; then the two ratios against
// `limits`, each flagged when missed.
Result<Report> ActivitiesStatement(const BooksState& state, const Period& period,
                                   const RatioLimits& limits = {});

// Assets, liabilities and net assets at the start of the period (the day
// before `period.from`) and at its end.
Result<Report> BalanceSheet(const BooksState& state, const Period& period);

// Money in and out over the period by activity, and the opening and
// closing money, which the net increase joins.
Result<Report> CashFlowStatement(const BooksState& state, const Period& period);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_STATEMENTS_H_
