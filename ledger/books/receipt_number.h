// Receipt numbers: "YYYY-NNNNNN", a gap-free series per year. The number is
// zero-padded to six digits and grows past them ("2026-1000000"); every
// number FormatReceiptNumber makes, ParseReceiptNumber reads back.
#ifndef AIDLEDGER_LEDGER_BOOKS_RECEIPT_NUMBER_H_
#define AIDLEDGER_LEDGER_BOOKS_RECEIPT_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aidledger {

struct ReceiptNumber {
  int year = 0;        // 1..9999, the gift's year
  int64_t number = 0;  // 1.., the year's series
};

// Requires 1 <= year <= 9999 and number >= 1.
std::string FormatReceiptNumber(int year, int64_t number);

// nullopt unless `text` is a four-digit year from 0001, '-', and a number of
// six to fifteen digits that is at least 1.
std::optional<ReceiptNumber> ParseReceiptNumber(std::string_view text);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_RECEIPT_NUMBER_H_
