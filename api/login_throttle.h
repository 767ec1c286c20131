// LoginThrottle: growing delays for wrong passwords, per user name and
// client address together, and per client address alone (a visitor trying
// many names). Unlike a lock on the account, it never keeps the real user
// out from their own machine: a visitor elsewhere slows only themselves.
//
// An attempt is counted as it starts (Admit), not when its password check
// ends, so attempts sent in parallel cannot slip past the count; a success
// takes back what it was counted (Succeeded). In memory: a restart forgets
// the counts, which the delays (minutes, not days) allow.
#ifndef AIDLEDGER_API_LOGIN_THROTTLE_H_
#define AIDLEDGER_API_LOGIN_THROTTLE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "ledger/base/timestamp.h"

namespace aidledger::api {

// How many failures pass before delays start, and how the delays grow.
struct LoginThrottlePolicy {
  int free_per_user = 3;                   // failures per (name, address) before the first delay
  int free_per_address = 20;               // failures per address, across names
  int64_t first_delay_micros = 1'000'000;  // then doubling
  int64_t max_delay_micros = 15LL * 60 * 1'000'000;
  int64_t forget_after_micros = 60LL * 60 * 1'000'000;  // a quiet hour clears the counts
  size_t max_entries = 100'000;                         // beyond this the oldest are forgotten
};

class LoginThrottle {
 public:
  using Policy = LoginThrottlePolicy;
  explicit LoginThrottle(Clock* clock, Policy policy = {});

  // Whether an attempt for `name` from `address` may be checked now. If so
  // it is counted as a failure until Succeeded; if not, how long to wait
  // (the same answer whether or not the name exists).
  std::optional<int64_t> Admit(const std::string& name, const std::string& address);
  void Succeeded(const std::string& name, const std::string& address);

 private:
  struct Count {
    int failures = 0;
    MicrosSinceEpoch next_allowed = 0;
    MicrosSinceEpoch last = 0;
  };
  int64_t Delay(int failures, int free) const;
  void Forget(MicrosSinceEpoch now);

  Clock* clock_;
  Policy policy_;
  std::mutex mu_;
  std::map<std::string, Count> counts_;  // "u\nNAME\nADDRESS" or "a\nADDRESS"
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_LOGIN_THROTTLE_H_
