// Grants of aid: proposed, decided by others, paid.

#include <cstring>
#include <optional>

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::ListGrants(Service::Context& ctx, Books& books) {
  const std::string state_filter = QueryText(ctx.request->query, "state");
  const std::string recipient = QueryText(ctx.request->query, "recipient");
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const auto& [id, g] : state.grants()) {
      if (!state_filter.empty() && state_filter != GrantState(g.state)) continue;
      if (!recipient.empty() && recipient != g.recipient) continue;
      out.push_back(GrantJson(g));
    }
  }));
  return Json(200, Object{{"grants", std::move(out)}});
}

ApiResponse Handlers::GetGrant(Service::Context& ctx, Books& books) {
  std::optional<Value> grant;
  API_CHECK(books.Read([&](const BooksState& state) {
    auto it = state.grants().find(ctx.params[0]);
    if (it != state.grants().end()) grant = GrantJson(it->second);
  }));
  if (!grant) return ctx.Fail(Status(ErrorCode::kNotFound, "no such grant", "id"));
  return Json(200, *grant);
}

ApiResponse Handlers::ProposeGrant(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"recipient", "fund", "amount", "currency", "purpose", "term"}));
  API_TRY(recipient, b.Text("recipient"));
  API_TRY(fund, b.Text("fund"));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(purpose, b.Text("purpose"));
  API_TRY(term, b.Text("term"));
  auto r = books.ProposeGrant({recipient, fund, amount, currency, purpose, term}, ctx.actor,
                              ctx.Answer([](const std::string& id, const AppendedEntry& e) {
                                return EntryCreated(e, Object{{"id", id}});
                              }));
  return ctx.Finish(r);
}

ApiResponse Handlers::DecideGrant(Service::Context& ctx, Books& books, bool approve) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"comment"}));
  API_TRY(comment, b.TextOr("comment", ""));
  auto r = books.DecideGrant(ctx.params[0], approve, comment, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::ApproveGrant(Service::Context& ctx, Books& books) {
  return DecideGrant(ctx, books, true);
}

ApiResponse Handlers::RejectGrant(Service::Context& ctx, Books& books) {
  return DecideGrant(ctx, books, false);
}

ApiResponse Handlers::PayGrant(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(
      b.OnlyMembers({"amount", "date", "channel", "external_ref", "duplicate_reason", "account"}));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(channel, b.Text("channel"));
  API_TRY(ref, b.Optional("external_ref"));
  API_TRY(duplicate, b.Optional("duplicate_reason"));
  API_TRY(account, b.TextOr("account", ""));
  auto r =
      books.PayGrant(PaymentInput{ctx.params[0], amount, date, channel, ref, duplicate, account},
                     ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
