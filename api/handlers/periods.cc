// Closing and reopening periods, and what may be closed next.

#include <cstring>

#include "api/handlers/handlers.h"
#include "ledger/books/business_date.h"

namespace aidledger::api {

ApiResponse Handlers::ClosePeriod(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({}));
  auto r = books.ProposeClose(ctx.params[0], LocalDate(ctx.now), ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::ReopenPeriod(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(reason, b.Text("reason"));
  auto r = books.ProposeReopen(ctx.params[0], reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::Periods(Service::Context& ctx, Books& books) {
  const std::string today = LocalDate(ctx.now);
  Object out;
  API_CHECK(books.Read([&](const BooksState& state) {
    std::string next = state.NextClosableMonth();
    if (next.empty()) {
      // Nothing closed yet: the month of the earliest dated entry, else
      // the month before this one.
      int32_t first = 0;
      for (const FactRow& f : state.fact_rows()) {
        if (first == 0 || f.date < first) first = f.date;
      }
      char buf[16];
      if (first != 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", (first / 10000) % 10000, (first / 100) % 100);
        next = buf;
      } else {
        int year = std::stoi(today.substr(0, 4)), month = std::stoi(today.substr(5, 2)) - 1;
        if (month == 0) {
          month = 12;
          --year;
        }
        std::snprintf(buf, sizeof buf, "%04d-%02d", year % 10000, month % 100);
        next = buf;
      }
    }
    Array closable;
    for (const std::string& period : {next, next.substr(0, 4)}) {
      const std::string end = BooksState::PeriodEnd(period);
      if (state.CheckClosable(period).ok() && end < today) {
        closable.push_back(Object{{"period", period}, {"through", end}});
      }
    }
    out.Set("closed_through", state.closed_through());
    out.Set("next_month", next);
    out.Set("closable", std::move(closable));
    out.Set("latest_closed", state.LatestClosedPeriod());
    out.Set("today", today);
  }));
  return Json(200, out);
}

}  // namespace aidledger::api
