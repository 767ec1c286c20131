// Donors registered; gifts of money and of goods; goods handed out; the postings they make.
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

Status BooksRules::CheckDonorRegistered(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer registers donors");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"commitment", "id", "type"}));
  const std::string* id = Text(p, "id");
  if (id == nullptr || *id != s.NextDonorId()) {
    return InvalidArgument("must be the next donor id, " + s.NextDonorId(), "id");
  }
  if (!OneOf(Text(p, "type"), kDonorTypes))
    return InvalidArgument("person or organisation", "type");
  return CheckCommitment(p);
}

void BooksRules::ApplyDonorRegistered(BooksState& s, const Actor&, const Object& p) {
  s.donors_[*Text(p, "id")] = Subject{*Text(p, "type"), *Text(p, "commitment"), false};
}

Status BooksRules::CheckGiftTail(const BooksState& s, const Object& p, const std::string& fund,
                                 const std::string& nature, const Money& amount) {
  AIDLEDGER_RETURN_IF_ERROR(CheckDonor(s, p));
  AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "memo", 1000));
  AIDLEDGER_RETURN_IF_ERROR(CheckRoom(s, fund, nature, amount, *Text(p, "date"), "amount"));
  return CheckReceipt(s, p);
}

Status BooksRules::CheckDonationRecorded(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer records donations");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p,
                                         {"amount", "channel", "date", "donor", "external_ref",
                                          "fund", "memo", "receipt", "separate_gift"},
                                         {"account"}));
  auto money = MoneyMember(p, "amount", AmountSign::kPositive);
  if (!money.ok()) return money.status();
  auto fund = FindOpenFund(s, p, "fund");
  if (!fund.ok()) return fund.status();
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
    return InvalidArgument("a " + channel + " gift needs its payment reference", "external_ref");
  }
  const Value* separate = p.Find("separate_gift");
  if (!separate->is_bool()) return InvalidArgument("must be true or false", "separate_gift");
  if (ref->is_string() && !separate->as_bool() &&
      s.payment_refs_.count(channel + "\n" + ref->as_string()) != 0) {
    return Status(ErrorCode::kConflict,
                  "this payment reference is already recorded; confirm it as a separate gift "
                  "if it is one",
                  "external_ref");
  }
  return CheckGiftTail(s, p, (*fund)->code, "cash", *money);
}

void BooksRules::IssueReceipt(BooksState& s, const Object& p) {
  // CheckReceipt let only the year's next number through.
  const std::optional<ReceiptNumber> number = ParseReceiptNumber(*Text(p, "receipt"));
  assert(number.has_value());
  s.last_receipt_[number->year] = number->number;
  Receipt receipt;
  receipt.donation_seq = s.size_ + 1;
  s.receipts_[*Text(p, "receipt")] = receipt;
  s.receipt_of_[s.size_ + 1] = *Text(p, "receipt");
}

void BooksRules::ApplyDonationRecorded(BooksState& s, const Actor&, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  IssueReceipt(s, p);
  if (const Value* ref = p.Find("external_ref"); ref->is_string()) {
    s.payment_refs_.insert(*Text(p, "channel") + "\n" + ref->as_string());
  }
  FactRow& fact = AddCashFact(s, FactKind::kDonation, *Text(p, "fund"), m, *Text(p, "date"), p);
  fact.party = SubjectNumber(p.Find("donor"));
  Move(s, fact, *Text(p, "date"), 1);
}

Status BooksRules::CheckDonationInKind(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer records donations");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "checked_by", "date", "donor", "fund",
                                             "items", "memo", "receipt", "received_by"}));
  auto total = MoneyMember(p, "amount", AmountSign::kNonNegative);
  if (!total.ok()) return total.status();
  auto fund = FindOpenFund(s, p, "fund");
  if (!fund.ok()) return fund.status();
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  auto items = Items(p);
  if (!items.ok()) return items.status();
  int64_t sum = 0;
  for (size_t i = 0; i < items->size(); ++i) {
    const Object& item = *(*items)[i].first;
    const std::string field = "items[" + std::to_string(i) + "]";
    if (!ExactMembers(item, {"item", "quantity", "unit", "valuation", "value"}).ok()) {
      return InvalidArgument("expects exactly item, quantity, unit, valuation, value", field);
    }
    const std::string* basis = Text(item, "valuation");
    if (!OneOf(basis, kValuationBases)) {
      return InvalidArgument("invoice, fair_value or unvalued", field + ".valuation");
    }
    auto value = MoneyMember(item, "value", AmountSign::kNonNegative);
    if (!value.ok()) return InvalidArgument(value.status().message(), field + ".value");
    if (value->currency != total->currency) {
      return InvalidArgument("in the donation's currency, " + total->currency, field + ".value");
    }
    if ((*basis == "unvalued") != (value->minor == 0)) {
      return InvalidArgument(
          "goods valued from the donor's documents or at fair value have a value; unvalued "
          "goods have none (they are counted, not booked as income)",
          field + ".value");
    }
    const auto line = (*fund)->stock.find((*items)[i].second);
    if (value->minor > 0 && line != (*fund)->stock.end() && !line->second.currency.empty() &&
        line->second.currency != value->currency) {
      return InvalidArgument("the fund values this item in " + line->second.currency,
                             field + ".value");
    }
    auto next = AddMinor(sum, value->minor, "amount");
    if (!next.ok()) return next.status();
    sum = *next;
  }
  if (sum != total->minor) {
    return InvalidArgument("must be the sum of the items' values, " + Show(total->currency, sum),
                           "amount");
  }
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "received_by", 100));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "checked_by", 100));
  if (*Text(p, "received_by") == *Text(p, "checked_by")) {
    return InvalidArgument(
        "goods are counted by two people: someone other than who received "
        "them checks them",
        "checked_by");
  }
  return CheckGiftTail(s, p, (*fund)->code, "goods", *total);
}

void BooksRules::ApplyDonationInKind(BooksState& s, const Actor&, const Object& p) {
  IssueReceipt(s, p);
  ApplyGoods(s, kinds::kDonationInKind, p, 1);
}

void BooksRules::ApplyGoods(BooksState& s, std::string_view kind, const Object& p, int sign) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  BooksState::FactExtras extras;
  for (const Value& v : p.Find("items")->as_array()) {
    const Object& item = v.as_object();
    const Money value = *MoneyFromValue(*item.Find("value"));
    extras.items.push_back({StockKey(*Text(item, "item"), *Text(item, "unit")),
                            sign * item.Find("quantity")->as_int(), value.currency,
                            sign * value.minor});
  }
  const bool in = kind == kinds::kDonationInKind;
  FactRow& fact = AddFact(s, in ? FactKind::kGoodsDonation : FactKind::kGoodsHandedOut,
                          Fact{.fund = *Text(p, "fund"),
                               .counter_fund = "",
                               .nature = "goods",
                               .currency = m.currency,
                               .amount_minor = m.minor,
                               .business_date = *Text(p, "date")},
                          std::move(extras));
  fact.party = SubjectNumber(p.Find(in ? "donor" : "recipient"));
  Move(s, fact, *Text(p, "date"), 1);
}

Status BooksRules::CheckGoodsHandedOut(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kCoordinator, Role::kTreasurer})) {
    return PermissionDenied("only a coordinator or a treasurer hands out goods");
  }
  AIDLEDGER_RETURN_IF_ERROR(
      ExactMembers(p, {"amount", "date", "fund", "items", "memo", "recipient"}));
  auto total = MoneyFromValue(*p.Find("amount"), "amount");
  if (!total.ok()) return total.status();
  auto fund = FindOpenFund(s, p, "fund");
  if (!fund.ok()) return fund.status();
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckRecipientForFund(s, p, **fund));
  auto items = Items(p);
  if (!items.ok()) return items.status();
  int64_t sum = 0;
  for (size_t i = 0; i < items->size(); ++i) {
    const Object& item = *(*items)[i].first;
    const std::string field = "items[" + std::to_string(i) + "]";
    if (!ExactMembers(item, {"item", "quantity", "unit", "value"}).ok()) {
      return InvalidArgument("expects exactly item, quantity, unit, value", field);
    }
    const auto line = (*fund)->stock.find((*items)[i].second);
    const int64_t quantity = item.Find("quantity")->as_int();
    if (line == (*fund)->stock.end() || line->second.quantity < quantity) {
      return Precondition(
          "the fund holds only " +
              std::to_string(line == (*fund)->stock.end() ? 0 : line->second.quantity) +
              " of this item",
          field + ".quantity");
    }
    if (!line->second.currency.empty() && line->second.currency != total->currency) {
      return InvalidArgument("these goods are valued in " + line->second.currency +
                                 "; hand out goods of one currency per entry",
                             "amount");
    }
    auto value = MoneyFromValue(*item.Find("value"), field + ".value");
    if (!value.ok()) return value.status();
    const int64_t carried = BooksState::CarriedValue(line->second, quantity);
    if (value->currency != total->currency || value->minor != carried) {
      return InvalidArgument(
          "must be the value these goods carry, " + Show(total->currency, carried),
          field + ".value");
    }
    sum += carried;  // at most the fund's goods value: no overflow
  }
  if (total->minor != -sum) {
    return InvalidArgument("the hand-out's effect on the fund: minus the items' values, " +
                               Show(total->currency, -sum),
                           "amount");
  }
  return OptionalText(p, "memo", 1000);
}

void BooksRules::ApplyGoodsHandedOut(BooksState& s, const Actor&, const Object& p) {
  ApplyGoods(s, kinds::kGoodsHandedOut, p, -1);
}

FactRow& BooksRules::AddFact(BooksState& s, FactKind kind, const Fact& movement,
                             BooksState::FactExtras extras) {
  FactRow f;
  f.seq = s.size_ + 1;
  f.minor = movement.amount_minor;
  f.date = DateNumber(std::string(movement.business_date));
  f.fund = s.FactFund(std::string(movement.fund));
  if (!movement.counter_fund.empty())
    f.counter_fund = s.FactFund(std::string(movement.counter_fund));
  f.currency = s.FactCurrency(std::string(movement.currency));
  f.kind = kind;
  f.of_kind = kind;
  f.goods = movement.nature == "goods";
  for (const BooksState::StockMove& move : extras.items) {
    if (move.value_minor == 0) f.unvalued += move.quantity;
  }
  if (!extras.grant.empty() || !extras.items.empty()) s.fact_extras_[f.seq] = std::move(extras);
  if (f.date != 0 && (s.earliest_fact_date_ == 0 || f.date < s.earliest_fact_date_)) {
    s.earliest_fact_date_ = f.date;
  }
  s.fact_rows_.push_back(f);
  return s.fact_rows_.back();
}

FactRow& BooksRules::AddCashFact(BooksState& s, FactKind kind, const std::string& fund,
                                 const Money& amount, const std::string& date, const Object& p,
                                 BooksState::FactExtras extras) {
  FactRow& fact = AddFact(s, kind,
                          Fact{.fund = fund,
                               .counter_fund = "",
                               .nature = "cash",
                               .currency = amount.currency,
                               .amount_minor = amount.minor,
                               .business_date = date},
                          std::move(extras));
  const std::string* channel = Text(p, "channel");
  fact.channel = ChannelIndex(channel);
  const std::string* named = Text(p, "account");
  const std::string account =
      BooksState::AccountFor(named != nullptr ? *named : "", channel != nullptr ? *channel : "");
  auto index = std::find(s.account_order_.begin(), s.account_order_.end(), account);
  if (index != s.account_order_.end()) {
    fact.account = static_cast<uint8_t>(index - s.account_order_.begin());
  }
  return fact;
}

void BooksRules::Move(BooksState& s, const FactRow& f, const std::string& date, int direction) {
  const std::string& code = s.FundOf(f);
  const std::string counter = s.CounterFundOf(f);
  const std::string nature = BooksState::NatureOf(f);
  const std::string& currency = s.CurrencyOf(f);
  s.Post(code, nature, currency, direction * f.minor, date);
  if (!counter.empty()) s.Post(counter, nature, currency, -direction * f.minor, date);
  if (f.account != kNoAccount && !f.goods) {
    s.accounts_[s.account_order_[f.account]].cash[currency] += direction * f.minor;
  }
  Fund& fund = s.funds_[code];
  for (const BooksState::StockMove& move : s.ExtrasOf(f.seq).items) {
    StockLine& line = fund.stock[move.key];
    line.quantity += direction * move.quantity;
    line.value_minor += direction * move.value_minor;
    if (move.value_minor != 0) line.currency = move.currency;
  }
}

Status BooksRules::CheckUndo(const BooksState& s, const FactRow& f, const std::string& date) {
  const std::string& code = s.FundOf(f);
  const std::string counter_code = s.CounterFundOf(f);
  const std::string nature = BooksState::NatureOf(f);
  const std::string& currency = s.CurrencyOf(f);
  AIDLEDGER_RETURN_IF_ERROR(
      CheckRoom(s, code, nature, Money{currency, -f.minor}, date, "reverses"));
  if (!counter_code.empty()) {
    AIDLEDGER_RETURN_IF_ERROR(
        CheckRoom(s, counter_code, nature, Money{currency, f.minor}, date, "reverses"));
  }
  const int64_t held = s.Held(code, nature, currency);
  if (held - f.minor < 0) {
    return Precondition("the fund " + code + " holds only " + Show(currency, held) +
                            "; reversing would take it below zero",
                        "reverses");
  }
  if (!counter_code.empty()) {
    const int64_t counter = s.Held(counter_code, nature, currency);
    if (counter + f.minor < 0) {
      return Precondition("the fund " + counter_code + " holds only " + Show(currency, counter) +
                              "; reversing would take it below zero",
                          "reverses");
    }
  }
  if (f.account != kNoAccount && !f.goods) {
    AIDLEDGER_RETURN_IF_ERROR(CheckAccountOpen(s, s.AccountOf(f), "reverses"));
    // Undoing money in takes it out of the account it went into.
    if (f.minor > 0) {
      AIDLEDGER_RETURN_IF_ERROR(
          CheckAccountHolds(s, s.AccountOf(f), currency, f.minor, "reverses"));
    }
  }
  const Fund& fund = s.funds_.at(code);
  for (const BooksState::StockMove& move : s.ExtrasOf(f.seq).items) {
    auto line = fund.stock.find(move.key);
    const int64_t have = line == fund.stock.end() ? 0 : line->second.quantity;
    const int64_t value = line == fund.stock.end() ? 0 : line->second.value_minor;
    if (have - move.quantity < 0 || value - move.value_minor < 0) {
      return Precondition("the goods were handed out already; reversing would take the stock of " +
                              move.key.substr(0, move.key.find('\n')) + " below zero",
                          "reverses");
    }
  }
  return Status::Ok();
}

}  // namespace aidledger
