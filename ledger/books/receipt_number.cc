#include "ledger/books/receipt_number.h"

#include <cassert>
#include <charconv>
#include <cstdio>

namespace aidledger {

std::string FormatReceiptNumber(int year, int64_t number) {
  assert(year >= 1 && year <= 9999 && number >= 1);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%06lld", year, static_cast<long long>(number));
  return buf;
}

std::optional<ReceiptNumber> ParseReceiptNumber(std::string_view text) {
  if (text.size() < 11 || text.size() > 20 || text[4] != '-') return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && (text[i] < '0' || text[i] > '9')) return std::nullopt;
  }
  ReceiptNumber r;
  const char* end = text.data() + text.size();
  auto [year_end, year_error] = std::from_chars(text.data(), text.data() + 4, r.year);
  auto [number_end, number_error] = std::from_chars(text.data() + 5, end, r.number);
  if (year_error != std::errc() || number_error != std::errc() || year_end != text.data() + 4 ||
      number_end != end || r.year < 1 || r.number < 1) {
    return std::nullopt;
  }
  return r;
}

}  // namespace aidledger
