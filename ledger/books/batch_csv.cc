#include "ledger/books/batch_csv.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include "ledger/base/timestamp.h"
#include "ledger/base/utf8.h"
#include "ledger/books/business_date.h"
#include "ledger/books/money.h"

namespace aidledger {

namespace {

// Column names, English and Chinese, to the field they fill.
const std::map<std::string, std::string>& Columns() {
  static const std::map<std::string, std::string> kColumns = {
      {"date", "date"},
      {"日期", "date"},
      {"amount", "amount"},
      {"金额", "amount"},
      {"currency", "currency"},
      {"币种", "currency"},
      {"channel", "channel"},
      {"渠道", "channel"},
      {"方式", "channel"},
      {"支付方式", "channel"},
      {"account", "account"},
      {"账户", "account"},
      {"external_ref", "external_ref"},
      {"流水号", "external_ref"},
      {"fund", "fund"},
      {"基金", "fund"},
      {"donor", "donor"},
      {"捐赠人", "donor"},
      {"捐赠人编号", "donor"},
      {"memo", "memo"},
      {"备注", "memo"},
      {"separate_gift", "separate_gift"},
      {"另一笔", "separate_gift"},
  };
  return kColumns;
}

const std::map<std::string, std::string>& Channels() {
  static const std::map<std::string, std::string> kChannels = {{"cash", "cash"},
                                                               {"现金", "cash"},
                                                               {"bank_transfer", "bank_transfer"},
                                                               {"银行转账", "bank_transfer"},
                                                               {"wechat_pay", "wechat_pay"},
                                                               {"微信", "wechat_pay"},
                                                               {"微信支付", "wechat_pay"},
                                                               {"银行", "bank_transfer"},
                                                               {"转账", "bank_transfer"},
                                                               {"alipay", "alipay"},
                                                               {"支付宝", "alipay"},
                                                               {"other", "other"},
                                                               {"其他", "other"}};
  return kChannels;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

struct CsvRow {
  int line = 0;
  std::vector<std::string> fields;
};

// RFC 4180 records; a quoted field may hold commas, quotes ("") and line breaks.
Result<std::vector<CsvRow>> SplitCsv(std::string_view text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  int line = 1;
  row.line = 1;
  bool quoted = false, field_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      row.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      const bool blank = row.fields.size() == 1 && row.fields[0].empty();
      if (!blank) rows.push_back(std::move(row));
      row = CsvRow{};
      row.line = ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return InvalidArgument(
        "a quoted field is not closed (it starts on line " + std::to_string(row.line) + ")", "csv");
  }
  if (field_started || !row.fields.empty()) {
    row.fields.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<std::string> Gb18030ToUtf8(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  // iconv_open's documented failure value.
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
    return Status(ErrorCode::kInternal, "this system cannot convert GB18030");
  }
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  const int err = errno;
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) {
    return InvalidArgument(std::string("not valid GB18030 text near byte ") +
                               std::to_string(bytes.size() - in_left) +
                               (err == EINVAL ? " (cut off)" : ""),
                           "csv");
  }
  out.resize(out.size() - out_left);
  return out;
}

Result<DonationBatch> ParseDonationCsv(std::string_view bytes, std::string_view charset,
                                       std::vector<RowError>* errors,
                                       const std::string& latest_date) {
  std::string text;
  std::string cs(charset);
  for (char& c : cs) c = static_cast<char>(std::tolower(c));
  const bool gb = cs == "gb18030" || cs == "gbk" || cs == "gb2312";
  if (!cs.empty() && !gb && cs != "utf-8" && cs != "utf8") {
    return InvalidArgument("utf-8 or gb18030 (gbk)", "charset");
  }
  // Declared GB18030 but written in UTF-8 (a BOM, or Chinese that decodes
  // as UTF-8, which GBK text all but never does): converted, it would be
  // stored garbled for ever.
  const bool non_ascii = std::any_of(bytes.begin(), bytes.end(),
                                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (gb && (bytes.rfind("\xEF\xBB\xBF", 0) == 0 || (non_ascii && IsValidUtf8(bytes)))) {
    return InvalidArgument(
        "the file is declared GB18030/GBK but its bytes are UTF-8: declare charset=utf-8 (or "
        "leave it out: it is told apart from the bytes)",
        "charset");
  }
  if (gb || (cs.empty() && !IsValidUtf8(bytes))) {
    auto converted = Gb18030ToUtf8(bytes);
    if (!converted.ok()) return converted.status();
    text = std::move(converted).value();
  } else {
    if (!IsValidUtf8(bytes)) return InvalidArgument("the text is not valid UTF-8", "csv");
    text.assign(bytes);
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  auto rows = SplitCsv(text);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return InvalidArgument("no header line", "csv");
  // The header: which field each column fills.
  std::vector<std::string> fields;
  std::map<std::string, size_t> column_of;
  for (const std::string& name : rows->front().fields) {
    auto it = Columns().find(Trim(name));
    if (it == Columns().end()) {
      return InvalidArgument("unknown column '" + Trim(name) + "' in the header", "csv");
    }
    if (!column_of.emplace(it->second, fields.size()).second) {
      return InvalidArgument("the column " + it->second + " appears twice", "csv");
    }
    fields.push_back(it->second);
  }
  for (const char* required : {"date", "amount", "channel", "fund"}) {
    if (column_of.count(required) == 0) {
      return InvalidArgument(std::string("the header needs a column ") + required, "csv");
    }
  }
  DonationBatch batch;
  for (size_t r = 1; r < rows->size(); ++r) {
    const CsvRow& row = (*rows)[r];
    const auto bad = [&](const std::string& field, const std::string& message) {
      errors->push_back(RowError{row.line, field, message});
    };
    if (row.fields.size() != fields.size()) {
      bad("csv", "has " + std::to_string(row.fields.size()) + " fields, the header " +
                     std::to_string(fields.size()));
      continue;
    }
    std::map<std::string, std::string> v;
    for (size_t i = 0; i < fields.size(); ++i) v[fields[i]] = Trim(row.fields[i]);
    DonationInput d;
    d.fund = v["fund"];
    d.date = v["date"];
    d.currency = v["currency"].empty() ? "CNY" : v["currency"];
    d.amount = v["amount"];
    d.memo = v["memo"];
    d.account = v["account"];
    if (!v["external_ref"].empty()) d.external_ref = v["external_ref"];
    if (!v["donor"].empty()) d.donor = v["donor"];
    const size_t before = errors->size();
    auto channel = Channels().find(v["channel"]);
    if (channel == Channels().end()) {
      bad("channel",
          "cash, bank_transfer, wechat_pay, alipay or other (现金, 银行转账, 微信支付, "
          "支付宝, 其他)");
    } else {
      d.channel = channel->second;
    }
    if (!IsValidDate(d.date)) {
      bad("date", "YYYY-MM-DD");
    } else if (!latest_date.empty()) {
      if (Status later = CheckNotAfter(d.date, latest_date, "date"); !later.ok()) {
        bad("date", later.message());
      }
    }
    if (!IsValidCurrencyCode(d.currency) || !CurrencyMinorDigits(d.currency)) {
      bad("currency", "an ISO 4217 code such as CNY");
    } else if (auto a = ParseAmount(d.amount, d.currency, AmountSign::kPositive, "amount");
               !a.ok()) {
      bad("amount", a.status().message());
    }
    if (d.fund.empty()) bad("fund", "is required");
    const std::string& separate = v["separate_gift"];
    if (separate == "yes" || separate == "true" || separate == "是") {
      d.separate_gift = true;
    } else if (!(separate.empty() || separate == "no" || separate == "false" || separate == "否")) {
      bad("separate_gift", "yes or no (是 or 否)");
    }
    if (errors->size() == before) {
      batch.rows.push_back(std::move(d));
      batch.lines.push_back(row.line);
    }
  }
  if (!errors->empty()) {
    return InvalidArgument(errors->size() == 1
                               ? std::string("1 row is not valid")
                               : std::to_string(errors->size()) + " rows are not valid",
                           "csv");
  }
  if (batch.rows.empty()) return InvalidArgument("the batch has no rows", "csv");
  return batch;
}

Status CheckDeclared(const DonationBatch& batch, int64_t rows, const std::string& total) {
  if (static_cast<int64_t>(batch.rows.size()) != rows) {
    return InvalidArgument("the file has " + std::to_string(batch.rows.size()) + " rows, not the " +
                               std::to_string(rows) + " declared",
                           "rows");
  }
  const std::string& currency = batch.rows.front().currency;
  int64_t sum = 0;
  for (const DonationInput& d : batch.rows) {
    if (d.currency != currency) {
      return InvalidArgument("a batch holds one currency; send the others apart", "currency");
    }
    auto minor = ParseAmount(d.amount, currency, AmountSign::kPositive, "amount");
    if (!minor.ok()) return minor.status();
    auto next = AddMinor(sum, *minor, "total");
    if (!next.ok()) return next.status();
    sum = *next;
  }
  auto declared = ParseAmount(total, currency, AmountSign::kPositive, "total");
  if (!declared.ok()) return declared.status();
  if (*declared != sum) {
    return InvalidArgument("the rows add up to " + FormatMoneyForDisplay(Money{currency, sum}) +
                               ", not the " + FormatMoneyForDisplay(Money{currency, *declared}) +
                               " declared",
                           "total");
  }
  return Status::Ok();
}

void ResolveFundNames(const BooksState& state, DonationBatch* batch) {
  for (DonationInput& d : batch->rows) {
    if (state.funds().count(d.fund) != 0) continue;
    for (const auto& [code, fund] : state.funds()) {
      if (fund.open && (d.fund == fund.name_zh || d.fund == fund.name_en)) {
        d.fund = code;
        break;
      }
    }
  }
}

std::string DonationCsvTemplate() {
  // A byte-order mark, so that Excel opens it as UTF-8.
  return "\xEF\xBB\xBF日期,金额,币种,方式,账户,流水号,基金,捐赠人编号,备注,另一笔\r\n"
         "2026-11-20,1250.00,CNY,微信支付,,4200001234202611200001,助学金,,助学捐款,否\r\n"
         "2026-11-21,300.00,CNY,现金,,,非限定性,D-000001,,否\r\n";
}

}  // namespace aidledger
