// Aid recipients: enrolment, the roster, one record, corrections.

#include <cstring>

#include "api/handlers/handlers.h"
#include "ledger/books/personal_record.h"

namespace aidledger::api {

Result<RecipientRecord> Handlers::RecipientFromBody(const Body& b) {
  RecipientRecord r;
  for (auto [key, member] :
       {std::pair{"name", &RecipientRecord::name},
        std::pair{"id_number", &RecipientRecord::id_number},
        std::pair{"school", &RecipientRecord::school}, std::pair{"grade", &RecipientRecord::grade},
        std::pair{"guardian", &RecipientRecord::guardian},
        std::pair{"phone", &RecipientRecord::phone},
        std::pair{"bank_account", &RecipientRecord::bank_account},
        std::pair{"notes", &RecipientRecord::notes},
        std::pair{"consent_by", &RecipientRecord::consent_by},
        std::pair{"consent_date", &RecipientRecord::consent_date},
        std::pair{"consent_form", &RecipientRecord::consent_form}}) {
    auto v = b.TextOr(key, "");
    if (!v.ok()) return v.status();
    r.*member = *v;
  }
  return r;
}

std::vector<std::string> Handlers::RecipientMembers() {
  return {"name",  "id_number",    "school",     "grade",        "guardian",    "phone",
          "notes", "bank_account", "consent_by", "consent_date", "consent_form"};
}

ApiResponse Handlers::EnrolRecipient(Service::Context& ctx, Vault& vault) {
  Body b(ctx.body);
  auto allowed = RecipientMembers();
  allowed.push_back("category");
  API_CHECK(b.OnlyMembers(allowed));
  API_TRY(category, b.Text("category"));
  API_TRY(record, RecipientFromBody(b));
  auto r = vault.EnrolRecipient(category, record, ctx.actor,
                                ctx.Answer([](const std::string& id, const AppendedEntry& e) {
                                  return EntryCreated(e, Object{{"id", id}});
                                }));
  return ctx.Finish(r);
}

ApiResponse Handlers::ListRecipients(Service::Context& ctx, Books& books, Vault& vault) {
  API_TRY(roster, Subjects(books, &BooksState::recipients));
  Array out;
  for (const auto& [id, subject] : roster) {
    Object o{{"id", id}, {"category", subject.category}, {"erased", subject.erased}};
    if (!subject.erased && SeesPersonalData(ctx.actor.role)) {
      auto record = vault.Recipient(id, ctx.actor);
      if (record.ok()) o.Set("name", ListedRecipientName(*record));
    }
    out.push_back(std::move(o));
  }
  return Json(200, Object{{"recipients", std::move(out)}});
}

ApiResponse Handlers::GetRecipient(Service::Context& ctx, Vault& vault) {
  API_TRY(r, vault.Recipient(ctx.params[0], ctx.actor));
  LogReveal(ctx);
  return Json(200, RecipientJson(ctx.params[0], r));
}

ApiResponse Handlers::CorrectRecipient(Service::Context& ctx, Vault& vault) {
  Body b(ctx.body);
  auto allowed = RecipientMembers();
  allowed.push_back("reason");
  API_CHECK(b.OnlyMembers(allowed));
  API_TRY(record, RecipientFromBody(b));
  API_TRY(reason, b.Text("reason"));
  auto r = vault.CorrectRecipient(ctx.params[0], record, reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
