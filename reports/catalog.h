// The catalogue of reports: each one's name, titles, who may read it and the
// parameters it takes, and the one place that builds a report by name. The
// service and the command line both go through it.
#ifndef AIDLEDGER_REPORTS_CATALOG_H_
#define AIDLEDGER_REPORTS_CATALOG_H_

#include <ostream>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "ledger/books/role.h"
#include "reports/books_reports.h"
#include "reports/report.h"
#include "reports/statements.h"

namespace aidledger::reports {

struct ReportInfo {
  std::string name;  // "fund-statement"
  std::string zh;
  std::string en;
  RoleSet roles;                    // who may read it; empty: the public, without logging in
  std::vector<std::string> params;  // of from, to, year, donor
};

const std::vector<ReportInfo>& Catalog();
// Null if there is no report `name`.
const ReportInfo* FindReport(const std::string& name);

struct ReportRequest {
  std::string name;
  std::string from;   // YYYY-MM-DD; default: 1 January of `today`'s year
  std::string to;     // YYYY-MM-DD; default: `today`
  std::string year;   // YYYY; default: `today`'s year
  std::string donor;  // D-000001 (donor-statement)
  std::string today;  // YYYY-MM-DD, for the defaults
  // The public summary covers the first `as_of` entries: the size of the
  // latest signed checkpoint, so that anyone can check it.
  int64_t as_of = 0;
  RatioLimits limits;  // the statement of activities' spending ratios
};

// Builds report `request.name` (kNotFound if unknown, field "name"); the
// caller adds the basis. "journal" is not built here (BuildJournal).
// Given `later`, a report too long to hold (the register) makes its rows
// only as it is written, reading the books through `later`
// (DonationRegister).
Result<Report> BuildReport(const ReportRequest& request, const BooksState& state,
                           const People& people, const ReadBooks* later = nullptr);

// The journal (journal.h) of every fact dated up to `request.to` (default:
// `today`), naming the state it comes from.
Result<std::string> BuildJournal(const ReportRequest& request, const BooksState& state);
// The last business date the journal of `request` covers (YYYYMMDD), or the
// field of a bad parameter: checked before a journal is streamed.
Result<int32_t> JournalThrough(const ReportRequest& request);
// The same journal, of the first `size` entries, written to `out` as it is
// made, reading the books through `read` (read_books.h): the field of a bad
// parameter, or a failed read (which also marks `out` bad).
Status WriteJournalOf(const ReportRequest& request, const ReadBooks& read, int64_t size,
                      std::ostream& out);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_CATALOG_H_
