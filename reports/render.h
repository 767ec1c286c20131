// Renderers of a Report: JSON for the API, CSV for spreadsheets, and a
// printable HTML page. Each takes any well-formed Report; none fails.
#ifndef AIDLEDGER_REPORTS_RENDER_H_
#define AIDLEDGER_REPORTS_RENDER_H_

#include <string>

#include "ledger/json_value.h"
#include "reports/report.h"

namespace aidledger::reports {

// {"report","title":{"zh","en"},"params":{},"basis":{},"tables":[{"key",
// "title","columns":[{"key","zh","en","type"}],"rows":[{...}],"totals":[{...}]}],
// "notes":[],"confidential"}; money as decimal strings ("1250.00") beside the
// row's "currency".
Value ToJson(const Report& report);

// UTF-8 with a byte-order mark (Excel reads Chinese text right only with
// one), CRLF lines, RFC 4180 quoting. The report's title and basis first,
// then each table under its title, headers as "中文 English". A text cell
// that a spreadsheet would take for a formula (= + - @) is prefixed with '.
std::string ToCsv(const Report& report);

// A whole HTML page for printing on A4: Chinese and English labels, a header
// with the period and a footer with the basis and checkpoint, signature lines
// when the report asks for them. Every text is escaped.
std::string ToHtml(const Report& report);

// Text with & < > " ' escaped for HTML.
std::string EscapeHtml(const std::string& text);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_RENDER_H_
