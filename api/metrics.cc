#include "api/metrics.h"

#include <cstdio>
#include <cstdlib>

namespace aidledger::api {

namespace {
// Exact: a ledger of 1,102,942 entries is "1102942", not "1.10294e+06".
// Fifteen digits when they give the same double back, else seventeen.
std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
// Label values: backslash, quote and newline escaped (Prometheus text format).
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::Observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route.empty() ? "unmatched" : route, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++buckets_[i];
  }
  ++count_;
  sum_ += seconds;
}

void Metrics::SetGauge(const std::string& name, const std::string& help, double value) {
  std::lock_guard lock(mu_);
  gauges_[name] = {help, value, false};
}

void Metrics::SetCounter(const std::string& name, const std::string& help, double value) {
  std::lock_guard lock(mu_);
  gauges_[name] = {help, value, true};
}

std::string Metrics::Text() const {
  std::lock_guard lock(mu_);
  std::string out =
      "# HELP aidledger_http_requests_total HTTP requests by route and status.\n"
      "# TYPE aidledger_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "aidledger_http_requests_total{route=\"" + Label(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP aidledger_http_request_duration_seconds Time to answer a request.\n"
      "# TYPE aidledger_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out += "aidledger_http_request_duration_seconds_bucket{le=\"" + Number(kBuckets[i]) + "\"} " +
           std::to_string(buckets_[i]) + "\n";
  }
  out += "aidledger_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(count_) +
         "\n";
  out += "aidledger_http_request_duration_seconds_sum " + Number(sum_) + "\n";
  out += "aidledger_http_request_duration_seconds_count " + std::to_string(count_) + "\n";
  for (const auto& [name, g] : gauges_) {
    out.append("# HELP ").append(name).append(" ").append(g.help);
    out.append("\n# TYPE ").append(name).append(g.counter ? " counter\n" : " gauge\n");
    out.append(name).append(" ").append(Number(g.value)).append("\n");
  }
  return out;
}

}  // namespace aidledger::api
