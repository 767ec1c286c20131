// What donors' and recipients' personal records share: listing subjects, the log of who looked,
// erasure.

#include <Poco/Logger.h>

#include <cstring>

#include "api/handlers/handlers.h"

namespace aidledger::api {

Result<std::vector<std::pair<std::string, Subject>>> Handlers::Subjects(
    Books& books, const SubjectMap& (BooksState::*which)() const) {
  std::vector<std::pair<std::string, Subject>> out;
  AIDLEDGER_RETURN_IF_ERROR(books.Read([&](const BooksState& state) {
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

ApiResponse Handlers::EraseDonor(Service::Context& ctx, Vault& vault) {
  return EraseRecord(ctx, vault, "D-");
}

ApiResponse Handlers::EraseRecipient(Service::Context& ctx, Vault& vault) {
  return EraseRecord(ctx, vault, "R-");
}

ApiResponse Handlers::EraseRecord(Service::Context& ctx, Vault& vault, std::string_view prefix) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(reason, b.Text("reason"));
  if (ctx.params[0].rfind(prefix, 0) != 0) {
    return ctx.Fail(Status(ErrorCode::kNotFound, "no such record", "id"));
  }
  auto r = vault.Erase(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
