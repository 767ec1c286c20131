// BooksState: the books as a projection of the chain (funds and their
// balances in cash and in goods, stock, receipt numbers, donors and
// recipients by pseudonymous id, grants, corrections), and the rules every
// entry of the books must keep. Applying the ledger's entries in order
// rebuilds it; an entry that breaks a rule is refused before it is written,
// and verify replays the chain through the same rules.
//
// Entry kinds and payloads: docs/ledger-format.md, section 6.1.
#ifndef AIDLEDGER_LEDGER_BOOKS_BOOKS_STATE_H_
#define AIDLEDGER_LEDGER_BOOKS_BOOKS_STATE_H_

#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/books/fact_row.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/facts.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

// Ledgers begun before this time (their genesis entry's recorded_at) may
// hold the forms of entries that came before the four-eyes rules (a period
// closed, an entry reversed, by one person; a payment without
// duplicate_reason) and text that the text policy would now refuse; they
// replay as they were written. A ledger begun later holds only the current
// forms. The books' operations write only the current forms in every ledger.
inline constexpr std::string_view kCurrentRulesSince = "2026-12-07T00:00:00.000000Z";

// The largest amount one entry may carry, in minor units (¥100,000,000.00),
// until an admin sets another (policy.set max_entry_minor).
inline constexpr int64_t kDefaultMaxEntryMinor = 10'000'000'000;
// Every amount ever recorded, counted twice (each side of a transfer), stays
// within this: so no total any report adds, over any subset of entries and
// with any signs, can overflow int64.
inline constexpr int64_t kGrossLimitMinor = INT64_MAX / 4;

// A proposal waiting for a second person: to close or reopen a period, or to
// reverse an entry.
struct Proposal {
  int64_t seq = 0;       // the proposing entry
  std::string kind;      // period.close_proposed, period.reopen_proposed, entry.reversal_proposed
  std::string period;    // "2026-11" or "2026" for a period's proposal
  int64_t reverses = 0;  // the entry a reversal would undo
  std::string reason;    // a reopening's or a reversal's
  Actor proposer;
  // A close's or a reopening's: how many people other than the proposer
  // confirm it (the policy when it was proposed), and who has so far.
  int confirmations_required = 1;
  std::vector<std::string> confirmers;
  // A cost's or an opening's: the proposed payload, which what records it
  // repeats (a cost.recorded; an opening's lines, one opening.recorded each).
  Object payload;
  // An opening's: how many of its lines are recorded so far.
  size_t lines_recorded = 0;
};

// Income other than a gift (收入), as recorded: no receipt, not money raised.
struct Income {
  int64_t seq = 0;       // the income.recorded entry
  std::string category;  // one of kIncomeCategories
  std::string fund;
  std::string currency;
  int64_t minor = 0;  // more than zero
  std::string payer;
  std::string document;  // the grant's document or the bank's statement line; "" if none
  std::string date;
  std::string channel;
  std::string memo;
  int64_t reversed_by = 0;  // the entry.reversed that undid it; 0 if none
  std::string account;      // where the money went (Account::code)
};

// A cost (费用) paid from a fund, as recorded.
struct Cost {
  int64_t seq = 0;       // the cost.recorded entry
  std::string category;  // one of kCostCategories
  std::string fund;
  std::string currency;
  int64_t minor = 0;  // the cost, more than zero
  std::string payee;
  std::string voucher;  // the invoice's or the voucher's number
  std::string purpose;
  std::string date;
  std::string channel;
  Actor proposer;           // who proposed it; empty when it needed no second person
  Actor recorder;           // the treasurer who recorded it
  int64_t reversed_by = 0;  // the entry.reversed that undid it; 0 if none
  std::string account;      // where the money came from (Account::code)
};

// An account where the team's money sits: a cash box, a bank account, a
// payment platform's merchant account. Its balance is the money of every
// fund in it; no account goes below zero.
struct Account {
  std::string code;         // "BANK_ICBC"; the defaults: kDefaultAccounts
  std::string name;         // "工商银行基本户"
  std::string type;         // one of kAccountTypes
  std::string institution;  // the bank or platform; "" for a cash box
  // The last four digits of the account's number, "" if none: the whole
  // number never enters the chain (a small team's account may be a
  // person's card).
  std::string number_tail;
  int64_t opened_seq = 0;               // the account.opened entry; 0 for a default
  int64_t closed_seq = 0;               // the account.closed entry; 0 while open
  std::map<std::string, int64_t> cash;  // currency -> minor units held
};

// Money moved between two of the team's accounts (a deposit of the cash
// box's takings, a platform's settlement to the bank, a withdrawal): no
// fund's balance changes.
struct AccountTransfer {
  int64_t seq = 0;  // the account.transferred entry
  std::string from;
  std::string to;
  std::string currency;
  int64_t minor = 0;  // more than zero
  std::string date;
  std::string external_ref;  // the bank's or platform's reference; "" if none
  std::string memo;
  Actor actor;
};

// Categories of recipients, and what a restricted fund may serve.
inline constexpr std::string_view kRecipientCategories[] = {"student", "disability",
                                                            "serious_illness", "household"};
// How donated goods were valued (the accounting system for non-profits):
// from the donor's documents, else at fair value, else not at all (counted by
// quantity, not booked as income).
inline constexpr std::string_view kValuationBases[] = {"invoice", "fair_value", "unvalued"};

struct Grant {
  std::string id;  // "G-000001"
  std::string recipient;
  std::string fund;
  std::string currency;
  std::string purpose;
  std::string term;
  int64_t approved_minor = 0;  // the amount proposed, payable once approved
  int64_t paid_minor = 0;
  std::string proposer;                // actor id: never one of its approvers
  int approvals_required = 1;          // the policy when it was proposed
  std::vector<std::string> approvers;  // distinct actor ids
  enum class State { kProposed, kApproved, kRejected } state = State::kProposed;
};

struct Receipt {
  int64_t donation_seq = 0;  // the entry that issued it
  bool voided = false;
  std::string bill_number;  // the partner foundation's official bill, once recorded
  int copies_printed = 0;   // the first print is the original, later ones duplicates
  // What a donor checking the receipt is told: the void and the reversal of
  // the gift, each with its entry, reason and (for a reversal) date.
  int64_t voided_by = 0;
  std::string void_reason;
  int64_t reversed_by = 0;
  std::string reversal_reason;
  std::string reversal_date;
};

// One kind of item a fund holds, keyed by item name and unit.
struct StockLine {
  int64_t quantity = 0;
  std::string currency;  // of value_minor; "" while no unit of it was valued
  int64_t value_minor = 0;
};

struct Fund {
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool restricted = false;
  std::string purpose;           // what a restricted fund may pay for; "" if unrestricted
  std::set<std::string> serves;  // recipient categories a restricted fund may aid
  bool open = true;
  std::map<std::string, int64_t> cash;     // currency -> minor units held in money
  std::map<std::string, int64_t> goods;    // currency -> value of the valued goods held
  std::map<std::string, StockLine> stock;  // "item\nunit" -> line
};

// A donor or a recipient: the chain knows only the id, a category or type,
// and whether the personal record was erased.
struct Subject {
  std::string category;    // recipient category, or donor type (person, organisation)
  std::string commitment;  // hex of the latest commitment to the record; "" once erased
  bool erased = false;
};

// Volunteer service given to the team: donated services, which the
// accounting system for non-profits discloses (from 2026) but never books as
// income, so no money moves. Who served stays out of the chain: a count.
struct ServiceRecord {
  int64_t seq = 0;  // the entry that recorded it
  std::string date;
  std::string activity;      // "冬季送温暖入户走访"
  int64_t volunteers = 0;    // people who served
  int64_t minutes = 0;       // their time together
  int64_t withdrawn_by = 0;  // the service.withdrawn entry that took it back; 0 if none
};

// A reversal, a void or a withdrawn service record, for the corrections list.
struct Correction {
  int64_t seq = 0;     // the correcting entry
  std::string kind;    // entry.reversed, receipt.voided, service.withdrawn or period.reopened
  std::string target;  // the reversed or withdrawn entry's seq, the voided receipt number,
                       // or the reopened period
  std::string reason;
  std::string date;  // business date of a reversal; "" otherwise
  Actor actor;       // who made the correcting entry (the second person, if one confirmed)
  Actor proposer;    // who proposed it when another confirmed; empty otherwise
};

class BooksState {
 public:
  // The books before any entry: no funds, and the default accounts.
  BooksState();

  // Checks `payload` of `kind` by `actor` against the rules and the state,
  // without changing anything; field() names the offending member.
  Status Check(std::string_view kind, const Actor& actor, const Object& payload) const;
  // Check, then apply. Entries of kinds outside the books are counted only.
  Status Apply(std::string_view kind, const Actor& actor, const Object& payload);

  // An entry's movement of value is kept once, as its fact row (fact_row.h),
  // the same facts that ledger/chain/facts.h derives. What a rule reads of
  // one beyond the row: the goods' stock lines it moved and the grant it
  // paid, and the row's codes as text.
  struct StockMove {
    std::string key;  // "item\nunit"
    int64_t quantity = 0;
    std::string currency;
    int64_t value_minor = 0;
  };
  struct FactExtras {
    std::string grant;             // a payment's grant, "" otherwise
    std::vector<StockMove> items;  // what goods moved, empty otherwise
  };
  // The fact of entry `seq` if it moved value, is not a reversal and was
  // not reversed: what a reversal may undo; null otherwise.
  const FactRow* ReversibleFact(int64_t seq) const;
  // The stock lines and grant of entry `seq` (empty for a gift of money).
  const FactExtras& ExtrasOf(int64_t seq) const;
  const std::string& FundOf(const FactRow& f) const { return fact_funds_[f.fund]; }
  // "" when the fact moves nothing into a second fund.
  std::string CounterFundOf(const FactRow& f) const;
  const std::string& CurrencyOf(const FactRow& f) const { return fact_currencies_[f.currency]; }
  static std::string NatureOf(const FactRow& f) { return f.goods ? "goods" : "cash"; }
  static std::string DateOf(const FactRow& f);  // "YYYY-MM-DD"
  // Whether row `f` is `movement`, the chain's reading of the same entry
  // (facts.h): the same fund, counter fund, nature, currency, amount and date.
  bool IsMovement(const FactRow& f, const Fact& movement) const;
  // The kind of the entry that made the movement (a reversal's: the kind it reverses).
  static std::string_view EntryKindOf(const FactRow& f);

  // The last day of the latest closed period, "" if none is closed.
  const std::string& closed_through() const { return closed_through_; }
  // The period that may be proposed for closing next: the month after the
  // last closed one ("" when none is closed: any month may be the first).
  std::string NextClosableMonth() const;
  // Years closed as years ("2026"), beside their months.
  const std::set<std::string>& closed_years() const { return closed_years_; }
  // The period the latest close named ("2026-11" or "2026"), the only one
  // that may be reopened; "" if none is closed.
  std::string LatestClosedPeriod() const { return closes_.empty() ? "" : closes_.back().period; }
  // OK if `period` ("YYYY-MM" or "YYYY") is the next to close in order;
  // field "period".
  Status CheckClosable(const std::string& period) const;
  // Proposals waiting for a second person, by the proposing entry's seq.
  const std::map<int64_t, Proposal>& proposals() const { return proposals_; }
  // Whether this ledger replays the forms from before the current rules
  // (kCurrentRulesSince).
  bool legacy_forms() const { return legacy_forms_; }
  int64_t max_entry_minor() const { return max_entry_minor_; }
  // A reversal of less than this (minor units, any currency) needs no
  // second person; 0 (the default): every reversal does.
  int64_t reversal_exempt_below() const { return reversal_exempt_below_; }
  // A cost of less than this is recorded by a treasurer alone (0, none,
  // until an admin sets it).
  int64_t cost_exempt_below() const { return cost_exempt_below_; }
  // Every cost recorded, in order, reversed ones included.
  const std::vector<Cost>& costs() const { return costs_; }
  // Every income other than gifts, in order, reversed ones included.
  const std::vector<Income>& incomes() const { return incomes_; }
  // The accounts where money sits, by code, the defaults included.
  const std::map<std::string, Account>& accounts() const { return accounts_; }
  // The code of a fact's account; "" when it moved no money (goods, a
  // transfer between funds).
  std::string AccountOf(const FactRow& f) const;
  // The account an entry's money sits in: its `account` member, else the
  // channel's default (kDefaultAccounts); "" for an unknown channel.
  static std::string AccountFor(const std::string& account, const std::string& channel);
  // Every move of money between the team's accounts, in order.
  const std::vector<AccountTransfer>& account_transfers() const { return account_transfers_; }
  // The day the books began with their opening balances (YYYY-MM-DD), once
  // the first is recorded; "" while none is. No money entry is dated before it.
  const std::string& opening_date() const { return opening_date_; }
  // The earliest business date of a fact (YYYYMMDD), 0 while there is none.
  int32_t earliest_fact_date() const { return earliest_fact_date_; }
  // Balances from entries dated up to `through` (inclusive) per fund, nature
  // and currency, as a period close records them:
  // [{"currency","fund","minor","nature"}...].
  Array BalancesThrough(const std::string& through) const;
  // "2026-11" -> "2026-11-30", "2026" -> "2026-12-31"; "" if not a period.
  static std::string PeriodEnd(std::string_view period);

  // The value a hand-out of `quantity` units of a stock line carries: the
  // line's value pro rata (rounded down), all of it for the last units.
  static int64_t CarriedValue(const StockLine& line, int64_t quantity);

  const std::map<std::string, Grant>& grants() const { return grants_; }
  const std::map<std::string, Receipt>& receipts() const { return receipts_; }
  const std::map<std::string, Subject>& recipients() const { return recipients_; }
  const std::map<std::string, Subject>& donors() const { return donors_; }
  const std::vector<Correction>& corrections() const { return corrections_; }
  // Every service record in order of seq, withdrawn ones included.
  const std::vector<ServiceRecord>& services() const { return services_; }
  // The service record entry `seq` made; null if it made none.
  const ServiceRecord* FindService(int64_t seq) const;
  int approvals_required() const { return approvals_required_; }
  // How many people other than the proposer confirm a close or a reopening
  // proposed from now on (1 by default).
  int close_confirmations() const { return close_confirmations_; }
  // The next pseudonymous ids: "R-000001", "D-000001", "G-000001".
  std::string NextRecipientId() const;
  std::string NextDonorId() const;
  std::string NextGrantId() const;

  int64_t size() const { return size_; }
  const std::map<std::string, Fund>& funds() const { return funds_; }
  // Every entry that moved value, reversals included, in order of seq: what
  // the reports read. Its fund and currency are indexes into the two below.
  const std::vector<FactRow>& fact_rows() const { return fact_rows_; }
  const std::vector<std::string>& fact_funds() const { return fact_funds_; }
  const std::vector<std::string>& fact_currencies() const { return fact_currencies_; }
  // The fact of entry `seq`; null if it moved no value.
  const FactRow* FactOf(int64_t seq) const;
  // The number of the receipt that gift `donation_seq` issued; null if it
  // issued none. (Whether it was voided: receipts().)
  const std::string* ReceiptNumberOf(int64_t donation_seq) const;
  // The next receipt number for a year: "2026-000124".
  std::string NextReceipt(int year) const;
  static bool IsFundCode(std::string_view code);

 private:
  friend class BooksRules;  // the rules of each kind (ledger/books/rules/)

  // Adds `minor` of `nature` to one fund's balance, dated `date`.
  void Post(const std::string& fund, const std::string& nature, const std::string& currency,
            int64_t minor, const std::string& date);
  int64_t Held(const std::string& fund, const std::string& nature,
               const std::string& currency) const;
  uint32_t FactFund(const std::string& code);
  uint16_t FactCurrency(const std::string& code);

  int64_t size_ = 0;
  int approvals_required_ = 1;
  int close_confirmations_ = 1;
  std::map<std::string, Fund> funds_;
  std::map<int, int64_t> last_receipt_;           // year -> last number issued
  std::unordered_set<std::string> payment_refs_;  // "channel\n" + external reference
  // ExtrasOf: only for entries that have any (a gift of money, most
  // entries, has none).
  std::unordered_map<int64_t, FactExtras> fact_extras_;
  std::unordered_set<int64_t> reversed_;  // entries reversed (their fact rows stay)
  // fund -> nature -> currency -> business month "YYYY-MM" -> sum dated in it
  std::map<std::string,
           std::map<std::string, std::map<std::string, std::map<std::string, int64_t>>>>
      monthly_;
  std::string closed_through_;
  // Each close in order: the period it named and closed_through_ before it,
  // so that a reopening of the latest puts the books back as they were.
  struct ClosedPeriod {
    std::string period;
    std::string before;
  };
  std::vector<ClosedPeriod> closes_;
  std::set<std::string> closed_years_;
  std::map<int64_t, Proposal> proposals_;
  bool legacy_forms_ = false;  // the genesis entry says whether this ledger began before the rules
  int64_t max_entry_minor_ = kDefaultMaxEntryMinor;
  int64_t reversal_exempt_below_ = 0;
  int64_t cost_exempt_below_ = 0;
  int64_t gross_minor_ = 0;                              // see kGrossLimitMinor
  std::unordered_set<std::string> payout_refs_;          // "channel\n" + a payment's reference
  std::unordered_set<std::string> bill_numbers_;         // partner bills recorded on receipts
  std::unordered_map<int64_t, std::string> receipt_of_;  // donation seq -> receipt number
  std::map<std::string, Subject> recipients_;
  std::map<std::string, Subject> donors_;
  std::map<std::string, Grant> grants_;
  std::map<std::string, Receipt> receipts_;  // every number issued, voided or not
  std::vector<Correction> corrections_;
  std::vector<ServiceRecord> services_;
  std::vector<Cost> costs_;
  std::vector<Income> incomes_;
  std::unordered_set<std::string> vouchers_;  // "payee\nvoucher" of costs not reversed
  std::map<std::string, Account> accounts_;
  std::vector<std::string> account_order_;  // FactRow::account -> code
  std::vector<AccountTransfer> account_transfers_;
  std::string opening_date_;
  int32_t earliest_fact_date_ = 0;
  std::vector<FactRow> fact_rows_;
  std::vector<std::string> fact_funds_;
  std::unordered_map<std::string, uint32_t> fact_fund_index_;
  std::vector<std::string> fact_currencies_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_BOOKS_STATE_H_
