// BooksState: the books as a projection of the chain (funds and their
// balances, receipt numbers, payment references), and the rules every entry
// of the books must keep. Applying the ledger's entries in order rebuilds it;
// an entry that breaks a rule is refused before it is written, and verify can
// replay the chain through the same rules.
//
// Entry kinds and payloads: docs/ledger-format.md, section 6.
#ifndef AIDLEDGER_LEDGER_BOOKS_STATE_H_
#define AIDLEDGER_LEDGER_BOOKS_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "ledger/entry.h"
#include "ledger/status.h"

namespace aidledger {

namespace kinds {
inline constexpr std::string_view kFundOpened = "fund.opened";
inline constexpr std::string_view kFundClosed = "fund.closed";
inline constexpr std::string_view kDonationRecorded = "donation.recorded";
inline constexpr std::string_view kEntryReversed = "entry.reversed";
inline constexpr std::string_view kPeriodClosed = "period.closed";
inline constexpr std::string_view kRecipientEnrolled = "recipient.enrolled";
inline constexpr std::string_view kGrantProposed = "grant.proposed";
inline constexpr std::string_view kGrantApproved = "grant.approved";
inline constexpr std::string_view kGrantRejected = "grant.rejected";
inline constexpr std::string_view kGrantPaid = "grant.paid";
inline constexpr std::string_view kReceiptVoided = "receipt.voided";
inline constexpr std::string_view kReceiptBillRecorded = "receipt.bill_recorded";
}  // namespace kinds

struct Grant {
  std::string id;  // "G-000001"
  std::string recipient;
  std::string fund;
  std::string currency;
  int64_t approved_minor = 0;  // the amount proposed, payable once approved
  int64_t paid_minor = 0;
  std::string proposer;  // actor id: may not approve or reject their own grant
  enum class State { kProposed, kApproved, kRejected } state = State::kProposed;
};

struct Receipt {
  int64_t donation_seq = 0;  // the entry that issued it
  bool voided = false;
  std::string bill_number;  // the partner foundation's official bill, once recorded
};

struct Fund {
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool restricted = false;
  std::string purpose;  // what a restricted fund may pay for; "" if unrestricted
  bool open = true;
  std::map<std::string, int64_t> balance;  // currency -> minor units
};

class BooksState {
 public:
  // Checks `payload` of `kind` by `actor` against the rules and the state,
  // without changing anything; field() names the offending member.
  Status Check(std::string_view kind, const Actor& actor, const Object& payload) const;
  // Check, then apply. Entries of kinds outside the books are counted only.
  Status Apply(std::string_view kind, const Actor& actor, const Object& payload);

  // The money effect of entry `seq` on one fund, if it has one that can be
  // reversed (and has not been).
  struct Posting {
    std::string fund;
    std::string currency;
    int64_t minor = 0;
    std::string grant;  // a payment's grant, "" otherwise
  };
  std::optional<Posting> ReversiblePosting(int64_t seq) const;

  // The last day of the latest closed period, "" if none is closed.
  const std::string& closed_through() const { return closed_through_; }
  // Balances from entries dated up to `through` (inclusive), per fund and
  // currency, as a period close records them: [{"currency","fund","minor"}...].
  Array BalancesThrough(const std::string& through) const;
  // "2026-11" -> "2026-11-30", "2026" -> "2026-12-31"; "" if not a period.
  static std::string PeriodEnd(std::string_view period);

  const std::map<std::string, Grant>& grants() const { return grants_; }
  const std::map<std::string, Receipt>& receipts() const { return receipts_; }
  // The next pseudonymous ids: "R-000001", "G-000001".
  std::string NextRecipientId() const;
  std::string NextGrantId() const;

  int64_t size() const { return size_; }
  const std::map<std::string, Fund>& funds() const { return funds_; }
  // The next receipt number for a year: "2026-000124".
  std::string NextReceipt(int year) const;
  static bool IsFundCode(std::string_view code);

 private:
  static Status CheckChannel(const Object& payload);
  // The payload's "date" is a valid date after the last closed period.
  Status CheckOpenDate(const Object& payload) const;
  int64_t Held(const std::string& fund, const std::string& currency) const;

  int64_t size_ = 0;
  std::map<std::string, Fund> funds_;
  std::map<int, int64_t> last_receipt_;            // year -> last number issued
  std::unordered_set<std::string> payment_refs_;   // "channel\n" + external reference
  std::unordered_map<int64_t, Posting> postings_;  // reversible entries not yet reversed
  // fund -> currency -> business month "YYYY-MM" -> sum of amounts dated in it
  std::map<std::string, std::map<std::string, std::map<std::string, int64_t>>> monthly_;
  std::string closed_through_;
  std::map<std::string, std::string> recipients_;  // id -> category
  std::map<std::string, Grant> grants_;
  std::map<std::string, Receipt> receipts_;  // every number issued, voided or not
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_STATE_H_
