// Books: the treasurer's and coordinator's operations on the ledger. Each
// operation builds one entry and checks it against the books' rules and the
// current state (BooksState) inside the store's write transaction, after
// catching up with every committed entry, so no other writer (thread or
// process) can slip an entry in between the check and the append.
// Thread-safe. Operations that arrive together share one transaction and one
// fsync (group commit); each is still checked against the state the ones
// before it left, refused alone, and answered only once committed.
#ifndef AIDLEDGER_LEDGER_BOOKS_BOOKS_H_
#define AIDLEDGER_LEDGER_BOOKS_BOOKS_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/books/books_state.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/ledger_store.h"

namespace aidledger {

struct FundSpec {
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool restricted = false;
  std::string purpose;              // required when restricted
  std::vector<std::string> serves;  // recipient categories; required when restricted
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
  std::string account;         // where the money went; "": the channel's default account
};

struct GoodsItem {
  std::string item;  // "羽绒服"
  int64_t quantity = 0;
  std::string unit;       // "件"
  std::string valuation;  // invoice, fair_value or unvalued
  std::string value;      // decimal string for all units of the line; "0" when unvalued
};

struct GoodsDonationInput {
  std::string fund;
  std::string currency = "CNY";
  std::string date;
  std::optional<std::string> donor;
  std::vector<GoodsItem> items;
  std::string received_by;  // two people count goods in: who received them
  std::string checked_by;   // and who checked the count
  std::string memo;
};

struct HandOutInput {
  std::string fund;
  std::string recipient;
  std::string date;
  // item, unit and quantity of each line; the value each carries is worked
  // out from the stock (BooksState::CarriedValue).
  std::vector<GoodsItem> items;
  std::string memo;
};

struct TransferInput {
  std::string from;
  std::string to;
  std::string amount;
  std::string currency = "CNY";
  std::string date;
  std::string reason;
  // The document that releases restricted money from its purpose (the
  // donor's consent, a resolution); required exactly when it leaves it.
  std::optional<std::string> release;
};

struct GrantProposal {
  std::string recipient;
  std::string fund;
  std::string amount;
  std::string currency = "CNY";
  std::string purpose;
  std::string term;  // "2026 autumn semester"
};

// Volunteer service given to the team on a day (donated services: disclosed,
// not income). A count of people, never who they were.
struct ServiceInput {
  std::string activity;
  std::string date;  // YYYY-MM-DD
  int64_t volunteers = 0;
  int64_t minutes = 0;  // everyone's time together
};

// One instalment of an approved grant.
struct PaymentInput {
  std::string grant;
  std::string amount;  // decimal string, what is paid (positive)
  std::string date;
  std::string channel;
  std::optional<std::string> external_ref;  // the bank's or app's reference; none for cash
  // Set only when the bank really reused a reference already recorded on
  // this channel: why this is another payment.
  std::optional<std::string> duplicate_reason;
  std::string account;  // paid from; "": the channel's default account
};

// A cost (费用) as a person enters it.
struct CostInput {
  std::string category;  // program, admin, fundraising or other
  std::string fund;
  std::string amount;  // decimal string, the cost (positive)
  std::string currency = "CNY";
  std::string payee;
  std::string voucher;  // the invoice's or the voucher's number
  std::string purpose;
  std::string date;
  std::string channel;
  std::optional<std::string> external_ref;  // the bank's or app's reference; none for cash
  std::string account;                      // paid from; "": the channel's default account
};

// How a proposed cost was paid, as the treasurer who records it says.
struct CostPayment {
  std::optional<std::string> external_ref;  // the bank's or app's reference; none for cash
  std::string account;                      // paid from; "": the channel's default account
};

// An account where money sits, as a treasurer opens it.
struct AccountInput {
  std::string code;         // "BANK_ICBC"
  std::string name;         // "工商银行基本户"
  std::string type;         // cash_box, bank, platform or other
  std::string institution;  // the bank or platform; "" for a cash box
  // The account's number as the treasurer types it (spaces allowed); only
  // its last four digits are recorded. "" if it has none.
  std::string number;
};

// Money moved between two of the team's accounts.
struct AccountTransferInput {
  std::string from;
  std::string to;
  std::string amount;  // decimal string, more than zero
  std::string currency = "CNY";
  std::string date;
  std::optional<std::string> external_ref;  // the bank's or platform's reference
  std::string memo;
};

// Income other than a gift (收入) as a person enters it.
struct IncomeInput {
  std::string category;  // government_grant, membership_dues, service_income, ...
  std::string fund;
  std::string amount;  // decimal string, more than zero
  std::string currency = "CNY";
  std::string payer;
  std::optional<std::string> document;  // the grant's document number, ...
  std::string date;
  std::string channel;
  std::optional<std::string> external_ref;  // the bank's or app's reference; none for cash
  std::string memo;
  std::string account;  // where the money went; "": the channel's default account
};

// One opening balance: what `account` held for `fund` on the books' first day.
struct OpeningLine {
  std::string fund;
  std::string account;
  std::string amount;  // decimal string, not zero (negative: corrects an earlier opening)
  std::string currency = "CNY";
};

// The balances the books begin with, as a treasurer states them.
struct OpeningInput {
  std::string date;  // the books' first day: nothing is dated before it
  std::vector<OpeningLine> lines;
  std::string memo;  // e.g. where the figures come from (the bank's statement of ...)
};

struct RecordedDonation {
  AppendedEntry entry;
  std::string receipt;  // "2026-000124"
};

// The books as of the ledger's head, replayed from a reader alone (no store,
// no write access: a ledger on read-only media). kCorrupt names the first
// entry that breaks a rule.
Result<BooksState> ReplayBooks(LedgerReader& reader);

class Books {
 public:
  // Writes to side tables that commit with the entry or not at all
  // (LedgerStore::SideWrite): the vault's record, the service's idempotency
  // record. Given the id the entry assigned or names ("" if none) and the
  // appended entry. Every operation takes one as its last argument.
  using SideWrite =
      std::function<Status(SideWriter& side, const std::string& id, const AppendedEntry& entry)>;

  // `store` must outlive the Books. Replays the ledger into the state.
  static Result<std::unique_ptr<Books>> Open(LedgerStore* store);

  // Any entry, checked against the books' rules when its kind is one of
  // theirs (kinds outside the books are carried as they are). The typed
  // operations below build their payloads; this is for tools that already
  // have one (aidledger append).
  Result<AppendedEntry> Record(const EntryDraft& draft, const SideWrite& also = nullptr);

  Result<AppendedEntry> OpenFund(const FundSpec& spec, const Actor& actor,
                                 const SideWrite& also = nullptr);
  Result<AppendedEntry> CloseFund(const std::string& code, const std::string& reason,
                                  const Actor& actor, const SideWrite& also = nullptr);
  Result<AppendedEntry> Transfer(const TransferInput& input, const Actor& actor,
                                 const SideWrite& also = nullptr);

  Result<RecordedDonation> RecordDonation(const DonationInput& input, const Actor& actor,
                                          const SideWrite& also = nullptr);
  // A batch of cash gifts, all or nothing: one transaction, each row checked
  // against the state the rows before it left. On a refusal *failed is the
  // index of the first row refused (inputs.size() if none was). `also` is
  // given the number of rows as its id and the last entry.
  Result<std::vector<RecordedDonation>> RecordDonations(const std::vector<DonationInput>& inputs,
                                                        const Actor& actor, size_t* failed,
                                                        const SideWrite& also = nullptr);
  // Each of `inputs` checked in order against the books as the rows before
  // it would leave them, a refused row left out: every row the books'
  // rules refuse (by index), with why. Writes nothing.
  std::vector<std::pair<size_t, Status>> CheckDonations(const std::vector<DonationInput>& inputs,
                                                        const Actor& actor);
  Result<RecordedDonation> RecordGoodsDonation(const GoodsDonationInput& input, const Actor& actor,
                                               const SideWrite& also = nullptr);
  Result<AppendedEntry> HandOutGoods(const HandOutInput& input, const Actor& actor,
                                     const SideWrite& also = nullptr);

  // Four eyes on corrections and closes: one person proposes, another (an
  // admin or a treasurer) confirms; either, or anyone of those roles,
  // rejects with the reason. A proposal is named by its entry's seq.

  // Proposes undoing the value effect of entry `seq`, with the reason.
  Result<AppendedEntry> ProposeReversal(int64_t seq, const std::string& reason, const Actor& actor,
                                        const SideWrite& also = nullptr);
  // Confirms another person's reversal proposal: the entry.reversed entry,
  // dated `date` (the business date of the correction).
  Result<AppendedEntry> ConfirmReversal(int64_t proposal, const std::string& date,
                                        const Actor& actor, const SideWrite& also = nullptr);
  // Undoes entry `seq` at once: only for an amount under the policy's
  // reversal_exempt_below (none by default); otherwise refused, field
  // "proposal": propose it.
  Result<AppendedEntry> Reverse(int64_t seq, const std::string& reason, const std::string& date,
                                const Actor& actor, const SideWrite& also = nullptr);
  Result<AppendedEntry> RejectProposal(int64_t proposal, const std::string& reason,
                                       const Actor& actor, const SideWrite& also = nullptr);

  // Proposes closing a month ("2026-11") or a year ("2026"): the next in
  // order (BooksState::CheckClosable), and ended on the team's calendar
  // (its last day before `today`, "YYYY-MM-DD" in the ledger's time zone).
  Result<AppendedEntry> ProposeClose(const std::string& period, const std::string& today,
                                     const Actor& actor, const SideWrite& also = nullptr);
  // Confirms another person's close: later entries dated in the period are
  // refused, and the entry records every fund's closing balances. A
  // checkpoint follows (CheckpointPolicy).
  Result<AppendedEntry> ConfirmClose(int64_t proposal, const Actor& actor,
                                     const SideWrite& also = nullptr);
  // Proposes reopening the latest closed period, with the reason; confirmed
  // by another person, it shows in the corrections list.
  Result<AppendedEntry> ProposeReopen(const std::string& period, const std::string& reason,
                                      const Actor& actor, const SideWrite& also = nullptr);
  Result<AppendedEntry> ConfirmReopen(int64_t proposal, const Actor& actor,
                                      const SideWrite& also = nullptr);
  // Confirm{Close,Reopen} record a proposal.confirmed instead while the
  // policy (close_confirmations) asks for more people than have confirmed;
  // the last one closes or reopens. This records one such confirmation.
  Result<AppendedEntry> ConfirmProposal(int64_t proposal, const Actor& actor,
                                        const SideWrite& also = nullptr);

  // Enrols a recipient (or registers a donor) under the next pseudonymous id.
  // `commit(id)` is the keyed commitment to their record in the vault (never
  // the data itself); `also` stores the record in the same transaction.
  using Committer = std::function<Result<Hash32>(const std::string& id)>;
  Result<std::string> EnrolRecipient(const std::string& category, const Committer& commit,
                                     const Actor& actor, const SideWrite& also = nullptr);
  Result<std::string> RegisterDonor(const std::string& type, const Committer& commit,
                                    const Actor& actor, const SideWrite& also = nullptr);
  // A corrected record gets a new commitment; an erased one none (the chain
  // keeps the id and stays verifiable).
  Result<AppendedEntry> CorrectRecord(const std::string& subject, const Hash32& commitment,
                                      const std::string& reason, const Actor& actor,
                                      const SideWrite& also = nullptr);
  Result<AppendedEntry> EraseRecord(const std::string& subject, const std::string& reason,
                                    const Actor& actor, const SideWrite& also = nullptr);

  // How many people other than the proposer approve a grant (1 by default).
  Result<AppendedEntry> SetApprovalsRequired(int count, const Actor& actor,
                                             const SideWrite& also = nullptr);
  Result<std::string> ProposeGrant(const GrantProposal& proposal, const Actor& actor,
                                   const SideWrite& also = nullptr);
  // Approves or rejects a proposed grant; a rejection needs its reason.
  Result<AppendedEntry> DecideGrant(const std::string& grant, bool approve,
                                    const std::string& comment, const Actor& actor,
                                    const SideWrite& also = nullptr);
  // One instalment of an approved grant, from its fund. A payment other than
  // cash needs its reference (the bank's or the payment app's), and a
  // reference already recorded on the channel is refused unless
  // duplicate_reason says why it is another payment.
  Result<AppendedEntry> PayGrant(const PaymentInput& input, const Actor& actor,
                                 const SideWrite& also = nullptr);
  // Costs, four eyes: a treasurer or a coordinator proposes one (the
  // cost.proposed entry, a proposal named by its seq, rejected as any
  // proposal); a treasurer other than the proposer records it, money leaving
  // the fund, with the payment's reference when it was not paid in cash.
  Result<AppendedEntry> ProposeCost(const CostInput& input, const Actor& actor,
                                    const SideWrite& also = nullptr);
  Result<AppendedEntry> ConfirmCost(int64_t proposal, const CostPayment& payment,
                                    const Actor& actor, const SideWrite& also = nullptr);
  // Records a cost at once, by one treasurer: only under the policy's
  // cost_exempt_below (none by default); otherwise refused, field
  // "proposal": propose it.
  Result<AppendedEntry> RecordCost(const CostInput& input, const Actor& actor,
                                   const SideWrite& also = nullptr);
  // Income other than a gift (a government grant, dues, interest, ...),
  // recorded by a treasurer: no receipt, not money raised. A restricted
  // grant goes to a restricted fund. Money not in cash needs its reference.
  Result<AppendedEntry> RecordIncome(const IncomeInput& input, const Actor& actor,
                                     const SideWrite& also = nullptr);
  // Opening balances (期初余额): a treasurer proposes what each fund held in
  // each account on the books' first day; another treasurer records every
  // line (one opening.recorded entry each, in one transaction: all or none;
  // on a refusal *failed is the line refused). Not income, no receipt; every
  // opening is of one day, and no money entry is dated before it.
  Result<AppendedEntry> ProposeOpening(const OpeningInput& input, const Actor& actor,
                                       const SideWrite& also = nullptr);
  Result<std::vector<AppendedEntry>> RecordOpening(int64_t proposal, const Actor& actor,
                                                   size_t* failed, const SideWrite& also = nullptr);
  // Opens an account where money sits (treasurer): its code is new; a bank
  // or a platform account names its institution. Money entries name it in
  // `account`; without one, money sits in its channel's default account
  // (kDefaultAccounts), which every ledger has.
  Result<AppendedEntry> OpenAccount(const AccountInput& input, const Actor& actor,
                                    const SideWrite& also = nullptr);
  // Moves money between two accounts (treasurer): a deposit of the cash
  // box's takings, a platform's settlement to the bank, a withdrawal. No
  // fund's balance changes; the account it leaves must hold it.
  Result<AppendedEntry> MoveBetweenAccounts(const AccountTransferInput& input, const Actor& actor,
                                            const SideWrite& also = nullptr);
  // Closes an account that holds nothing (treasurer), with the reason (the
  // bank closed it): no money goes into it or out of it afterwards, nor
  // into its channel when it is the channel's default.
  Result<AppendedEntry> CloseAccount(const std::string& code, const std::string& reason,
                                     const Actor& actor, const SideWrite& also = nullptr);
  // Sets one policy of the books (admin): "approvals_required" (as
  // SetApprovalsRequired), "max_entry_minor" (the largest amount one entry
  // may carry), "reversal_exempt_below", "cost_exempt_below" or
  // "close_confirmations" (people other than the proposer who confirm a
  // close or a reopening, 1 to 5).
  Result<AppendedEntry> SetPolicy(const std::string& name, int64_t value, const Actor& actor,
                                  const SideWrite& also = nullptr);

  // A receipt is voided with a reason (its number is never reused), or gets
  // the official bill number a partner foundation issued for the gift.
  Result<AppendedEntry> VoidReceipt(const std::string& receipt, const std::string& reason,
                                    const Actor& actor, const SideWrite& also = nullptr);
  Result<AppendedEntry> RecordBillNumber(const std::string& receipt, const std::string& bill,
                                         const std::string& issuer, const Actor& actor,
                                         const SideWrite& also = nullptr);
  // Volunteer service: recorded, or a record made in error withdrawn whole
  // with the reason (named by its entry's seq).
  Result<AppendedEntry> RecordService(const ServiceInput& input, const Actor& actor,
                                      const SideWrite& also = nullptr);
  Result<AppendedEntry> WithdrawService(int64_t seq, const std::string& reason, const Actor& actor,
                                        const SideWrite& also = nullptr);
  // Records a print of a receipt and returns its copy number: 1 is the
  // original, every later one is printed as a duplicate (副本). With `copy`,
  // the copy the caller is about to print: kConflict (field "copy") if
  // another was printed since, so that a paper never names the wrong copy.
  // `also` is given the copy number as its id.
  Result<int> PrintReceipt(const std::string& receipt, std::optional<int64_t> copy,
                           const Actor& actor, const SideWrite& also = nullptr);

  // A copy of the state as of the latest entry.
  Result<BooksState> Snapshot();
  // Calls `fn` with the state as of the latest entry, without copying it
  // (writers wait meanwhile: keep `fn` short).
  Status Read(const std::function<void(const BooksState&)>& fn);
  LedgerStore* store() const { return store_; }
  // Operations committed and the transactions that committed them (group
  // commit makes the second smaller under load).
  struct CommitStats {
    int64_t operations = 0;
    int64_t transactions = 0;
  };
  CommitStats commit_stats();

 private:
  explicit Books(LedgerStore* store, std::unique_ptr<LedgerReader> reader);
  // Whether a close or reopening proposal needs a confirmation other than
  // the last (as of the latest entry); takes and lets go of the lock, so
  // that the caller may commit afterwards.
  Result<bool> MoreConfirmationsNeeded(int64_t proposal);
  // Applies the entries committed since the books last looked; without
  // `force`, only when another connection has committed since then.
  Status CatchUp(bool force = false);
  // Appends `count` entries of `kind` in one transaction, all or nothing:
  // entry i's payload is build(i, state) on the state the entries before it
  // left. On a refusal *failed is the index refused (count if none was);
  // `also` is given the number of entries as its id and the last entry.
  Result<std::vector<AppendedEntry>> CommitEach(
      std::string_view kind, const Actor& actor, size_t count,
      const std::function<Result<Object>(size_t, const BooksState&)>& build, size_t* failed,
      const SideWrite& also);
  // Builds, checks and appends one entry inside the write transaction; `id`
  // is what `also` is given.
  Result<AppendedEntry> Commit(std::string_view kind, const Actor& actor,
                               const std::function<Result<Object>(const BooksState&)>& build,
                               const SideWrite& also = nullptr, const std::string* id = nullptr);

  // What a queued job's thread sleeps on, one per thread: a leader sets it
  // once per job, to kLead (the job is now at the front: lead) or kDone (its
  // result is in). A word and a futex, not a mutex and a condition: a
  // condition's waker and wakee each make a system call more for the mutex
  // (glibc marks a mutex taken back after a wait as contended), a third of
  // the futex calls of a POST (perf).
  class Waiter {
   public:
    enum Signal : uint32_t { kWaiting, kSleeping, kLead, kDone };
    // Until set; takes the signal, leaving the waiter ready for the
    // thread's next job. Everything written before Set is visible after.
    Signal Wait();
    // Wakes the thread only if it sleeps.
    void Set(Signal signal);

   private:
    std::atomic<uint32_t> state_{kWaiting};
  };
  // One operation waiting to be committed (group commit): the first caller
  // to find no leader commits everyone's queued operations in one
  // transaction, each checked against the state the ones before it left.
  struct Job {
    std::string_view kind;
    const Actor* actor = nullptr;
    const std::function<Result<Object>(const BooksState&)>* build = nullptr;
    const SideWrite* also = nullptr;
    const std::string* id = nullptr;
    Object payload;
    Result<AppendedEntry> result = Status(ErrorCode::kInternal, "not committed");
    // Its thread's waiter. A leader copies it before it signals, because
    // once signalled the job's thread may return and the job be gone.
    std::shared_ptr<Waiter> waiter;
  };
  void RunGroup(const std::vector<Job*>& group);

  LedgerStore* store_;
  std::unique_ptr<LedgerReader> reader_;
  std::mutex mu_;  // guards state_ and reader_
  BooksState state_;
  int64_t seen_version_ = -1;  // reader_'s data_version when state_ last caught up
  CommitStats stats_;          // guarded by mu_
  std::mutex queue_mu_;        // guards queue_
  std::deque<Job*> queue_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_BOOKS_H_
