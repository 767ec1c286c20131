#include "ledger/books/money.h"

#include <array>
#include <charconv>

#include "ledger/chain/entry.h"

namespace aidledger {

namespace {

struct CurrencyDigits {
  std::string_view code;
  int digits;
};

// The currencies a team like this meets; more can be added, never changed.
constexpr CurrencyDigits kCurrencies[] = {
    {"AUD", 2}, {"CAD", 2}, {"CHF", 2}, {"CNY", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2},
    {"JPY", 0}, {"KRW", 0}, {"MOP", 2}, {"NZD", 2}, {"SGD", 2}, {"TWD", 2}, {"USD", 2},
};

int64_t Pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

std::optional<int> CurrencyMinorDigits(std::string_view code) {
  for (const auto& c : kCurrencies) {
    if (c.code == code) return c.digits;
  }
  return std::nullopt;
}

Result<int64_t> ParseAmount(std::string_view text, std::string_view currency, AmountSign sign,
                            const std::string& field) {
  const std::optional<int> digits = CurrencyMinorDigits(currency);
  if (!digits) return InvalidArgument("unknown currency " + std::string(currency), field);
  std::string_view s = text;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  const size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto all_digits = [](std::string_view d) {
    for (char c : d) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(frac) ||
      (dot != std::string_view::npos && frac.empty())) {
    return InvalidArgument("a decimal number like 1250.00 (digits, at most one '.')", field);
  }
  if (whole.size() > 1 && whole[0] == '0') return InvalidArgument("leading zeros", field);
  if (frac.size() > static_cast<size_t>(*digits)) {
    return InvalidArgument(
        std::string(currency) + " has " + std::to_string(*digits) + " digits after the point",
        field);
  }
  int64_t units = 0, minor = 0;
  auto [p1, e1] = std::from_chars(whole.data(), whole.data() + whole.size(), units);
  if (e1 != std::errc() || p1 != whole.data() + whole.size()) {
    return InvalidArgument("too large", field);
  }
  int64_t frac_value = 0;
  if (!frac.empty()) std::from_chars(frac.data(), frac.data() + frac.size(), frac_value);
  frac_value *= Pow10(*digits - static_cast<int>(frac.size()));
  if (__builtin_mul_overflow(units, Pow10(*digits), &minor) ||
      __builtin_add_overflow(minor, frac_value, &minor)) {
    return InvalidArgument("too large", field);
  }
  if (negative) minor = -minor;
  if (sign == AmountSign::kPositive && minor <= 0)
    return InvalidArgument("must be more than zero", field);
  if (sign == AmountSign::kNonNegative && minor < 0)
    return InvalidArgument("must not be negative", field);
  if (negative && minor == 0) return InvalidArgument("-0 is not an amount", field);
  return minor;
}

std::string FormatAmount(int64_t minor, std::string_view currency) {
  const auto digits = static_cast<size_t>(CurrencyMinorDigits(currency).value_or(2));
  const bool negative = minor < 0;
  // Unsigned so that INT64_MIN formats too. Built by appending (no insert):
  // GCC 12 at -O3 warns falsely about std::string::insert (-Wrestrict).
  const uint64_t v = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string number = std::to_string(v);
  if (number.size() <= digits) number = std::string(digits + 1 - number.size(), '0') + number;
  std::string out = negative ? "-" : "";
  out.append(number, 0, number.size() - digits);
  if (digits > 0) {
    out += '.';
    out.append(number, number.size() - digits, digits);
  }
  return out;
}

std::string FormatMoneyForDisplay(const Money& m) {
  const std::string plain = FormatAmount(m.minor, m.currency);
  const bool negative = !plain.empty() && plain[0] == '-';
  const std::string_view unsigned_part = std::string_view(plain).substr(negative ? 1 : 0);
  const size_t dot = unsigned_part.find('.');
  const size_t int_len = dot == std::string_view::npos ? unsigned_part.size() : dot;
  std::string out = negative ? "-" : "";
  out += m.currency == "CNY" ? "¥" : m.currency + " ";
  for (size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out += ',';
    out += unsigned_part[i];
  }
  out.append(unsigned_part.substr(int_len));
  return out;
}

Result<int64_t> AddMinor(int64_t a, int64_t b, const std::string& field) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return InvalidArgument("the sum overflows", field);
  return out;
}

Result<int64_t> SubtractMinor(int64_t a, int64_t b, const std::string& field) {
  int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out)) return InvalidArgument("the difference overflows", field);
  return out;
}

std::string ChineseCapitalAmount(int64_t fen) {
  static constexpr std::array<const char*, 10> kDigit = {"零", "壹", "贰", "叁", "肆",
                                                         "伍", "陆", "柒", "捌", "玖"};
  static constexpr std::array<const char*, 4> kUnit = {"", "拾", "佰", "仟"};
  static constexpr std::array<const char*, 5> kGroup = {"", "万", "亿", "万亿", "亿亿"};
  std::string out = fen < 0 ? "负" : "";
  const uint64_t v = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  uint64_t yuan = v / 100;
  const auto jiao = static_cast<int>(v / 10 % 10);
  const auto cents = static_cast<int>(v % 10);

  // Yuan, in groups of four digits from the highest; one 零 stands for any
  // run of zeros between non-zero digits.
  std::array<int, 20> groups{};
  int ngroups = 0;
  for (uint64_t y = yuan; y > 0; y /= 10000)
    groups[static_cast<size_t>(ngroups++)] = static_cast<int>(y % 10000);
  bool written = false, zero_pending = false;
  for (int g = ngroups - 1; g >= 0; --g) {
    const int group = groups[static_cast<size_t>(g)];
    if (group == 0) {
      zero_pending = written;
      continue;
    }
    for (int pos = 3; pos >= 0; --pos) {
      int d = group;
      for (int k = 0; k < pos; ++k) d /= 10;
      d %= 10;
      if (d == 0) {
        zero_pending = written;
        continue;
      }
      if (zero_pending) out += kDigit[0];
      out += kDigit[static_cast<size_t>(d)];
      out += kUnit[static_cast<size_t>(pos)];
      written = true;
      zero_pending = false;
    }
    out += kGroup[static_cast<size_t>(g)];
  }
  if (written) out += "元";
  if (jiao == 0 && cents == 0) return written ? out + "整" : out + "零元整";
  if (jiao != 0) {
    out += std::string(kDigit[static_cast<size_t>(jiao)]) + "角";
  } else if (written) {
    out += kDigit[0];  // 壹元零伍分
  }
  if (cents != 0) out += std::string(kDigit[static_cast<size_t>(cents)]) + "分";
  return out;
}

Value MoneyToValue(const Money& m) { return Object{{"currency", m.currency}, {"minor", m.minor}}; }

Result<Money> MoneyFromValue(const Value& v, const std::string& field) {
  const Value* currency = v.is_object() ? v.as_object().Find("currency") : nullptr;
  const Value* minor = v.is_object() ? v.as_object().Find("minor") : nullptr;
  if (currency == nullptr || !currency->is_string() || minor == nullptr || !minor->is_int() ||
      v.as_object().size() != 2) {
    return InvalidArgument("must be {\"currency\": CODE, \"minor\": integer}", field);
  }
  if (!CurrencyMinorDigits(currency->as_string())) {
    return InvalidArgument("unknown currency " + currency->as_string(), field + ".currency");
  }
  return Money{currency->as_string(), minor->as_int()};
}

}  // namespace aidledger
