#include "api/metrics.h"

#include <gtest/gtest.h>

#include <string>

namespace aidledger::api {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

// A scraper reads the ledger's size exactly, not rounded to six digits.
TEST(MetricsTest, LargeValuesAreWrittenExactly) {
  Metrics m;
  m.SetGauge("aidledger_ledger_entries", "entries", 1102942);
  m.SetGauge("big", "the largest double that holds every integer below it", 9007199254740992.0);
  m.SetGauge("fraction", "a fraction", 0.1);
  const std::string text = m.Text();
  EXPECT_TRUE(Has(text, "aidledger_ledger_entries 1102942")) << text;
  EXPECT_TRUE(Has(text, "big 9007199254740992")) << text;
  EXPECT_TRUE(Has(text, "fraction 0.1")) << text;
}

TEST(MetricsTest, CountersAndGaugesAreTypedAndBucketsCountEveryFasterRequest) {
  Metrics m;
  m.SetCounter("aidledger_commits_total", "commits", 7);
  m.SetGauge("aidledger_last_verify_ok", "ok", 1);
  m.Observe("/api/v1/funds", 200, 0.00390625);  // 2^-8: sums exactly
  m.Observe("/api/v1/funds", 200, 0.1875);
  m.Observe("", 404, 2.0);
  const std::string text = m.Text();
  EXPECT_TRUE(Has(text, "# TYPE aidledger_commits_total counter")) << text;
  EXPECT_TRUE(Has(text, "# TYPE aidledger_last_verify_ok gauge")) << text;
  EXPECT_TRUE(Has(text, "aidledger_http_requests_total{route=\"/api/v1/funds\",status=\"200\"} 2"));
  EXPECT_TRUE(Has(text, "aidledger_http_requests_total{route=\"unmatched\",status=\"404\"} 1"));
  EXPECT_TRUE(Has(text, "aidledger_http_request_duration_seconds_bucket{le=\"0.0025\"} 0")) << text;
  EXPECT_TRUE(Has(text, "aidledger_http_request_duration_seconds_bucket{le=\"0.005\"} 1")) << text;
  EXPECT_TRUE(Has(text, "aidledger_http_request_duration_seconds_bucket{le=\"0.25\"} 2")) << text;
  EXPECT_TRUE(Has(text, "aidledger_http_request_duration_seconds_bucket{le=\"+Inf\"} 3")) << text;
  EXPECT_TRUE(Has(text, "aidledger_http_request_duration_seconds_sum 2.19140625")) << text;
}

}  // namespace
}  // namespace aidledger::api
