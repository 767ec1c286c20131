// The kinds of entries defined so far (docs/ledger-format.md, section 6.1),
// one constant each: every layer spells a kind through these. The chain
// carries any kind; the books give them their rules.
#ifndef AIDLEDGER_LEDGER_CHAIN_KINDS_H_
#define AIDLEDGER_LEDGER_CHAIN_KINDS_H_

#include <string_view>

namespace aidledger {

namespace kinds {
inline constexpr std::string_view kFundOpened = "fund.opened";
inline constexpr std::string_view kFundClosed = "fund.closed";
inline constexpr std::string_view kFundTransferred = "fund.transferred";
inline constexpr std::string_view kDonorRegistered = "donor.registered";
inline constexpr std::string_view kDonationRecorded = "donation.recorded";
inline constexpr std::string_view kDonationInKind = "donation.in_kind";
inline constexpr std::string_view kGoodsHandedOut = "goods.handed_out";
inline constexpr std::string_view kEntryReversed = "entry.reversed";
inline constexpr std::string_view kPeriodClosed = "period.closed";
inline constexpr std::string_view kPolicySet = "policy.set";
inline constexpr std::string_view kRecipientEnrolled = "recipient.enrolled";
inline constexpr std::string_view kRecordCorrected = "record.corrected";
inline constexpr std::string_view kRecordErased = "record.erased";
inline constexpr std::string_view kGrantProposed = "grant.proposed";
inline constexpr std::string_view kGrantApproved = "grant.approved";
inline constexpr std::string_view kGrantRejected = "grant.rejected";
inline constexpr std::string_view kGrantPaid = "grant.paid";
inline constexpr std::string_view kReceiptVoided = "receipt.voided";
inline constexpr std::string_view kReceiptBillRecorded = "receipt.bill_recorded";
inline constexpr std::string_view kReceiptPrinted = "receipt.printed";
inline constexpr std::string_view kServiceDonated = "service.donated";
inline constexpr std::string_view kServiceWithdrawn = "service.withdrawn";
// Costs (费用): proposed by one person, recorded (paid) by a treasurer who is
// another, or by a treasurer alone below the policy's exemption.
inline constexpr std::string_view kCostProposed = "cost.proposed";
inline constexpr std::string_view kCostRecorded = "cost.recorded";
// Income other than gifts (收入: government grants, dues, ...): no receipt.
inline constexpr std::string_view kIncomeRecorded = "income.recorded";
// Accounts where money sits (cash boxes, bank accounts, payment platforms'
// merchant accounts), and money moved between them: no fund's balance
// changes, so these yield no fact.
inline constexpr std::string_view kAccountOpened = "account.opened";
inline constexpr std::string_view kAccountTransferred = "account.transferred";
inline constexpr std::string_view kAccountClosed = "account.closed";
// Opening balances (期初余额): what the team held, per fund and account, on the
// day its books begin here; proposed by one treasurer, recorded line by line
// (each line one entry, all in one transaction) by another. Not income.
inline constexpr std::string_view kOpeningProposed = "opening.proposed";
inline constexpr std::string_view kOpeningRecorded = "opening.recorded";
// Four eyes: one person proposes, another confirms (or anyone of the roles
// that may, the proposer included, rejects).
inline constexpr std::string_view kPeriodCloseProposed = "period.close_proposed";
inline constexpr std::string_view kPeriodReopenProposed = "period.reopen_proposed";
inline constexpr std::string_view kPeriodReopened = "period.reopened";
inline constexpr std::string_view kReversalProposed = "entry.reversal_proposed";
inline constexpr std::string_view kProposalRejected = "proposal.rejected";
// One more person's confirmation of a close or a reopening, when the policy
// asks for more than one (close_confirmations); the last one closes or reopens.
inline constexpr std::string_view kProposalConfirmed = "proposal.confirmed";
inline constexpr std::string_view kGenesis = "ledger.genesis";
}  // namespace kinds

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_KINDS_H_
