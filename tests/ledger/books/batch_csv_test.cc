#include "ledger/books/batch_csv.h"

#include <gtest/gtest.h>
#include <iconv.h>

namespace aidledger::api {
namespace {

// UTF-8 to GB18030, as Chinese Excel saves a CSV.
std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

const std::string kChinese =
    "日期,金额,渠道,流水号,基金,备注\r\n"
    "2026-11-01,100.00,微信,WX-1,GENERAL,\"会员捐款，十一月\"\r\n"
    "2026-11-02,50.50,现金,,GENERAL,\"两行\n备注\"\r\n"
    "2026-11-03,1000,银行转账,BK-9,STUDENT_AID,企业\r\n";

TEST(BatchCsvTest, ReadsChineseHeadersQuotesAndLineBreaksInUtf8WithABom) {
  std::vector<RowError> errors;
  auto batch = ParseDonationCsv("\xEF\xBB\xBF" + kChinese, "", &errors);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->rows.size(), 3u);
  EXPECT_EQ(batch->rows[0].channel, "wechat_pay");
  EXPECT_EQ(batch->rows[0].memo, "会员捐款，十一月");
  EXPECT_EQ(*batch->rows[0].external_ref, "WX-1");
  EXPECT_EQ(batch->rows[1].channel, "cash");
  EXPECT_FALSE(batch->rows[1].external_ref.has_value());
  EXPECT_EQ(batch->rows[1].memo, "两行\n备注");
  EXPECT_EQ(batch->lines, (std::vector<int>{2, 3, 5})) << "the quoted line break counts";
  EXPECT_TRUE(CheckDeclared(*batch, 3, "1150.50").ok());
  EXPECT_EQ(CheckDeclared(*batch, 4, "1150.50").field(), "rows");
  EXPECT_EQ(CheckDeclared(*batch, 3, "1150.49").field(), "total");
}

TEST(BatchCsvTest, TakesTheChannelsAndColumnsAsTheInterfaceNamesThem) {
  std::vector<RowError> errors;
  auto batch = ParseDonationCsv(
      "日期,金额,方式,账户,流水号,基金,捐赠人编号\n"
      "2026-11-01,1.00,微信支付,WECHAT_MERCHANT,WX-1,助学金,D-000001\n"
      "2026-11-02,2.00,银行,,BK-1,GENERAL,\n",
      "", &errors);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows[0].channel, "wechat_pay");
  EXPECT_EQ(batch->rows[0].account, "WECHAT_MERCHANT");
  EXPECT_EQ(*batch->rows[0].donor, "D-000001");
  EXPECT_EQ(batch->rows[1].channel, "bank_transfer");
  EXPECT_EQ(batch->rows[1].account, "");
  // The template reads back as a batch of its two example rows.
  auto example = ParseDonationCsv(DonationCsvTemplate(), "", &errors);
  ASSERT_TRUE(example.ok()) << example.status().ToString();
  EXPECT_EQ(example->rows.size(), 2u);
  EXPECT_EQ(example->rows[0].fund, "助学金") << "a name, which the books resolve";
}

TEST(BatchCsvTest, ReadsGb18030AsChineseExcelSavesIt) {
  const std::string gb = ToGb18030(kChinese);
  ASSERT_NE(gb, kChinese);
  for (const char* charset : {"", "gb18030", "GBK"}) {
    std::vector<RowError> errors;
    auto batch = ParseDonationCsv(gb, charset, &errors);
    ASSERT_TRUE(batch.ok()) << charset << ": " << batch.status().ToString();
    EXPECT_EQ(batch->rows[0].memo, "会员捐款，十一月") << charset;
  }
  std::vector<RowError> errors;
  EXPECT_EQ(ParseDonationCsv(gb, "utf-8", &errors).status().field(), "csv");
  EXPECT_EQ(ParseDonationCsv(kChinese, "latin-1", &errors).status().field(), "charset");
}

// A batch declared GB18030 whose bytes are UTF-8 would be stored garbled
// for ever: refused, naming the charset.
TEST(BatchCsvTest, ABatchWhoseBytesDoNotFitItsDeclaredCharsetIsRefused) {
  const std::string utf8 = "日期,金额,渠道,流水号,基金\n2026-11-01,100.00,微信,WX-1,GENERAL\n";
  std::vector<RowError> errors;
  for (const char* declared : {"gb18030", "GBK"}) {
    for (const std::string& bytes : {utf8, "\xEF\xBB\xBF" + utf8}) {
      const auto r = ParseDonationCsv(bytes, declared, &errors, "2026-12-31");
      EXPECT_EQ(r.status().field(), "charset") << declared;
      EXPECT_NE(r.status().message().find("UTF-8"), std::string::npos);
    }
  }
  EXPECT_TRUE(ParseDonationCsv(utf8, "utf-8", &errors, "2026-12-31").ok());
  EXPECT_TRUE(ParseDonationCsv(utf8, "", &errors, "2026-12-31").ok());
  // Plain ASCII is the same in both: accepted as declared.
  EXPECT_TRUE(ParseDonationCsv("date,amount,channel,external_ref,fund\n"
                               "2026-11-01,1.00,cash,,GENERAL\n",
                               "gb18030", &errors, "2026-12-31")
                  .ok());
}

TEST(BatchCsvTest, EveryBadRowIsReportedWithItsLineAndField) {
  const std::string csv =
      "date,amount,channel,external_ref,fund\n"
      "2026-11-01,100.00,wechat_pay,WX-1,GENERAL\n"
      "2026-13-01,100.00,wechat_pay,WX-2,GENERAL\n"
      "2026-11-01,12.345,cash,,GENERAL\n"
      "2026-11-01,5.00,paypal,P-1,GENERAL\n"
      "2026-11-01,5.00,cash,,GENERAL,extra\n"
      "2026-11-01,-5.00,cash,,\n";
  std::vector<RowError> errors;
  auto batch = ParseDonationCsv(csv, "", &errors);
  ASSERT_FALSE(batch.ok());
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : errors) got.emplace_back(e.line, e.field);
  EXPECT_EQ(
      got,
      (std::vector<std::pair<int, std::string>>{
          {3, "date"}, {4, "amount"}, {5, "channel"}, {6, "csv"}, {7, "amount"}, {7, "fund"}}));
  errors.clear();
  EXPECT_EQ(ParseDonationCsv("date,amount,fund\n", "", &errors).status().field(), "csv")
      << "no channel column";
  EXPECT_EQ(ParseDonationCsv("date,amount,channel,fund,colour\n", "", &errors).status().field(),
            "csv");
  EXPECT_EQ(ParseDonationCsv("date,amount,channel,fund\n\"2026", "", &errors).status().field(),
            "csv")
      << "an unclosed quote";
}

TEST(BatchCsvTest, ARowDatedAfterTheLatestDateIsBad) {
  const std::string csv =
      "date,amount,channel,fund\n"
      "2026-11-30,1.00,cash,GENERAL\n"
      "2026-12-01,1.00,cash,GENERAL\n"
      "2028-11-30,1.00,cash,GENERAL\n";
  std::vector<RowError> errors;
  EXPECT_FALSE(ParseDonationCsv(csv, "", &errors, "2026-11-30").ok());
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : errors) got.emplace_back(e.line, e.field);
  EXPECT_EQ(got, (std::vector<std::pair<int, std::string>>{{3, "date"}, {4, "date"}}));
  errors.clear();
  EXPECT_TRUE(ParseDonationCsv(csv, "", &errors).ok()) << "no limit without a latest date";
}

}  // namespace
}  // namespace aidledger::api
