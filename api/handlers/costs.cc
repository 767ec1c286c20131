// Costs (费用): proposed, recorded by a second person (or at once under the
// policy's exemption), and listed.

#include "api/handlers/handlers.h"
#include "ledger/books/money.h"
#include "ledger/books/role.h"

namespace aidledger::api {

ApiResponse Handlers::ProposeCost(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"category", "fund", "amount", "currency", "payee", "voucher", "purpose",
                           "date", "channel", "external_ref", "account"}));
  CostInput in;
  API_TRY(category, b.Text("category"));
  API_TRY(fund, b.Text("fund"));
  API_TRY(amount, b.Amount("amount"));
  API_TRY(currency, b.TextOr("currency", "CNY"));
  API_TRY(payee, b.Text("payee"));
  API_TRY(voucher, b.Text("voucher"));
  API_TRY(purpose, b.Text("purpose"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(channel, b.Text("channel"));
  API_TRY(ref, b.Optional("external_ref"));
  API_TRY(account, b.TextOr("account", ""));
  in = CostInput{category, fund, amount,  currency, payee,  voucher,
                 purpose,  date, channel, ref,      account};
  // A treasurer's cost under the exemption is recorded at once; any other
  // waits for a second person.
  bool exempt = false;
  if (ActsAs(ctx.actor, Role::kTreasurer)) {
    auto minor = ParseAmount(amount, currency, AmountSign::kPositive, "amount");
    API_CHECK(books.Read([&](const BooksState& state) {
      exempt = minor.ok() && *minor < state.cost_exempt_below();
    }));
  }
  const char* state = exempt ? "recorded" : "proposed";
  auto answer = ctx.Answer([state](const std::string&, const AppendedEntry& e) {
    return EntryCreated(e, Object{{"state", state}});
  });
  auto r =
      exempt ? books.RecordCost(in, ctx.actor, answer) : books.ProposeCost(in, ctx.actor, answer);
  return ctx.Finish(r);
}

ApiResponse Handlers::ListCosts(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const Cost& c : state.costs()) {
      Object o{{"seq", c.seq},
               {"category", c.category},
               {"fund", c.fund},
               {"amount", MoneyJson(c.currency, c.minor)},
               {"payee", c.payee},
               {"voucher", c.voucher},
               {"purpose", c.purpose},
               {"date", c.date},
               {"channel", c.channel},
               {"account", c.account},
               {"recorder", Object{{"id", c.recorder.id}, {"role", c.recorder.role}}},
               {"reversed_by", c.reversed_by == 0 ? Value(nullptr) : Value(c.reversed_by)}};
      o.Set("proposer", c.proposer.id.empty()
                            ? Value(nullptr)
                            : Value(Object{{"id", c.proposer.id}, {"role", c.proposer.role}}));
      out.push_back(std::move(o));
    }
  }));
  return Json(200, Object{{"costs", std::move(out)}});
}

}  // namespace aidledger::api
