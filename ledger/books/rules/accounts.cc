// Accounts where money sits (cash boxes, bank accounts, payment platforms'
// merchant accounts) and money moved between them. A treasurer opens an
// account and moves money between accounts; no fund's balance changes, and
// no account goes below zero.
#include <cctype>

#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

namespace {

bool IsNumberTail(const std::string& tail) {
  if (tail.empty()) return true;
  if (tail.size() != 4) return false;
  for (char c : tail) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Status BooksRules::CheckAccountOpened(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer opens an account");
  AIDLEDGER_RETURN_IF_ERROR(
      ExactMembers(p, {"code", "institution", "name", "number_tail", "type"}));
  const std::string* code = Text(p, "code");
  if (code == nullptr || !BooksState::IsFundCode(*code)) {
    return InvalidArgument("2 to 32 of A-Z, 0-9 and _, starting with a letter", "code");
  }
  if (s.accounts_.count(*code) != 0) {
    return Status(ErrorCode::kConflict, "an account with this code exists already", "code");
  }
  if (s.accounts_.size() >= kMaxAccounts) {
    return Precondition("the books keep at most " + std::to_string(kMaxAccounts) + " accounts",
                        "code");
  }
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "name", 100));
  if (!OneOf(Text(p, "type"), kAccountTypes)) {
    return InvalidArgument("cash_box, bank, platform or other", "type");
  }
  const std::string& type = *Text(p, "type");
  if (type == "bank" || type == "platform") {
    // Reconciliation reads the bank's or the platform's statement of it.
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "institution", 100));
  } else {
    AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "institution", 100));
  }
  const std::string* tail = Text(p, "number_tail");
  if (tail == nullptr || !IsNumberTail(*tail)) {
    return InvalidArgument(
        "the last four digits of the account's number, or \"\": never the whole number",
        "number_tail");
  }
  return Status::Ok();
}

void BooksRules::ApplyAccountOpened(BooksState& s, const Actor&, const Object& p) {
  Account account;
  account.code = *Text(p, "code");
  account.name = *Text(p, "name");
  account.type = *Text(p, "type");
  account.institution = *Text(p, "institution");
  account.number_tail = *Text(p, "number_tail");
  account.opened_seq = s.size_ + 1;
  s.account_order_.push_back(account.code);
  s.accounts_.emplace(account.code, std::move(account));
}

Status BooksRules::CheckAccountOpen(const BooksState& s, const std::string& code,
                                    const std::string& field) {
  auto a = s.accounts_.find(code);
  if (a == s.accounts_.end()) return NotFound("no such account", field);
  if (a->second.closed_seq != 0) return Precondition("the account " + code + " is closed", field);
  return Status::Ok();
}

Status BooksRules::CheckAccountClosed(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer closes an account");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"code", "reason"}));
  const std::string* code = Text(p, "code");
  if (code == nullptr) return NotFound("no such account", "code");
  AIDLEDGER_RETURN_IF_ERROR(CheckAccountOpen(s, *code, "code"));
  for (const auto& [currency, minor] : s.accounts_.at(*code).cash) {
    if (minor != 0) {
      return Precondition(
          "the account still holds " + Show(currency, minor) + "; move it to another account first",
          "code");
    }
  }
  return NonEmptyText(p, "reason", 1000);
}

void BooksRules::ApplyAccountClosed(BooksState& s, const Actor&, const Object& p) {
  s.accounts_[*Text(p, "code")].closed_seq = s.size_ + 1;
}

Status BooksRules::CheckAccountTransferred(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) {
    return PermissionDenied("only a treasurer moves money between accounts");
  }
  AIDLEDGER_RETURN_IF_ERROR(
      ExactMembers(p, {"amount", "date", "external_ref", "from", "memo", "to"}));
  for (const char* key : {"from", "to"}) {
    const std::string* code = Text(p, key);
    if (code == nullptr) return NotFound("no such account", key);
    AIDLEDGER_RETURN_IF_ERROR(CheckAccountOpen(s, *code, key));
  }
  if (*Text(p, "from") == *Text(p, "to")) {
    return InvalidArgument("another account than the one the money leaves", "to");
  }
  auto money = MoneyMember(p, "amount", AmountSign::kPositive);
  if (!money.ok()) return money.status();
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  const Value* ref = p.Find("external_ref");
  if (!(ref->is_null() ||
        (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
    return InvalidArgument("the bank's or platform's reference, or null", "external_ref");
  }
  AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "memo", 1000));
  return CheckAccountHolds(s, *Text(p, "from"), money->currency, money->minor, "amount");
}

void BooksRules::ApplyAccountTransferred(BooksState& s, const Actor& a, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  AccountTransfer t;
  t.seq = s.size_ + 1;
  t.from = *Text(p, "from");
  t.to = *Text(p, "to");
  t.currency = m.currency;
  t.minor = m.minor;
  t.date = *Text(p, "date");
  if (const Value* ref = p.Find("external_ref"); ref->is_string())
    t.external_ref = ref->as_string();
  t.memo = *Text(p, "memo");
  t.actor = a;
  s.accounts_[t.from].cash[t.currency] -= t.minor;
  s.accounts_[t.to].cash[t.currency] += t.minor;
  s.account_transfers_.push_back(std::move(t));
}

}  // namespace aidledger
