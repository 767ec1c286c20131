#include "api/business_date.h"

#include <ctime>

namespace aidledger::api {

std::string LatestBusinessDate(MicrosSinceEpoch now) {
  const auto t = static_cast<std::time_t>(now / 1'000'000 + 24 * 60 * 60);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Status CheckNotAfter(const std::string& date, const std::string& latest, const std::string& field) {
  if (!IsValidDate(date) || date <= latest) return Status::Ok();
  return InvalidArgument("is in the future: record it once it has happened", field);
}

}  // namespace aidledger::api
