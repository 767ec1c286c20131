// Facts: the query index derived from entries (the fact columns of the
// entries table).
//
// A fact is a money movement that reports and lists read by fund, date and
// currency. Facts are not part of the hashed format: they are a pure function
// of an entry's canonical bytes (DeriveFact), written with the entry, and
// rebuilt and compared by verify. Changing the derivation bumps
// kFactsVersion, and a migration rewrites the columns.
#ifndef AIDLEDGER_LEDGER_FACTS_H_
#define AIDLEDGER_LEDGER_FACTS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "ledger/entry.h"

namespace aidledger {

inline constexpr int64_t kFactsVersion = 1;

// The kinds whose "amount" is a movement of money in "fund".
inline constexpr std::string_view kMoneyKinds[] = {"donation.recorded", "entry.reversed",
                                                   "grant.paid"};

// The text fields are views into the entry's bytes (the JsonDoc's input):
// valid while those bytes are.
struct Fact {
  std::string_view fund;           // fund code, "" when the entry names none
  std::string_view currency;       // ISO 4217
  int64_t amount_minor = 0;        // signed, in the currency's minor unit
  std::string_view business_date;  // YYYY-MM-DD, "" when the entry has none
  bool operator==(const Fact&) const = default;
};

// Version 1: an entry of a kind that moves money (kMoneyKinds) whose payload
// has "amount": {"currency": "CNY", "minor": <int>} yields one fact: the
// amount as it is (its sign is its effect on the fund), with "fund" and
// "date" taken from the payload when they are a string and a valid date.
// Other entries yield none: a grant's proposed amount, say, moves nothing.
// Reads the parsed canonical bytes, so the writer and verify share this one
// implementation. (A later version that needs several facts per entry adds
// a table for them.)
std::optional<Fact> DeriveFact(const JsonDoc& doc, const EntryFields& entry);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_FACTS_H_
