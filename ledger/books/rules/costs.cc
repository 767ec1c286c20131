// Costs (费用): proposed by one person, recorded by a treasurer who is another
// (or alone, below the policy's exemption); the money leaves the fund when
// the cost is recorded.
#include <algorithm>

#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

namespace {

// The key that names one invoice or voucher: its issuer and its number.
std::string VoucherKey(const Object& p) { return *Text(p, "payee") + "\n" + *Text(p, "voucher"); }

// A cost's proposal without the account it suggested: what its record must repeat.
Object WithoutAccount(const Object& proposed) {
  Object out;
  for (const auto& [key, value] : proposed.members()) {
    if (key != "account") out.Set(key, value);
  }
  return out;
}

// The cost a cost.recorded payload records, in the form of the cost.proposed
// payload that proposed it: the same members but the record's own, with the
// amount as the cost (positive).
Object AsProposed(const Object& recorded) {
  Object out;
  for (const auto& [key, value] : recorded.members()) {
    // Who pays chooses how and from which account: not part of the proposal.
    if (key == "external_ref" || key == "proposal" || key == "account") continue;
    if (key == "amount") {
      const Money m = *MoneyFromValue(value);
      out.Set(key, MoneyToValue(Money{m.currency, -m.minor}));
    } else {
      out.Set(key, value);
    }
  }
  return out;
}

}  // namespace

Status BooksRules::CheckCost(const BooksState& s, const Object& p, AmountSign sign) {
  if (!OneOf(Text(p, "category"), kCostCategories)) {
    return InvalidArgument("program, admin, fundraising or other", "category");
  }
  auto fund = FindOpenFund(s, p, "fund");
  if (!fund.ok()) return fund.status();
  if ((*fund)->restricted && *Text(p, "category") != "program") {
    // 限定性资产 pay only for their purpose: a programme's own costs.
    return Precondition("a restricted fund pays only programme costs of its purpose", "category");
  }
  auto money = MoneyFromValue(*p.Find("amount"), "amount");
  if (!money.ok()) return money.status();
  if (sign == AmountSign::kPositive ? money->minor <= 0 : money->minor >= 0) {
    return InvalidArgument(sign == AmountSign::kPositive
                               ? "the cost, more than zero"
                               : "the cost as its effect on the fund: negative",
                           "amount");
  }
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "payee", 200));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "voucher", 64));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "purpose", 500));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
  if (s.vouchers_.count(VoucherKey(p)) != 0) {
    // One invoice pays once: the same payee's voucher again is a cost
    // recorded twice (a reversed cost frees its voucher).
    return Status(ErrorCode::kConflict, "this payee's voucher is recorded on another cost already",
                  "voucher");
  }
  return Status::Ok();
}

Status BooksRules::CheckCostProposed(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kTreasurer, Role::kCoordinator})) {
    return PermissionDenied("only a treasurer or a coordinator proposes a cost");
  }
  // The account is the proposer's suggestion; who pays it may choose another.
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(
      p, {"amount", "category", "channel", "date", "fund", "payee", "purpose", "voucher"},
      {"account"}));
  AIDLEDGER_RETURN_IF_ERROR(CheckAccountMember(s, p));
  return CheckCost(s, p, AmountSign::kPositive);
}

void BooksRules::AddProposal(BooksState& s, const Actor& a, std::string_view kind,
                             const std::string& reason, const Object& payload) {
  Proposal proposal;
  proposal.seq = s.size_ + 1;
  proposal.kind = std::string(kind);
  proposal.reason = reason;
  proposal.proposer = a;
  proposal.payload = payload;
  s.proposals_[proposal.seq] = std::move(proposal);
}

void BooksRules::ApplyCostProposed(BooksState& s, const Actor& a, const Object& p) {
  AddProposal(s, a, kinds::kCostProposed, *Text(p, "purpose"), p);
}

Status BooksRules::CheckCostRecorded(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer records a cost");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p,
                                         {"amount", "category", "channel", "date", "external_ref",
                                          "fund", "payee", "proposal", "purpose", "voucher"},
                                         {"account"}));
  AIDLEDGER_RETURN_IF_ERROR(CheckAccountMember(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckCost(s, p, AmountSign::kAny));
  const Money money = *MoneyFromValue(*p.Find("amount"));
  const Value* ref = p.Find("external_ref");
  if (!(ref->is_null() ||
        (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
    return InvalidArgument("the payment reference, or null for cash", "external_ref");
  }
  const Value* proposal = p.Find("proposal");
  if (proposal->is_null()) {
    if (-money.minor >= s.cost_exempt_below_) {
      return InvalidArgument(
          "the seq of a cost proposed by another person: only a cost of less than the policy's "
          "cost_exempt_below is recorded by one person",
          "proposal");
    }
  } else {
    auto it = proposal->is_int() ? s.proposals_.find(proposal->as_int()) : s.proposals_.end();
    if (it == s.proposals_.end() || it->second.kind != kinds::kCostProposed) {
      return NotFound("no such cost proposal waits to be recorded", "proposal");
    }
    if (it->second.proposer.id == a.id) {
      return PermissionDenied("a cost is recorded by someone other than its proposer");
    }
    if (WithoutAccount(it->second.payload) != AsProposed(p)) {
      return InvalidArgument("must record the cost as it was proposed", "proposal");
    }
  }
  const int64_t held = s.Held(*Text(p, "fund"), "cash", money.currency);
  if (-money.minor > held) {
    return Precondition("the fund holds only " + Show(money.currency, held), "amount");
  }
  return CheckAccountHolds(s, AccountOfPayload(p), money.currency, -money.minor, "amount");
}

void BooksRules::ApplyCostRecorded(BooksState& s, const Actor& a, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  FactRow& fact = AddCashFact(s, FactKind::kCost, *Text(p, "fund"), m, *Text(p, "date"), p);
  const std::string& category = *Text(p, "category");
  fact.category = static_cast<uint8_t>(
      std::find(std::begin(kCostCategories), std::end(kCostCategories), category) -
      std::begin(kCostCategories));
  Move(s, fact, *Text(p, "date"), 1);
  Cost cost{s.size_ + 1,
            category,
            *Text(p, "fund"),
            m.currency,
            -m.minor,
            *Text(p, "payee"),
            *Text(p, "voucher"),
            *Text(p, "purpose"),
            *Text(p, "date"),
            *Text(p, "channel"),
            {},
            a,
            0,
            AccountOfPayload(p)};
  if (const Value* proposal = p.Find("proposal"); proposal->is_int()) {
    cost.proposer = s.proposals_.at(proposal->as_int()).proposer;
    s.proposals_.erase(proposal->as_int());
  }
  s.vouchers_.insert(VoucherKey(p));
  s.costs_.push_back(std::move(cost));
}

}  // namespace aidledger
