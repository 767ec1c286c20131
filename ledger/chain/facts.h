// Facts: the query index derived from entries (the fact columns of the
// entries table).
//
// A fact is a movement of value (money, or donated goods at their value)
// that reports and lists read by fund, date and currency. Facts are not part
// of the hashed format: they are a pure function of an entry's canonical
// bytes (DeriveFact), written with the entry, and rebuilt and compared by
// verify. Changing the derivation bumps
// kFactsVersion, and a migration rewrites the columns.
#ifndef AIDLEDGER_LEDGER_CHAIN_FACTS_H_
#define AIDLEDGER_LEDGER_CHAIN_FACTS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "ledger/chain/entry.h"

namespace aidledger {

inline constexpr int64_t kFactsVersion = 4;

// The text fields are views into the entry's bytes (the JsonDoc's input) or
// static strings: valid while those bytes are.
struct Fact {
  std::string_view fund;           // fund code, "" when the entry names none
  std::string_view counter_fund;   // a transfer's other fund, "" otherwise
  std::string_view nature;         // "cash" (money) or "goods" (the value of goods)
  std::string_view currency;       // ISO 4217
  int64_t amount_minor = 0;        // signed effect on `fund`; the opposite on counter_fund
  std::string_view business_date;  // YYYY-MM-DD, "" when the entry has none
  bool operator==(const Fact&) const = default;
};

// Version 4 (version 3 and opening.recorded; version 2 before cost.recorded
// and income.recorded): an entry of a
// kind that moves value yields one fact: `amount` ({"currency": "CNY",
// "minor": <int>}) as the signed effect on a fund, with "date" when it is a
// string and a valid date:
//
//   kind               fund      counter_fund    nature            amount
//   donation.recorded  fund      -               cash              amount
//   donation.in_kind   fund      -               goods             amount (the valuation)
//   grant.paid         fund      -               cash              amount (negative)
//   goods.handed_out   fund      -               goods             amount (negative)
//   fund.transferred   from      to              cash              minus amount
//   entry.reversed     fund      counter_fund    payload's nature  amount
//   cost.recorded      fund      -               cash              amount (negative)
//   income.recorded    fund      -               cash              amount
//   opening.recorded   fund      -               cash              amount
//
// Other entries, and entries whose members do not have these types, yield
// none: a grant's proposed amount, say, moves nothing. Reads the parsed
// canonical bytes, so the writer and verify share this one implementation.
std::optional<Fact> DeriveFact(const JsonDoc& doc, const EntryFields& entry);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_FACTS_H_
