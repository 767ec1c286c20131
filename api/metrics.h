// Metrics: what /metrics exposes in the Prometheus text format: requests by
// route and status, a latency histogram, and gauges the service sets
// (ledger size, age of the last checkpoint, result of the last verify).
// Thread-safe.
#ifndef AIDLEDGER_API_METRICS_H_
#define AIDLEDGER_API_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace aidledger::api {

class Metrics {
 public:
  void Observe(const std::string& route, int status, double seconds);
  void SetGauge(const std::string& name, const std::string& help, double value);
  // A value that only grows (its name ends in _total), kept by the caller.
  void SetCounter(const std::string& name, const std::string& help, double value);
  std::string Text() const;

  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size()> buckets_{};
  uint64_t count_ = 0;
  double sum_ = 0;
  struct Value {
    std::string help;
    double value = 0;
    bool counter = false;
  };
  std::map<std::string, Value> gauges_;  // and counters the caller keeps
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_METRICS_H_
