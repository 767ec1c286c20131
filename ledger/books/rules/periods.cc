// Periods closed and reopened, each proposed by one person and confirmed by another; proposals
// confirmed or rejected.
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

const Proposal* BooksRules::Pending(const BooksState& s, std::string_view kind) {
  for (const auto& [seq, proposal] : s.proposals_) {
    if (proposal.kind == kind) return &proposal;
  }
  return nullptr;
}

Status BooksRules::CheckPeriodRole(const Actor& a, const char* what) {
  if (ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) return Status::Ok();
  return PermissionDenied(std::string("only an admin or a treasurer ") + what);
}

Result<const Proposal*> BooksRules::Confirms(const BooksState& s, const Actor& a, const Object& p,
                                             std::string_view kind) {
  const Value* seq = p.Find("proposal");
  auto it = seq->is_int() ? s.proposals_.find(seq->as_int()) : s.proposals_.end();
  if (it == s.proposals_.end() || it->second.kind != kind) {
    return NotFound("no such proposal waits to be confirmed", "proposal");
  }
  const std::string* period = Text(p, "period");
  if (period == nullptr || *period != it->second.period) {
    return InvalidArgument("must be the proposal's period, " + it->second.period, "period");
  }
  if (it->second.proposer.id == a.id) {
    return PermissionDenied("a second person confirms: not who proposed it");
  }
  const auto& confirmers = it->second.confirmers;
  if (std::find(confirmers.begin(), confirmers.end(), a.id) != confirmers.end()) {
    return PermissionDenied("each confirmation comes from a different person");
  }
  return &it->second;
}

Status BooksRules::CheckLastConfirmation(const Proposal& proposal) {
  const int left =
      proposal.confirmations_required - 1 - static_cast<int>(proposal.confirmers.size());
  if (left > 0) {
    return Precondition(
        "it needs " + std::to_string(left) + " more confirmation(s) first (proposal.confirmed)",
        "proposal");
  }
  return Status::Ok();
}

Status BooksRules::CheckProposalConfirmed(const BooksState& s, const Actor& a, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "confirms a close or a reopening"));
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "proposal"}));
  const Value* seq = p.Find("proposal");
  auto it = seq->is_int() ? s.proposals_.find(seq->as_int()) : s.proposals_.end();
  if (it == s.proposals_.end() || it->second.kind == kinds::kReversalProposed) {
    return NotFound("no close or reopening waits to be confirmed under this number", "proposal");
  }
  auto proposal = Confirms(s, a, p, it->second.kind);
  if (!proposal.ok()) return proposal.status();
  const int left =
      (*proposal)->confirmations_required - 1 - static_cast<int>((*proposal)->confirmers.size());
  if (left <= 0) {
    return Precondition("this is the last confirmation: record the close or the reopening",
                        "proposal");
  }
  return Status::Ok();
}

void BooksRules::ApplyProposalConfirmed(BooksState& s, const Actor& a, const Object& p) {
  s.proposals_.at(p.Find("proposal")->as_int()).confirmers.push_back(a.id);
}

Status BooksRules::CheckCloseProposed(const BooksState& s, const Actor& a, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "proposes closing a period"));
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "through"}));
  const std::string* period = Text(p, "period");
  if (period == nullptr) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
  AIDLEDGER_RETURN_IF_ERROR(s.CheckClosable(*period));
  const std::string* through = Text(p, "through");
  const std::string end = BooksState::PeriodEnd(*period);
  if (through == nullptr || *through != end) {
    return InvalidArgument("must be the period's last day, " + end, "through");
  }
  if (const Proposal* pending = Pending(s, kinds::kPeriodCloseProposed)) {
    return Status(ErrorCode::kConflict,
                  "closing " + pending->period + " waits for a second person already (proposal " +
                      std::to_string(pending->seq) + "): confirm or reject it first",
                  "period");
  }
  return Status::Ok();
}

void BooksRules::ApplyProposal(BooksState& s, const Actor& a, const Object& p,
                               std::string_view kind) {
  Proposal proposal;
  proposal.seq = s.size_ + 1;
  proposal.kind = std::string(kind);
  proposal.period = *Text(p, "period");
  if (const std::string* reason = Text(p, "reason")) proposal.reason = *reason;
  proposal.proposer = a;
  proposal.confirmations_required = s.close_confirmations_;
  s.proposals_[proposal.seq] = std::move(proposal);
}

void BooksRules::ApplyCloseProposed(BooksState& s, const Actor& a, const Object& p) {
  ApplyProposal(s, a, p, kinds::kPeriodCloseProposed);
}

Status BooksRules::CheckPeriodClosed(const BooksState& s, const Actor& a, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "closes a period"));
  const bool legacy_form = !p.Contains("proposal");
  if (legacy_form && !s.legacy_forms_) {
    return InvalidArgument("expects exactly the members balances, period, proposal, through",
                           "payload");
  }
  AIDLEDGER_RETURN_IF_ERROR(legacy_form
                                ? ExactMembers(p, {"balances", "period", "through"})
                                : ExactMembers(p, {"balances", "period", "proposal", "through"}));
  const std::string* period = Text(p, "period");
  const std::string end = period != nullptr ? BooksState::PeriodEnd(*period) : "";
  if (end.empty()) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
  const std::string* through = Text(p, "through");
  if (through == nullptr || *through != end) {
    return InvalidArgument("must be the period's last day, " + end, "through");
  }
  if (legacy_form) {
    // Before four eyes: any later period, by one person.
    if (end <= s.closed_through_) {
      return Precondition("the books are already closed through " + s.closed_through_, "period");
    }
  } else {
    auto proposal = Confirms(s, a, p, kinds::kPeriodCloseProposed);
    if (!proposal.ok()) return proposal.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckLastConfirmation(**proposal));
    AIDLEDGER_RETURN_IF_ERROR(s.CheckClosable(*period));
  }
  if (*p.Find("balances") != Value(s.BalancesThrough(end))) {
    return InvalidArgument("must be the closing balances of every fund as of " + end, "balances");
  }
  return Status::Ok();
}

void BooksRules::ApplyPeriodClosed(BooksState& s, const Actor&, const Object& p) {
  const std::string& period = *Text(p, "period");
  s.closes_.push_back({period, s.closed_through_});
  s.closed_through_ = std::max(s.closed_through_, *Text(p, "through"));
  if (period.size() == 4) s.closed_years_.insert(period);
  if (const Value* seq = p.Find("proposal")) s.proposals_.erase(seq->as_int());
}

Status BooksRules::CheckReopenProposed(const BooksState& s, const Actor& a, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "proposes reopening a period"));
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "reason"}));
  const std::string* period = Text(p, "period");
  if (s.closes_.empty()) return Precondition("no period is closed", "period");
  if (period == nullptr || *period != s.closes_.back().period) {
    return Precondition("only the latest closed period reopens: " + s.closes_.back().period,
                        "period");
  }
  if (const Proposal* pending = Pending(s, kinds::kPeriodReopenProposed)) {
    return Status(ErrorCode::kConflict,
                  "reopening " + pending->period + " waits for a second person already", "period");
  }
  return NonEmptyText(p, "reason", 1000);
}

void BooksRules::ApplyReopenProposed(BooksState& s, const Actor& a, const Object& p) {
  ApplyProposal(s, a, p, kinds::kPeriodReopenProposed);
}

Status BooksRules::CheckPeriodReopened(const BooksState& s, const Actor& a, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "reopens a period"));
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "proposal"}));
  auto proposal = Confirms(s, a, p, kinds::kPeriodReopenProposed);
  if (!proposal.ok()) return proposal.status();
  AIDLEDGER_RETURN_IF_ERROR(CheckLastConfirmation(**proposal));
  if (s.closes_.empty() || s.closes_.back().period != (*proposal)->period) {
    return Precondition("the period is no longer the latest closed one", "period");
  }
  return Status::Ok();
}

void BooksRules::ApplyPeriodReopened(BooksState& s, const Actor& a, const Object& p) {
  const int64_t seq = p.Find("proposal")->as_int();
  const Proposal proposal = s.proposals_.at(seq);
  s.proposals_.erase(seq);
  s.closed_through_ = s.closes_.back().before;
  if (proposal.period.size() == 4) s.closed_years_.erase(proposal.period);
  s.closes_.pop_back();
  s.corrections_.push_back(Correction{s.size_ + 1, std::string(kinds::kPeriodReopened),
                                      proposal.period, proposal.reason, "", a, proposal.proposer});
}

Status BooksRules::CheckProposalRejected(const BooksState& s, const Actor& a, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "rejects a proposal"));
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"proposal", "reason"}));
  const Value* seq = p.Find("proposal");
  if (!seq->is_int() || s.proposals_.count(seq->as_int()) == 0) {
    return NotFound("no such proposal waits to be confirmed", "proposal");
  }
  return NonEmptyText(p, "reason", 1000);
}

void BooksRules::ApplyProposalRejected(BooksState& s, const Actor&, const Object& p) {
  s.proposals_.erase(p.Find("proposal")->as_int());
}

}  // namespace aidledger
