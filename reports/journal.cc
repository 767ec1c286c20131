#include "reports/journal.h"

#include <cstdio>
#include <sstream>

#include "ledger/books/money.h"

namespace aidledger::reports {

namespace {

std::string Restriction(const BooksState& s, const std::string& fund) {
  auto it = s.funds().find(fund);
  return it != s.funds().end() && it->second.restricted ? "Restricted" : "Unrestricted";
}

// "Assets:<restriction>:<fund>:Cash:<channel>".
std::string CashAccount(const std::string& where, const std::string& channel) {
  std::string out = "Assets:";
  out.append(where).append(":Cash:").append(channel);
  return out;
}

void Posting(const std::string& account, int64_t minor, const std::string& currency,
             std::string* out) {
  *out += "    " + account + "  " + FormatAmount(minor, currency) + " " + currency + "\n";
}

// Appends the transaction of fact `f`, if it books one.
void AppendTransaction(const BooksState& s, const FactRow& f, int32_t through, std::string* out) {
  if (f.date > through) return;
  const std::string& currency = s.fact_currencies()[f.currency];
  const std::string& fund = s.fact_funds()[f.fund];
  const std::string where = Restriction(s, fund) + ":" + fund;
  const std::string channel(ChannelName(f.channel));
  std::string account, other;
  const char* what = "";
  switch (f.of_kind) {
    case FactKind::kDonation:
      account = CashAccount(where, channel);
      other = "Income:Donations:" + where;
      what = "donation";
      break;
    case FactKind::kGoodsDonation:
      account = "Assets:" + where + ":Goods";
      other = "Income:GoodsInKind:" + where;
      what = "gift in kind";
      break;
    case FactKind::kAidPaid:
      account = CashAccount(where, channel);
      other = "Expenses:Aid:" + where;
      what = "aid paid";
      break;
    case FactKind::kGoodsHandedOut:
      account = "Assets:" + where + ":Goods";
      other = "Expenses:GoodsGiven:" + where;
      what = "goods handed out";
      break;
    case FactKind::kTransfer: {
      const std::string& to = s.fact_funds()[f.counter_fund];
      account = "Assets:" + where + ":Cash:transfer";
      other = "Assets:" + Restriction(s, to) + ":" + to + ":Cash:transfer";
      what = f.release ? "transfer releasing a restriction" : "transfer";
      break;
    }
    case FactKind::kCost:
      account = CashAccount(where, channel);
      other = std::string("Expenses:Costs:") +
              std::string(f.category < std::size(kCostCategories) ? kCostCategories[f.category]
                                                                  : "other") +
              ":" + where;
      what = "cost";
      break;
    case FactKind::kIncome:
      account = CashAccount(where, channel);
      other = std::string("Income:Other:") +
              std::string(f.category < std::size(kIncomeCategories) ? kIncomeCategories[f.category]
                                                                    : "other_income") +
              ":" + where;
      what = "income";
      break;
    case FactKind::kReversal:
      break;
  }
  if (f.minor == 0) return;  // goods without a value: not booked
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", f.date / 10000, f.date / 100 % 100,
                f.date % 100);
  *out += std::string(date) + " * " + (f.kind == FactKind::kReversal ? "reversal of " : "") + what +
          "  ; entry " + std::to_string(f.seq) + "\n";
  Posting(account, f.minor, currency, out);
  Posting(other, -f.minor, currency, out);
  *out += "\n";
}

}  // namespace

Status WriteJournal(const ReadBooks& read, int64_t size, int32_t through,
                    const std::string& basis_line, std::ostream& stream) {
  std::string out = "; aidledger journal for hledger and ledger-cli\n; " + basis_line + "\n\n";
  Status read_ok = ScanFacts(
      read, size,
      [&](const BooksState& s, const FactRow& f) { AppendTransaction(s, f, through, &out); },
      [&] {
        stream.write(out.data(), static_cast<std::streamsize>(out.size()));
        out.clear();
      });
  if (!read_ok.ok()) stream.setstate(std::ios::badbit);
  return read_ok;
}

std::string ExportJournal(const BooksState& s, int32_t through, const std::string& basis_line) {
  std::ostringstream out;
  (void)WriteJournal(ReadHeld(s), s.size(), through, basis_line, out);  // a held state reads
  return std::move(out).str();
}

}  // namespace aidledger::reports
