// Books: the treasurer's and coordinator's operations on the ledger. Each
// operation builds one entry and checks it against the books' rules and the
// current state (BooksState) inside the store's write transaction, after
// catching up with every committed entry, so no other writer (thread or
// process) can slip an entry in between the check and the append.
// Thread-safe.
#ifndef AIDLEDGER_LEDGER_BOOKS_H_
#define AIDLEDGER_LEDGER_BOOKS_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ledger/books_state.h"
#include "ledger/ledger_reader.h"
#include "ledger/ledger_store.h"

namespace aidledger {

struct FundSpec {
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool restricted = false;
  std::string purpose;  // required when restricted
};

struct DonationInput {
  std::string fund;
  std::string amount;  // decimal string, "1250.00"
  std::string currency = "CNY";
  std::string channel;  // cash, bank_transfer, wechat_pay, alipay, other
  std::string date;     // the day it was received, YYYY-MM-DD
  std::optional<std::string> external_ref;
  std::optional<std::string> donor;  // a donor id; none for an anonymous gift
  std::string memo;
  bool separate_gift = false;  // the same reference again, confirmed as another gift
};

struct RecordedDonation {
  AppendedEntry entry;
  std::string receipt;  // "2026-000124"
};

class Books {
 public:
  // `store` must outlive the Books. Replays the ledger into the state.
  static Result<std::unique_ptr<Books>> Open(LedgerStore* store);

  Result<AppendedEntry> OpenFund(const FundSpec& spec, const Actor& actor);
  Result<AppendedEntry> CloseFund(const std::string& code, const std::string& reason,
                                  const Actor& actor);
  Result<RecordedDonation> RecordDonation(const DonationInput& input, const Actor& actor);
  // Undoes the money effect of entry `seq` with a new entry; `date` is the
  // business date of the correction.
  Result<AppendedEntry> Reverse(int64_t seq, const std::string& reason, const std::string& date,
                                const Actor& actor);

  // Closes a month ("2026-11") or a year ("2026"): later entries dated in it
  // are refused, and the entry records every fund's closing balances.
  // Periods close in order. A checkpoint follows (CheckpointPolicy).
  Result<AppendedEntry> ClosePeriod(const std::string& period, const Actor& actor);

  // Enrols a recipient under the next pseudonymous id; `commitment` is the
  // keyed commitment to their record in the vault (never the data itself).
  Result<std::string> EnrolRecipient(const std::string& category, const Hash32& commitment,
                                     const Actor& actor);
  Result<std::string> ProposeGrant(const std::string& recipient, const std::string& fund,
                                   const std::string& amount, const std::string& purpose,
                                   const std::string& term, const Actor& actor);
  Result<AppendedEntry> DecideGrant(const std::string& grant, bool approve,
                                    const std::string& comment, const Actor& actor);
  // One instalment of an approved grant, from its fund.
  Result<AppendedEntry> PayGrant(const std::string& grant, const std::string& amount,
                                 const std::string& date, const std::string& channel,
                                 const std::optional<std::string>& external_ref,
                                 const Actor& actor);

  // A receipt is voided with a reason (its number is never reused), or gets
  // the official bill number a partner foundation issued for the gift.
  Result<AppendedEntry> VoidReceipt(const std::string& receipt, const std::string& reason,
                                    const Actor& actor);
  Result<AppendedEntry> RecordBillNumber(const std::string& receipt, const std::string& bill,
                                         const std::string& issuer, const Actor& actor);

  // A copy of the state as of the latest entry.
  Result<BooksState> Snapshot();

 private:
  explicit Books(LedgerStore* store, std::unique_ptr<SqliteLedgerReader> reader);
  Status CatchUp();
  // Builds, checks and appends one entry inside the write transaction.
  Result<AppendedEntry> Commit(std::string_view kind, const Actor& actor,
                               const std::function<Result<Object>(const BooksState&)>& build);

  LedgerStore* store_;
  std::unique_ptr<SqliteLedgerReader> reader_;
  std::mutex mu_;
  BooksState state_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_H_
