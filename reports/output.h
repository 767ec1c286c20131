// How a report is handed out, the same for the command line and the
// service: which formats a report comes in, and writing it in one as it is
// rendered.
#ifndef AIDLEDGER_REPORTS_OUTPUT_H_
#define AIDLEDGER_REPORTS_OUTPUT_H_

#include <ostream>
#include <string>

#include "ledger/base/status.h"
#include "reports/report.h"

namespace aidledger::reports {

enum class ReportFormat {
  kJson,
  kCsv,   // UTF-8 with a byte-order mark, for spreadsheets
  kHtml,  // a page to print
  kText,  // the journal for hledger and ledger-cli, its only format
};

// The format `text` names for the report `name`; "" is the report's default
// (text for the journal, JSON for the others). kInvalidArgument (field
// "format") for a format the report does not come in.
Result<ReportFormat> ParseReportFormat(const std::string& name, const std::string& text);

// The format's name as ParseReportFormat reads it ("json", "csv", ...).
const char* ReportFormatName(ReportFormat format);

// Writes `report` in `format` (JSON, CSV or HTML; not kText, which is the
// journal's own text) to `out` as it is rendered, without building a tree of
// every row first.
void WriteReport(const Report& report, ReportFormat format, std::ostream& out);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_OUTPUT_H_
