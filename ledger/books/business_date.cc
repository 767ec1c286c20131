#include "ledger/books/business_date.h"

#include <sys/stat.h>

#include <cstdlib>
#include <ctime>

namespace aidledger {

Status UseTimeZone(const std::string& zone) {
  // A relative path under the zone database: letters, digits, "_+-" and "/",
  // never "..".
  bool ok = !zone.empty() && zone.size() <= 64 && zone.front() != '/' &&
            zone.find("..") == std::string::npos;
  for (char c : zone) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '+' || c == '-' || c == '/');
  }
  if (!ok) return InvalidArgument("not an IANA time zone name", "time_zone");
  const char* dir = std::getenv("TZDIR");
  const std::string file =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo") + "/" + zone;
  struct stat st {};
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status(ErrorCode::kNotFound,
                  "this machine has no time zone " + zone + " (install tzdata)", "time_zone");
  }
  setenv("TZ", (":" + zone).c_str(), 1);
  tzset();
  return Status::Ok();
}

std::string LocalDate(MicrosSinceEpoch now) {
  const auto t = static_cast<std::time_t>(now / 1'000'000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string LatestBusinessDate(MicrosSinceEpoch now) {
  return LocalDate(now + 24LL * 60 * 60 * 1'000'000);
}

Status CheckNotAfter(const std::string& date, const std::string& latest, const std::string& field) {
  if (!IsValidDate(date) || date <= latest) return Status::Ok();
  return InvalidArgument("is in the future: record it once it has happened", field);
}

}  // namespace aidledger
