// Income other than gifts (收入): recorded by a treasurer, and listed.

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::RecordIncome(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"category", "fund", "amount", "currency", "payer", "document", "date",
                           "channel", "external_ref", "memo", "account"}));
  API_TRY(category, b.Text("category"));
  API_TRY(fund, b.Text("fund"));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(payer, b.Text("payer"));
  API_TRY(document, b.Optional("document"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(channel, b.Text("channel"));
  API_TRY(ref, b.Optional("external_ref"));
  API_TRY(memo, b.TextOr("memo", ""));
  API_TRY(account, b.TextOr("account", ""));
  auto r = books.RecordIncome(IncomeInput{category, fund, amount, currency, payer, document, date,
                                          channel, ref, memo, account},
                              ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::ListIncome(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const Income& i : state.incomes()) {
      out.push_back(
          Object{{"seq", i.seq},
                 {"category", i.category},
                 {"fund", i.fund},
                 {"amount", MoneyJson(i.currency, i.minor)},
                 {"payer", i.payer},
                 {"document", i.document.empty() ? Value(nullptr) : Value(i.document)},
                 {"date", i.date},
                 {"channel", i.channel},
                 {"account", i.account},
                 {"memo", i.memo},
                 {"reversed_by", i.reversed_by == 0 ? Value(nullptr) : Value(i.reversed_by)}});
    }
  }));
  return Json(200, Object{{"income", std::move(out)}});
}

}  // namespace aidledger::api
