// What may go into a header we send and into a log line.
#include "api/header_text.h"

#include <Poco/Message.h>
#include <gtest/gtest.h>

#include "api/log_formatter.h"

namespace aidledger::api {
namespace {

TEST(HeaderTextTest, HeaderValuesWithLineBreaksOrControlsAreRefused) {
  EXPECT_TRUE(IsHeaderValue("attachment; filename=\"a.csv\""));
  EXPECT_TRUE(IsHeaderValue("text/csv; charset=utf-8\t"));
  EXPECT_TRUE(IsHeaderValue("年度"));  // UTF-8 bytes pass; Poco writes them as they are
  for (const char* bad : {"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "bell\a", "del\x7F"}) {
    EXPECT_FALSE(IsHeaderValue(bad)) << bad;
  }
  EXPECT_FALSE(IsHeaderValue(std::string("nul\0x", 5)));
  EXPECT_FALSE(IsHeaderValue(std::string(8193, 'a')));
  EXPECT_TRUE(IsHeaderName("Content-Disposition"));
  EXPECT_FALSE(IsHeaderName("Bad Name"));
  EXPECT_FALSE(IsHeaderName("X:Y"));
  EXPECT_FALSE(IsHeaderName(""));
}

TEST(HeaderTextTest, AnAttachmentsNameKeepsOnlySafeCharacters) {
  EXPECT_EQ(AttachmentDisposition("fund-statement-2026-01-01-2026-12-31", "csv"),
            "attachment; filename=\"fund-statement-2026-01-01-2026-12-31.csv\"");
  const std::string planted =
      AttachmentDisposition("public-summary-x\r\nSet-Cookie: a=\"1\"", "csv");
  EXPECT_TRUE(IsHeaderValue(planted));
  EXPECT_EQ(planted, "attachment; filename=\"public-summary-x__Set-Cookie__a__1_.csv\"");
  EXPECT_EQ(AttachmentDisposition("", "c\nsv"), "attachment; filename=\"aidledger.csv\"");
  EXPECT_LE(AttachmentDisposition(std::string(500, 'a'), "csv").size(), 140u);
}

TEST(HeaderTextTest, ALogRecordStaysOnOneLine) {
  EXPECT_EQ(EscapeForLog("GET /x\n2026 forged line\r\x1b[31m\\"),
            "GET /x\\x0A2026 forged line\\x0D\\x1B[31m\\x5C");
  EXPECT_EQ(EscapeForLog("张*明"), "张*明");
  LogFormatter formatter;
  std::string line;
  formatter.format(
      Poco::Message("aidledger.audit", "reveal R-1\nby nobody", Poco::Message::PRIO_NOTICE), line);
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  EXPECT_NE(line.find("reveal R-1\\x0Aby nobody"), std::string::npos) << line;
}

}  // namespace
}  // namespace aidledger::api
