// Donors: registering one, the list, one donor's record, corrections.

#include <cstring>

#include "api/handlers/handlers.h"
#include "ledger/books/personal_record.h"
#include "ledger/books/text_policy.h"

namespace aidledger::api {

Result<DonorRecord> Handlers::DonorFromBody(const Body& b) {
  DonorRecord d;
  for (auto [key, member] :
       {std::pair{"type", &DonorRecord::type}, std::pair{"name", &DonorRecord::name},
        std::pair{"phone", &DonorRecord::phone}, std::pair{"email", &DonorRecord::email},
        std::pair{"address", &DonorRecord::address},
        std::pair{"public_name", &DonorRecord::public_name}}) {
    auto v = b.TextOr(key, "");
    if (!v.ok()) return v.status();
    d.*member = *v;
  }
  auto consent = b.Bool("public_consent", false);
  if (!consent.ok()) return consent.status();
  d.public_consent = *consent;
  return d;
}

ApiResponse Handlers::RegisterDonor(Service::Context& ctx, Vault& vault) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers(
      {"type", "name", "phone", "email", "address", "public_consent", "public_name"}));
  API_TRY(donor, DonorFromBody(b));
  auto r = vault.RegisterDonor(donor, ctx.actor,
                               ctx.Answer([](const std::string& id, const AppendedEntry& e) {
                                 return EntryCreated(e, Object{{"id", id}});
                               }));
  return ctx.Finish(r);
}

ApiResponse Handlers::ListDonors(Service::Context& ctx, Books& books, Vault& vault) {
  API_TRY(donors, Subjects(books, &BooksState::donors));
  Array out;
  for (const auto& [id, subject] : donors) {
    Object o{{"id", id}, {"type", subject.category}, {"erased", subject.erased}};
    if (!subject.erased) {
      auto record = vault.Donor(id, ctx.actor);
      if (record.ok()) {
        const DonorListing listed = ListedDonor(*record);
        o.Set("name", listed.name);
        if (!listed.phone_tail.empty()) o.Set("phone_tail", listed.phone_tail);
      }
    }
    out.push_back(std::move(o));
  }
  return Json(200, Object{{"donors", std::move(out)}});
}

ApiResponse Handlers::GetDonor(Service::Context& ctx, Vault& vault) {
  API_TRY(d, vault.Donor(ctx.params[0], ctx.actor));
  LogReveal(ctx);
  return Json(200, DonorJson(ctx.params[0], d));
}

ApiResponse Handlers::CorrectDonor(Service::Context& ctx, Vault& vault) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers(
      {"type", "name", "phone", "email", "address", "public_consent", "public_name", "reason"}));
  API_TRY(donor, DonorFromBody(b));
  API_TRY(reason, b.Text("reason"));
  auto r = vault.CorrectDonor(ctx.params[0], donor, reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
