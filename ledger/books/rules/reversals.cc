// Reversals: proposed, confirmed by a second person, and the entry that reverses.
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

Result<const FactRow*> BooksRules::ReversibleTarget(const BooksState& s, const Object& p) {
  const Value* target = p.Find("reverses");
  if (!target->is_int() || target->as_int() < 1 || target->as_int() > s.size_) {
    return InvalidArgument("the sequence number of an entry in the ledger", "reverses");
  }
  const FactRow* f = s.ReversibleFact(target->as_int());
  if (f == nullptr) {
    return Precondition("entry " + std::to_string(target->as_int()) +
                            " has no money effect to reverse, or was reversed already "
                            "(a reversal is never reversed: record a new entry)",
                        "reverses");
  }
  if (f->kind == FactKind::kOpening) {
    // The books' first day stays their first day: an opening balance
    // stated wrongly is corrected by another line of the same day.
    return Precondition(
        "an opening balance is corrected by another opening line of its day, "
        "not reversed",
        "reverses");
  }
  return f;
}

const Proposal* BooksRules::PendingReversal(const BooksState& s, int64_t target) {
  for (const auto& [seq, proposal] : s.proposals_) {
    if (proposal.kind == kinds::kReversalProposed && proposal.reverses == target) return &proposal;
  }
  return nullptr;
}

Status BooksRules::CheckReasonNamesClosedMonth(const BooksState& s, const FactRow& f,
                                               const std::string& reason) {
  const std::string date = BooksState::DateOf(f);
  const std::string month = date.substr(0, 7);
  if (date <= s.closed_through_ && reason.find(month) == std::string::npos) {
    return InvalidArgument(
        "the reversed entry is in the closed period " + month + "; name it in the reason",
        "reason");
  }
  return Status::Ok();
}

Status BooksRules::CheckReversalProposed(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kTreasurer, Role::kAdmin})) {
    return PermissionDenied("only a treasurer or an admin proposes a reversal");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"reason", "reverses"}));
  auto target = ReversibleTarget(s, p);
  if (!target.ok()) return target.status();
  const FactRow& f = **target;
  if (const Proposal* pending = PendingReversal(s, p.Find("reverses")->as_int())) {
    return Status(ErrorCode::kConflict,
                  "a reversal of this entry waits for a second person already (proposal " +
                      std::to_string(pending->seq) + ")",
                  "reverses");
  }
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
  AIDLEDGER_RETURN_IF_ERROR(CheckReasonNamesClosedMonth(s, f, *Text(p, "reason")));
  // What could not be undone now is not proposed (goods handed out since,
  // money spent since); the confirmation checks again.
  return CheckUndo(s, f, BooksState::DateOf(f));
}

void BooksRules::ApplyReversalProposed(BooksState& s, const Actor& a, const Object& p) {
  Proposal proposal;
  proposal.seq = s.size_ + 1;
  proposal.kind = std::string(kinds::kReversalProposed);
  proposal.reverses = p.Find("reverses")->as_int();
  proposal.reason = *Text(p, "reason");
  proposal.proposer = a;
  s.proposals_[proposal.seq] = std::move(proposal);
}

Status BooksRules::CheckEntryReversed(const BooksState& s, const Actor& a, const Object& p) {
  const bool legacy_form = !p.Contains("proposal");
  if (legacy_form) {
    // The form from before four eyes: one treasurer alone.
    if (!s.legacy_forms_) {
      return InvalidArgument(
          "expects exactly the members amount, counter_fund, date, fund, nature, proposal, "
          "reason, reverses",
          "payload");
    }
    if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer reverses entries");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(
        p, {"amount", "counter_fund", "date", "fund", "nature", "reason", "reverses"}));
  } else {
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(
        p, {"amount", "counter_fund", "date", "fund", "nature", "proposal", "reason", "reverses"}));
  }
  auto target = ReversibleTarget(s, p);
  if (!target.ok()) return target.status();
  const FactRow& f = **target;
  const std::string& code = s.FundOf(f);
  const std::string counter_code = s.CounterFundOf(f);
  auto money = MoneyFromValue(*p.Find("amount"), "amount");
  if (!money.ok()) return money.status();
  const std::string* fund = Text(p, "fund");
  const Value* counter = p.Find("counter_fund");
  const bool counter_matches = counter_code.empty()
                                   ? counter->is_null()
                                   : (counter->is_string() && counter->as_string() == counter_code);
  if (money->currency != s.CurrencyOf(f) || money->minor != -f.minor || fund == nullptr ||
      *fund != code || !counter_matches || !OneOf(Text(p, "nature"), {BooksState::NatureOf(f)})) {
    return InvalidArgument(
        "must undo exactly the reversed entry's amount, fund, counter fund and nature", "amount");
  }
  for (const std::string& each : {code, counter_code}) {
    if (!each.empty() && !s.funds_.at(each).open) {
      return Precondition("the fund " + each + " is closed", "fund");
    }
  }
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
  AIDLEDGER_RETURN_IF_ERROR(CheckReasonNamesClosedMonth(s, f, *Text(p, "reason")));
  if (!legacy_form) {
    AIDLEDGER_RETURN_IF_ERROR(CheckReversalConfirmed(s, a, p, f));
  }
  return CheckUndo(s, f, *Text(p, "date"));
}

Status BooksRules::CheckReversalConfirmed(const BooksState& s, const Actor& a, const Object& p,
                                          const FactRow& f) {
  const Value* proposal = p.Find("proposal");
  const int64_t size = f.minor < 0 ? -f.minor : f.minor;
  if (proposal->is_null()) {
    if (size >= s.reversal_exempt_below_) {
      return Precondition(
          "reversing this entry needs a second person: propose the reversal, and another "
          "treasurer or an admin confirms it",
          "proposal");
    }
    if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer reverses entries");
    return Status::Ok();
  }
  auto it = proposal->is_int() ? s.proposals_.find(proposal->as_int()) : s.proposals_.end();
  if (it == s.proposals_.end() || it->second.kind != kinds::kReversalProposed ||
      it->second.reverses != p.Find("reverses")->as_int()) {
    return NotFound("no reversal of this entry waits to be confirmed under this number",
                    "proposal");
  }
  if (!ActsAsOneOf(a, {Role::kTreasurer, Role::kAdmin})) {
    return PermissionDenied("only a treasurer or an admin confirms a reversal");
  }
  if (it->second.proposer.id == a.id) {
    return PermissionDenied("a reversal is confirmed by someone other than who proposed it");
  }
  if (it->second.reason != *Text(p, "reason")) {
    return InvalidArgument("must be the proposal's reason", "reason");
  }
  return Status::Ok();
}

void BooksRules::ApplyEntryReversed(BooksState& s, const Actor& a, const Object& p) {
  const int64_t target = p.Find("reverses")->as_int();
  const FactRow undone = *s.ReversibleFact(target);  // checked
  if (const std::string& grant = s.ExtrasOf(target).grant; !grant.empty()) {
    s.grants_[grant].paid_minor += undone.minor;
  }
  Move(s, undone, *Text(p, "date"), -1);
  FactRow reversal = undone;
  reversal.seq = s.size_ + 1;
  reversal.minor = -reversal.minor;
  reversal.unvalued = -reversal.unvalued;
  reversal.date = DateNumber(*Text(p, "date"));
  reversal.kind = FactKind::kReversal;
  s.fact_rows_.push_back(reversal);
  s.reversed_.insert(target);
  if (undone.kind == FactKind::kIncome) {
    for (Income& income : s.incomes_) {
      if (income.seq == target) income.reversed_by = s.size_ + 1;
    }
  }
  if (undone.kind == FactKind::kCost) {
    for (Cost& cost : s.costs_) {
      if (cost.seq != target) continue;
      cost.reversed_by = s.size_ + 1;
      s.vouchers_.erase(cost.payee + "\n" + cost.voucher);
    }
  }
  s.fact_extras_.erase(target);
  Actor proposer;
  if (const Value* proposal = p.Find("proposal"); proposal != nullptr && proposal->is_int()) {
    proposer = s.proposals_.at(proposal->as_int()).proposer;
    s.proposals_.erase(proposal->as_int());
  }
  if (auto receipt = s.receipt_of_.find(target); receipt != s.receipt_of_.end()) {
    Receipt& r = s.receipts_[receipt->second];
    r.reversed_by = s.size_ + 1;
    r.reversal_reason = *Text(p, "reason");
    r.reversal_date = *Text(p, "date");
  }
  s.corrections_.push_back(Correction{s.size_ + 1, std::string(kinds::kEntryReversed),
                                      std::to_string(target), *Text(p, "reason"), *Text(p, "date"),
                                      a, proposer});
}

}  // namespace aidledger
