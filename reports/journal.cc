#include "reports/journal.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "ledger/books/money.h"

namespace aidledger::reports {

namespace {

std::string Restriction(const BooksState& s, const std::string& fund) {
  auto it = s.funds().find(fund);
  return it != s.funds().end() && it->second.restricted ? "Restricted" : "Unrestricted";
}

// "Assets:Money:<account>": where money sits, whichever funds it belongs to.
std::string MoneyAccount(const BooksState& s, const FactRow& f) {
  const std::string account = s.AccountOf(f);
  return "Assets:Money:" + (account.empty() ? std::string("OTHER") : account);
}

void Posting(const std::string& account, int64_t minor, const std::string& currency,
             std::string* out) {
  *out += "    " + account + "  " + FormatAmount(minor, currency) + " " + currency + "\n";
}

std::string DateOf(int32_t d) {
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return date;
}

// Appends the transaction of a move between accounts.
void AppendMove(const AccountTransfer& t, std::string* out) {
  *out += t.date + " * move between accounts  ; entry " + std::to_string(t.seq) + "\n";
  Posting("Assets:Money:" + t.to, t.minor, t.currency, out);
  Posting("Assets:Money:" + t.from, -t.minor, t.currency, out);
  *out += "\n";
}

// Appends the transaction of fact `f`, if it books one.
void AppendTransaction(const BooksState& s, const FactRow& f, int32_t through, std::string* out) {
  if (f.date > through) return;
  const std::string& currency = s.fact_currencies()[f.currency];
  const std::string& fund = s.fact_funds()[f.fund];
  const std::string where = Restriction(s, fund) + ":" + fund;
  std::string account, other;
  const char* what = "";
  switch (f.of_kind) {
    case FactKind::kDonation:
      account = MoneyAccount(s, f);
      other = "Income:Donations:" + where;
      what = "donation";
      break;
    case FactKind::kGoodsDonation:
      account = "Assets:Goods:" + where;
      other = "Income:GoodsInKind:" + where;
      what = "gift in kind";
      break;
    case FactKind::kAidPaid:
      account = MoneyAccount(s, f);
      other = "Expenses:Aid:" + where;
      what = "aid paid";
      break;
    case FactKind::kGoodsHandedOut:
      account = "Assets:Goods:" + where;
      other = "Expenses:GoodsGiven:" + where;
      what = "goods handed out";
      break;
    case FactKind::kTransfer: {
      // The money stays where it sits; the funds' net assets move.
      const std::string& to = s.fact_funds()[f.counter_fund];
      account = "NetAssets:" + Restriction(s, to) + ":" + to;
      other = "NetAssets:" + where;
      what = f.release ? "transfer releasing a restriction" : "transfer";
      break;
    }
    case FactKind::kCost:
      account = MoneyAccount(s, f);
      other = std::string("Expenses:Costs:") +
              std::string(f.category < std::size(kCostCategories) ? kCostCategories[f.category]
                                                                  : "other") +
              ":" + where;
      what = "cost";
      break;
    case FactKind::kIncome:
      account = MoneyAccount(s, f);
      other = std::string("Income:Other:") +
              std::string(f.category < std::size(kIncomeCategories) ? kIncomeCategories[f.category]
                                                                    : "other_income") +
              ":" + where;
      what = "income";
      break;
    case FactKind::kOpening:
      // The books began with it: net assets, never income.
      account = MoneyAccount(s, f);
      other = "NetAssets:" + where;
      what = "opening balance";
      break;
    case FactKind::kReversal:
      break;
  }
  if (f.minor == 0) return;  // goods without a value: not booked
  *out += DateOf(f.date) + " * " + (f.kind == FactKind::kReversal ? "reversal of " : "") + what +
          "  ; entry " + std::to_string(f.seq) + "\n";
  Posting(account, f.minor, currency, out);
  Posting(other, -f.minor, currency, out);
  *out += "\n";
}

}  // namespace

Status WriteJournal(const ReadBooks& read, int64_t size, int32_t through,
                    const std::string& basis_line, std::ostream& stream) {
  // The top accounts' types, so that hledger's balance sheet and income
  // statement find them (ledger-cli reads the declarations too).
  std::string out = "; aidledger journal for hledger and ledger-cli\n; " + basis_line +
                    "\n\naccount Assets  ; type: A\naccount NetAssets  ; type: E\n"
                    "account Income  ; type: R\naccount Expenses  ; type: X\n\n";
  // Moves between accounts are no facts: each is written in the order of
  // the ledger, before the first fact that came after it.
  size_t moves = 0;
  const std::string last_day = DateOf(through);
  const auto moves_before = [&](const BooksState& s, int64_t seq) {
    const std::vector<AccountTransfer>& all = s.account_transfers();
    for (; moves < all.size() && all[moves].seq < seq && all[moves].seq <= size; ++moves) {
      if (all[moves].date <= last_day) AppendMove(all[moves], &out);
    }
  };
  const auto write = [&] {
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
    out.clear();
  };
  Status read_ok = ScanFacts(
      read, size,
      [&](const BooksState& s, const FactRow& f) {
        moves_before(s, f.seq);
        AppendTransaction(s, f, through, &out);
      },
      write);
  // The moves after the last fact.
  if (read_ok.ok()) read_ok = read([&](const BooksState& s) { moves_before(s, size + 1); });
  write();
  if (!read_ok.ok()) stream.setstate(std::ios::badbit);
  return read_ok;
}

std::string ExportJournal(const BooksState& s, int32_t through, const std::string& basis_line) {
  std::ostringstream out;
  (void)WriteJournal(ReadHeld(s), s.size(), through, basis_line, out);  // a held state reads
  return std::move(out).str();
}

}  // namespace aidledger::reports
