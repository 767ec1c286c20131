// Recipients enrolled; personal records corrected and erased (the chain keeps commitments only).
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

Status BooksRules::CheckRecipientEnrolled(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kCoordinator))
    return PermissionDenied("only a coordinator enrols recipients");
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"category", "commitment", "id"}));
  const std::string* id = Text(p, "id");
  if (id == nullptr || *id != s.NextRecipientId()) {
    return InvalidArgument("must be the next recipient id, " + s.NextRecipientId(), "id");
  }
  if (!OneOf(Text(p, "category"), kRecipientCategories)) {
    return InvalidArgument("student, disability, serious_illness or household", "category");
  }
  return CheckCommitment(p);
}

void BooksRules::ApplyRecipientEnrolled(BooksState& s, const Actor&, const Object& p) {
  s.recipients_[*Text(p, "id")] = Subject{*Text(p, "category"), *Text(p, "commitment"), false};
}

Status BooksRules::CheckRecord(const BooksState& s, const Actor& a, const Object& p, bool erase) {
  AIDLEDGER_RETURN_IF_ERROR(erase ? ExactMembers(p, {"reason", "subject"})
                                  : ExactMembers(p, {"commitment", "reason", "subject"}));
  const std::string* id = Text(p, "subject");
  const Subject* subject = id != nullptr ? FindSubject(s, *id) : nullptr;
  if (subject == nullptr) return NotFound("no such recipient or donor", "subject");
  AIDLEDGER_RETURN_IF_ERROR(CheckSubjectRole(a, *id));
  if (subject->erased) return Precondition("the record was erased", "subject");
  if (!erase) {
    AIDLEDGER_RETURN_IF_ERROR(CheckCommitment(p));
  }
  return NonEmptyText(p, "reason", 1000);
}

Status BooksRules::CheckRecordCorrected(const BooksState& s, const Actor& a, const Object& p) {
  return CheckRecord(s, a, p, false);
}

void BooksRules::ApplyRecordCorrected(BooksState& s, const Actor&, const Object& p) {
  FindSubject(s, *Text(p, "subject"))->commitment = *Text(p, "commitment");
}

Status BooksRules::CheckRecordErased(const BooksState& s, const Actor& a, const Object& p) {
  return CheckRecord(s, a, p, true);
}

void BooksRules::ApplyRecordErased(BooksState& s, const Actor&, const Object& p) {
  Subject* subject = FindSubject(s, *Text(p, "subject"));
  subject->erased = true;
  subject->commitment.clear();
}

}  // namespace aidledger
