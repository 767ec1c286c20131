// The team's volunteer service records.

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::ListServices(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const ServiceRecord& r : state.services()) {
      out.push_back(
          Object{{"seq", r.seq},
                 {"date", r.date},
                 {"activity", r.activity},
                 {"volunteers", r.volunteers},
                 {"minutes", r.minutes},
                 {"withdrawn_by", r.withdrawn_by == 0 ? Value(nullptr) : Value(r.withdrawn_by)}});
    }
  }));
  return Json(200, Object{{"services", std::move(out)}});
}

ApiResponse Handlers::RecordService(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"activity", "date", "volunteers", "minutes"}));
  API_TRY(activity, b.Text("activity"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  API_TRY(volunteers, b.Int("volunteers"));
  API_TRY(minutes, b.Int("minutes"));
  auto r = books.RecordService({activity, date, volunteers, minutes}, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::WithdrawService(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(seq, SeqParam(ctx.params[0]));
  API_TRY(reason, b.Text("reason"));
  auto r = books.WithdrawService(seq, reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
