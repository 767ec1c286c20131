// A batch of donations from a spreadsheet or a bank statement, as CSV.
//
// The first line names the columns (English or Chinese, any order):
//   date 日期, amount 金额, currency 币种 (CNY if absent), channel 渠道 or
//   方式 or 支付方式 (cash 现金, bank_transfer 银行转账 银行 转账, wechat_pay
//   微信支付 微信, alipay 支付宝, other 其他), account 账户 (optional: an
//   account's code; empty for the channel's own), external_ref 流水号, fund
//   基金 (a fund's code, or its name once ResolveFundNames has read the books),
//   donor 捐赠人 or 捐赠人编号 (a donor id), memo 备注, separate_gift 另一笔
//   (yes/no, 是/否).
// The text is UTF-8 (a byte-order mark is skipped) or GB18030/GBK, as
// Chinese Excel saves it: named by the charset, or told apart by whether the
// bytes are valid UTF-8. Fields follow RFC 4180 (quotes, doubled quotes,
// line breaks inside quotes).
#ifndef AIDLEDGER_LEDGER_BOOKS_BATCH_CSV_H_
#define AIDLEDGER_LEDGER_BOOKS_BATCH_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/books/books.h"

namespace aidledger {

struct RowError {
  int line = 0;  // 1-based line of the file where the row starts
  std::string field;
  std::string message;
};

struct DonationBatch {
  std::vector<DonationInput> rows;
  std::vector<int> lines;  // where each row starts
};

// Every row is read; every bad one is reported in *errors (with its line
// and field), and then the result is kInvalidArgument. `charset`:
// "utf-8", "gb18030" (also "gbk", "gb2312"), or "" to tell them apart.
// A row dated after `latest_date` (YYYY-MM-DD; "" for no limit) is bad.
Result<DonationBatch> ParseDonationCsv(std::string_view bytes, std::string_view charset,
                                       std::vector<RowError>* errors,
                                       const std::string& latest_date = "");

// The batch has the declared number of rows and they add up to the declared
// total (one currency per batch): a check on what the person meant to send.
Status CheckDeclared(const DonationBatch& batch, int64_t rows, const std::string& total);

// Rows whose fund is no fund's code but an open fund's Chinese or English
// name (助学金, Student aid) get that fund's code; others stay as they are
// (and the books refuse them by name).
void ResolveFundNames(const BooksState& state, DonationBatch* batch);

// A template of the batch (UTF-8 with a byte-order mark, the Chinese
// headers, two example rows) for a treasurer to fill in.
std::string DonationCsvTemplate();

// GB18030 (a superset of GBK and GB2312) to UTF-8.
Result<std::string> Gb18030ToUtf8(std::string_view bytes);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_BATCH_CSV_H_
