// The books' policy, and grants: proposed, decided by others, paid.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/receipt_number.h"
#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/books/text_policy.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

Status BooksRules::CheckPolicySet(const BooksState&, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kAdmin)) return PermissionDenied("only an admin sets the books' policies");
  if (p.size() != 1) {
    return InvalidArgument(
        "expects exactly one of approvals_required, close_confirmations, max_entry_minor, "
        "reversal_exempt_below, cost_exempt_below",
        "payload");
  }
  if (const Value* n = p.Find("close_confirmations")) {
    if (!n->is_int() || n->as_int() < 1 || n->as_int() > kMaxApprovals) {
      return InvalidArgument("1 to " + std::to_string(kMaxApprovals) + " people",
                             "close_confirmations");
    }
    return Status::Ok();
  }
  if (const Value* n = p.Find("approvals_required")) {
    if (!n->is_int() || n->as_int() < 1 || n->as_int() > kMaxApprovals) {
      return InvalidArgument("1 to " + std::to_string(kMaxApprovals) + " approvals",
                             "approvals_required");
    }
    return Status::Ok();
  }
  if (const Value* n = p.Find("max_entry_minor")) {
    if (!n->is_int() || n->as_int() < 100 || n->as_int() > kMaxEntryCeiling) {
      return InvalidArgument("a whole number of minor units, 100 to 10^15", "max_entry_minor");
    }
    return Status::Ok();
  }
  if (const Value* n = p.Find("cost_exempt_below")) {
    if (!n->is_int() || n->as_int() < 0 || n->as_int() > 100'000'000) {
      return InvalidArgument("a whole number of minor units, 0 (none exempt) to 100000000",
                             "cost_exempt_below");
    }
    return Status::Ok();
  }
  if (const Value* n = p.Find("reversal_exempt_below")) {
    if (!n->is_int() || n->as_int() < 0 || n->as_int() > 100'000'000) {
      return InvalidArgument("a whole number of minor units, 0 (none exempt) to 100000000",
                             "reversal_exempt_below");
    }
    return Status::Ok();
  }
  return InvalidArgument(
      "expects exactly one of approvals_required, close_confirmations, max_entry_minor, "
      "reversal_exempt_below, cost_exempt_below",
      "payload");
}

void BooksRules::ApplyPolicySet(BooksState& s, const Actor&, const Object& p) {
  if (const Value* n = p.Find("approvals_required")) {
    s.approvals_required_ = static_cast<int>(n->as_int());
  } else if (const Value* c = p.Find("close_confirmations")) {
    s.close_confirmations_ = static_cast<int>(c->as_int());
  } else if (const Value* cap = p.Find("max_entry_minor")) {
    s.max_entry_minor_ = cap->as_int();
  } else if (const Value* cost = p.Find("cost_exempt_below")) {
    s.cost_exempt_below_ = cost->as_int();
  } else {
    s.reversal_exempt_below_ = p.Find("reversal_exempt_below")->as_int();
  }
}

Status BooksRules::CheckGrantProposed(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kCoordinator)) return PermissionDenied("only a coordinator proposes aid");
  AIDLEDGER_RETURN_IF_ERROR(
      ExactMembers(p, {"amount", "fund", "id", "purpose", "recipient", "term"}));
  const std::string* id = Text(p, "id");
  if (id == nullptr || *id != s.NextGrantId()) {
    return InvalidArgument("must be the next grant id, " + s.NextGrantId(), "id");
  }
  auto fund = FindOpenFund(s, p, "fund");
  if (!fund.ok()) return fund.status();
  AIDLEDGER_RETURN_IF_ERROR(CheckRecipientForFund(s, p, **fund));
  auto money = MoneyMember(p, "amount", AmountSign::kPositive);
  if (!money.ok()) return money.status();
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "purpose", 500));
  return NonEmptyText(p, "term", 100);
}

void BooksRules::ApplyGrantProposed(BooksState& s, const Actor& a, const Object& p) {
  Grant g;
  g.id = *Text(p, "id");
  g.recipient = *Text(p, "recipient");
  g.fund = *Text(p, "fund");
  g.purpose = *Text(p, "purpose");
  g.term = *Text(p, "term");
  const Money m = *MoneyFromValue(*p.Find("amount"));
  g.currency = m.currency;
  g.approved_minor = m.minor;
  g.proposer = a.id;
  g.approvals_required = s.approvals_required_;
  s.grants_[g.id] = std::move(g);
}

Status BooksRules::CheckGrantDecided(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kCoordinator, Role::kAdmin})) {
    return PermissionDenied("only a coordinator or an admin decides on aid");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"comment", "grant"}));
  const std::string* id = Text(p, "grant");
  auto g = id != nullptr ? s.grants_.find(*id) : s.grants_.end();
  if (g == s.grants_.end()) return NotFound("no such grant", "grant");
  if (g->second.state != Grant::State::kProposed) {
    return Precondition("the grant was decided already", "grant");
  }
  if (g->second.proposer == a.id) {
    return PermissionDenied("a grant is decided by someone other than its proposer");
  }
  const auto& approvers = g->second.approvers;
  if (std::find(approvers.begin(), approvers.end(), a.id) != approvers.end()) {
    return PermissionDenied("each approval of a grant comes from a different person");
  }
  return OptionalText(p, "comment", 1000);
}

void BooksRules::ApplyGrantApproved(BooksState& s, const Actor& a, const Object& p) {
  Grant& g = s.grants_[*Text(p, "grant")];
  g.approvers.push_back(a.id);
  if (static_cast<int>(g.approvers.size()) >= g.approvals_required) {
    g.state = Grant::State::kApproved;
  }
}

void BooksRules::ApplyGrantRejected(BooksState& s, const Actor&, const Object& p) {
  s.grants_[*Text(p, "grant")].state = Grant::State::kRejected;
}

Status BooksRules::CheckGrantPaid(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer pays aid");
  const bool legacy_form = !p.Contains("duplicate_reason");
  if (legacy_form && s.legacy_forms_) {
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"amount", "channel", "date", "external_ref", "fund", "grant"}));
  } else {
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(
        p, {"amount", "channel", "date", "duplicate_reason", "external_ref", "fund", "grant"},
        {"account"}));
  }
  const std::string* id = Text(p, "grant");
  auto g = id != nullptr ? s.grants_.find(*id) : s.grants_.end();
  if (g == s.grants_.end()) return NotFound("no such grant", "grant");
  if (g->second.state != Grant::State::kApproved) {
    return Precondition("only an approved grant is paid", "grant");
  }
  if (!s.legacy_forms_) {
    auto r = s.recipients_.find(g->second.recipient);
    if (r != s.recipients_.end() && r->second.erased) {
      return Precondition("the recipient's record was erased: no payment can reach them", "grant");
    }
  }
  const std::string* fund = Text(p, "fund");
  if (fund == nullptr || *fund != g->second.fund) {
    // A restricted fund pays only for its purpose: the grant was proposed
    // against this fund for that purpose.
    return InvalidArgument("must be the grant's fund, " + g->second.fund, "fund");
  }
  auto open = FindOpenFund(s, p, "fund");
  if (!open.ok()) return open.status();
  auto money = MoneyFromValue(*p.Find("amount"), "amount");
  if (!money.ok()) return money.status();
  if (money->currency != g->second.currency || money->minor >= 0) {
    return InvalidArgument(
        "the payment as its effect on the fund: a negative amount in " + g->second.currency,
        "amount");
  }
  const int64_t pay = -money->minor;
  const int64_t left = g->second.approved_minor - g->second.paid_minor;
  if (pay > left) {
    return Precondition(
        "more than the grant has left to pay (" + Show(g->second.currency, left) + ")", "amount");
  }
  const int64_t held = s.Held(*fund, "cash", money->currency);
  if (pay > held) {
    return Precondition("the fund holds only " + Show(money->currency, held), "amount");
  }
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
  AIDLEDGER_RETURN_IF_ERROR(CheckAccountMember(s, p));
  AIDLEDGER_RETURN_IF_ERROR(
      CheckAccountHolds(s, AccountOfPayload(p), money->currency, pay, "amount"));
  const Value* ref = p.Find("external_ref");
  if (!(ref->is_null() ||
        (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
    return InvalidArgument("the payment reference, or null for cash", "external_ref");
  }
  if (legacy_form) return Status::Ok();
  // A bank's or platform's reference names one payment: the same one on
  // the same channel again is a payment recorded twice, unless a person
  // says why the bank reused it.
  const Value* duplicate = p.Find("duplicate_reason");
  if (!duplicate->is_null() && !duplicate->is_string()) {
    return InvalidArgument("why a reference already recorded names another payment, or null",
                           "duplicate_reason");
  }
  if (duplicate->is_string()) AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "duplicate_reason", 1000));
  const bool seen =
      ref->is_string() && s.payout_refs_.count(*Text(p, "channel") + "\n" + ref->as_string()) != 0;
  if (seen && duplicate->is_null()) {
    return Status(ErrorCode::kConflict,
                  "a payment with this reference is recorded already; if the bank really "
                  "reused it, say why (duplicate_reason)",
                  "external_ref");
  }
  if (!seen && !duplicate->is_null()) {
    return InvalidArgument("null: no payment with this reference is recorded", "duplicate_reason");
  }
  return Status::Ok();
}

void BooksRules::ApplyGrantPaid(BooksState& s, const Actor&, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  if (const Value* ref = p.Find("external_ref"); ref->is_string()) {
    s.payout_refs_.insert(*Text(p, "channel") + "\n" + ref->as_string());
  }
  Grant& g = s.grants_[*Text(p, "grant")];
  g.paid_minor -= m.minor;  // checked: within the approved amount
  FactRow& fact = AddCashFact(s, FactKind::kAidPaid, g.fund, m, *Text(p, "date"), p, {g.id, {}});
  const Value recipient(g.recipient), grant(g.id);
  fact.party = SubjectNumber(&recipient);
  fact.grant = SubjectNumber(&grant);
  Move(s, fact, *Text(p, "date"), 1);
}

}  // namespace aidledger
