#include "ledger/books/receipt_number.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace aidledger {
namespace {

TEST(ReceiptNumberTest, NumbersArePaddedToSixDigits) {
  EXPECT_EQ(FormatReceiptNumber(2026, 1), "2026-000001");
  EXPECT_EQ(FormatReceiptNumber(2026, 999999), "2026-999999");
  EXPECT_EQ(FormatReceiptNumber(987, 12), "0987-000012");
}

// A series that outgrows six digits keeps counting: the millionth receipt of
// a year must not be read back as a bad number (that once made every later
// gift of the year reuse "2026-1000000").
TEST(ReceiptNumberTest, EveryFormattedNumberReadsBack) {
  for (const int64_t n : {int64_t{1}, int64_t{999'999}, int64_t{1'000'000}, int64_t{1'000'001},
                          int64_t{123'456'789'012}, int64_t{999'999'999'999'999}}) {
    for (const int year : {1, 1999, 2026, 9999}) {
      const std::string text = FormatReceiptNumber(year, n);
      const auto parsed = ParseReceiptNumber(text);
      ASSERT_TRUE(parsed.has_value()) << text;
      EXPECT_EQ(parsed->year, year) << text;
      EXPECT_EQ(parsed->number, n) << text;
    }
  }
}

TEST(ReceiptNumberTest, ParseRefusesWhatFormatNeverMakes) {
  for (const char* bad :
       {"", "2026-00001", "2026-000000", "2026_000001", "0000-000001", "2026-00000a", "202a-000001",
        "2026--00001", "2026-+00001", " 2026-000001", "2026-000001 ", "2026-9999999999999999",
        "2026-0000000000000000"}) {
    EXPECT_FALSE(ParseReceiptNumber(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace aidledger
