#include "ledger/books/business_date.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "ledger/base/timestamp.h"

namespace aidledger::api {
namespace {

// Puts the process's TZ back as it was: the zone is process-wide.
class TimeZoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) saved_ = tz;
  }
  void TearDown() override {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> saved_;
};

// 2026-11-28T20:00:00Z: Saturday evening in London, Sunday morning in
// Beijing.
constexpr MicrosSinceEpoch kSaturdayEveningUtc = 1'795'896'000LL * 1'000'000;

TEST_F(TimeZoneTest, LocalDatesAreTheLedgersZone) {
  ASSERT_TRUE(UseTimeZone("UTC").ok());
  EXPECT_EQ(LocalDate(kSaturdayEveningUtc), "2026-11-28");
  ASSERT_TRUE(UseTimeZone("Asia/Shanghai").ok());
  EXPECT_EQ(LocalDate(kSaturdayEveningUtc), "2026-11-29");
  EXPECT_EQ(LatestBusinessDate(kSaturdayEveningUtc), "2026-11-30");
  ASSERT_TRUE(UseTimeZone("Etc/GMT+12").ok());  // twelve hours behind UTC
  EXPECT_EQ(LocalDate(kSaturdayEveningUtc), "2026-11-28");
}

TEST_F(TimeZoneTest, AZoneThisMachineLacksLeavesTheZoneAsItWas) {
  ASSERT_TRUE(UseTimeZone("Asia/Shanghai").ok());
  const Status missing = UseTimeZone("Mars/Olympus_Mons");
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.field(), "time_zone");
  EXPECT_EQ(LocalDate(kSaturdayEveningUtc), "2026-11-29");
}

TEST_F(TimeZoneTest, RefusesNamesThatAreNotZones) {
  for (const char* bad :
       {"", "../../etc/passwd", "/etc/localtime", "Asia/Shang hai", "Asia/../../../etc/passwd"}) {
    EXPECT_EQ(UseTimeZone(bad).code(), ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(BusinessDateTest, RefusesOnlyValidDatesAfterTheLatest) {
  EXPECT_TRUE(CheckNotAfter("2026-11-30", "2026-11-30", "date").ok());
  EXPECT_TRUE(CheckNotAfter("2026-01-01", "2026-11-30", "date").ok());
  EXPECT_TRUE(CheckNotAfter("not a date", "2026-11-30", "date").ok()) << "the books check form";
  const Status late = CheckNotAfter("2026-12-01", "2026-11-30", "paid_on");
  EXPECT_EQ(late.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(late.field(), "paid_on");
}

}  // namespace
}  // namespace aidledger::api
