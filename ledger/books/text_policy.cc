#include "ledger/books/text_policy.h"

#include <cstdio>
#include <vector>

#include "ledger/base/utf8.h"
#include "ledger/books/personal_record.h"

namespace aidledger {

namespace {

// The code point of the valid sequence of `n` bytes at s[i].
uint32_t CodePoint(std::string_view s, size_t i, size_t n) {
  const auto b = [&](size_t k) {
    return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k]));
  };
  if (n == 1) return b(0);
  if (n == 2) return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
  if (n == 3) return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
  return (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Masked(std::string_view digits, size_t head, size_t tail) {
  if (digits.size() <= head + tail) return std::string(digits.size(), '*');
  return std::string(digits.substr(0, head)) + std::string(digits.size() - head - tail, '*') +
         std::string(digits.substr(digits.size() - tail));
}

bool PassesLuhn(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// A number as written: its digits (and an ID number's final X), whether it
// was written in groups.
struct Number {
  std::string digits;
};

// The numbers in `t` (ASCII digits): each maximal run of digits, and each
// maximal run of groups of 3 to 6 digits joined by one space or hyphen.
std::vector<Number> Numbers(std::string_view t) {
  std::vector<Number> out;
  for (size_t i = 0; i < t.size();) {
    if (!IsDigit(t[i]) || (i > 0 && IsDigit(t[i - 1]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && IsDigit(t[j])) ++j;
    std::string run(t.substr(i, j - i));
    if (j < t.size() && (t[j] == 'X' || t[j] == 'x') && run.size() == 17) run += 'X';
    out.push_back({run});
    // Groups: "6222 0212 3456 7890 123", "138-1234-5678".
    std::string grouped;
    size_t k = i, groups = 0;
    while (k < t.size()) {
      size_t e = k;
      while (e < t.size() && IsDigit(t[e])) ++e;
      const size_t len = e - k;
      if (len < 3 || len > 6) break;
      grouped.append(t.substr(k, len));
      ++groups;
      if (e + 1 < t.size() && (t[e] == ' ' || t[e] == '-') && IsDigit(t[e + 1])) {
        k = e + 1;
      } else {
        break;
      }
    }
    if (groups >= 2) out.push_back({grouped});
    i = j;
  }
  return out;
}

bool IsEmailLocal(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}
bool IsDomainChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-';
}

std::optional<std::string> FindEmail(std::string_view t) {
  for (size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    size_t b = at;
    while (b > 0 && IsEmailLocal(t[b - 1])) --b;
    size_t e = at + 1;
    while (e < t.size() && IsDomainChar(t[e])) ++e;
    const std::string_view local = t.substr(b, at - b);
    std::string_view domain = t.substr(at + 1, e - at - 1);
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) {
      domain.remove_suffix(1);
    }
    const size_t dot = domain.rfind('.');
    if (local.empty() || dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) {
      continue;
    }
    bool letters = true;
    for (char c : domain.substr(dot + 1)) letters = letters && !IsDigit(c) && c != '-';
    if (!letters) continue;
    return "looks like an e-mail address: " + std::string(local.substr(0, 1)) + "***@" +
           std::string(domain);
  }
  return std::nullopt;
}

}  // namespace

size_t CountCharacters(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string NormaliseDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    // U+FF10..U+FF19: EF BC 90..99
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xEF &&
        static_cast<unsigned char>(text[i + 1]) == 0xBC &&
        static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(text[i + 2]) - 0x90));
      i += 3;
    } else {
      out += text[i++];
    }
  }
  return out;
}

Status CheckTextShape(std::string_view text, const TextRule& rule, const std::string& field) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return InvalidArgument("is not valid UTF-8 text", field);
    const uint32_t cp = CodePoint(text, i, n);
    const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
    const bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    if ((control && !(cp == '\n' && rule.multi_line)) || bidi) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", cp);
      return InvalidArgument(std::string(cp == '\n' ? "is one line: no line breaks"
                                                    : "holds a control or direction character") +
                                 " (" + code + ")",
                             field);
    }
    ++chars;
    i += n;
  }
  if (chars < rule.min_chars || chars > rule.max_chars) {
    return InvalidArgument(
        (rule.min_chars > 0 ? "must be text of " + std::to_string(rule.min_chars) + " to "
                            : std::string("text, at most ")) +
            std::to_string(rule.max_chars) + " characters",
        field);
  }
  return Status::Ok();
}

std::optional<std::string> FindPersonalData(std::string_view text) {
  const std::string t = NormaliseDigits(text);
  for (const Number& n : Numbers(t)) {
    const std::string& d = n.digits;
    if (d.size() == 18 && IsValidResidentId(d)) {
      return "looks like a resident ID number: " + Masked(d, 4, 4);
    }
    const bool mobile = d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
    const bool mobile86 =
        d.size() == 13 && d.rfind("86", 0) == 0 && d[2] == '1' && d[3] >= '3' && d[3] <= '9';
    if (mobile || mobile86) {
      const std::string_view m = std::string_view(d).substr(d.size() - 11);
      return "looks like a mobile number: " + Masked(m, 3, 4);
    }
    if (d.size() >= 16 && d.size() <= 19 && d.back() != 'X' && PassesLuhn(d)) {
      return "looks like a bank card number: " + Masked(d, 4, 4);
    }
  }
  return FindEmail(t);
}

Status CheckChainText(std::string_view text, const TextRule& rule, const std::string& field) {
  AIDLEDGER_RETURN_IF_ERROR(CheckTextShape(text, rule, field));
  if (auto found = FindPersonalData(text)) {
    return Status(ErrorCode::kPersonalData,
                  *found +
                      ". Personal data never enters the ledger, which keeps it for "
                      "ever: keep it in the person's record (the vault), which can be "
                      "corrected or erased",
                  field);
  }
  return Status::Ok();
}

}  // namespace aidledger
