// Accounts where money sits (cash boxes, bank accounts, payment platforms'
// merchant accounts): opened and listed with what each holds, and money
// moved between them, by a treasurer.

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::OpenAccount(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"code", "name", "type", "institution", "number"}));
  API_TRY(code, b.Text("code"));
  API_TRY(name, b.Text("name"));
  API_TRY(type, b.Text("type"));
  API_TRY(institution, b.TextOr("institution", ""));
  API_TRY(number, b.TextOr("number", ""));
  auto r = books.OpenAccount(AccountInput{code, name, type, institution, number}, ctx.actor,
                             ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::CloseAccount(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(reason, b.Text("reason"));
  return ctx.Finish(books.CloseAccount(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry()));
}

ApiResponse Handlers::ListAccounts(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const auto& [code, a] : state.accounts()) {
      Array held;
      for (const auto& [currency, minor] : a.cash) held.push_back(MoneyJson(currency, minor));
      out.push_back(
          Object{{"code", code},
                 {"name", a.name},
                 {"type", a.type},
                 {"institution", a.institution},
                 // Only the last four digits were ever recorded.
                 {"number", a.number_tail.empty() ? Value(nullptr) : Value("****" + a.number_tail)},
                 {"opened_seq", a.opened_seq == 0 ? Value(nullptr) : Value(a.opened_seq)},
                 {"closed_seq", a.closed_seq == 0 ? Value(nullptr) : Value(a.closed_seq)},
                 {"balances", std::move(held)}});
    }
  }));
  return Json(200, Object{{"accounts", std::move(out)}});
}

ApiResponse Handlers::MoveBetweenAccounts(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"from", "to", "amount", "currency", "date", "external_ref", "memo"}));
  API_TRY(from, b.Text("from"));
  API_TRY(to, b.Text("to"));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(ref, b.Optional("external_ref"));
  API_TRY(memo, b.TextOr("memo", ""));
  auto r =
      books.MoveBetweenAccounts(AccountTransferInput{from, to, amount, currency, date, ref, memo},
                                ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::ListAccountTransfers(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const AccountTransfer& t : state.account_transfers()) {
      out.push_back(
          Object{{"seq", t.seq},
                 {"from", t.from},
                 {"to", t.to},
                 {"amount", MoneyJson(t.currency, t.minor)},
                 {"date", t.date},
                 {"external_ref", t.external_ref.empty() ? Value(nullptr) : Value(t.external_ref)},
                 {"memo", t.memo},
                 {"actor", Object{{"id", t.actor.id}, {"role", t.actor.role}}}});
    }
  }));
  return Json(200, Object{{"transfers", std::move(out)}});
}

}  // namespace aidledger::api
