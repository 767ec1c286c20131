// Opening balances (期初余额): proposed by a treasurer (recorded by another
// through the proposals' confirm route), and listed as the books began.

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::ProposeOpening(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"date", "lines", "memo"}));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(memo, b.TextOr("memo", ""));
  const Value* lines = b.Find("lines");
  if (lines == nullptr || !lines->is_array()) {
    return ctx.Fail(InvalidArgument("a list of lines of fund, account and amount", "lines"));
  }
  OpeningInput in{date, {}, memo};
  for (size_t i = 0; i < lines->as_array().size(); ++i) {
    const std::string field = "lines[" + std::to_string(i) + "]";
    const Value& v = lines->as_array()[i];
    if (!v.is_object()) return ctx.Fail(InvalidArgument("must be an object", field));
    Body line(&v.as_object());
    Status only = line.OnlyMembers({"fund", "account", "amount", "currency"});
    if (!only.ok()) return ctx.Fail(InvalidArgument(only.message(), field + "." + only.field()));
    OpeningLine l;
    for (auto [key, into] : {std::pair{"fund", &l.fund}, std::pair{"account", &l.account}}) {
      auto text = line.Text(key);
      if (!text.ok()) return ctx.Fail(InvalidArgument(text.status().message(), field + "." + key));
      *into = *text;
    }
    auto amount = line.Amount("amount");
    if (!amount.ok()) {
      return ctx.Fail(InvalidArgument(amount.status().message(), field + ".amount"));
    }
    auto currency = line.TextOr("currency", "CNY");
    if (!currency.ok()) {
      return ctx.Fail(InvalidArgument(currency.status().message(), field + ".currency"));
    }
    l.amount = *amount;
    l.currency = *currency;
    in.lines.push_back(std::move(l));
  }
  return ctx.Finish(books.ProposeOpening(in, ctx.actor, ctx.AnswerEntry()));
}

ApiResponse Handlers::ListOpening(Service::Context& ctx, Books& books) {
  Array lines;
  std::string date;
  API_CHECK(books.Read([&](const BooksState& state) {
    date = state.opening_date();
    for (const FactRow& f : state.fact_rows()) {
      if (f.kind != FactKind::kOpening) continue;
      lines.push_back(Object{{"seq", f.seq},
                             {"fund", state.FundOf(f)},
                             {"account", state.AccountOf(f)},
                             {"amount", MoneyJson(state.CurrencyOf(f), f.minor)}});
    }
  }));
  return Json(200, Object{{"date", date.empty() ? Value(nullptr) : Value(date)},
                          {"lines", std::move(lines)}});
}

}  // namespace aidledger::api
