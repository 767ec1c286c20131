// Income other than gifts (收入): government grants, membership dues, income
// from services, investment income, other income. Recorded by a treasurer
// as a gift is, but without a receipt and never counted as money raised.
#include <algorithm>

#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

Status BooksRules::CheckIncomeRecorded(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer records income");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p,
                                         {"amount", "category", "channel", "date", "document",
                                          "external_ref", "fund", "memo", "payer"},
                                         {"account"}));
  if (!OneOf(Text(p, "category"), kIncomeCategories)) {
    return InvalidArgument(
        "government_grant, membership_dues, service_income, investment_income or other_income",
        "category");
  }
  auto money = MoneyMember(p, "amount", AmountSign::kPositive);
  if (!money.ok()) return money.status();
  auto fund = FindOpenFund(s, p, "fund");
  if (!fund.ok()) return fund.status();
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "payer", 200));
  const Value* document = p.Find("document");
  if (!document->is_null()) AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "document", 100));
  AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "memo", 1000));
  AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
  AIDLEDGER_RETURN_IF_ERROR(CheckAccountMember(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  const std::string& channel = *Text(p, "channel");
  const Value* ref = p.Find("external_ref");
  if (!(ref->is_null() ||
        (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
    return InvalidArgument("the bank or payment reference, or null", "external_ref");
  }
  if (ref->is_null() && channel != "cash") {
    return InvalidArgument("a " + channel + " receipt of money needs its payment reference",
                           "external_ref");
  }
  // The same credit on the bank's statement is one receipt of money: as a
  // gift or as income, not both.
  if (ref->is_string() && s.payment_refs_.count(channel + "\n" + ref->as_string()) != 0) {
    return Status(ErrorCode::kConflict, "this payment reference is already recorded",
                  "external_ref");
  }
  return CheckRoom(s, (*fund)->code, "cash", *money, *Text(p, "date"), "amount");
}

void BooksRules::ApplyIncomeRecorded(BooksState& s, const Actor&, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  if (const Value* ref = p.Find("external_ref"); ref->is_string()) {
    s.payment_refs_.insert(*Text(p, "channel") + "\n" + ref->as_string());
  }
  FactRow& fact = AddCashFact(s, FactKind::kIncome, *Text(p, "fund"), m, *Text(p, "date"), p);
  const std::string& category = *Text(p, "category");
  fact.category = static_cast<uint8_t>(
      std::find(std::begin(kIncomeCategories), std::end(kIncomeCategories), category) -
      std::begin(kIncomeCategories));
  Move(s, fact, *Text(p, "date"), 1);
  const Value* document = p.Find("document");
  s.incomes_.push_back(Income{s.size_ + 1, category, *Text(p, "fund"), m.currency, m.minor,
                              *Text(p, "payer"), document->is_string() ? document->as_string() : "",
                              *Text(p, "date"), *Text(p, "channel"), *Text(p, "memo"), 0,
                              AccountOfPayload(p)});
}

}  // namespace aidledger
