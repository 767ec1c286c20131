#include "ledger/facts.h"

namespace aidledger {

std::optional<Fact> DeriveFact(const JsonDoc& doc, const EntryFields& entry) {
  using Kind = JsonDoc::Kind;
  bool moves_money = false;
  for (std::string_view k : kMoneyKinds) moves_money = moves_money || entry.kind == k;
  if (!moves_money) return std::nullopt;
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
  f.currency = doc.String(currency);
  f.amount_minor = doc.node(minor).int_value;
  if (const uint32_t fund = doc.Find(entry.payload, "fund");
      fund != JsonDoc::kNone && doc.node(fund).kind == Kind::kString) {
    f.fund = doc.String(fund);
  }
  if (const uint32_t date = doc.Find(entry.payload, "date"); date != JsonDoc::kNone &&
                                                             doc.node(date).kind == Kind::kString &&
                                                             IsValidDate(doc.String(date))) {
    f.business_date = doc.String(date);
  }
  return f;
}

}  // namespace aidledger
