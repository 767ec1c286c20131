#include "api/amount_text.h"

#include <cstddef>

namespace aidledger::api {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether `whole` (digits and commas) is 1 to 3 digits, then ",ddd" to its end.
bool GroupedByThousands(std::string_view whole) {
  const size_t first = whole.find(',');
  if (first == 0 || first > 3 || (whole.size() - first) % 4 != 0) return false;
  for (size_t i = 0; i < first; ++i) {
    if (!IsDigit(whole[i])) return false;
  }
  for (size_t i = first; i < whole.size(); i += 4) {
    if (whole[i] != ',' || !IsDigit(whole[i + 1]) || !IsDigit(whole[i + 2]) ||
        !IsDigit(whole[i + 3])) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string AmountAsTyped(std::string_view text) {
  // Full-width forms (U+FF10..U+FF19, U+FF0E, U+FF0C) and spaces first.
  std::string ascii;
  for (size_t i = 0; i < text.size();) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
    if (text[i] == ' ') {
      ++i;
    } else if (i + 3 <= text.size() && byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) {
      i += 3;  // U+3000 ideographic space
    } else if (i + 3 <= text.size() && byte(0) == 0xEF && byte(1) == 0xBC && byte(2) >= 0x90 &&
               byte(2) <= 0x99) {
      ascii += static_cast<char>('0' + (byte(2) - 0x90));
      i += 3;
    } else if (i + 3 <= text.size() && byte(0) == 0xEF && byte(1) == 0xBC &&
               (byte(2) == 0x8E || byte(2) == 0x8C)) {
      ascii += byte(2) == 0x8E ? '.' : ',';
      i += 3;
    } else {
      ascii += text[i++];
    }
  }
  std::string_view s = ascii;
  for (std::string_view sign : {std::string_view("\xC2\xA5"), std::string_view("\xEF\xBF\xA5")}) {
    if (StartsWith(s, sign)) s.remove_prefix(sign.size());
  }
  if (EndsWith(s, "\xE5\x85\x83")) s.remove_suffix(3);  // 元
  const size_t point = s.find('.');
  const std::string_view whole = s.substr(0, point);
  if (whole.find(',') == std::string_view::npos || !GroupedByThousands(whole)) {
    return std::string(s);
  }
  std::string out;
  for (char c : whole) {
    if (c != ',') out += c;
  }
  if (point != std::string_view::npos) out += s.substr(point);
  return out;
}

}  // namespace aidledger::api
