// The text policy for the chain: shape (UTF-8, no control or direction
// characters, lengths in characters) and the personal-data guard.
#include "ledger/books/text_policy.h"

#include <gtest/gtest.h>

namespace aidledger {
namespace {

const TextRule kOneLine{1, 20, false};
const TextRule kMultiLine{0, 1000, true};

TEST(TextPolicyTest, ControlAndDirectionCharactersAreRefusedByCodePoint) {
  EXPECT_TRUE(CheckTextShape("冬季送温暖", kOneLine, "memo").ok());
  EXPECT_TRUE(CheckTextShape("line one\nline two", kMultiLine, "memo").ok());
  const Status line_feed = CheckTextShape("line one\nline two", kOneLine, "activity");
  EXPECT_EQ(line_feed.field(), "activity");
  EXPECT_NE(line_feed.message().find("U+000A"), std::string::npos) << line_feed.message();
  for (const std::string& bad :
       {std::string("nul\0x", 5), std::string("esc\x1b[2J"), std::string("bell\a"),
        std::string("cr\r"), std::string("del\x7f"), std::string("c1 \xc2\x85"),
        std::string("rlo \xe2\x80\xae"), std::string("isolate \xe2\x81\xa6")}) {
    EXPECT_EQ(CheckTextShape(bad, kMultiLine, "memo").code(), ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(CheckTextShape("\xff\xfe", kMultiLine, "memo").code(), ErrorCode::kInvalidArgument);
}

TEST(TextPolicyTest, LimitsAreInCharactersNotBytes) {
  EXPECT_EQ(CountCharacters("张小明"), 3u);
  EXPECT_TRUE(CheckTextShape(std::string(20, 'a'), kOneLine, "x").ok());
  EXPECT_FALSE(CheckTextShape(std::string(21, 'a'), kOneLine, "x").ok());
  std::string twenty_chinese;
  for (int i = 0; i < 20; ++i) twenty_chinese += "捐";
  EXPECT_TRUE(CheckTextShape(twenty_chinese, kOneLine, "x").ok()) << "60 bytes, 20 characters";
  EXPECT_FALSE(CheckTextShape(twenty_chinese + "款", kOneLine, "x").ok());
  EXPECT_FALSE(CheckTextShape("", kOneLine, "x").ok());
}

TEST(TextPolicyTest, PersonalDataIsFoundAndNamedMasked) {
  struct Case {
    std::string text;
    std::string found;  // "" for none
  };
  for (const Case& c : std::vector<Case>{
           {"受助人身份证11010519491231002X", "a resident ID number: 1101**********002X"},
           {"id 11010519491231002x.", "a resident ID number: 1101**********002X"},
           {"电话 13812345678 联系", "a mobile number: 138****5678"},
           {"call +86 138 1234 5678", "a mobile number: 138****5678"},
           {"tel 138-1234-5678", "a mobile number: 138****5678"},
           {"电话１３８１２３４５６７８", "a mobile number: 138****5678"},
           {"卡号 6222 0212 3456 7890 128", "a bank card number: 6222***********0128"},
           {"card 4111111111111111", "a bank card number: 4111********1111"},
           {"mail wang.tao@example.com please", "an e-mail address: w***@example.com"},
           // Not personal data: dates, receipts, amounts, counts, platform references.
           {"2026-11-20 收到 1250.00 元，收据 2026-000124", ""},
           {"微信支付 4200001234202611201234567890", ""},
           {"ID-like but wrong check 110105194912310021", ""},
           {"17 digits 12345678901234567", ""},
           {"card that fails Luhn 4111111111111112", ""},
           {"12812345678 is no mobile (12 prefix)", ""},
           {"a@b is no address", ""},
       }) {
    const auto found = FindPersonalData(c.text);
    if (c.found.empty()) {
      EXPECT_FALSE(found.has_value()) << c.text << " -> " << found.value_or("");
    } else {
      ASSERT_TRUE(found.has_value()) << c.text;
      EXPECT_EQ(*found, "looks like " + c.found) << c.text;
    }
  }
}

TEST(TextPolicyTest, ChainTextRefusesPersonalDataWithItsOwnCode) {
  const Status s = CheckChainText("王涛 13812345678", kMultiLine, "memo");
  EXPECT_EQ(s.code(), ErrorCode::kPersonalData);
  EXPECT_EQ(s.field(), "memo");
  EXPECT_NE(s.message().find("138****5678"), std::string::npos);
  EXPECT_EQ(s.message().find("13812345678"), std::string::npos);
  EXPECT_NE(s.message().find("vault"), std::string::npos);
  EXPECT_TRUE(CheckChainText("王涛的捐款", kMultiLine, "memo").ok());
}

TEST(TextPolicyTest, FullWidthDigitsReadAsDigits) {
  EXPECT_EQ(NormaliseDigits("１０００元"), "1000元");
  EXPECT_EQ(NormaliseDigits("abc"), "abc");
}

}  // namespace
}  // namespace aidledger
