// What donors' and recipients' personal records share: listing subjects, the log of who looked,
// erasure.

#include <Poco/Logger.h>

#include <cstring>

#include "api/handlers/handlers.h"

namespace aidledger::api {

Result<std::vector<std::pair<std::string, Subject>>> Handlers::Subjects(
    Service& s, const SubjectMap& (BooksState::*which)() const) {
  std::vector<std::pair<std::string, Subject>> out;
  AIDLEDGER_RETURN_IF_ERROR(s.books_->Read([&](const BooksState& state) {
    const SubjectMap& subjects = (state.*which)();
    out.assign(subjects.begin(), subjects.end());
  }));
  return out;
}

void Handlers::LogReveal(const Service::Context& ctx) {
  Poco::Logger::get("aidledger.audit")
      .notice("reveal " + ctx.params[0] + " by " + ctx.actor.id + " (" + ctx.actor.role +
              ") request " + ctx.request->request_id);
}

ApiResponse Handlers::EraseDonor(Service& s, Service::Context& ctx) {
  return EraseRecord(s, ctx, "D-");
}

ApiResponse Handlers::EraseRecipient(Service& s, Service::Context& ctx) {
  return EraseRecord(s, ctx, "R-");
}

ApiResponse Handlers::EraseRecord(Service& s, Service::Context& ctx, std::string_view prefix) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(reason, b.Text("reason"));
  if (ctx.params[0].rfind(prefix, 0) != 0) {
    return ctx.Fail(Status(ErrorCode::kNotFound, "no such record", "id"));
  }
  auto r = s.vault_->Erase(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
