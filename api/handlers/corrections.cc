// Reversals and the proposals that wait for a second person, and the corrections list.

#include <cstring>

#include "api/handlers/handlers.h"
#include "ledger/books/money.h"

namespace aidledger::api {

ApiResponse Handlers::Reverse(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"entry", "reason", "date"}));
  API_TRY(entry, b.Int("entry"));
  API_TRY(reason, b.Text("reason"));
  API_TRY(date, b.BusinessDate("date", ctx.now));
  bool exempt = false;
  API_CHECK(books.Read([&](const BooksState& state) {
    const FactRow* f = state.ReversibleFact(entry);
    exempt = f != nullptr && (f->minor < 0 ? -f->minor : f->minor) < state.reversal_exempt_below();
  }));
  const char* state = exempt ? "reversed" : "proposed";
  auto answer = ctx.Answer([state](const std::string&, const AppendedEntry& e) {
    return EntryCreated(e, Object{{"state", state}});
  });
  auto r = exempt ? books.Reverse(entry, reason, date, ctx.actor, answer)
                  : books.ProposeReversal(entry, reason, ctx.actor, answer);
  return ctx.Finish(r);
}

ApiResponse Handlers::ListProposals(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const auto& [seq, p] : state.proposals()) {
      Object o{{"seq", seq},
               {"kind", p.kind},
               {"reason", p.reason},
               {"proposer", Object{{"id", p.proposer.id}, {"role", p.proposer.role}}}};
      if (!p.period.empty()) {
        o.Set("period", p.period);
        Array confirmers;
        for (const std::string& id : p.confirmers) confirmers.push_back(id);
        o.Set("confirmers", std::move(confirmers));
        o.Set("confirmations_required", int64_t{p.confirmations_required});
      }
      if (p.kind == kinds::kCostProposed) {
        // The proposed cost as the API shows money: a decimal string.
        Object cost = p.payload;
        if (auto m = MoneyFromValue(*p.payload.Find("amount")); m.ok()) {
          cost.Set("amount", MoneyJson(m->currency, m->minor));
        }
        o.Set("cost", std::move(cost));
      }
      if (p.kind == kinds::kOpeningProposed) {
        Array lines;
        for (const Value& v : p.payload.Find("lines")->as_array()) {
          Object line = v.as_object();
          if (auto m = MoneyFromValue(*line.Find("amount")); m.ok()) {
            line.Set("amount", MoneyJson(m->currency, m->minor));
          }
          lines.push_back(std::move(line));
        }
        o.Set("opening", Object{{"date", *p.payload.Find("date")}, {"lines", std::move(lines)}});
      }
      if (p.reverses != 0) {
        o.Set("reverses", p.reverses);
        if (const FactRow* f = state.ReversibleFact(p.reverses)) {
          o.Set("entry_kind", std::string(BooksState::EntryKindOf(*f)));
          o.Set("fund", state.FundOf(*f));
          o.Set("date", BooksState::DateOf(*f));
          o.Set("amount", MoneyJson(state.CurrencyOf(*f), f->minor));
        }
      }
      out.push_back(std::move(o));
    }
  }));
  return Json(200, Object{{"proposals", std::move(out)}});
}

ApiResponse Handlers::ConfirmProposal(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_TRY(seq, SeqParam(ctx.params[0]));
  std::string kind;
  API_CHECK(books.Read([&](const BooksState& state) {
    auto it = state.proposals().find(seq);
    if (it != state.proposals().end()) kind = it->second.kind;
  }));
  if (kind.empty()) {
    return ctx.Fail(
        Status(ErrorCode::kNotFound, "no such proposal waits to be confirmed", "proposal"));
  }
  Result<AppendedEntry> r = Status(ErrorCode::kInternal, "not confirmed");
  if (kind == kinds::kCostProposed) {
    API_CHECK(b.OnlyMembers({"account", "external_ref"}));
    API_TRY(ref, b.Optional("external_ref"));
    API_TRY(account, b.Optional("account"));
    r = books.ConfirmCost(seq, CostPayment{ref, account.value_or("")}, ctx.actor,
                          ctx.AnswerEntry());
  } else if (kind == kinds::kOpeningProposed) {
    API_CHECK(b.OnlyMembers({}));
    // Every line at once, or none: the answer names the last line's entry.
    size_t failed = 0;
    auto all = books.RecordOpening(seq, ctx.actor, &failed, ctx.AnswerEntry());
    if (all.ok()) {
      r = all->back();
    } else if (const Status& s = all.status(); s.field().empty() || s.field() == "proposal") {
      r = s;
    } else {
      r = Status(s.code(), s.message(), "lines[" + std::to_string(failed) + "]." + s.field());
    }
  } else if (kind == kinds::kReversalProposed) {
    API_CHECK(b.OnlyMembers({"date"}));
    API_TRY(date, b.BusinessDate("date", ctx.now));
    r = books.ConfirmReversal(seq, date, ctx.actor, ctx.AnswerEntry());
  } else {
    API_CHECK(b.OnlyMembers({}));
    // The answer says how many confirmations the close or reopening still
    // waits for (0: done), as the books stood when it was asked.
    int64_t left = 0;
    API_CHECK(books.Read([&](const BooksState& state) {
      const Proposal& p = state.proposals().at(seq);
      left = p.confirmations_required - 1 - static_cast<int64_t>(p.confirmers.size());
    }));
    auto answer = ctx.Answer([left](const std::string&, const AppendedEntry& e) {
      return EntryCreated(e, Object{{"confirmations_left", left > 0 ? left : int64_t{0}}});
    });
    r = kind == kinds::kPeriodCloseProposed ? books.ConfirmClose(seq, ctx.actor, answer)
                                            : books.ConfirmReopen(seq, ctx.actor, answer);
  }
  return ctx.Finish(r);
}

ApiResponse Handlers::RejectProposal(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"reason"}));
  API_TRY(seq, SeqParam(ctx.params[0]));
  API_TRY(reason, b.Text("reason"));
  auto r = books.RejectProposal(seq, reason, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

ApiResponse Handlers::ListCorrections(Service::Context& ctx, Books& books) {
  Array out;
  API_CHECK(books.Read([&](const BooksState& state) {
    for (const Correction& c : state.corrections()) {
      out.push_back(Object{{"seq", c.seq},
                           {"kind", c.kind},
                           {"target", c.target},
                           {"reason", c.reason},
                           {"date", c.date},
                           {"actor", Object{{"id", c.actor.id}, {"role", c.actor.role}}}});
    }
  }));
  return Json(200, Object{{"corrections", std::move(out)}});
}

}  // namespace aidledger::api
