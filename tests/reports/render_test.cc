#include "reports/render.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ledger/base/canonical_json.h"
#include "reports/output.h"

namespace aidledger::reports {
namespace {

Report Sample() {
  Report r;
  r.name = "sample";
  r.zh = "样例";
  r.en = "Sample";
  r.params = {{"from", "2026-01-01"}, {"to", "2026-12-31"}};
  r.basis.size = 42;
  r.basis.head_hash = "ab12";
  r.basis.generated_at = "2026-11-28T10:00:00.000000Z";
  r.basis.generated_by = "li (coordinator)";
  Table t{
      "t",
      "表",
      "Table",
      {Column{"who", "名称", "Name", Column::Type::kText},
       Column{"currency", "币种", "Currency", Column::Type::kText},
       Column{"amount", "金额", "Amount", Column::Type::kMoney},
       Column{"n", "笔数", "Count", Column::Type::kCount}},
      {{std::string("=HYPERLINK(\"http://x\")"), std::string("CNY"), int64_t{125000}, int64_t{3}},
       {std::string("<b>张, \"三\"</b>"), std::string("CNY"), int64_t{-1250}, int64_t{1}},
       {std::string("合计 Total"), std::string("CNY"), int64_t{123750}, int64_t{4}}},
      1,
      nullptr,
      0};
  r.tables.push_back(t);
  r.signatures = true;
  return r;
}

TEST(RenderTest, CsvHasABomCrlfQuotingAndDefusesFormulas) {
  const std::string csv = ToCsv(Sample());
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("名称 Name,币种 Currency,金额 Amount,笔数 Count\r\n"), std::string::npos);
  // A formula is text; a comma or quote is quoted; money is plain decimals.
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\",CNY,1250.00,3\r\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\"<b>张, \"\"三\"\"</b>\",CNY,-12.50,1\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("head ab12"), std::string::npos);
}

// Text recorded before the text policy may hold ESC, BEL or NUL: a CSV
// printed to a terminal must not carry them.
TEST(RenderTest, CsvNeverCarriesControlCharactersToATerminal) {
  Report r = Sample();
  r.tables[0].rows[1][0] = std::string("esc\x1b]0;owned\a bell\x07 nul", 24) + "\x7f end";
  const std::string csv = ToCsv(r);
  for (char c : {'\x1b', '\a', '\0', '\x7f'}) {
    EXPECT_EQ(csv.find(c), std::string::npos) << static_cast<int>(c);
  }
  EXPECT_NE(csv.find("esc\xEF\xBF\xBD]0;owned\xEF\xBF\xBD bell\xEF\xBF\xBD nul"), std::string::npos)
      << csv;
}

TEST(RenderTest, HtmlEscapesEveryTextAndPrintsOnA4WithSignatures) {
  const std::string html = ToHtml(Sample());
  EXPECT_EQ(html.find("<b>张"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;张, &quot;三&quot;&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("¥1,250.00"), std::string::npos);
  EXPECT_NE(html.find("-¥12.50"), std::string::npos);
  EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"total\">"), std::string::npos);
  EXPECT_NE(html.find("Auditor"), std::string::npos);
  EXPECT_NE(html.find("li (coordinator)"), std::string::npos);
  EXPECT_NE(html.find("No signed checkpoint"), std::string::npos);
  EXPECT_EQ(EscapeHtml("<'&\">"), "&lt;&#39;&amp;&quot;&gt;");
}

// A table of more columns than a portrait A4 page holds (the fund statement,
// the money by account) prints on a landscape page; a narrow one does not.
TEST(RenderTest, AWideTablePrintsOnALandscapePage) {
  EXPECT_EQ(ToHtml(Sample()).find("landscape"), std::string::npos);
  Report wide = Sample();
  std::vector<Column> columns{Column{"who", "名称", "Name", Column::Type::kText}};
  for (int i = 0; i < 8; ++i) {
    columns.push_back(Column{"m" + std::to_string(i), "金额", "Amount", Column::Type::kMoney});
  }
  // The rows are written whole: GCC 12 at -O2 warns (maybe-uninitialized)
  // when a variant is appended to a row one cell at a time.
  wide.tables = {Table{"w",
                       "宽表",
                       "Wide",
                       columns,
                       {{std::string("a"), int64_t{1}, int64_t{2}, int64_t{3}, int64_t{4},
                         int64_t{5}, int64_t{6}, int64_t{7}, int64_t{8}}},
                       0,
                       nullptr,
                       0}};
  const std::string html = ToHtml(wide);
  EXPECT_NE(html.find("@page { size: A4 landscape"), std::string::npos) << html.substr(0, 800);
  // The landscape rule comes after the portrait one, so it is the one in force.
  EXPECT_GT(html.find("A4 landscape"), html.find("@page { size: A4;"));
}

TEST(RenderTest, JsonGivesMoneyAsDecimalStringsAndTotalsApart) {
  const std::string json = EncodeCanonical(ToJson(Sample()));
  EXPECT_NE(json.find(R"("amount":"1250.00")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("n":3)"), std::string::npos);
  EXPECT_NE(json.find(R"("totals":[{"amount":"1237.50")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("checkpoint":null)"), std::string::npos);
}

// A report of many rows is written in pieces: JSON gives the same bytes as
// the tree's encoding, and no format loses the last piece (a confidential
// report with two tables here).
TEST(RenderTest, WritingInPiecesGivesTheSameBytesAsTheWhole) {
  Report r = Sample();
  r.confidential = true;
  Table big = r.tables[0];
  big.key = "big";
  big.total_rows = 0;
  for (int i = 0; i < 5000; ++i) {
    big.rows.push_back({std::string("捐赠人 donor ") + std::to_string(i), std::string("CNY"),
                        int64_t{i} * 101, int64_t{i}});
  }
  r.tables.push_back(big);
  std::ostringstream json, csv, html;
  WriteJson(r, json);
  WriteCsv(r, csv);
  WriteHtml(r, html);
  ASSERT_GT(json.str().size(), 200'000u);
  EXPECT_EQ(json.str(), EncodeCanonical(ToJson(r)));
  EXPECT_NE(json.str().find("\"confidential\":true"), std::string::npos);
  EXPECT_NE(csv.str().find("捐赠人 donor 4999,CNY,5048.99,4999\r\n"), std::string::npos);
  EXPECT_NE(html.str().find("捐赠人 donor 4999"), std::string::npos);
  EXPECT_EQ(html.str().substr(html.str().size() - 8), "</html>\n");
}

// A table whose body rows are made as they are written renders to the same
// bytes as the table holding those rows, in every format; a source that
// fails cuts the output short and says so on the stream.
TEST(RenderTest, RowsMadeAsTheyAreWrittenRenderAsRowsHeld) {
  const Report held = Sample();
  Report made = held;
  Table& t = made.tables[0];
  const std::vector<Row> body(t.rows.begin(), t.rows.begin() + 2);
  t.rows.erase(t.rows.begin(), t.rows.begin() + 2);  // the total stays
  int calls = 0;
  t.source = [&calls, body](const RowSink& sink) {
    ++calls;
    for (const Row& row : body) sink(row);
    return Status::Ok();
  };
  t.source_rows = body.size();
  EXPECT_EQ(RowCount(t), 3u);
  for (auto write : {WriteJson, WriteCsv, WriteHtml}) {
    std::ostringstream want, got;
    write(held, want);
    write(made, got);
    EXPECT_EQ(got.str(), want.str());
  }
  EXPECT_EQ(calls, 3) << "each rendering makes the rows again";
  EXPECT_EQ(EncodeCanonical(ToJson(made)), EncodeCanonical(ToJson(held)));

  Report materialized = made;
  ASSERT_TRUE(Materialize(materialized.tables[0]).ok());
  EXPECT_EQ(materialized.tables[0].rows, held.tables[0].rows);
  EXPECT_FALSE(materialized.tables[0].source);

  t.source = [](const RowSink&) {
    return Status(ErrorCode::kFailedPrecondition, "the books closed");
  };
  std::ostringstream cut;
  WriteCsv(made, cut);
  EXPECT_TRUE(cut.bad()) << "the client must not take a cut report for a whole one";
}

// The command line and the service choose a report's format the same way.
TEST(ReportOutputTest, EachReportComesInItsFormatsAndTheJournalAsTextOnly) {
  EXPECT_EQ(*ParseReportFormat("fund-statement", ""), ReportFormat::kJson);
  EXPECT_EQ(*ParseReportFormat("fund-statement", "csv"), ReportFormat::kCsv);
  EXPECT_EQ(*ParseReportFormat("fund-statement", "html"), ReportFormat::kHtml);
  EXPECT_EQ(*ParseReportFormat("journal", ""), ReportFormat::kText);
  EXPECT_EQ(*ParseReportFormat("journal", "text"), ReportFormat::kText);
  for (const auto& [name, text] :
       std::vector<std::pair<std::string, std::string>>{{"journal", "json"},
                                                        {"fund-statement", "text"},
                                                        {"fund-statement", "xlsx"},
                                                        {"fund-statement", "CSV"}}) {
    auto parsed = ParseReportFormat(name, text);
    ASSERT_FALSE(parsed.ok()) << name << " " << text;
    EXPECT_EQ(parsed.status().field(), "format");
  }
  for (ReportFormat f : {ReportFormat::kJson, ReportFormat::kCsv, ReportFormat::kHtml}) {
    EXPECT_EQ(*ParseReportFormat("fund-statement", ReportFormatName(f)), f);
  }
}

TEST(ReportOutputTest, WriteReportWritesWhatEachRendererWrites) {
  const Report report = Sample();
  std::ostringstream csv, html, json;
  WriteReport(report, ReportFormat::kCsv, csv);
  WriteReport(report, ReportFormat::kHtml, html);
  WriteReport(report, ReportFormat::kJson, json);
  EXPECT_EQ(csv.str(), ToCsv(report));
  EXPECT_EQ(html.str(), ToHtml(report));
  EXPECT_EQ(json.str(), EncodeCanonical(ToJson(report)));
}

}  // namespace
}  // namespace aidledger::reports
