#include "api/login_throttle.h"

#include <algorithm>

namespace aidledger::api {

LoginThrottle::LoginThrottle(Clock* clock, Policy policy) : clock_(clock), policy_(policy) {}

int64_t LoginThrottle::Delay(int failures, int free) const {
  if (failures <= free) return 0;
  const int doublings = std::min(failures - free - 1, 30);
  return std::min(policy_.first_delay_micros << doublings, policy_.max_delay_micros);
}

void LoginThrottle::Forget(MicrosSinceEpoch now) {
  for (auto it = counts_.begin(); it != counts_.end();) {
    it = now - it->second.last > policy_.forget_after_micros ? counts_.erase(it) : std::next(it);
  }
  while (counts_.size() > policy_.max_entries) {
    auto oldest = std::min_element(
        counts_.begin(), counts_.end(),
        [](const auto& a, const auto& b) { return a.second.last < b.second.last; });
    counts_.erase(oldest);
  }
}

std::optional<int64_t> LoginThrottle::Admit(const std::string& name, const std::string& address) {
  const MicrosSinceEpoch now = clock_->Now();
  std::lock_guard lock(mu_);
  if (counts_.size() >= policy_.max_entries) Forget(now);
  Count& user = counts_["u\n" + name + "\n" + address];
  Count& from = counts_["a\n" + address];
  for (Count* c : {&user, &from}) {
    if (c->failures > 0 && now - c->last > policy_.forget_after_micros) *c = Count{};
  }
  const MicrosSinceEpoch allowed = std::max(user.next_allowed, from.next_allowed);
  if (now < allowed) return allowed - now;
  ++user.failures;
  ++from.failures;
  user.last = from.last = now;
  user.next_allowed = now + Delay(user.failures, policy_.free_per_user);
  from.next_allowed = now + Delay(from.failures, policy_.free_per_address);
  return std::nullopt;
}

void LoginThrottle::Succeeded(const std::string& name, const std::string& address) {
  std::lock_guard lock(mu_);
  counts_.erase("u\n" + name + "\n" + address);
  auto from = counts_.find("a\n" + address);
  if (from != counts_.end() && from->second.failures > 0) {
    --from->second.failures;
    from->second.next_allowed =
        from->second.last + Delay(from->second.failures, policy_.free_per_address);
  }
}

}  // namespace aidledger::api
