// Reports by name and the public summary, rendered and cached.

#include <cstring>
#include <memory>
#include <sstream>

#include "api/handlers/handlers.h"
#include "api/header_text.h"
#include "ledger/books/business_date.h"
#include "reports/basis.h"
#include "reports/catalog.h"
#include "reports/output.h"

namespace aidledger::api {

ApiResponse Handlers::ReportCatalog(Service::Context& ctx) {
  Array out;
  for (const reports::ReportInfo& info : reports::Catalog()) {
    const bool readable = info.roles.empty() || info.roles.Admits(ctx.actor.role);
    if (!readable) continue;
    Array params;
    for (const auto& p : info.params) params.emplace_back(p);
    out.push_back(Object{{"name", info.name},
                         {"zh", info.zh},
                         {"en", info.en},
                         {"params", std::move(params)},
                         {"public", info.roles.empty()}});
  }
  return Json(200, Object{{"reports", std::move(out)}});
}

ApiResponse Handlers::GetReport(Service::Context& ctx, Books& books, Vault& vault,
                                ReaderPool& readers, ReportAnswers& kept, CheckpointWatch& latest,
                                const ServiceOptions& options) {
  const reports::ReportInfo* info = reports::FindReport(ctx.params[0]);
  if (info == nullptr) return ctx.Fail(Status(ErrorCode::kNotFound, "no such report", "name"));
  if (!info->roles.empty() && !info->roles.Admits(ctx.actor.role)) {
    return ctx.Fail(
        Status(ErrorCode::kPermissionDenied, "this role may not read this report", "actor.role"));
  }
  return MakeReport(ctx, books, vault, readers, kept, latest, options, info->name,
                    ctx.actor.id + " (" + ctx.actor.role + ")");
}

ApiResponse Handlers::PublicSummary(Service::Context& ctx, Books& books, Vault& vault,
                                    ReaderPool& readers, ReportAnswers& kept,
                                    CheckpointWatch& latest, const ServiceOptions& options) {
  return MakeReport(ctx, books, vault, readers, kept, latest, options, "public-summary", "public");
}

ApiResponse Handlers::MakeReport(Service::Context& ctx, Books& books, Vault& vault,
                                 ReaderPool& readers, ReportAnswers& kept, CheckpointWatch& latest,
                                 const ServiceOptions& options, const std::string& name,
                                 const std::string& by) {
  const auto& query = ctx.request->query;
  reports::ReportRequest q{name,
                           QueryText(query, "from"),
                           QueryText(query, "to"),
                           QueryText(query, "year"),
                           QueryText(query, "donor"),
                           LocalDate(ctx.now),
                           0,
                           options.ratio_limits};
  API_TRY(format, reports::ParseReportFormat(name, QueryText(query, "format")));
  if (name == "public-summary") {
    API_TRY(as_of, latest.Size());
    q.as_of = as_of;
  }
  int64_t books_size = 0;
  API_CHECK(books.Read([&](const BooksState& state) { books_size = state.size(); }));
  const std::string cache_key = name + "\n" + q.from + "\n" + q.to + "\n" + q.year + "\n" +
                                q.donor + "\n" + q.today + "\n" +
                                reports::ReportFormatName(format) + "\n" + by;
  if (std::optional<ApiResponse> hit = kept.Find(cache_key, books_size, q.as_of)) return *hit;
  API_TRY(lease, readers.Acquire());
  reports::People people;
  const Actor viewer = ctx.actor;
  const bool sees_people = !viewer.id.empty() && SeesPersonalData(viewer.role);
  if (name == "public-summary") {
    API_TRY(names, vault.PublicDonorNames());
    people.public_donor_names = std::move(names);
  } else if (name == "aid-recipients" && sees_people) {
    // Read the names before the books are locked: the vault reads them too.
    std::vector<std::string> ids;
    API_CHECK(books.Read([&](const BooksState& state) {
      for (const auto& [id, subject] : state.recipients()) {
        if (!subject.erased) ids.push_back(id);
      }
    }));
    auto names = std::make_shared<std::map<std::string, std::string>>();
    for (const auto& id : ids) {
      auto record = vault.Recipient(id, viewer);
      if (record.ok()) (*names)[id] = record->name;
    }
    people.recipient_name = [names](const std::string& id) {
      auto it = names->find(id);
      return it == names->end() ? std::string() : it->second;
    };
  } else if (name == "donor-statement" && sees_people && !q.donor.empty()) {
    auto record = vault.Donor(q.donor, viewer);
    std::string donor_name = record.ok() ? record->name : "";
    people.donor_name = [donor_name = std::move(donor_name)](const std::string&) {
      return donor_name;
    };
  }
  // A long table's rows are made as they are sent, reading the books a
  // chunk at a time; `books` outlives every request.
  const reports::ReadBooks read_later =
      [books = &books](const std::function<void(const BooksState&)>& fn) {
        return books->Read(fn);
      };
  Result<reports::Report> report = Status(ErrorCode::kInternal, "not built");
  std::string journal;
  bool stream_journal = false;
  int64_t size = 0;
  API_CHECK(books.Read([&](const BooksState& state) {
    size = state.size();
    if (name == "journal" && state.fact_rows().size() > options.streamed_report_rows) {
      // Written as it is made, below, once the books are let go.
      stream_journal = true;
      auto through = reports::JournalThrough(q);
      report = through.ok() ? Result<reports::Report>(reports::Report{}) : through.status();
    } else if (name == "journal") {
      auto text = reports::BuildJournal(q, state);
      if (!text.ok()) {
        report = text.status();
        return;
      }
      journal = std::move(text).value();
      report = reports::Report{};
    } else {
      report = reports::BuildReport(q, state, people, &read_later);
    }
  }));
  if (!report.ok()) return ctx.Fail(report.status());
  const int64_t covered = name == "public-summary" ? q.as_of : size;
  API_TRY(basis, reports::ReadBasis(*lease->reader, covered, by, ctx.now));
  ApiResponse r;
  const std::string file =
      name + "-" + (q.from.empty() ? q.year : q.from) + (q.to.empty() ? "" : "-" + q.to);
  const auto keep = [&](ApiResponse answer) {
    kept.Keep(cache_key, size, q.as_of, answer);
    return answer;
  };
  if (name == "journal") {
    r.content_type = "text/plain; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", AttachmentDisposition("aidledger", "journal"));
    if (stream_journal) {
      // Sent as it is made and not kept, as a long report below.
      r.stream = [q, read_later, size,
                  head = "; ledger head " + basis.head_hash + "\n"](std::ostream& out) {
        out << head;
        Status written = reports::WriteJournalOf(q, read_later, size, out);
        if (!written.ok()) return written;
        return out ? Status::Ok() : IoError("the client stopped reading");
      };
      return r;
    }
    r.body = "; ledger head " + basis.head_hash + "\n" + journal;
    return keep(std::move(r));
  }
  report->basis = std::move(basis);
  const auto write = [format](const reports::Report& built, std::ostream& out) {
    reports::WriteReport(built, format, out);
  };
  if (format == reports::ReportFormat::kCsv) {
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", AttachmentDisposition(file, "csv"));
  } else if (format == reports::ReportFormat::kHtml) {
    r.content_type = "text/html; charset=utf-8";
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  }
  size_t rows = 0;
  for (const reports::Table& t : report->tables) rows += reports::RowCount(t);
  if (rows > options.streamed_report_rows) {
    // Sent as it is rendered and not kept: a year's register of a million
    // gifts would otherwise take gigabytes as rows, text and cache. Its rows
    // are made as they are written (reports::Table::source).
    auto built = std::make_shared<const reports::Report>(std::move(report).value());
    r.stream = [built, write](std::ostream& out) {
      write(*built, out);
      return out ? Status::Ok() : IoError("the client stopped reading");
    };
    return r;
  }
  std::ostringstream out;
  write(*report, out);
  r.body = std::move(out).str();
  return keep(std::move(r));
}

}  // namespace aidledger::api
