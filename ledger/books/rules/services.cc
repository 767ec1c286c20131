// The team's volunteer service: recorded and withdrawn.
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

Status BooksRules::CheckServiceDonated(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer, Role::kCoordinator})) {
    return PermissionDenied("only an admin, a treasurer or a coordinator records service");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"activity", "date", "minutes", "volunteers"}));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "activity", 200));
  const Value* volunteers = p.Find("volunteers");
  if (!volunteers->is_int() || volunteers->as_int() < 1 || volunteers->as_int() > kMaxVolunteers) {
    return InvalidArgument("a whole number of people, 1 to " + std::to_string(kMaxVolunteers),
                           "volunteers");
  }
  const Value* minutes = p.Find("minutes");
  if (!minutes->is_int() || minutes->as_int() < 1 ||
      minutes->as_int() > volunteers->as_int() * 24 * 60) {
    return InvalidArgument("whole minutes of all the volunteers together, at most a day each",
                           "minutes");
  }
  return Status::Ok();
}

void BooksRules::ApplyServiceDonated(BooksState& s, const Actor&, const Object& p) {
  s.services_.push_back(ServiceRecord{s.size_ + 1, *Text(p, "date"), *Text(p, "activity"),
                                      p.Find("volunteers")->as_int(), p.Find("minutes")->as_int(),
                                      0});
}

Status BooksRules::CheckServiceWithdrawn(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer, Role::kCoordinator})) {
    return PermissionDenied("only an admin, a treasurer or a coordinator withdraws service");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"reason", "withdraws"}));
  const Value* withdraws = p.Find("withdraws");
  const ServiceRecord* record = withdraws->is_int() ? s.FindService(withdraws->as_int()) : nullptr;
  if (record == nullptr) {
    return Status(ErrorCode::kNotFound, "no service record with this sequence number", "withdraws");
  }
  if (record->withdrawn_by != 0) {
    return Precondition("this service record was withdrawn already", "withdraws");
  }
  if (record->date <= s.closed_through_) {
    return Precondition(
        "the record is dated in a closed period (closed through " + s.closed_through_ + ")",
        "withdraws");
  }
  return NonEmptyText(p, "reason", 1000);
}

void BooksRules::ApplyServiceWithdrawn(BooksState& s, const Actor& a, const Object& p) {
  const int64_t seq = p.Find("withdraws")->as_int();
  s.services_[static_cast<size_t>(s.FindService(seq) - s.services_.data())].withdrawn_by =
      s.size_ + 1;
  s.corrections_.push_back(Correction{s.size_ + 1,
                                      std::string(kinds::kServiceWithdrawn),
                                      std::to_string(seq),
                                      *Text(p, "reason"),
                                      "",
                                      a,
                                      {}});
}

}  // namespace aidledger
