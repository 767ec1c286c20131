// Opening balances (期初余额): what a team held, per fund and account, on the
// day it began keeping its books here. Not income and no receipt: the first
// statements show them as opening net assets. Proposed by one treasurer and
// recorded by another, one entry per line, so that each line is a fact of
// its own (the format's one fact an entry).
#include <set>
#include <tuple>

#include "ledger/books/role.h"
#include "ledger/books/rules/books_rules.h"
#include "ledger/chain/kinds.h"

namespace aidledger {

namespace {

constexpr size_t kMaxOpeningLines = 200;

// `status` with its field under `path` ("lines[2]" + "fund").
Status Under(const Status& status, const std::string& path) {
  if (status.ok() || path.empty()) return status;
  return Status(status.code(), status.message(), JoinPath(path, status.field()));
}

// The proposal's line a record repeats: its members and the opening's date.
Object LineAsRecorded(const Proposal& proposal, size_t line) {
  Object out = proposal.payload.Find("lines")->as_array()[line].as_object();
  out.Set("date", *proposal.payload.Find("date"));
  out.Set("line", static_cast<int64_t>(line));
  out.Set("proposal", proposal.seq);
  return out;
}

// When the books may take an opening dated `date`: it is the day of any
// opening already recorded, and no money entry is dated before it.
Status CheckOpeningDay(const BooksState& s, const std::string& date) {
  if (!s.opening_date().empty() && date != s.opening_date()) {
    return Precondition(
        "the books began on " + s.opening_date() + "; every opening balance is of that day",
        "date");
  }
  if (s.earliest_fact_date() != 0 && s.earliest_fact_date() < DateNumber(date)) {
    return Precondition(
        "money is recorded dated before " + date +
            "; opening balances are of the day the books begin, before any other entry",
        "date");
  }
  return Status::Ok();
}

}  // namespace

Status BooksRules::CheckOpeningLine(const BooksState& s, const Object& line,
                                    const std::string& path) {
  AIDLEDGER_RETURN_IF_ERROR(Under(ExactMembers(line, {"account", "amount", "fund"}), path));
  auto fund = FindOpenFund(s, line, "fund");
  if (!fund.ok()) return Under(fund.status(), path);
  const std::string* account = Text(line, "account");
  const std::string account_field = path.empty() ? "account" : JoinPath(path, "account");
  if (account == nullptr) return InvalidArgument("an account's code", account_field);
  AIDLEDGER_RETURN_IF_ERROR(CheckAccountOpen(s, *account, account_field));
  auto money = MoneyMember(line, "amount", AmountSign::kAny);
  if (!money.ok()) return Under(money.status(), path);
  if (money->minor == 0) {
    return Under(InvalidArgument("the balance held, not zero", "amount"), path);
  }
  return Status::Ok();
}

Status BooksRules::CheckOpeningProposed(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) {
    return PermissionDenied("only a treasurer proposes opening balances");
  }
  AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"date", "lines", "memo"}));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpeningDay(s, *Text(p, "date")));
  AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "memo", 1000));
  for (const auto& [seq, proposal] : s.proposals_) {
    if (proposal.kind == kinds::kOpeningProposed) {
      return Status(ErrorCode::kConflict,
                    "opening balances proposed in entry " + std::to_string(seq) +
                        " wait to be recorded or rejected",
                    "lines");
    }
  }
  const Value* lines = p.Find("lines");
  if (!lines->is_array() || lines->as_array().empty() ||
      lines->as_array().size() > kMaxOpeningLines) {
    return InvalidArgument("1 to 200 lines of fund, account and amount", "lines");
  }
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  const Array& all = lines->as_array();
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string path = "lines[" + std::to_string(i) + "]";
    if (!all[i].is_object()) return InvalidArgument("fund, account and amount", path);
    const Object& line = all[i].as_object();
    AIDLEDGER_RETURN_IF_ERROR(CheckOpeningLine(s, line, path));
    const Money m = *MoneyFromValue(*line.Find("amount"));
    if (!seen.emplace(*Text(line, "fund"), *Text(line, "account"), m.currency).second) {
      return InvalidArgument("one line per fund, account and currency", path);
    }
  }
  return Status::Ok();
}

void BooksRules::ApplyOpeningProposed(BooksState& s, const Actor& a, const Object& p) {
  AddProposal(s, a, kinds::kOpeningProposed, *Text(p, "memo"), p);
}

Status BooksRules::CheckOpeningRecorded(const BooksState& s, const Actor& a, const Object& p) {
  if (!ActsAs(a, Role::kTreasurer)) {
    return PermissionDenied("only a treasurer records opening balances");
  }
  AIDLEDGER_RETURN_IF_ERROR(
      ExactMembers(p, {"account", "amount", "date", "fund", "line", "proposal"}));
  const Value* proposal = p.Find("proposal");
  auto it = proposal->is_int() ? s.proposals_.find(proposal->as_int()) : s.proposals_.end();
  if (it == s.proposals_.end() || it->second.kind != kinds::kOpeningProposed) {
    return NotFound("no such opening proposal waits to be recorded", "proposal");
  }
  if (it->second.proposer.id == a.id) {
    // Four eyes: what the books begin with is stated by one person and
    // checked against the bank's and the cash box's own figures by another.
    return PermissionDenied("opening balances are recorded by someone other than their proposer");
  }
  const Value* line = p.Find("line");
  if (!line->is_int() || line->as_int() != static_cast<int64_t>(it->second.lines_recorded)) {
    return InvalidArgument("the proposal's next line, " + std::to_string(it->second.lines_recorded),
                           "line");
  }
  if (LineAsRecorded(it->second, it->second.lines_recorded) != p) {
    return InvalidArgument("must record the line as it was proposed", "proposal");
  }
  // The books may have moved since the proposal: check the day and the line again.
  AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpeningDay(s, *Text(p, "date")));
  AIDLEDGER_RETURN_IF_ERROR(CheckOpeningLine(
      s, it->second.payload.Find("lines")->as_array()[it->second.lines_recorded].as_object(), ""));
  const Money m = *MoneyFromValue(*p.Find("amount"));
  if (m.minor < 0) {
    // A correction of an earlier opening takes away only what is there.
    const int64_t held = s.Held(*Text(p, "fund"), "cash", m.currency);
    if (-m.minor > held) {
      return Precondition("the fund holds only " + Show(m.currency, held), "amount");
    }
    AIDLEDGER_RETURN_IF_ERROR(
        CheckAccountHolds(s, *Text(p, "account"), m.currency, -m.minor, "amount"));
  }
  return CheckRoom(s, *Text(p, "fund"), "cash", m, *Text(p, "date"), "amount");
}

void BooksRules::ApplyOpeningRecorded(BooksState& s, const Actor&, const Object& p) {
  const Money m = *MoneyFromValue(*p.Find("amount"));
  FactRow& fact = AddCashFact(s, FactKind::kOpening, *Text(p, "fund"), m, *Text(p, "date"), p);
  Move(s, fact, *Text(p, "date"), 1);
  s.opening_date_ = *Text(p, "date");
  Proposal& proposal = s.proposals_.at(p.Find("proposal")->as_int());
  if (++proposal.lines_recorded == proposal.payload.Find("lines")->as_array().size()) {
    s.proposals_.erase(proposal.seq);
  }
}

}  // namespace aidledger
