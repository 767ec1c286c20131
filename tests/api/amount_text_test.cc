#include "api/amount_text.h"

#include <gtest/gtest.h>

#include "ledger/books/money.h"

namespace aidledger::api {
namespace {

TEST(AmountTextTest, FormsPeopleTypeAreReadAsTheBooksReadAmounts) {
  EXPECT_EQ(AmountAsTyped("1250.00"), "1250.00");
  EXPECT_EQ(AmountAsTyped("\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90"), "1000");  // １０００
  EXPECT_EQ(AmountAsTyped("\xEF\xBC\x91\xEF\xBC\x8E\xEF\xBC\x95"), "1.5");  // １．５
  EXPECT_EQ(AmountAsTyped("1,000"), "1000");
  EXPECT_EQ(AmountAsTyped("1,234,567.89"), "1234567.89");
  EXPECT_EQ(AmountAsTyped("1\xEF\xBC\x8C"
                          "250"),
            "1250");                                     // 1，250
  EXPECT_EQ(AmountAsTyped("1000\xE5\x85\x83"), "1000");  // 1000元
  EXPECT_EQ(AmountAsTyped("\xC2\xA5"
                          "1,250.00"),
            "1250.00");
  EXPECT_EQ(AmountAsTyped("\xEF\xBF\xA5 88"), "88");
  EXPECT_EQ(AmountAsTyped(" 12.50 "), "12.50");
  EXPECT_EQ(AmountAsTyped("\xE3\x80\x80"
                          "12.50"),
            "12.50");
}

TEST(AmountTextTest, WhatIsNotOneOfThoseFormsIsLeftForTheBooksToRefuse) {
  // A comma that does not group by three is no thousands separator.
  EXPECT_EQ(AmountAsTyped("12,50"), "12,50");
  EXPECT_EQ(AmountAsTyped("1,25,000"), "1,25,000");
  EXPECT_EQ(AmountAsTyped(",250"), ",250");
  EXPECT_EQ(AmountAsTyped("1000,000"), "1000,000");
  for (const char* bad : {"12,50", "1,25,000", "abc", "1.2.3", "-5", "1e3", "\xE5\x85\x83"}) {
    EXPECT_FALSE(ParseAmount(AmountAsTyped(bad), "CNY", AmountSign::kPositive, "amount").ok())
        << bad;
  }
  EXPECT_EQ(*ParseAmount(AmountAsTyped("\xC2\xA5"
                                       "1,250.00\xE5\x85\x83"),
                         "CNY", AmountSign::kPositive, "amount"),
            125000);
}

}  // namespace
}  // namespace aidledger::api
