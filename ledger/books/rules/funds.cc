// Funds: opened, closed, transferred between.
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

Status BooksRules::CheckFundOpened(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) {
    return PermissionDenied("only an admin or a treasurer opens a fund");
  }
  AIDLEDGER_RETURN_IF_ERROR(
      ExactMembers(p, {"code", "name_en", "name_zh", "purpose", "restricted", "serves"}));
  const std::string* code = Text(p, "code");
  if (code == nullptr || !BooksState::IsFundCode(*code)) {
    return InvalidArgument("2 to 32 capital letters, digits or '_', e.g. STUDENT_AID", "code");
  }
  if (s.funds_.count(*code) != 0) {
    return Status(ErrorCode::kAlreadyExists, "a fund with this code exists", "code");
  }
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "name_zh", 200));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "name_en", 200));
  const Value* restricted = p.Find("restricted");
  const std::string* purpose = Text(p, "purpose");
  if (!restricted->is_bool()) return InvalidArgument("must be true or false", "restricted");
  if (purpose == nullptr || purpose->size() > 500 || restricted->as_bool() == purpose->empty()) {
    return InvalidArgument("a restricted fund states its purpose; an unrestricted one has none",
                           "purpose");
  }
  const Value* serves = p.Find("serves");
  if (!serves->is_array()) return InvalidArgument("a list of recipient categories", "serves");
  std::set<std::string> categories;
  for (const Value& c : serves->as_array()) {
    if (!c.is_string() || !OneOf(&c.as_string(), kRecipientCategories) ||
        !categories.insert(c.as_string()).second) {
      return InvalidArgument(
          "distinct categories of student, disability, serious_illness, household", "serves");
    }
  }
  if (restricted->as_bool() == categories.empty()) {
    return InvalidArgument(
        "a restricted fund names the recipients its purpose serves; an unrestricted one none",
        "serves");
  }
  return Status::Ok();
}

void BooksRules::ApplyFundOpened(BooksState& s, const Actor&, const Object& p) {
  Fund f;
  f.code = *Text(p, "code");
  f.name_zh = *Text(p, "name_zh");
  f.name_en = *Text(p, "name_en");
  f.restricted = p.Find("restricted")->as_bool();
  f.purpose = *Text(p, "purpose");
  for (const Value& c : p.Find("serves")->as_array()) f.serves.insert(c.as_string());
  s.funds_[f.code] = std::move(f);
}

Status BooksRules::CheckFundClosed(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) {
    return PermissionDenied("only an admin or a treasurer closes a fund");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"code", "reason"}));
  auto fund = FindOpenFund(s, p, "code");
  if (!fund.ok()) return fund.status();
  for (const auto* holdings : {&(*fund)->cash, &(*fund)->goods}) {
    for (const auto& [currency, minor] : *holdings) {
      if (minor != 0) {
        return Precondition(
            "the fund still holds " + Show(currency, minor) + "; transfer or spend it first",
            "code");
      }
    }
  }
  for (const auto& [key, line] : (*fund)->stock) {
    if (line.quantity != 0) {
      return Precondition(
          "the fund still holds goods (" + key.substr(0, key.find('\n')) + "); hand them out first",
          "code");
    }
  }
  return NonEmptyText(p, "reason", 1000);
}

void BooksRules::ApplyFundClosed(BooksState& s, const Actor&, const Object& p) {
  s.funds_[*Text(p, "code")].open = false;
}

Status BooksRules::CheckFundTransferred(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) {
    return PermissionDenied("only an admin or a treasurer transfers between funds");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "date", "from", "reason", "release", "to"}));
  auto from = FindOpenFund(s, p, "from");
  if (!from.ok()) return from.status();
  auto to = FindOpenFund(s, p, "to");
  if (!to.ok()) return to.status();
  if (*from == *to) return InvalidArgument("must differ from the fund it leaves", "to");
  auto money = MoneyMember(p, "amount", AmountSign::kPositive);
  if (!money.ok()) return money.status();
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
  const bool needs_release =
      (*from)->restricted && !((*to)->restricted && (*to)->purpose == (*from)->purpose);
  const Value* release = p.Find("release");
  if (needs_release) {
    if (!release->is_string() || release->as_string().empty() ||
        release->as_string().size() > 500) {
      return InvalidArgument(
          "restricted money leaves its purpose only with a documented release: name the "
          "donor's consent or the resolution that releases it",
          "release");
    }
    if (!ActsAs(a, Role::kAdmin))
      return PermissionDenied("only an admin releases restricted money");
  } else if (!release->is_null()) {
    return InvalidArgument("null: this transfer releases no restriction", "release");
  }
  const int64_t held = s.Held((*from)->code, "cash", money->currency);
  if (money->minor > held) {
    return Precondition("the fund holds only " + Show(money->currency, held), "amount");
  }
  return CheckRoom(s, (*to)->code, "cash", *money, *Text(p, "date"), "amount");
}

void BooksRules::ApplyFundTransferred(BooksState& s, const Actor&, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  FactRow& fact = AddFact(s, FactKind::kTransfer,
                          Fact{.fund = *Text(p, "from"),
                               .counter_fund = *Text(p, "to"),
                               .nature = "cash",
                               .currency = m.currency,
                               .amount_minor = -m.minor,
                               .business_date = *Text(p, "date")},
                          {});
  fact.release = !p.Find("release")->is_null();
  Move(s, fact, *Text(p, "date"), 1);
}

}  // namespace aidledger
