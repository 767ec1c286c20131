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

namespace {

// The digits of `text`, full-width ones (as some phones are typed) as ASCII;
// *only: whether it holds nothing else but spaces and dashes.
std::string Digits(const std::string& text, bool* only = nullptr) {
  std::string out;
  bool other = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
    if (text[i] >= '0' && text[i] <= '9') {
      out += text[i];
    } else if (i + 2 < text.size() && byte(0) == 0xEF && byte(1) == 0xBC && byte(2) >= 0x90 &&
               byte(2) <= 0x99) {
      out += static_cast<char>('0' + (byte(2) - 0x90));
      i += 2;
    } else if (text[i] != ' ' && text[i] != '-') {
      other = true;
    }
  }
  if (only != nullptr) *only = !other;
  return out;
}

// Whether a donor's record matches what was typed to find them: their id,
// or a part of their name, public name or phone (a number of three digits
// or more, spaces and dashes aside). Read from the decrypted record; only the
// listing (as masked as ever) is answered, so a lookup reveals nothing.
bool Matches(const std::string& id, const DonorRecord& d, const std::string& q) {
  if (q == id || d.name.find(q) != std::string::npos ||
      (!d.public_name.empty() && d.public_name.find(q) != std::string::npos)) {
    return true;
  }
  bool number = false;
  const std::string digits = Digits(q, &number);
  return number && digits.size() >= 3 && Digits(d.phone).find(digits) != std::string::npos;
}

}  // namespace

ApiResponse Handlers::ListDonors(Service::Context& ctx, Books& books, Vault& vault) {
  API_TRY(donors, Subjects(books, &BooksState::donors));
  const std::string q = QueryText(ctx.request->query, "q");
  Array out;
  for (const auto& [id, subject] : donors) {
    Object o{{"id", id}, {"type", subject.category}, {"erased", subject.erased}};
    if (!subject.erased) {
      auto record = vault.Donor(id, ctx.actor);
      if (record.ok()) {
        if (!q.empty() && !Matches(id, *record, q)) continue;
        const DonorListing listed = ListedDonor(*record);
        o.Set("name", listed.name);
        if (!listed.phone_tail.empty()) o.Set("phone_tail", listed.phone_tail);
      } else if (!q.empty() && q != id) {
        continue;
      }
    } else if (!q.empty()) {
      continue;  // an erased donor is found by nothing
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
