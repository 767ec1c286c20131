#include "ledger/books/books_state.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdio>

#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/money.h"
#include "ledger/books/receipt_number.h"
#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/books/rules/support.h"
#include "ledger/books/text_policy.h"

namespace aidledger {

BooksState::BooksState() {
  // The channels' default accounts, in the order of kPaymentChannels.
  static constexpr std::string_view kNames[] = {"现金", "银行存款", "微信支付", "支付宝", "其他"};
  static constexpr std::string_view kTypes[] = {"cash_box", "bank", "platform", "platform",
                                                "other"};
  static constexpr std::string_view kInstitutions[] = {"", "", "微信支付", "支付宝", ""};
  for (size_t i = 0; i < std::size(kDefaultAccounts); ++i) {
    Account a;
    a.code = std::string(kDefaultAccounts[i]);
    a.name = std::string(kNames[i]);
    a.type = std::string(kTypes[i]);
    a.institution = std::string(kInstitutions[i]);
    account_order_.push_back(a.code);
    accounts_.emplace(a.code, std::move(a));
  }
}

std::string BooksState::AccountOf(const FactRow& f) const {
  return f.account < account_order_.size() ? account_order_[f.account] : std::string();
}

std::string BooksState::AccountFor(const std::string& account, const std::string& channel) {
  if (!account.empty()) return account;
  for (size_t i = 0; i < std::size(kPaymentChannels); ++i) {
    if (kPaymentChannels[i] == channel) return std::string(kDefaultAccounts[i]);
  }
  return {};
}

const ServiceRecord* BooksState::FindService(int64_t seq) const {
  auto it = std::lower_bound(services_.begin(), services_.end(), seq,
                             [](const ServiceRecord& r, int64_t target) { return r.seq < target; });
  return it != services_.end() && it->seq == seq ? &*it : nullptr;
}

std::string BooksState::PeriodEnd(std::string_view period) {
  if (period.size() == 4 && IsValidDate(std::string(period) + "-12-31")) {
    return std::string(period) + "-12-31";
  }
  if (period.size() == 7 && period[4] == '-') {
    for (const char* day : {"31", "30", "29", "28"}) {
      std::string d = std::string(period) + "-" + day;
      if (IsValidDate(d)) return d;
    }
  }
  return {};
}

int64_t BooksState::CarriedValue(const StockLine& line, int64_t quantity) {
  if (quantity >= line.quantity) return line.value_minor;
  // value * quantity / line quantity, in 128 bits: the product may not fit
  // in 64, the result does (it is below value).
  __extension__ using Wide = __int128;
  return static_cast<int64_t>(static_cast<Wide>(line.value_minor) * quantity / line.quantity);
}

Array BooksState::BalancesThrough(const std::string& through) const {
  Array out;
  const std::string last_month = through.substr(0, 7);
  for (const auto& [fund, natures] : monthly_) {
    for (const auto& [nature, currencies] : natures) {
      for (const auto& [currency, months] : currencies) {
        int64_t sum = 0;
        for (const auto& [month, minor] : months) {
          if (month <= last_month) sum += minor;  // every partial sum is a held balance
        }
        out.push_back(
            Object{{"currency", currency}, {"fund", fund}, {"minor", sum}, {"nature", nature}});
      }
    }
  }
  return out;
}

void BooksState::Post(const std::string& fund, const std::string& nature,
                      const std::string& currency, int64_t minor, const std::string& date) {
  Fund& f = funds_[fund];
  (nature == "goods" ? f.goods : f.cash)[currency] += minor;  // checked: stays within [0, int64]
  monthly_[fund][nature][currency][date.substr(0, 7)] += minor;
}

const std::string* BooksState::ReceiptNumberOf(int64_t donation_seq) const {
  auto it = receipt_of_.find(donation_seq);
  return it == receipt_of_.end() ? nullptr : &it->second;
}

const FactRow* BooksState::FactOf(int64_t seq) const {
  auto it = std::lower_bound(fact_rows_.begin(), fact_rows_.end(), seq,
                             [](const FactRow& f, int64_t s) { return f.seq < s; });
  return it != fact_rows_.end() && it->seq == seq ? &*it : nullptr;
}

uint32_t BooksState::FactFund(const std::string& code) {
  auto [it, added] = fact_fund_index_.emplace(code, static_cast<uint32_t>(fact_funds_.size()));
  if (added) fact_funds_.push_back(code);
  return it->second;
}

uint16_t BooksState::FactCurrency(const std::string& code) {
  for (size_t i = 0; i < fact_currencies_.size(); ++i) {
    if (fact_currencies_[i] == code) return static_cast<uint16_t>(i);
  }
  fact_currencies_.push_back(code);  // ISO 4217 codes: fewer than 65,536
  return static_cast<uint16_t>(fact_currencies_.size() - 1);
}

int64_t BooksState::Held(const std::string& fund, const std::string& nature,
                         const std::string& currency) const {
  auto f = funds_.find(fund);
  if (f == funds_.end()) return 0;
  const auto& held = nature == "goods" ? f->second.goods : f->second.cash;
  auto b = held.find(currency);
  return b == held.end() ? 0 : b->second;
}

std::string BooksState::NextRecipientId() const { return NumberedId('R', recipients_.size()); }
std::string BooksState::NextDonorId() const { return NumberedId('D', donors_.size()); }
std::string BooksState::NextGrantId() const { return NumberedId('G', grants_.size()); }

bool BooksState::IsFundCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32 || code[0] < 'A' || code[0] > 'Z') return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string BooksState::NextReceipt(int year) const {
  auto it = last_receipt_.find(year);
  return FormatReceiptNumber(year, (it == last_receipt_.end() ? 0 : it->second) + 1);
}

std::string_view BooksState::EntryKindOf(const FactRow& f) {
  switch (f.of_kind) {
    case FactKind::kDonation:
      return kinds::kDonationRecorded;
    case FactKind::kGoodsDonation:
      return kinds::kDonationInKind;
    case FactKind::kAidPaid:
      return kinds::kGrantPaid;
    case FactKind::kGoodsHandedOut:
      return kinds::kGoodsHandedOut;
    case FactKind::kTransfer:
      return kinds::kFundTransferred;
    case FactKind::kCost:
      return kinds::kCostRecorded;
    case FactKind::kIncome:
      return kinds::kIncomeRecorded;
    case FactKind::kOpening:
      return kinds::kOpeningRecorded;
    case FactKind::kReversal:
      break;
  }
  return kinds::kEntryReversed;
}

std::string BooksState::DateOf(const FactRow& f) {
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", f.date / 10000, f.date / 100 % 100,
                f.date % 100);
  return date;
}

bool BooksState::IsMovement(const FactRow& f, const Fact& movement) const {
  const std::string counter = CounterFundOf(f);
  return FundOf(f) == movement.fund && counter == movement.counter_fund &&
         NatureOf(f) == movement.nature && CurrencyOf(f) == movement.currency &&
         f.minor == movement.amount_minor && DateOf(f) == movement.business_date;
}

std::string BooksState::CounterFundOf(const FactRow& f) const {
  return f.counter_fund == kNoFund ? std::string() : fact_funds_[f.counter_fund];
}

const FactRow* BooksState::ReversibleFact(int64_t seq) const {
  const FactRow* f = FactOf(seq);
  if (f == nullptr || f->kind == FactKind::kReversal || reversed_.count(seq) != 0) return nullptr;
  return f;
}

const BooksState::FactExtras& BooksState::ExtrasOf(int64_t seq) const {
  static const FactExtras kNone;
  auto it = fact_extras_.find(seq);
  return it == fact_extras_.end() ? kNone : it->second;
}

std::string BooksState::NextClosableMonth() const {
  if (closed_through_.empty()) return "";
  int year = std::stoi(closed_through_.substr(0, 4));
  int month = std::stoi(closed_through_.substr(5, 2)) + 1;
  if (month > 12) {
    month = 1;
    ++year;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year % 10000, month);
  return buf;
}

Status BooksState::CheckClosable(const std::string& period) const {
  const std::string end = PeriodEnd(period);
  if (end.empty()) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
  if (period.size() == 4) {
    // A year closes after its months, or closes those left of it in order.
    const std::string year_before = std::to_string(std::stoi(period) - 1) + "-12-31";
    if (closed_years_.count(period) != 0) {
      return Precondition("the year " + period + " is closed already", "period");
    }
    if (closed_through_ > end) {
      return Precondition("the books are closed through " + closed_through_ + " already", "period");
    }
    if (!closed_through_.empty() && closed_through_ < year_before) {
      return Precondition("periods close in order: the next to close is " + NextClosableMonth(),
                          "period");
    }
    return Status::Ok();
  }
  if (end <= closed_through_) {
    return Precondition("the books are already closed through " + closed_through_, "period");
  }
  if (!closed_through_.empty() && period != NextClosableMonth()) {
    return Precondition("months close in order: the next to close is " + NextClosableMonth(),
                        "period");
  }
  return Status::Ok();
}

Status BooksState::Check(std::string_view kind, const Actor& actor, const Object& payload) const {
  if (kind == kinds::kGenesis) return Status::Ok();
  // Every amount stays within what the reports can add; one entry within the
  // policy's cap (current ledgers).
  int64_t gross = gross_minor_;
  for (const auto& [key, member] : payload.members()) {
    AIDLEDGER_RETURN_IF_ERROR(
        ForEachMoney(member, key, [&](int64_t minor, const std::string& field) -> Status {
          if (minor == INT64_MIN) return InvalidArgument("is out of range", field);
          const int64_t size = minor < 0 ? -minor : minor;
          if (!legacy_forms_ && size > max_entry_minor_) {
            return Status(ErrorCode::kOutOfRange,
                          "is more than one entry may carry: " + std::to_string(max_entry_minor_) +
                              " minor units (" +
                              FormatMoneyForDisplay(Money{"CNY", max_entry_minor_}) +
                              " in yuan); check the amount, or an admin raises the limit (policy "
                              "max_entry_minor)",
                          field);
          }
          if (size > (kGrossLimitMinor - gross) / 2) {
            return Status(ErrorCode::kOutOfRange,
                          "the books' totals would grow beyond what their reports can add", field);
          }
          gross += 2 * size;
          return Status::Ok();
        }));
  }
  if (!legacy_forms_) {
    // The text policy (ledger/books/text_policy.h), for every kind: the chain is
    // for ever.
    for (const auto& [key, member] : payload.members()) {
      AIDLEDGER_RETURN_IF_ERROR(CheckPayloadText(member, key, key));
    }
  }
  const BooksRules::Rule* rule = BooksRules::Find(kind);
  return rule == nullptr ? Status::Ok() : rule->check(*this, actor, payload);
}

Status BooksState::Apply(std::string_view kind, const Actor& actor, const Object& payload) {
  if (kind == kinds::kGenesis && size_ == 0) {
    // Which rules this ledger replays under: its own start.
    const Value* created = payload.Find("created_at");
    legacy_forms_ =
        created != nullptr && created->is_string() && created->as_string() < kCurrentRulesSince;
    ++size_;
    return Status::Ok();
  }
  AIDLEDGER_RETURN_IF_ERROR(Check(kind, actor, payload));
  const BooksRules::Rule* rule = BooksRules::Find(kind);
  if (rule != nullptr) rule->apply(*this, actor, payload);
  gross_minor_ += PayloadGross(payload);  // checked: within kGrossLimitMinor
  ++size_;
  return Status::Ok();
}

}  // namespace aidledger
