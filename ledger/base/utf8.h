// UTF-8 validation shared by the JSON parsers.
#ifndef AIDLEDGER_LEDGER_BASE_UTF8_H_
#define AIDLEDGER_LEDGER_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace aidledger {

// Length of the UTF-8 sequence at s[i], or 0 if it is not the encoding of a
// Unicode scalar value (overlong forms, surrogates and values above U+10FFFF
// fail, as does a sequence cut short by the end of s).
// Inline: it runs for every non-ASCII character that verify reads.
inline size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;   // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool IsValidUtf8(std::string_view s);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_UTF8_H_
