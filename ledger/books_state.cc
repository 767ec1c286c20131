#include "ledger/books_state.h"

#include <charconv>
#include <cstdio>

#include "ledger/money.h"

namespace aidledger {

namespace {

constexpr std::string_view kChannels[] = {"cash", "bank_transfer", "wechat_pay", "alipay", "other"};

Status PermissionDenied(const std::string& what) {
  return Status(ErrorCode::kPermissionDenied, what, "actor.role");
}

// The payload has exactly these members (sorted), each present.
Status ExactMembers(const Object& payload, std::initializer_list<std::string_view> keys) {
  if (payload.size() != keys.size()) {
    std::string list;
    for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
    return InvalidArgument("expects exactly the members " + list, "payload");
  }
  for (auto k : keys) {
    if (!payload.Contains(k)) return InvalidArgument("is missing", std::string(k));
  }
  return Status::Ok();
}

const std::string* Text(const Object& o, std::string_view key) {
  const Value* v = o.Find(key);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

Status NonEmptyText(const Object& o, std::string_view key, size_t max_bytes) {
  const std::string* t = Text(o, key);
  if (t == nullptr || t->empty() || t->size() > max_bytes) {
    return InvalidArgument("must be text of 1 to " + std::to_string(max_bytes) + " bytes",
                           std::string(key));
  }
  return Status::Ok();
}

// "2026-000123" -> (2026, 123).
bool ParseReceipt(std::string_view r, int* year, int64_t* number) {
  if (r.size() != 11 || r[4] != '-') return false;
  auto [p1, e1] = std::from_chars(r.data(), r.data() + 4, *year);
  auto [p2, e2] = std::from_chars(r.data() + 5, r.data() + 11, *number);
  return e1 == std::errc() && p1 == r.data() + 4 && e2 == std::errc() && p2 == r.data() + 11 &&
         *year >= 2000 && *number >= 1;
}

}  // namespace

std::string BooksState::PeriodEnd(std::string_view period) {
  if (period.size() == 4 && IsValidDate(std::string(period) + "-12-31")) {
    return std::string(period) + "-12-31";
  }
  if (period.size() == 7 && period[4] == '-') {
    for (const char* day : {"31", "30", "29", "28"}) {
      const std::string d = std::string(period) + "-" + day;
      if (IsValidDate(d)) return d;
    }
  }
  return {};
}

Array BooksState::BalancesThrough(const std::string& through) const {
  Array out;
  const std::string last_month = through.substr(0, 7);
  for (const auto& [fund, currencies] : monthly_) {
    for (const auto& [currency, months] : currencies) {
      int64_t sum = 0;
      for (const auto& [month, minor] : months) {
        if (month <= last_month) sum += minor;  // each month's sum was overflow-checked
      }
      out.push_back(Object{{"currency", currency}, {"fund", fund}, {"minor", sum}});
    }
  }
  return out;
}

namespace {
std::string NumberedId(char prefix, size_t count) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c-%06zu", prefix, count + 1);
  return buf;
}
constexpr std::string_view kCategories[] = {"student", "disability", "serious_illness",
                                            "household"};
}  // namespace

std::string BooksState::NextRecipientId() const { return NumberedId('R', recipients_.size()); }
std::string BooksState::NextGrantId() const { return NumberedId('G', grants_.size()); }

Status BooksState::CheckChannel(const Object& p) {
  const std::string* channel = Text(p, "channel");
  for (auto c : kChannels) {
    if (channel != nullptr && *channel == c) return Status::Ok();
  }
  return InvalidArgument("cash, bank_transfer, wechat_pay, alipay or other", "channel");
}

Status BooksState::CheckOpenDate(const Object& p) const {
  const std::string* date = Text(p, "date");
  if (date == nullptr || !IsValidDate(*date)) return InvalidArgument("YYYY-MM-DD", "date");
  if (*date <= closed_through_) {
    return Status(ErrorCode::kFailedPrecondition,
                  "the books are closed through " + closed_through_ +
                      "; date it in an open period and name the closed one it corrects",
                  "date");
  }
  return Status::Ok();
}

int64_t BooksState::Held(const std::string& fund, const std::string& currency) const {
  auto f = funds_.find(fund);
  if (f == funds_.end()) return 0;
  auto b = f->second.balance.find(currency);
  return b == f->second.balance.end() ? 0 : b->second;
}

bool BooksState::IsFundCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32 || code[0] < 'A' || code[0] > 'Z') return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string BooksState::NextReceipt(int year) const {
  auto it = last_receipt_.find(year);
  const int64_t next = (it == last_receipt_.end() ? 0 : it->second) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%06lld", year, static_cast<long long>(next));
  return buf;
}

Status BooksState::Check(std::string_view kind, const Actor& actor, const Object& p) const {
  if (kind == kinds::kFundOpened) {
    if (actor.role != "admin" && actor.role != "treasurer") {
      return PermissionDenied("only an admin or a treasurer opens a fund");
    }
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"code", "name_en", "name_zh", "purpose", "restricted"}));
    const std::string* code = Text(p, "code");
    if (code == nullptr || !IsFundCode(*code)) {
      return InvalidArgument("2 to 32 capital letters, digits or '_', e.g. STUDENT_AID", "code");
    }
    if (funds_.count(*code) != 0) {
      return Status(ErrorCode::kAlreadyExists, "a fund with this code exists", "code");
    }
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "name_zh", 200));
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "name_en", 200));
    const Value* restricted = p.Find("restricted");
    const std::string* purpose = Text(p, "purpose");
    if (!restricted->is_bool()) return InvalidArgument("must be true or false", "restricted");
    if (purpose == nullptr || purpose->size() > 500 || restricted->as_bool() == purpose->empty()) {
      return InvalidArgument("a restricted fund states its purpose; an unrestricted one has none",
                             "purpose");
    }
    return Status::Ok();
  }
  if (kind == kinds::kFundClosed) {
    if (actor.role != "admin" && actor.role != "treasurer") {
      return PermissionDenied("only an admin or a treasurer closes a fund");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"code", "reason"}));
    const std::string* code = Text(p, "code");
    auto fund = code != nullptr ? funds_.find(*code) : funds_.end();
    if (fund == funds_.end()) return Status(ErrorCode::kNotFound, "no such fund", "code");
    if (!fund->second.open) return Status(ErrorCode::kFailedPrecondition, "already closed", "code");
    for (const auto& [currency, minor] : fund->second.balance) {
      if (minor != 0) {
        return Status(ErrorCode::kFailedPrecondition,
                      "the fund still holds " + FormatMoneyForDisplay(Money{currency, minor}) +
                          "; transfer or spend it first",
                      "code");
      }
    }
    return NonEmptyText(p, "reason", 1000);
  }
  if (kind == kinds::kDonationRecorded) {
    if (actor.role != "treasurer") return PermissionDenied("only a treasurer records donations");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "channel", "date", "donor", "external_ref",
                                               "fund", "memo", "receipt", "separate_gift"}));
    auto money = MoneyFromValue(*p.Find("amount"), "amount");
    if (!money.ok()) return money.status();
    if (money->minor <= 0) return InvalidArgument("must be more than zero", "amount");
    const std::string* fund_code = Text(p, "fund");
    auto fund = fund_code != nullptr ? funds_.find(*fund_code) : funds_.end();
    if (fund == funds_.end()) return Status(ErrorCode::kNotFound, "no such fund", "fund");
    if (!fund->second.open)
      return Status(ErrorCode::kFailedPrecondition, "the fund is closed", "fund");
    AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
    const std::string* channel = Text(p, "channel");
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(p));
    const std::string* date = Text(p, "date");
    const Value* ref = p.Find("external_ref");
    if (!(ref->is_null() ||
          (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
      return InvalidArgument("the bank or payment reference, or null", "external_ref");
    }
    if (ref->is_null() && *channel != "cash") {
      return InvalidArgument("a " + *channel + " gift needs its payment reference", "external_ref");
    }
    const Value* separate = p.Find("separate_gift");
    if (!separate->is_bool()) return InvalidArgument("must be true or false", "separate_gift");
    if (ref->is_string() && !separate->as_bool() &&
        payment_refs_.count(*channel + "\n" + ref->as_string()) != 0) {
      return Status(ErrorCode::kConflict,
                    "this payment reference is already recorded; confirm it as a separate gift "
                    "if it is one",
                    "external_ref");
    }
    const Value* donor = p.Find("donor");
    if (!(donor->is_null() || (donor->is_string() && !donor->as_string().empty()))) {
      return InvalidArgument("a donor id, or null for an anonymous gift", "donor");
    }
    const std::string* memo = Text(p, "memo");
    if (memo == nullptr || memo->size() > 1000)
      return InvalidArgument("text, at most 1000 bytes", "memo");
    const std::string* receipt = Text(p, "receipt");
    int year = 0;
    int64_t number = 0;
    if (receipt == nullptr || !ParseReceipt(*receipt, &year, &number) ||
        *receipt != NextReceipt(std::stoi(date->substr(0, 4)))) {
      return InvalidArgument("must be the next receipt number of the gift's year, " +
                                 NextReceipt(std::stoi(date->substr(0, 4))),
                             "receipt");
    }
    return Status::Ok();
  }
  if (kind == kinds::kEntryReversed) {
    if (actor.role != "treasurer") return PermissionDenied("only a treasurer reverses entries");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "date", "fund", "reason", "reverses"}));
    const Value* target = p.Find("reverses");
    if (!target->is_int() || target->as_int() < 1 || target->as_int() > size_) {
      return InvalidArgument("the sequence number of an entry in the ledger", "reverses");
    }
    auto posting = ReversiblePosting(target->as_int());
    if (!posting) {
      return Status(ErrorCode::kFailedPrecondition,
                    "entry " + std::to_string(target->as_int()) +
                        " has no money effect to reverse, or was reversed already "
                        "(a reversal is never reversed: record a new entry)",
                    "reverses");
    }
    auto money = MoneyFromValue(*p.Find("amount"), "amount");
    if (!money.ok()) return money.status();
    const std::string* fund = Text(p, "fund");
    if (money->currency != posting->currency || money->minor != -posting->minor ||
        fund == nullptr || *fund != posting->fund) {
      return InvalidArgument("must undo exactly the reversed entry's amount in its fund", "amount");
    }
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(p));
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
    const int64_t held = Held(posting->fund, posting->currency);
    if (held + money->minor < 0) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the fund holds only " + FormatMoneyForDisplay(Money{posting->currency, held}) +
                        "; reversing would take it below zero",
                    "reverses");
    }
    return Status::Ok();
  }
  if (kind == kinds::kRecipientEnrolled) {
    if (actor.role != "coordinator")
      return PermissionDenied("only a coordinator enrols recipients");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"category", "commitment", "id"}));
    const std::string* id = Text(p, "id");
    if (id == nullptr || *id != NextRecipientId()) {
      return InvalidArgument("must be the next recipient id, " + NextRecipientId(), "id");
    }
    const std::string* category = Text(p, "category");
    bool known = false;
    for (auto c : kCategories) known = known || (category != nullptr && *category == c);
    if (!known) {
      return InvalidArgument("student, disability, serious_illness or household", "category");
    }
    const std::string* commitment = Text(p, "commitment");
    if (commitment == nullptr || !Hash32FromHex(*commitment)) {
      return InvalidArgument("the keyed commitment to the vault record: 64 hex digits",
                             "commitment");
    }
    return Status::Ok();
  }
  if (kind == kinds::kGrantProposed) {
    if (actor.role != "coordinator") return PermissionDenied("only a coordinator proposes aid");
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"amount", "fund", "id", "purpose", "recipient", "term"}));
    const std::string* id = Text(p, "id");
    if (id == nullptr || *id != NextGrantId()) {
      return InvalidArgument("must be the next grant id, " + NextGrantId(), "id");
    }
    const std::string* recipient = Text(p, "recipient");
    if (recipient == nullptr || recipients_.count(*recipient) == 0) {
      return Status(ErrorCode::kNotFound, "no such recipient", "recipient");
    }
    const std::string* fund = Text(p, "fund");
    auto f = fund != nullptr ? funds_.find(*fund) : funds_.end();
    if (f == funds_.end()) return Status(ErrorCode::kNotFound, "no such fund", "fund");
    if (!f->second.open)
      return Status(ErrorCode::kFailedPrecondition, "the fund is closed", "fund");
    auto money = MoneyFromValue(*p.Find("amount"), "amount");
    if (!money.ok()) return money.status();
    if (money->minor <= 0) return InvalidArgument("must be more than zero", "amount");
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "purpose", 500));
    return NonEmptyText(p, "term", 100);
  }
  if (kind == kinds::kGrantApproved || kind == kinds::kGrantRejected) {
    if (actor.role != "coordinator" && actor.role != "admin") {
      return PermissionDenied("only a coordinator or an admin decides on aid");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"comment", "grant"}));
    const std::string* id = Text(p, "grant");
    auto g = id != nullptr ? grants_.find(*id) : grants_.end();
    if (g == grants_.end()) return Status(ErrorCode::kNotFound, "no such grant", "grant");
    if (g->second.state != Grant::State::kProposed) {
      return Status(ErrorCode::kFailedPrecondition, "the grant was decided already", "grant");
    }
    if (g->second.proposer == actor.id) {
      return PermissionDenied("a grant is decided by someone other than its proposer");
    }
    const std::string* comment = Text(p, "comment");
    if (comment == nullptr || comment->size() > 1000) {
      return InvalidArgument("text, at most 1000 bytes", "comment");
    }
    return Status::Ok();
  }
  if (kind == kinds::kGrantPaid) {
    if (actor.role != "treasurer") return PermissionDenied("only a treasurer pays aid");
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"amount", "channel", "date", "external_ref", "fund", "grant"}));
    const std::string* id = Text(p, "grant");
    auto g = id != nullptr ? grants_.find(*id) : grants_.end();
    if (g == grants_.end()) return Status(ErrorCode::kNotFound, "no such grant", "grant");
    if (g->second.state != Grant::State::kApproved) {
      return Status(ErrorCode::kFailedPrecondition, "only an approved grant is paid", "grant");
    }
    const std::string* fund = Text(p, "fund");
    if (fund == nullptr || *fund != g->second.fund) {
      // A restricted fund pays only for its purpose: the grant was proposed
      // against this fund for that purpose.
      return InvalidArgument("must be the grant's fund, " + g->second.fund, "fund");
    }
    auto money = MoneyFromValue(*p.Find("amount"), "amount");
    if (!money.ok()) return money.status();
    if (money->currency != g->second.currency || money->minor >= 0) {
      return InvalidArgument(
          "the payment as its effect on the fund: a negative amount in " + g->second.currency,
          "amount");
    }
    const int64_t pay = -money->minor;
    if (pay > g->second.approved_minor - g->second.paid_minor) {
      return Status(ErrorCode::kFailedPrecondition,
                    "more than the grant has left to pay (" +
                        FormatMoneyForDisplay(Money{
                            g->second.currency, g->second.approved_minor - g->second.paid_minor}) +
                        ")",
                    "amount");
    }
    const int64_t held = Held(*fund, money->currency);
    if (pay > held) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the fund holds only " + FormatMoneyForDisplay(Money{money->currency, held}),
                    "amount");
    }
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(p));
    AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
    const Value* ref = p.Find("external_ref");
    if (!(ref->is_null() || (ref->is_string() && !ref->as_string().empty()))) {
      return InvalidArgument("the payment reference, or null for cash", "external_ref");
    }
    return Status::Ok();
  }
  if (kind == kinds::kReceiptVoided || kind == kinds::kReceiptBillRecorded) {
    if (actor.role != "treasurer") return PermissionDenied("only a treasurer manages receipts");
    const bool void_it = kind == kinds::kReceiptVoided;
    AIDLEDGER_RETURN_IF_ERROR(void_it ? ExactMembers(p, {"reason", "receipt"})
                                      : ExactMembers(p, {"bill_number", "issuer", "receipt"}));
    const std::string* number = Text(p, "receipt");
    auto r = number != nullptr ? receipts_.find(*number) : receipts_.end();
    if (r == receipts_.end()) return Status(ErrorCode::kNotFound, "no such receipt", "receipt");
    if (r->second.voided) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the receipt is void (its number is never reused)", "receipt");
    }
    if (void_it) return NonEmptyText(p, "reason", 1000);
    if (!r->second.bill_number.empty()) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the receipt has its official bill number already (" + r->second.bill_number +
                        "); void it and issue a new one to change it",
                    "receipt");
    }
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "bill_number", 64));
    return NonEmptyText(p, "issuer", 200);
  }
  if (kind == kinds::kPeriodClosed) {
    if (actor.role != "admin" && actor.role != "treasurer") {
      return PermissionDenied("only an admin or a treasurer closes a period");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"balances", "period", "through"}));
    const std::string* period = Text(p, "period");
    const std::string end = period != nullptr ? PeriodEnd(*period) : "";
    if (end.empty()) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
    const std::string* through = Text(p, "through");
    if (through == nullptr || *through != end) {
      return InvalidArgument("must be the period's last day, " + end, "through");
    }
    if (end <= closed_through_) {
      return Status(ErrorCode::kFailedPrecondition,
                    "the books are already closed through " + closed_through_, "period");
    }
    if (*p.Find("balances") != Value(BalancesThrough(end))) {
      return InvalidArgument("must be the closing balances of every fund as of " + end, "balances");
    }
    return Status::Ok();
  }
  return Status::Ok();  // not a kind of the books
}

std::optional<BooksState::Posting> BooksState::ReversiblePosting(int64_t seq) const {
  auto it = postings_.find(seq);
  if (it == postings_.end()) return std::nullopt;
  return it->second;
}

Status BooksState::Apply(std::string_view kind, const Actor& actor, const Object& p) {
  AIDLEDGER_RETURN_IF_ERROR(Check(kind, actor, p));
  if (kind == kinds::kFundOpened) {
    Fund f;
    f.code = *Text(p, "code");
    f.name_zh = *Text(p, "name_zh");
    f.name_en = *Text(p, "name_en");
    f.restricted = p.Find("restricted")->as_bool();
    f.purpose = *Text(p, "purpose");
    funds_[f.code] = std::move(f);
  } else if (kind == kinds::kFundClosed) {
    funds_[*Text(p, "code")].open = false;
  } else if (kind == kinds::kDonationRecorded) {
    const Money m = *MoneyFromValue(*p.Find("amount"));
    int64_t& balance = funds_[*Text(p, "fund")].balance[m.currency];
    auto sum = AddMinor(balance, m.minor, "amount");
    if (!sum.ok()) return sum.status();
    balance = *sum;
    int year = 0;
    int64_t number = 0;
    ParseReceipt(*Text(p, "receipt"), &year, &number);
    last_receipt_[year] = number;
    receipts_[*Text(p, "receipt")] = Receipt{size_ + 1, false, ""};
    if (const Value* ref = p.Find("external_ref"); ref->is_string()) {
      payment_refs_.insert(*Text(p, "channel") + "\n" + ref->as_string());
    }
    postings_[size_ + 1] = Posting{*Text(p, "fund"), m.currency, m.minor, ""};
    monthly_[*Text(p, "fund")][m.currency][Text(p, "date")->substr(0, 7)] += m.minor;
  } else if (kind == kinds::kRecipientEnrolled) {
    recipients_[*Text(p, "id")] = *Text(p, "category");
  } else if (kind == kinds::kGrantProposed) {
    Grant g;
    g.id = *Text(p, "id");
    g.recipient = *Text(p, "recipient");
    g.fund = *Text(p, "fund");
    const Money m = *MoneyFromValue(*p.Find("amount"));
    g.currency = m.currency;
    g.approved_minor = m.minor;
    g.proposer = actor.id;
    grants_[g.id] = std::move(g);
  } else if (kind == kinds::kGrantApproved) {
    grants_[*Text(p, "grant")].state = Grant::State::kApproved;
  } else if (kind == kinds::kGrantRejected) {
    grants_[*Text(p, "grant")].state = Grant::State::kRejected;
  } else if (kind == kinds::kGrantPaid) {
    const Money m = *MoneyFromValue(*p.Find("amount"));
    Grant& g = grants_[*Text(p, "grant")];
    g.paid_minor -= m.minor;                        // checked: within the approved amount
    funds_[g.fund].balance[m.currency] += m.minor;  // checked: the fund holds it
    monthly_[g.fund][m.currency][Text(p, "date")->substr(0, 7)] += m.minor;
    postings_[size_ + 1] = Posting{g.fund, m.currency, m.minor, g.id};
  } else if (kind == kinds::kEntryReversed) {
    const int64_t target = p.Find("reverses")->as_int();
    const Posting undone = postings_.at(target);
    if (!undone.grant.empty()) grants_[undone.grant].paid_minor += undone.minor;
    funds_[undone.fund].balance[undone.currency] -= undone.minor;  // checked: stays >= 0
    monthly_[undone.fund][undone.currency][Text(p, "date")->substr(0, 7)] -= undone.minor;
    postings_.erase(target);
  } else if (kind == kinds::kReceiptVoided) {
    receipts_[*Text(p, "receipt")].voided = true;
  } else if (kind == kinds::kReceiptBillRecorded) {
    receipts_[*Text(p, "receipt")].bill_number = *Text(p, "bill_number");
  } else if (kind == kinds::kPeriodClosed) {
    closed_through_ = *Text(p, "through");
  }
  ++size_;
  return Status::Ok();
}

}  // namespace aidledger
