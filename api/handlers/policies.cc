// The books' policies (approvals, limits), set by an admin.

#include <cstring>

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::SetPolicy(Service& s, Service::Context& ctx) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers(
      {"approvals_required", "close_confirmations", "max_entry_minor", "reversal_exempt_below"}));
  if (ctx.body->size() != 1) {
    return ctx.Fail(
        InvalidArgument("give one of approvals_required, close_confirmations, max_entry_minor, "
                        "reversal_exempt_below",
                        "policy"));
  }
  if (b.Find("approvals_required") != nullptr) {
    API_TRY(n, b.Int("approvals_required"));
    if (n < 1 || n > 5) {
      return ctx.Fail(InvalidArgument("1 to 5 approvals", "approvals_required"));
    }
    auto r = s.books_->SetApprovalsRequired(static_cast<int>(n), ctx.actor, ctx.AnswerEntry());
    return ctx.Finish(r);
  }
  const std::string name = b.Find("max_entry_minor") != nullptr       ? "max_entry_minor"
                           : b.Find("close_confirmations") != nullptr ? "close_confirmations"
                                                                      : "reversal_exempt_below";
  API_TRY(n, b.Int(name));
  auto r = s.books_->SetPolicy(name, n, ctx.actor, ctx.AnswerEntry());
  return ctx.Finish(r);
}

}  // namespace aidledger::api
