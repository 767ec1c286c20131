// The checks several kinds share: open funds, open dates, channels, room in the totals, donors,
// receipts, subjects, goods items.
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

Result<const Fund*> BooksRules::FindOpenFund(const BooksState& s, const Object& p,
                                             const std::string& key) {
  const std::string* code = Text(p, key);
  auto f = code != nullptr ? s.funds_.find(*code) : s.funds_.end();
  if (f == s.funds_.end()) return NotFound("no such fund", key);
  if (!f->second.open) return Precondition("the fund is closed", key);
  return &f->second;
}

Status BooksRules::CheckOpenDate(const BooksState& s, const Object& p) {
  const std::string* date = Text(p, "date");
  if (date == nullptr || !IsValidDate(*date)) return InvalidArgument("YYYY-MM-DD", "date");
  if (*date <= s.closed_through_) {
    return Precondition("the books are closed through " + s.closed_through_ +
                            "; date it in an open period and name the closed one it corrects",
                        "date");
  }
  if (*date < s.opening_date_) {
    return Precondition("the books begin on " + s.opening_date_ +
                            " with their opening balances; nothing is dated before",
                        "date");
  }
  return Status::Ok();
}

Status BooksRules::CheckChannel(const Object& p) {
  if (OneOf(Text(p, "channel"), kChannels)) return Status::Ok();
  return InvalidArgument("cash, bank_transfer, wechat_pay, alipay or other", "channel");
}

Status BooksRules::CheckAccountMember(const BooksState& s, const Object& p) {
  const Value* account = p.Find("account");
  if (account == nullptr) {
    // The channel's default account, unless it was closed.
    const std::string code = AccountOfPayload(p);
    auto a = s.accounts_.find(code);
    if (a != s.accounts_.end() && a->second.closed_seq != 0) {
      return Precondition("the account " + code + " is closed; name the account", "account");
    }
    return Status::Ok();
  }
  if (!account->is_string() || s.accounts_.count(account->as_string()) == 0) {
    return NotFound("no such account; open it first, or leave it out for the channel's own",
                    "account");
  }
  return CheckAccountOpen(s, account->as_string(), "account");
}

Status BooksRules::CheckAccountHolds(const BooksState& s, const std::string& account,
                                     const std::string& currency, int64_t out,
                                     const std::string& field) {
  if (s.legacy_forms_) return Status::Ok();
  auto a = s.accounts_.find(account);
  int64_t held = 0;
  if (a != s.accounts_.end()) {
    if (auto c = a->second.cash.find(currency); c != a->second.cash.end()) held = c->second;
  }
  if (out > held) {
    return Precondition("the account " + account + " holds only " + Show(currency, held) +
                            "; record the deposit or transfer that brought the money first",
                        field);
  }
  return Status::Ok();
}

Status BooksRules::CheckRoom(const BooksState& s, const std::string& fund,
                             const std::string& nature, const Money& m, const std::string& date,
                             const std::string& field) {
  auto total = AddMinor(s.Held(fund, nature, m.currency), m.minor, field);
  if (!total.ok()) return total.status();
  int64_t month_sum = 0;
  if (auto f = s.monthly_.find(fund); f != s.monthly_.end()) {
    if (auto n = f->second.find(nature); n != f->second.end()) {
      if (auto c = n->second.find(m.currency); c != n->second.end()) {
        if (auto mo = c->second.find(date.substr(0, 7)); mo != c->second.end()) {
          month_sum = mo->second;
        }
      }
    }
  }
  auto month = AddMinor(month_sum, m.minor, field);
  return month.ok() ? Status::Ok() : month.status();
}

Status BooksRules::CheckDonor(const BooksState& s, const Object& p) {
  const Value* donor = p.Find("donor");
  if (donor->is_null()) return Status::Ok();
  if (!donor->is_string())
    return InvalidArgument("a donor id, or null for an anonymous gift", "donor");
  auto d = s.donors_.find(donor->as_string());
  if (d == s.donors_.end()) return NotFound("no such donor; register them first", "donor");
  if (d->second.erased) return Precondition("the donor's record was erased", "donor");
  return Status::Ok();
}

Status BooksRules::CheckReceipt(const BooksState& s, const Object& p) {
  const std::string* receipt = Text(p, "receipt");
  const std::string next = s.NextReceipt(std::stoi(Text(p, "date")->substr(0, 4)));
  if (receipt == nullptr || *receipt != next) {
    return InvalidArgument("must be the next receipt number of the gift's year, " + next,
                           "receipt");
  }
  return Status::Ok();
}

Status BooksRules::CheckRecipientForFund(const BooksState& s, const Object& p, const Fund& fund) {
  const std::string* id = Text(p, "recipient");
  auto r = id != nullptr ? s.recipients_.find(*id) : s.recipients_.end();
  if (r == s.recipients_.end()) return NotFound("no such recipient", "recipient");
  if (r->second.erased) return Precondition("the recipient's record was erased", "recipient");
  if (fund.restricted && fund.serves.count(r->second.category) == 0) {
    return Precondition("the restricted fund " + fund.code + " serves only its purpose (" +
                            fund.purpose + "), not a " + r->second.category + " recipient",
                        "fund");
  }
  return Status::Ok();
}

Status BooksRules::CheckSubjectRole(const Actor& a, const std::string& subject) {
  if (subject.rfind("R-", 0) == 0 && !ActsAs(a, Role::kCoordinator)) {
    return PermissionDenied("only a coordinator keeps recipients' records");
  }
  if (subject.rfind("D-", 0) == 0 && !ActsAs(a, Role::kTreasurer)) {
    return PermissionDenied("only a treasurer keeps donors' records");
  }
  return Status::Ok();
}

const Subject* BooksRules::FindSubject(const BooksState& s, const std::string& id) {
  auto r = s.recipients_.find(id);
  if (r != s.recipients_.end()) return &r->second;
  auto d = s.donors_.find(id);
  return d != s.donors_.end() ? &d->second : nullptr;
}

Subject* BooksRules::FindSubject(BooksState& s, const std::string& id) {
  return const_cast<Subject*>(FindSubject(static_cast<const BooksState&>(s), id));
}

Result<std::vector<std::pair<const Object*, std::string>>> BooksRules::Items(const Object& p) {
  const Value* items = p.Find("items");
  if (!items->is_array() || items->as_array().empty() || items->as_array().size() > kMaxItems) {
    return InvalidArgument("1 to " + std::to_string(kMaxItems) + " items", "items");
  }
  std::vector<std::pair<const Object*, std::string>> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const Value& v = items->as_array()[i];
    const std::string field = "items[" + std::to_string(i) + "]";
    if (!v.is_object()) return InvalidArgument("must be an object", field);
    const Object& item = v.as_object();
    if (Status s = NonEmptyText(item, "item", 100); !s.ok()) {
      return InvalidArgument(s.message(), field + ".item");
    }
    if (Status s = NonEmptyText(item, "unit", 20); !s.ok()) {
      return InvalidArgument(s.message(), field + ".unit");
    }
    const Value* q = item.Find("quantity");
    if (q == nullptr || !q->is_int() || q->as_int() < 1 || q->as_int() > kMaxQuantity) {
      return InvalidArgument("a whole number of units, 1 to 1000000000", field + ".quantity");
    }
    std::string key = StockKey(*Text(item, "item"), *Text(item, "unit"));
    if (!seen.insert(key).second) {
      return InvalidArgument("the same item and unit twice; give one line", field + ".item");
    }
    out.emplace_back(&item, std::move(key));
  }
  return out;
}

}  // namespace aidledger
