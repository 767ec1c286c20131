// The books' policies (approvals, limits), set by an admin.

#include <cstring>

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::SetPolicy(Service::Context& ctx, Books& books) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"approvals_required", "close_confirmations", "max_entry_minor",
                           "reversal_exempt_below", "cost_exempt_below"}));
  if (ctx.body->size() != 1) {
    return ctx.Fail(
        InvalidArgument("give one of approvals_required, close_confirmations, max_entry_minor, "
                        "reversal_exempt_below or cost_exempt_below",
                        "policy"));
  }
  // The one member's name; its limits are the books' rule's (policy.set).
  const std::string name = ctx.body->members().begin()->first;
  API_TRY(n, b.Int(name));
  auto r = books.SetPolicy(name, n, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
