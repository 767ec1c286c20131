#include "ledger/timestamp.h"

#include <chrono>
#include <cstdio>

namespace aidledger {

namespace {
constexpr int64_t kMicrosPerDay = 86'400'000'000;

bool Digits(std::string_view s, size_t at, size_t n, int* out) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

std::optional<std::chrono::sys_days> ParseDateAt(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y),
                                        std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (y < 1 || !ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}
}  // namespace

std::string FormatTimestamp(MicrosSinceEpoch t) {
  int64_t days = t / kMicrosPerDay;
  int64_t rem = t % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days(std::chrono::days(days))};
  const int64_t secs = rem / 1'000'000;
  const int64_t micros = rem % 1'000'000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(secs / 3600),
                static_cast<long long>((secs / 60) % 60), static_cast<long long>(secs % 60),
                static_cast<long long>(micros));
  return buf;
}

std::optional<MicrosSinceEpoch> ParseTimestamp(std::string_view s) {
  if (s.size() != 27 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' ||
      s[26] != 'Z') {
    return std::nullopt;
  }
  auto day = ParseDateAt(s);
  int hh = 0, mm = 0, ss = 0, us = 0;
  if (!day || !Digits(s, 11, 2, &hh) || !Digits(s, 14, 2, &mm) || !Digits(s, 17, 2, &ss) ||
      !Digits(s, 20, 6, &us)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  const int64_t days = day->time_since_epoch().count();
  return days * kMicrosPerDay + ((hh * 60 + mm) * 60 + ss) * int64_t{1'000'000} + us;
}

bool IsValidDate(std::string_view text) {
  return text.size() == 10 && ParseDateAt(text).has_value();
}

MicrosSinceEpoch SystemClock::Now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace aidledger
