// The table of the books' kinds: each kind's check and apply.
#include "ledger/books/rules/books_rules.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

const BooksRules::Rule BooksRules::kRules[] = {
    {kinds::kFundOpened, &CheckFundOpened, &ApplyFundOpened},
    {kinds::kFundClosed, &CheckFundClosed, &ApplyFundClosed},
    {kinds::kFundTransferred, &CheckFundTransferred, &ApplyFundTransferred},
    {kinds::kDonorRegistered, &CheckDonorRegistered, &ApplyDonorRegistered},
    {kinds::kDonationRecorded, &CheckDonationRecorded, &ApplyDonationRecorded},
    {kinds::kDonationInKind, &CheckDonationInKind, &ApplyDonationInKind},
    {kinds::kGoodsHandedOut, &CheckGoodsHandedOut, &ApplyGoodsHandedOut},
    {kinds::kEntryReversed, &CheckEntryReversed, &ApplyEntryReversed},
    {kinds::kRecipientEnrolled, &CheckRecipientEnrolled, &ApplyRecipientEnrolled},
    {kinds::kRecordCorrected, &CheckRecordCorrected, &ApplyRecordCorrected},
    {kinds::kRecordErased, &CheckRecordErased, &ApplyRecordErased},
    {kinds::kPolicySet, &CheckPolicySet, &ApplyPolicySet},
    {kinds::kGrantProposed, &CheckGrantProposed, &ApplyGrantProposed},
    {kinds::kGrantApproved, &CheckGrantDecided, &ApplyGrantApproved},
    {kinds::kGrantRejected, &CheckGrantDecided, &ApplyGrantRejected},
    {kinds::kGrantPaid, &CheckGrantPaid, &ApplyGrantPaid},
    {kinds::kReceiptVoided, &CheckReceiptVoided, &ApplyReceiptVoided},
    {kinds::kReceiptBillRecorded, &CheckReceiptBill, &ApplyReceiptBill},
    {kinds::kReceiptPrinted, &CheckReceiptPrinted, &ApplyReceiptPrinted},
    {kinds::kPeriodClosed, &CheckPeriodClosed, &ApplyPeriodClosed},
    {kinds::kPeriodCloseProposed, &CheckCloseProposed, &ApplyCloseProposed},
    {kinds::kPeriodReopenProposed, &CheckReopenProposed, &ApplyReopenProposed},
    {kinds::kPeriodReopened, &CheckPeriodReopened, &ApplyPeriodReopened},
    {kinds::kReversalProposed, &CheckReversalProposed, &ApplyReversalProposed},
    {kinds::kProposalRejected, &CheckProposalRejected, &ApplyProposalRejected},
    {kinds::kProposalConfirmed, &CheckProposalConfirmed, &ApplyProposalConfirmed},
    {kinds::kServiceDonated, &CheckServiceDonated, &ApplyServiceDonated},
    {kinds::kServiceWithdrawn, &CheckServiceWithdrawn, &ApplyServiceWithdrawn},
    {kinds::kCostProposed, &CheckCostProposed, &ApplyCostProposed},
    {kinds::kCostRecorded, &CheckCostRecorded, &ApplyCostRecorded},
    {kinds::kIncomeRecorded, &CheckIncomeRecorded, &ApplyIncomeRecorded},
    {kinds::kAccountOpened, &CheckAccountOpened, &ApplyAccountOpened},
    {kinds::kAccountTransferred, &CheckAccountTransferred, &ApplyAccountTransferred},
    {kinds::kAccountClosed, &CheckAccountClosed, &ApplyAccountClosed},
    {kinds::kOpeningProposed, &CheckOpeningProposed, &ApplyOpeningProposed},
    {kinds::kOpeningRecorded, &CheckOpeningRecorded, &ApplyOpeningRecorded},
};

const BooksRules::Rule* BooksRules::Find(std::string_view kind) {
  for (const Rule& r : kRules) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

}  // namespace aidledger
