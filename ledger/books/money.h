// Money: exact amounts in a currency's minor unit (fen for CNY), int64 with
// every operation overflow-checked. No floating-point type ever holds money.
//
// Amounts cross the API and the command line as decimal strings ("1250.00");
// entries store {"currency": "CNY", "minor": 125000}.
#ifndef AIDLEDGER_LEDGER_BOOKS_MONEY_H_
#define AIDLEDGER_LEDGER_BOOKS_MONEY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/json_value.h"
#include "ledger/base/status.h"

namespace aidledger {

// Digits after the decimal point in ISO 4217 (CNY 2, JPY 0, ...); nullopt for
// a code this build does not know (it refuses amounts in it).
std::optional<int> CurrencyMinorDigits(std::string_view code);

struct Money {
  std::string currency;  // ISO 4217, e.g. "CNY"
  int64_t minor = 0;     // in the currency's minor unit
  bool operator==(const Money&) const = default;
};

enum class AmountSign { kPositive, kNonNegative, kAny };

// "1250", "1250.5", "1250.50" -> 125050 for CNY. Refused, with the field
// named: white space, '+', thousands separators, exponents, a leading or
// trailing '.', leading zeros, more fraction digits than the currency has,
// a sign the rule does not allow, and anything outside int64.
Result<int64_t> ParseAmount(std::string_view text, std::string_view currency,
                            AmountSign sign = AmountSign::kPositive,
                            const std::string& field = "amount");

// 125050 -> "1250.50" (the currency's digits, no grouping).
std::string FormatAmount(int64_t minor, std::string_view currency);
// For people: "¥1,250.00" for CNY, "USD 1,250.00" otherwise.
std::string FormatMoneyForDisplay(const Money& m);

// Overflow-checked arithmetic: kInvalidArgument naming `field` on overflow.
Result<int64_t> AddMinor(int64_t a, int64_t b, const std::string& field = "amount");
Result<int64_t> SubtractMinor(int64_t a, int64_t b, const std::string& field = "amount");

// The amount in Chinese capital numerals as on receipts (yuan, jiao, fen):
// 125000 -> "壹仟贰佰伍拾元整", 300520 -> "叁仟零伍元贰角", 105 -> "壹元零伍分".
// CNY only (the minor unit is the fen).
std::string ChineseCapitalAmount(int64_t fen);

// {"currency": "CNY", "minor": 125000}, the form entries store.
Value MoneyToValue(const Money& m);
Result<Money> MoneyFromValue(const Value& v, const std::string& field = "amount");

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_MONEY_H_
