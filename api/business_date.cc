#include "api/business_date.h"

#include <ctime>

namespace aidledger::api {

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

}  // namespace aidledger::api
