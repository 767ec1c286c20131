// Growing delays for wrong passwords, per name and address and per address.
#include "api/login_throttle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/test_util.h"

namespace aidledger::api {
namespace {

using testing::FakeClock;

TEST(LoginThrottleTest, DelaysGrowAfterAFewFailuresAndASuccessClearsThem) {
  FakeClock clock(1'790'000'000'000'000);
  LoginThrottle throttle(&clock);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(throttle.Admit("admin", "10.0.0.9").has_value());
  // The fourth is admitted; after it, a second's wait, then two, four...
  EXPECT_FALSE(throttle.Admit("admin", "10.0.0.9").has_value());
  auto wait = throttle.Admit("admin", "10.0.0.9");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 1'000'000);
  clock.Advance(1'000'000);
  EXPECT_FALSE(throttle.Admit("admin", "10.0.0.9").has_value());
  wait = throttle.Admit("admin", "10.0.0.9");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 2'000'000);
  // The real admin, at their own machine, is not held up by the visitor.
  EXPECT_FALSE(throttle.Admit("admin", "192.168.1.20").has_value());
  throttle.Succeeded("admin", "192.168.1.20");
  // A success clears the name's count from that address.
  clock.Advance(2'000'000);
  EXPECT_FALSE(throttle.Admit("admin", "10.0.0.9").has_value());
  throttle.Succeeded("admin", "10.0.0.9");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(throttle.Admit("admin", "10.0.0.9").has_value());
}

TEST(LoginThrottleTest, DelaysAreCappedAndForgottenAfterAQuietHour) {
  FakeClock clock(1'790'000'000'000'000);
  LoginThrottle throttle(&clock);
  int64_t longest = 0;
  for (int i = 0; i < 40; ++i) {
    auto wait = throttle.Admit("li", "10.0.0.9");
    if (wait) {
      longest = std::max(longest, *wait);
      clock.Advance(*wait);
    }
  }
  EXPECT_EQ(longest, 15LL * 60 * 1'000'000);
  clock.Advance(61LL * 60 * 1'000'000);
  EXPECT_FALSE(throttle.Admit("li", "10.0.0.9").has_value());
}

TEST(LoginThrottleTest, AnAddressTryingManyNamesIsSlowedToo) {
  FakeClock clock(1'790'000'000'000'000);
  LoginThrottle throttle(&clock);
  int admitted = 0;
  for (int i = 0; i < 30; ++i) {
    if (!throttle.Admit("user" + std::to_string(i), "10.0.0.9")) ++admitted;
  }
  EXPECT_EQ(admitted, 21);  // 20 free failures, then the address waits
  EXPECT_FALSE(throttle.Admit("someone", "10.0.0.10").has_value());
}

// Counted as they start: forty guesses at once get no more checks than
// forty in a row.
TEST(LoginThrottleTest, ParallelAttemptsCannotSlipPastTheCount) {
  FakeClock clock(1'790'000'000'000'000);
  LoginThrottle throttle(&clock);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&] {
      if (!throttle.Admit("admin", "10.0.0.9")) admitted.fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 4);
}

}  // namespace
}  // namespace aidledger::api
