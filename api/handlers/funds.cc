// Funds: the list with balances, opening and closing one, transfers between funds.

#include <cstring>

#include "api/handlers/handlers.h"
#include "ledger/base/canonical_json.h"

namespace aidledger::api {

ApiResponse Handlers::ListFunds(Service::Context& ctx, Books& books, FundsAnswer& kept) {
  ApiResponse r;
  API_CHECK(books.Read([&](const BooksState& state) {
    r.body = kept.Get(state.size(), [&] {
      return EncodeCanonical(Object{{"funds", FundsJson(state)}});
    });
  }));
  return r;
}

Array Handlers::FundsJson(const BooksState& state) {
  Array funds;
  for (const auto& [code, f] : state.funds()) {
    Array serves, stock;
    for (const auto& c : f.serves) serves.emplace_back(c);
    for (const auto& [key, line] : f.stock) {
      const size_t nl = key.find('\n');
      Object item{
          {"item", key.substr(0, nl)}, {"unit", key.substr(nl + 1)}, {"quantity", line.quantity}};
      if (!line.currency.empty()) item.Set("value", MoneyJson(line.currency, line.value_minor));
      stock.push_back(std::move(item));
    }
    funds.push_back(Object{{"code", code},
                           {"name_zh", f.name_zh},
                           {"name_en", f.name_en},
                           {"restricted", f.restricted},
                           {"purpose", f.purpose},
                           {"serves", std::move(serves)},
                           {"open", f.open},
                           {"cash", Holdings(f.cash)},
                           {"goods", Holdings(f.goods)},
                           {"stock", std::move(stock)}});
  }
  return funds;
}

ApiResponse Handlers::OpenFund(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"code", "name_zh", "name_en", "restricted", "purpose", "serves"}));
  API_TRY(code, b.Text("code"));
  API_TRY(name_zh, b.Text("name_zh"));
  API_TRY(name_en, b.Text("name_en"));
  API_TRY(restricted, b.Bool("restricted", false));
  API_TRY(purpose, b.TextOr("purpose", ""));
  API_TRY(serves, b.Strings("serves"));
  auto r = books.OpenFund({code, name_zh, name_en, restricted, purpose, serves}, ctx.actor,
                          ctx.Answer([code](const std::string&, const AppendedEntry& e) {
                            return EntryCreated(e, Object{{"code", code}});
                          }));
  return ctx.Finish(r);
}

ApiResponse Handlers::CloseFund(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(reason, b.Text("reason"));
  auto r = books.CloseFund(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::Transfer(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"from", "to", "amount", "currency", "date", "reason", "release"}));
  TransferInput t;
  API_TRY(from, b.Text("from"));
  API_TRY(to, b.Text("to"));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(reason, b.Text("reason"));
  API_TRY(release, b.Optional("release"));
  auto r = books.Transfer({from, to, amount, currency, date, reason, release}, ctx.actor,
                          ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
