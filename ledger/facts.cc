#include "ledger/facts.h"

namespace aidledger {

std::vector<Fact> DeriveFacts(const Entry& entry) {
  std::vector<Fact> facts;
  const Value* amount = entry.payload.Find("amount");
  if (amount == nullptr || !amount->is_object()) return facts;
  const Value* currency = amount->as_object().Find("currency");
  const Value* minor = amount->as_object().Find("minor");
  if (currency == nullptr || !currency->is_string() || !IsValidCurrencyCode(currency->as_string()) ||
      minor == nullptr || !minor->is_int()) {
    return facts;
  }
  Fact f;
  f.seq = entry.seq;
  f.currency = currency->as_string();
  f.amount_minor = minor->as_int();
  if (const Value* fund = entry.payload.Find("fund"); fund != nullptr && fund->is_string()) {
    f.fund = fund->as_string();
  }
  if (const Value* date = entry.payload.Find("date");
      date != nullptr && date->is_string() && IsValidDate(date->as_string())) {
    f.business_date = date->as_string();
  }
  facts.push_back(std::move(f));
  return facts;
}

}  // namespace aidledger
