// Receipts: voided, a partner's bill recorded, printed.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/receipt_number.h"
#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/books/text_policy.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

Status BooksRules::CheckReceiptEntry(const BooksState& s, const Actor& a, const Object& p,
                                     std::string_view kind) {
  if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer manages receipts");
  if (kind == kinds::kReceiptVoided) {
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"reason", "receipt"}));
  } else if (kind == kinds::kReceiptBillRecorded) {
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"bill_number", "issuer", "receipt"}));
  } else {
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"copy", "receipt"}));
  }
  const std::string* number = Text(p, "receipt");
  auto r = number != nullptr ? s.receipts_.find(*number) : s.receipts_.end();
  if (r == s.receipts_.end()) return NotFound("no such receipt", "receipt");
  if (r->second.voided) {
    return Precondition("the receipt is void (its number is never reused)", "receipt");
  }
  if (kind == kinds::kReceiptVoided) return NonEmptyText(p, "reason", 1000);
  if (kind == kinds::kReceiptPrinted) {
    const Value* copy = p.Find("copy");
    if (!copy->is_int() || copy->as_int() != r->second.copies_printed + 1) {
      return InvalidArgument(
          "must be the next copy number, " + std::to_string(r->second.copies_printed + 1), "copy");
    }
    return Status::Ok();
  }
  if (!r->second.bill_number.empty()) {
    return Precondition("the receipt has its official bill number already (" +
                            r->second.bill_number + "); void it and issue a new one to change it",
                        "receipt");
  }
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "bill_number", 64));
  // One official bill acknowledges one gift.
  if (!s.legacy_forms_ && s.bill_numbers_.count(*Text(p, "bill_number")) != 0) {
    return Status(ErrorCode::kConflict, "this bill number is recorded on another receipt already",
                  "bill_number");
  }
  return NonEmptyText(p, "issuer", 200);
}

Status BooksRules::CheckReceiptVoided(const BooksState& s, const Actor& a, const Object& p) {
  return CheckReceiptEntry(s, a, p, kinds::kReceiptVoided);
}

Status BooksRules::CheckReceiptBill(const BooksState& s, const Actor& a, const Object& p) {
  return CheckReceiptEntry(s, a, p, kinds::kReceiptBillRecorded);
}

Status BooksRules::CheckReceiptPrinted(const BooksState& s, const Actor& a, const Object& p) {
  return CheckReceiptEntry(s, a, p, kinds::kReceiptPrinted);
}

void BooksRules::ApplyReceiptVoided(BooksState& s, const Actor& a, const Object& p) {
  Receipt& r = s.receipts_[*Text(p, "receipt")];
  r.voided = true;
  r.voided_by = s.size_ + 1;
  r.void_reason = *Text(p, "reason");
  s.corrections_.push_back(Correction{s.size_ + 1,
                                      std::string(kinds::kReceiptVoided),
                                      *Text(p, "receipt"),
                                      *Text(p, "reason"),
                                      "",
                                      a,
                                      {}});
}

void BooksRules::ApplyReceiptBill(BooksState& s, const Actor&, const Object& p) {
  s.receipts_[*Text(p, "receipt")].bill_number = *Text(p, "bill_number");
  s.bill_numbers_.insert(*Text(p, "bill_number"));
}

void BooksRules::ApplyReceiptPrinted(BooksState& s, const Actor&, const Object& p) {
  ++s.receipts_[*Text(p, "receipt")].copies_printed;
}

}  // namespace aidledger
