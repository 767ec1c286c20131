#include "ledger/base/timestamp.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

TEST(TimestampTest, FormatsUtcWithSixFractionDigits) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(1'764'346'027'661'927), "2025-11-28T16:07:07.661927Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(TimestampTest, ParsesWhatItFormats) {
  for (MicrosSinceEpoch t : {int64_t{0}, int64_t{1}, int64_t{951'782'400'000'000} /*2000-02-29*/,
                             int64_t{253'402'300'799'999'999} /*9999-12-31*/}) {
    auto back = ParseTimestamp(FormatTimestamp(t));
    ASSERT_TRUE(back.has_value()) << t;
    EXPECT_EQ(*back, t);
  }
}

TEST(TimestampTest, RejectsAnythingButTheOneForm) {
  for (const char* bad :
       {"2026-11-28T16:07:07Z", "2026-11-28T16:07:07.66192Z", "2026-11-28 16:07:07.661927Z",
        "2026-11-28T16:07:07.661927+00:00", "2026-02-29T00:00:00.000000Z",
        "2026-13-01T00:00:00.000000Z", "2026-11-28T24:00:00.000000Z", "2026-11-28T23:59:60.000000Z",
        "0000-01-01T00:00:00.000000Z", "2026-1-28T16:07:07.6619271Z", ""}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

TEST(TimestampTest, ValidatesBusinessDates) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2023-02-29"));
  EXPECT_FALSE(IsValidDate("2023-2-1"));
  EXPECT_FALSE(IsValidDate("2023-02-01x"));
}

}  // namespace
}  // namespace aidledger
