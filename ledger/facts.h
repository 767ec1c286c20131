// Facts: the query index derived from entries (the entry_facts table).
//
// A fact is a money movement that reports and lists read by fund, date and
// currency. Facts are not part of the hashed format: they are a pure function
// of an entry's canonical bytes (DeriveFacts), written in the same
// transaction as the entry, and rebuilt and compared by verify. Changing the
// derivation bumps kFactsVersion, and the store rebuilds the table.
#ifndef AIDLEDGER_LEDGER_FACTS_H_
#define AIDLEDGER_LEDGER_FACTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "ledger/entry.h"

namespace aidledger {

inline constexpr int64_t kFactsVersion = 1;

// The text fields are views into the entry's bytes (the JsonDoc's input):
// valid while those bytes are.
struct Fact {
  int64_t seq = 0;
  int64_t ordinal = 0;             // 0, 1, ... within the entry
  std::string_view fund;           // fund code, "" when the entry names none
  std::string_view currency;       // ISO 4217
  int64_t amount_minor = 0;        // signed, in the currency's minor unit
  std::string_view business_date;  // YYYY-MM-DD, "" when the entry has none
  bool operator==(const Fact&) const = default;
};

// Version 1: an entry whose payload has "amount": {"currency": "CNY",
// "minor": <int>} yields one fact, with "fund" and "date" taken from the
// payload when they are a string and a valid date. Other entries yield none.
// Reads the parsed canonical bytes, so the writer and verify share this one
// implementation.
// Replaces *out with the entry's facts (reusing its storage).
void DeriveFacts(const JsonDoc& doc, const EntryFields& entry, std::vector<Fact>* out);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_FACTS_H_
