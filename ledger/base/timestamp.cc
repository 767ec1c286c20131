#include "ledger/base/timestamp.h"

#include <chrono>

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

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil); the chrono calendar types are slower on verify's path.
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

// Parses "YYYY-MM-DD" at the start of s into days since the epoch.
std::optional<int64_t> ParseDateAt(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return std::nullopt;
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > kMonthDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}
}  // namespace

std::string FormatTimestamp(MicrosSinceEpoch t) {
  int64_t days = t / kMicrosPerDay;
  int64_t rem = t % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(days))};
  const int64_t secs = rem / 1'000'000;
  // Written by hand: this runs for every entry that verify reads.
  std::string out = "0000-00-00T00:00:00.000000Z";
  auto put = [&out](size_t at, size_t width, int64_t v) {
    for (size_t i = 0; i < width; ++i) {
      out[at + width - 1 - i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  const int year = static_cast<int>(ymd.year());
  if (year < 1 || year > 9999) return "out-of-range";
  put(0, 4, year);
  put(5, 2, static_cast<unsigned>(ymd.month()));
  put(8, 2, static_cast<unsigned>(ymd.day()));
  put(11, 2, secs / 3600);
  put(14, 2, (secs / 60) % 60);
  put(17, 2, secs % 60);
  put(20, 6, rem % 1'000'000);
  return out;
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
  return *day * kMicrosPerDay + ((hh * 60 + mm) * 60 + ss) * int64_t{1'000'000} + us;
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
