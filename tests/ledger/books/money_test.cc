#include "ledger/books/money.h"

#include <gtest/gtest.h>

#include <random>

namespace aidledger {
namespace {

TEST(MoneyTest, ParsesDecimalStringsIntoMinorUnits) {
  EXPECT_EQ(*ParseAmount("1250.00", "CNY"), 125000);
  EXPECT_EQ(*ParseAmount("1250.5", "CNY"), 125050);
  EXPECT_EQ(*ParseAmount("1250", "CNY"), 125000);
  EXPECT_EQ(*ParseAmount("0.01", "CNY"), 1);
  EXPECT_EQ(*ParseAmount("876000.00", "CNY"), 87600000);
  EXPECT_EQ(*ParseAmount("1250", "JPY"), 1250);
  EXPECT_EQ(*ParseAmount("-3.20", "CNY", AmountSign::kAny), -320);
  EXPECT_EQ(*ParseAmount("0", "CNY", AmountSign::kNonNegative), 0);
  EXPECT_EQ(*ParseAmount("92233720368547758.07", "CNY"), INT64_MAX);
}

TEST(MoneyTest, RefusesEverythingElseNamingTheField) {
  for (const char* bad :
       {"", "-", ".5", "5.", "1.234", "1,250.00", " 1", "1 ", "+1", "1e3", "0x10", "01", "00.5",
        "1.2.3", "12.5a", "NaN", "１２", "92233720368547758.08", "99999999999999999999"}) {
    auto r = ParseAmount(bad, "CNY", AmountSign::kAny, "donation.amount");
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "donation.amount") << bad;
  }
  EXPECT_FALSE(ParseAmount("0", "CNY").ok());
  EXPECT_FALSE(ParseAmount("0.00", "CNY").ok());
  EXPECT_FALSE(ParseAmount("-1", "CNY").ok());
  EXPECT_FALSE(ParseAmount("-1", "CNY", AmountSign::kNonNegative).ok());
  EXPECT_FALSE(ParseAmount("-0", "CNY", AmountSign::kAny).ok());
  EXPECT_FALSE(ParseAmount("12.5", "JPY").ok());
  EXPECT_FALSE(ParseAmount("1", "XXX").ok());
}

TEST(MoneyTest, FormatsAndRoundTrips) {
  EXPECT_EQ(FormatAmount(125050, "CNY"), "1250.50");
  EXPECT_EQ(FormatAmount(5, "CNY"), "0.05");
  EXPECT_EQ(FormatAmount(-320, "CNY"), "-3.20");
  EXPECT_EQ(FormatAmount(1250, "JPY"), "1250");
  EXPECT_EQ(FormatAmount(INT64_MIN, "CNY"), "-92233720368547758.08");
  EXPECT_EQ(FormatMoneyForDisplay(Money{"CNY", 125000}), "¥1,250.00");
  EXPECT_EQ(FormatMoneyForDisplay(Money{"CNY", 87600000}), "¥876,000.00");
  EXPECT_EQ(FormatMoneyForDisplay(Money{"CNY", -5}), "-¥0.05");
  EXPECT_EQ(FormatMoneyForDisplay(Money{"USD", 123456789}), "USD 1,234,567.89");
  std::mt19937_64 rng(3);
  for (int i = 0; i < 2000; ++i) {
    const auto v = static_cast<int64_t>(rng() >> 1) >> static_cast<int>(rng() % 60);
    EXPECT_EQ(*ParseAmount(FormatAmount(v, "CNY"), "CNY", AmountSign::kAny), v) << v;
  }
}

TEST(MoneyTest, ArithmeticRefusesOverflow) {
  EXPECT_EQ(*AddMinor(1, 2), 3);
  EXPECT_FALSE(AddMinor(INT64_MAX, 1).ok());
  EXPECT_FALSE(SubtractMinor(INT64_MIN, 1).ok());
  EXPECT_EQ(SubtractMinor(INT64_MIN, 1, "fund.balance").status().field(), "fund.balance");
}

TEST(MoneyTest, WritesChineseCapitalNumeralsAsOnReceipts) {
  const std::pair<int64_t, const char*> cases[] = {
      {125000, "壹仟贰佰伍拾元整"},    // 1,250.00
      {300520, "叁仟零伍元贰角"},      // 3,005.20
      {87600000, "捌拾柒万陆仟元整"},  // 876,000.00
      {10000000100, "壹亿零壹元整"},   // 100,000,001.00
      {1001000, "壹万零壹拾元整"},     // 10,010.00
      {105, "壹元零伍分"},             // 1.05
      {50, "伍角"},                    // 0.50
      {5, "伍分"},                     // 0.05
      {0, "零元整"},
      {105000, "壹仟零伍拾元整"},         // 1,050.00
      {10000000000, "壹亿元整"},          // 100,000,000.00
      {12000000000, "壹亿贰仟万元整"},    // 120,000,000.00
      {10005000000, "壹亿零伍万元整"},    // 100,050,000.00
      {10050000000, "壹亿零伍拾万元整"},  // 100,500,000.00
      {1000, "壹拾元整"},                 // 10.00
      {-1234, "负壹拾贰元叁角肆分"},      // -12.34
  };
  for (const auto& [fen, text] : cases) EXPECT_EQ(ChineseCapitalAmount(fen), text) << fen;
}

TEST(MoneyTest, MoneyValuesAreCheckedWhenRead) {
  const Money m{"CNY", 125000};
  auto back = MoneyFromValue(MoneyToValue(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, m);
  EXPECT_FALSE(MoneyFromValue(Value(Object{{"currency", "CNY"}})).ok());
  EXPECT_FALSE(MoneyFromValue(Value(Object{{"currency", "XYZ"}, {"minor", 1}})).ok());
  EXPECT_FALSE(MoneyFromValue(Value(Object{{"currency", "CNY"}, {"minor", "1"}})).ok());
  EXPECT_FALSE(MoneyFromValue(Value(Object{{"currency", "CNY"}, {"extra", 1}, {"minor", 1}})).ok());
}

}  // namespace
}  // namespace aidledger
