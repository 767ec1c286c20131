// BooksRules: the rules of each entry kind of the books (section 6.1 of
// docs/ledger-format.md), one family a file in ledger/books/rules/: funds,
// donations (donors, gifts, goods), reversals, records (recipients and
// personal records), grants (and the books' policy), receipts, periods (and
// proposals), services; the checks they share in shared.cc; the table of
// kinds in table.cc. A friend of BooksState. Internal to ledger/books.
#ifndef AIDLEDGER_LEDGER_BOOKS_RULES_BOOKS_RULES_H_
#define AIDLEDGER_LEDGER_BOOKS_RULES_BOOKS_RULES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/books/books_state.h"
#include "ledger/books/money.h"
#include "ledger/books/rules/support.h"

namespace aidledger {

// The rules of each kind: Check* refuse with the offending field, Apply*
// change the state of a payload that Check* accepted.
class BooksRules {
 public:
  using Checker = Status (*)(const BooksState&, const Actor&, const Object&);
  using Applier = void (*)(BooksState&, const Actor&, const Object&);
  struct Rule {
    std::string_view kind;
    Checker check;
    Applier apply;
  };
  static const Rule* Find(std::string_view kind);

 private:
  // --- shared checks ---
  static Result<const Fund*> FindOpenFund(const BooksState& s, const Object& p,
                                          const std::string& key);
  static Status CheckOpenDate(const BooksState& s, const Object& p);
  static Status CheckChannel(const Object& p);
  // A money entry's optional `account` names one of the books' accounts
  // (absent: the channel's default, which every ledger has).
  static Status CheckAccountMember(const BooksState& s, const Object& p);
  // Taking `out` (> 0) of `currency` out of an account leaves it at zero or
  // more. Ledgers begun before the current rules (legacy_forms) were kept
  // without accounts: their channels' defaults may have gone below zero,
  // and they replay as they were written.
  static Status CheckAccountHolds(const BooksState& s, const std::string& account,
                                  const std::string& currency, int64_t out,
                                  const std::string& field);
  // Adding `minor` to a fund's balance (and to its month) stays within int64.
  static Status CheckRoom(const BooksState& s, const std::string& fund, const std::string& nature,
                          const Money& m, const std::string& date, const std::string& field);
  // A donor id of a registered donor whose record was not erased, or null.
  static Status CheckDonor(const BooksState& s, const Object& p);
  // The next receipt number of the gift's year.
  static Status CheckReceipt(const BooksState& s, const Object& p);
  // An enrolled recipient whose record is kept, whom a restricted fund serves.
  static Status CheckRecipientForFund(const BooksState& s, const Object& p, const Fund& fund);
  static Status CheckSubjectRole(const Actor& a, const std::string& subject);
  static const Subject* FindSubject(const BooksState& s, const std::string& id);
  static Subject* FindSubject(BooksState& s, const std::string& id);

  // Parses a donation's or hand-out's items: distinct (item, unit) lines.
  static Result<std::vector<std::pair<const Object*, std::string>>> Items(const Object& p);

  // --- funds ---
  static Status CheckFundOpened(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyFundOpened(BooksState& s, const Actor&, const Object& p);

  static Status CheckFundClosed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyFundClosed(BooksState& s, const Actor&, const Object& p);

  static Status CheckFundTransferred(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyFundTransferred(BooksState& s, const Actor&, const Object& p);

  // --- donors and donations ---
  static Status CheckDonorRegistered(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyDonorRegistered(BooksState& s, const Actor&, const Object& p);

  // What every gift checks last, of money or goods: its donor, its memo,
  // room for `amount` of `nature` in `fund` on its date, and its receipt.
  static Status CheckGiftTail(const BooksState& s, const Object& p, const std::string& fund,
                              const std::string& nature, const Money& amount);
  static Status CheckDonationRecorded(const BooksState& s, const Actor& a, const Object& p);
  static void IssueReceipt(BooksState& s, const Object& p);
  static void ApplyDonationRecorded(BooksState& s, const Actor&, const Object& p);

  static Status CheckDonationInKind(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyDonationInKind(BooksState& s, const Actor&, const Object& p);
  // A goods entry's posting: its amount, and each line's quantity and value
  // into the stock (`sign` 1) or out of it (-1).
  static void ApplyGoods(BooksState& s, std::string_view kind, const Object& p, int sign);

  static Status CheckGoodsHandedOut(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyGoodsHandedOut(BooksState& s, const Actor&, const Object& p);

  // Records the movement of the entry being applied, once, as its fact row
  // (with its stock lines and grant beside it). The movement is stated in the
  // chain's own type (facts.h), as the format derives it from the entry's
  // bytes; verify's replay holds the two equal (BooksState::IsMovement). The
  // caller adds what only the payload knows (donor, channel, ...), then
  // Moves it.
  static FactRow& AddFact(BooksState& s, FactKind kind, const Fact& movement,
                          BooksState::FactExtras extras);
  // AddFact of a movement of money: `amount` (signed) on `fund`, dated
  // `date`, paid by the payload's `channel` into or out of its `account`
  // (absent: the channel's default).
  static FactRow& AddCashFact(BooksState& s, FactKind kind, const std::string& fund,
                              const Money& amount, const std::string& date, const Object& p,
                              BooksState::FactExtras extras = {});

  // Applies a movement (direction 1) or undoes it (-1), dated `date`: the
  // fund's balance, the counter fund's opposite, the stock, and the
  // account's money.
  static void Move(BooksState& s, const FactRow& f, const std::string& date, int direction);

  // Whether undoing a movement keeps every balance and stock line >= 0.
  static Status CheckUndo(const BooksState& s, const FactRow& f, const std::string& date);

  // --- reversals ---
  // The entry `reverses` names moved value and was not reversed, and no
  // other reversal of it waits for a second person.
  static Result<const FactRow*> ReversibleTarget(const BooksState& s, const Object& p);
  static const Proposal* PendingReversal(const BooksState& s, int64_t target);
  // Correcting an entry of a closed period: the adjustment is dated in an
  // open one and names the closed month it corrects.
  static Status CheckReasonNamesClosedMonth(const BooksState& s, const FactRow& f,
                                            const std::string& reason);
  static Status CheckReversalProposed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyReversalProposed(BooksState& s, const Actor& a, const Object& p);

  static Status CheckEntryReversed(const BooksState& s, const Actor& a, const Object& p);
  // Four eyes: a reversal confirms another person's proposal for the same
  // entry with its reason, or (proposal null) undoes less than the policy
  // exempts.
  static Status CheckReversalConfirmed(const BooksState& s, const Actor& a, const Object& p,
                                       const FactRow& f);
  static void ApplyEntryReversed(BooksState& s, const Actor& a, const Object& p);

  // --- recipients and personal records ---
  static Status CheckRecipientEnrolled(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyRecipientEnrolled(BooksState& s, const Actor&, const Object& p);

  static Status CheckRecord(const BooksState& s, const Actor& a, const Object& p, bool erase);
  static Status CheckRecordCorrected(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyRecordCorrected(BooksState& s, const Actor&, const Object& p);
  static Status CheckRecordErased(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyRecordErased(BooksState& s, const Actor&, const Object& p);

  // --- grants ---
  // One policy per entry: how many approve a grant, the largest amount one
  // entry may carry, the reversals small enough to need no second person.
  static constexpr int64_t kMaxEntryCeiling = 1'000'000'000'000'000;  // 10^15 minor units
  static Status CheckPolicySet(const BooksState&, const Actor& a, const Object& p);
  static void ApplyPolicySet(BooksState& s, const Actor&, const Object& p);

  static Status CheckGrantProposed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyGrantProposed(BooksState& s, const Actor& a, const Object& p);

  static Status CheckGrantDecided(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyGrantApproved(BooksState& s, const Actor& a, const Object& p);
  static void ApplyGrantRejected(BooksState& s, const Actor&, const Object& p);

  static Status CheckGrantPaid(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyGrantPaid(BooksState& s, const Actor&, const Object& p);

  // --- receipts ---
  static Status CheckReceiptEntry(const BooksState& s, const Actor& a, const Object& p,
                                  std::string_view kind);
  static Status CheckReceiptVoided(const BooksState& s, const Actor& a, const Object& p);
  static Status CheckReceiptBill(const BooksState& s, const Actor& a, const Object& p);
  static Status CheckReceiptPrinted(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyReceiptVoided(BooksState& s, const Actor& a, const Object& p);
  static void ApplyReceiptBill(BooksState& s, const Actor&, const Object& p);
  static void ApplyReceiptPrinted(BooksState& s, const Actor&, const Object& p);

  // --- periods ---
  // Closing and reopening are each proposed by one person and confirmed by
  // another (admins and treasurers); the period must be the next in order
  // when proposed and when confirmed. Whether it has ended on the team's
  // calendar is the operation's check (Books::ProposeClose): the rules see
  // no clock.
  static const Proposal* Pending(const BooksState& s, std::string_view kind);
  static Status CheckPeriodRole(const Actor& a, const char* what);
  // The confirmation names a waiting proposal of `kind` for the same period,
  // made by someone else.
  static Result<const Proposal*> Confirms(const BooksState& s, const Actor& a, const Object& p,
                                          std::string_view kind);
  // The close or reopening itself is the last confirmation: the others the
  // proposal needs came first (proposal.confirmed).
  static Status CheckLastConfirmation(const Proposal& proposal);
  // One confirmation of a close or a reopening before the last.
  static Status CheckProposalConfirmed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyProposalConfirmed(BooksState& s, const Actor& a, const Object& p);

  static Status CheckCloseProposed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyProposal(BooksState& s, const Actor& a, const Object& p, std::string_view kind);
  static void ApplyCloseProposed(BooksState& s, const Actor& a, const Object& p);

  static Status CheckPeriodClosed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyPeriodClosed(BooksState& s, const Actor&, const Object& p);

  // Only the period the latest close named is reopened, and the books go
  // back to how they were before it: closes and reopenings stay in order.
  static Status CheckReopenProposed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyReopenProposed(BooksState& s, const Actor& a, const Object& p);
  static Status CheckPeriodReopened(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyPeriodReopened(BooksState& s, const Actor& a, const Object& p);

  // Anyone of the roles that may confirm a proposal may reject it, its
  // proposer included (who so withdraws it), with the reason.
  static Status CheckProposalRejected(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyProposalRejected(BooksState& s, const Actor&, const Object& p);

  // --- volunteer service ---
  // Whoever organises the team's work records it; a person's time is at most
  // a day's on a day.
  static constexpr int64_t kMaxVolunteers = 100000;
  static Status CheckServiceDonated(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyServiceDonated(BooksState& s, const Actor&, const Object& p);
  // A record made in error is taken back whole, with the reason, and a new
  // one made if need be; a closed period's figures stay as they were closed.
  static Status CheckServiceWithdrawn(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyServiceWithdrawn(BooksState& s, const Actor& a, const Object& p);

  // --- costs ---
  // What a cost's proposal and its record share: a category, an open fund
  // (a restricted one pays only programme costs), the amount of `sign`
  // (kPositive: the cost; otherwise its negative effect on the fund), payee,
  // voucher not recorded on another cost, purpose, an open date, a channel.
  static Status CheckCost(const BooksState& s, const Object& p, AmountSign sign);
  // Keeps a proposal of `kind` (the entry being applied) that its record
  // repeats: a cost's, an opening's.
  static void AddProposal(BooksState& s, const Actor& a, std::string_view kind,
                          const std::string& reason, const Object& payload);
  static Status CheckCostProposed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyCostProposed(BooksState& s, const Actor& a, const Object& p);
  static Status CheckCostRecorded(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyCostRecorded(BooksState& s, const Actor& a, const Object& p);

  // --- accounts where money sits ---
  static Status CheckAccountOpened(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyAccountOpened(BooksState& s, const Actor&, const Object& p);
  // An account closed at the bank or the platform: it holds nothing, and no
  // money goes into it or out of it afterwards.
  static Status CheckAccountClosed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyAccountClosed(BooksState& s, const Actor&, const Object& p);
  // The account `code` is open; else a refusal naming `field`.
  static Status CheckAccountOpen(const BooksState& s, const std::string& code,
                                 const std::string& field);
  static Status CheckAccountTransferred(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyAccountTransferred(BooksState& s, const Actor& a, const Object& p);

  // --- income other than gifts ---
  static Status CheckIncomeRecorded(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyIncomeRecorded(BooksState& s, const Actor& a, const Object& p);

  // --- opening balances ---
  // The balances the books begin with, dated their first day: proposed by a
  // treasurer, recorded line by line, in order, by another; at most one
  // proposal waits; every opening is of the same day, and no money entry is
  // dated before it. A line may be negative only to correct an earlier
  // opening of the same day (what it takes away is held).
  static Status CheckOpeningLine(const BooksState& s, const Object& line, const std::string& path);
  static Status CheckOpeningProposed(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyOpeningProposed(BooksState& s, const Actor& a, const Object& p);
  static Status CheckOpeningRecorded(const BooksState& s, const Actor& a, const Object& p);
  static void ApplyOpeningRecorded(BooksState& s, const Actor& a, const Object& p);

  static const Rule kRules[];
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_RULES_BOOKS_RULES_H_
