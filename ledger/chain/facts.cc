#include "ledger/chain/facts.h"

#include <limits>

#include "ledger/chain/kinds.h"

namespace aidledger {

namespace {

struct FactRule {
  std::string_view kind;
  std::string_view fund_key;
  std::string_view counter_key;  // "" when none
  std::string_view nature;       // "" when the payload's "nature" says
  bool negate;
};

constexpr FactRule kFactRules[] = {
    {kinds::kDonationRecorded, "fund", "", "cash", false},
    {kinds::kDonationInKind, "fund", "", "goods", false},
    {kinds::kGrantPaid, "fund", "", "cash", false},
    {kinds::kGoodsHandedOut, "fund", "", "goods", false},
    {kinds::kFundTransferred, "from", "to", "cash", true},
    {kinds::kEntryReversed, "fund", "counter_fund", "", false},
    {kinds::kCostRecorded, "fund", "", "cash", false},
    {kinds::kIncomeRecorded, "fund", "", "cash", false},
    {kinds::kOpeningRecorded, "fund", "", "cash", false},
};

}  // namespace

std::optional<Fact> DeriveFact(const JsonDoc& doc, const EntryFields& entry) {
  using Kind = JsonDoc::Kind;
  const FactRule* rule = nullptr;
  for (const FactRule& r : kFactRules) {
    if (entry.kind == r.kind) rule = &r;
  }
  if (rule == nullptr) return std::nullopt;
  const auto text = [&](std::string_view key) -> std::optional<std::string_view> {
    const uint32_t n = doc.Find(entry.payload, key);
    if (n == JsonDoc::kNone || doc.node(n).kind != Kind::kString) return std::nullopt;
    return doc.String(n);
  };
  const uint32_t amount = doc.Find(entry.payload, "amount");
  if (amount == JsonDoc::kNone) return std::nullopt;
  const uint32_t currency = doc.Find(amount, "currency");
  const uint32_t minor = doc.Find(amount, "minor");
  if (currency == JsonDoc::kNone || doc.node(currency).kind != Kind::kString ||
      !IsValidCurrencyCode(doc.String(currency)) || minor == JsonDoc::kNone ||
      doc.node(minor).kind != Kind::kInt) {
    return std::nullopt;
  }
  Fact f;
  if (rule->nature.empty()) {
    auto nature = text("nature");
    if (!nature || (*nature != "cash" && *nature != "goods")) return std::nullopt;
    f.nature = *nature == "cash" ? std::string_view("cash") : std::string_view("goods");
  } else {
    f.nature = rule->nature;
  }
  f.currency = doc.String(currency);
  f.amount_minor = doc.node(minor).int_value;
  if (rule->negate) {
    if (f.amount_minor == std::numeric_limits<int64_t>::min()) return std::nullopt;
    f.amount_minor = -f.amount_minor;
  }
  f.fund = text(rule->fund_key).value_or("");
  if (!rule->counter_key.empty()) f.counter_fund = text(rule->counter_key).value_or("");
  if (auto date = text("date"); date && IsValidDate(*date)) f.business_date = *date;
  return f;
}

}  // namespace aidledger
