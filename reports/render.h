// Renderers of a Report: JSON for the API, CSV for spreadsheets, and a
// printable HTML page. Each takes any well-formed Report; none fails.
#ifndef AIDLEDGER_REPORTS_RENDER_H_
#define AIDLEDGER_REPORTS_RENDER_H_

#include <ostream>
#include <string>

#include "ledger/base/json_value.h"
#include "reports/report.h"

namespace aidledger::reports {

// {"report","title":{"zh","en"},"params":{},"basis":{},"tables":[{"key",
// "title","columns":[{"key","zh","en","type"}],"rows":[{...}],"totals":[{...}]}],
// "notes":[],"confidential"}; money as decimal strings ("1250.00") beside the
// row's "currency".
Value ToJson(const Report& report);
// The same bytes as EncodeCanonical(ToJson(report)), written to `out` as
// they are made (without building the tree of every row first).
void WriteJson(const Report& report, std::ostream& out);

// UTF-8 with a byte-order mark (Excel reads Chinese text right only with
// one), CRLF lines, RFC 4180 quoting. The report's title and basis first,
// then each table under its title, headers as "中文 English". A text cell
// that a spreadsheet would take for a formula (= + - @) is prefixed with '.
std::string ToCsv(const Report& report);
void WriteCsv(const Report& report, std::ostream& out);  // ToCsv's bytes, as they are made

// A whole HTML page for printing on A4: Chinese and English labels, a header
// with the period and a footer with the basis and checkpoint, signature lines
// when the report asks for them. Every text is escaped.
std::string ToHtml(const Report& report);
void WriteHtml(const Report& report, std::ostream& out);  // ToHtml's bytes, as they are made

// Text with & < > " ' escaped for HTML.
std::string EscapeHtml(const std::string& text);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_RENDER_H_
