#include "reports/output.h"

#include "reports/render.h"

namespace aidledger::reports {

Result<ReportFormat> ParseReportFormat(const std::string& name, const std::string& text) {
  if (name == "journal") {
    if (text.empty() || text == "text") return ReportFormat::kText;
    return InvalidArgument("the journal comes as text only", "format");
  }
  if (text.empty() || text == "json") return ReportFormat::kJson;
  if (text == "csv") return ReportFormat::kCsv;
  if (text == "html") return ReportFormat::kHtml;
  return InvalidArgument("json, csv or html", "format");
}

const char* ReportFormatName(ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kCsv:
      return "csv";
    case ReportFormat::kHtml:
      return "html";
    case ReportFormat::kText:
      return "text";
  }
  return "json";
}

void WriteReport(const Report& report, ReportFormat format, std::ostream& out) {
  switch (format) {
    case ReportFormat::kCsv:
      WriteCsv(report, out);
      return;
    case ReportFormat::kHtml:
      WriteHtml(report, out);
      return;
    case ReportFormat::kJson:
    case ReportFormat::kText:
      WriteJson(report, out);
      return;
  }
}

}  // namespace aidledger::reports
