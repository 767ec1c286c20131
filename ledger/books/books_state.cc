#include "ledger/books/books_state.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdio>

#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/books/money.h"
#include "ledger/books/receipt_number.h"
#include "ledger/books/role.h"
#include "ledger/books/text_policy.h"

namespace aidledger {

namespace {

constexpr auto& kChannels = kPaymentChannels;
constexpr std::string_view kDonorTypes[] = {"person", "organisation"};
constexpr int kMaxApprovals = 5;
constexpr size_t kMaxItems = 100;
constexpr int64_t kMaxQuantity = 1'000'000'000;

Status PermissionDenied(const std::string& what) {
  return Status(ErrorCode::kPermissionDenied, what, "actor.role");
}
Status NotFound(const std::string& what, const std::string& field) {
  return Status(ErrorCode::kNotFound, what, field);
}
Status Precondition(const std::string& what, const std::string& field) {
  return Status(ErrorCode::kFailedPrecondition, what, field);
}

bool OneOf(const std::string* text, std::initializer_list<std::string_view> allowed) {
  if (text == nullptr) return false;
  return std::find(allowed.begin(), allowed.end(), *text) != allowed.end();
}
template <size_t N>
bool OneOf(const std::string* text, const std::string_view (&allowed)[N]) {
  return text != nullptr &&
         std::find(std::begin(allowed), std::end(allowed), *text) != std::end(allowed);
}
// The payload has exactly these members, each present.
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

// Limits are in characters (code points): 100 of them hold a Chinese name
// or an English one alike. (Before the text policy they were bytes, which
// only ever allowed less.)
Status NonEmptyText(const Object& o, std::string_view key, size_t max_chars) {
  const std::string* t = Text(o, key);
  if (t == nullptr || t->empty() || CountCharacters(*t) > max_chars) {
    return InvalidArgument("must be text of 1 to " + std::to_string(max_chars) + " characters",
                           std::string(key));
  }
  return Status::Ok();
}

// "commitment": the keyed commitment to a personal record in the vault.
Status CheckCommitment(const Object& p) {
  const std::string* commitment = Text(p, "commitment");
  if (commitment == nullptr || !Hash32FromHex(*commitment)) {
    return InvalidArgument("the keyed commitment to the record in the vault: 64 hex digits",
                           "commitment");
  }
  return Status::Ok();
}

Status OptionalText(const Object& o, std::string_view key, size_t max_chars) {
  const std::string* t = Text(o, key);
  if (t == nullptr || CountCharacters(*t) > max_chars) {
    return InvalidArgument("text, at most " + std::to_string(max_chars) + " characters",
                           std::string(key));
  }
  return Status::Ok();
}

// Members whose text may run over several lines; every other text is one.
bool IsMultiLineField(std::string_view key) {
  return key == "memo" || key == "reason" || key == "purpose" || key == "release" ||
         key == "comment";
}
// Members that hold a bank's, a platform's or a foundation's reference, or a
// commitment: numbers that may look like a card number by chance, checked
// for their shape but not for personal data.
bool IsReferenceField(std::string_view key) {
  return key == "external_ref" || key == "bill_number" || key == "commitment";
}

// "path.key": where a member sits in a payload, for error fields.
std::string JoinPath(const std::string& path, const std::string& key) {
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path).append(".").append(key);
  return out;
}

// The text policy (ledger/books/text_policy.h) over every text of a payload, with
// the member's path as the field: "memo", "items[2].item".
Status CheckPayloadText(const Value& v, std::string_view key, const std::string& path) {
  if (v.is_string()) {
    const TextRule rule{0, 100000, IsMultiLineField(key)};
    return IsReferenceField(key) ? CheckTextShape(v.as_string(), rule, path)
                                 : CheckChainText(v.as_string(), rule, path);
  }
  if (v.is_array()) {
    const Array& a = v.as_array();
    for (size_t i = 0; i < a.size(); ++i) {
      AIDLEDGER_RETURN_IF_ERROR(CheckPayloadText(a[i], key, path + "[" + std::to_string(i) + "]"));
    }
  }
  if (v.is_object()) {
    for (const auto& [k, member] : v.as_object().members()) {
      AIDLEDGER_RETURN_IF_ERROR(CheckPayloadText(member, k, path.empty() ? k : JoinPath(path, k)));
    }
  }
  return Status::Ok();
}

// Calls fn(minor, path) for every money value ({"currency", "minor"}) of a
// payload; stops at the first error fn returns.
template <typename Fn>
Status ForEachMoney(const Value& v, const std::string& path, const Fn& fn) {
  if (v.is_object()) {
    const Object& o = v.as_object();
    const Value* minor = o.Find("minor");
    if (o.size() == 2 && o.Contains("currency") && minor != nullptr && minor->is_int()) {
      return fn(minor->as_int(), path);
    }
    for (const auto& [k, member] : o.members()) {
      AIDLEDGER_RETURN_IF_ERROR(ForEachMoney(member, path.empty() ? k : JoinPath(path, k), fn));
    }
  } else if (v.is_array()) {
    const Array& a = v.as_array();
    for (size_t i = 0; i < a.size(); ++i) {
      AIDLEDGER_RETURN_IF_ERROR(ForEachMoney(a[i], path + "[" + std::to_string(i) + "]", fn));
    }
  }
  return Status::Ok();
}

// What a payload adds to the gross count (twice each amount's size),
// saturating at kGrossLimitMinor + 1.
int64_t PayloadGross(const Object& payload) {
  int64_t gross = 0;
  const auto add = [&](int64_t minor, const std::string&) {
    const int64_t size = minor == INT64_MIN ? INT64_MAX : (minor < 0 ? -minor : minor);
    if (size > (kGrossLimitMinor + 1 - gross) / 2) {
      gross = kGrossLimitMinor + 1;
    } else {
      gross += 2 * size;
    }
    return Status::Ok();
  };
  for (const auto& [k, member] : payload.members()) (void)ForEachMoney(member, k, add);
  return gross;
}

// Money under `key`; `sign` as ParseAmount's.
Result<Money> MoneyMember(const Object& o, const std::string& key, AmountSign sign) {
  auto money = MoneyFromValue(*o.Find(key), key);
  if (!money.ok()) return money.status();
  if (sign == AmountSign::kPositive && money->minor <= 0) {
    return InvalidArgument("must be more than zero", key);
  }
  if (sign == AmountSign::kNonNegative && money->minor < 0) {
    return InvalidArgument("must not be negative", key);
  }
  return money;
}

std::string NumberedId(char prefix, size_t count) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%c-%06zu", prefix, count + 1);
  return buf;
}

std::string StockKey(const std::string& item, const std::string& unit) {
  return item + "\n" + unit;
}

// "D-000123" -> 123; 0 for anything else (an anonymous gift's null).
uint32_t SubjectNumber(const Value* id) {
  if (id == nullptr || !id->is_string() || id->as_string().size() < 3) return 0;
  const std::string& t = id->as_string();
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(t.data() + 2, t.data() + t.size(), n);
  return ec == std::errc() && end == t.data() + t.size() ? n : 0;
}

// "2026-11-20" -> 20261120 (a checked business date).
int32_t DateNumber(const std::string& date) {
  if (date.size() != 10) return 0;
  return std::stoi(date.substr(0, 4)) * 10000 + std::stoi(date.substr(5, 2)) * 100 +
         std::stoi(date.substr(8, 2));
}

uint8_t ChannelIndex(const std::string* channel) {
  for (size_t i = 0; channel != nullptr && i < std::size(kChannels); ++i) {
    if (kChannels[i] == *channel) return static_cast<uint8_t>(i);
  }
  return kNoChannel;
}

std::string Show(const std::string& currency, int64_t minor) {
  return FormatMoneyForDisplay(Money{currency, minor});
}

}  // namespace

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
                                          const std::string& key) {
    const std::string* code = Text(p, key);
    auto f = code != nullptr ? s.funds_.find(*code) : s.funds_.end();
    if (f == s.funds_.end()) return NotFound("no such fund", key);
    if (!f->second.open) return Precondition("the fund is closed", key);
    return &f->second;
  }
  static Status CheckOpenDate(const BooksState& s, const Object& p) {
    const std::string* date = Text(p, "date");
    if (date == nullptr || !IsValidDate(*date)) return InvalidArgument("YYYY-MM-DD", "date");
    if (*date <= s.closed_through_) {
      return Precondition("the books are closed through " + s.closed_through_ +
                              "; date it in an open period and name the closed one it corrects",
                          "date");
    }
    return Status::Ok();
  }
  static Status CheckChannel(const Object& p) {
    if (OneOf(Text(p, "channel"), kChannels)) return Status::Ok();
    return InvalidArgument("cash, bank_transfer, wechat_pay, alipay or other", "channel");
  }
  // Adding `minor` to a fund's balance (and to its month) stays within int64.
  static Status CheckRoom(const BooksState& s, const std::string& fund, const std::string& nature,
                          const Money& m, const std::string& date, const std::string& field) {
    auto total = AddMinor(s.Held(fund, nature, m.currency), m.minor, field);
    if (!total.ok()) return total.status();
    int64_t month_sum = 0;
    if (auto f = s.monthly_.find(fund); f != s.monthly_.end()) {
      if (auto n = f->second.find(nature); n != f->second.end()) {
        if (auto c = n->second.find(m.currency); c != n->second.end()) {
          if (auto mo = c->second.find(date.substr(0, 7)); mo != c->second.end()) {
            month_sum = mo->second;
          }
        }
      }
    }
    auto month = AddMinor(month_sum, m.minor, field);
    return month.ok() ? Status::Ok() : month.status();
  }
  // A donor id of a registered donor whose record was not erased, or null.
  static Status CheckDonor(const BooksState& s, const Object& p) {
    const Value* donor = p.Find("donor");
    if (donor->is_null()) return Status::Ok();
    if (!donor->is_string())
      return InvalidArgument("a donor id, or null for an anonymous gift", "donor");
    auto d = s.donors_.find(donor->as_string());
    if (d == s.donors_.end()) return NotFound("no such donor; register them first", "donor");
    if (d->second.erased) return Precondition("the donor's record was erased", "donor");
    return Status::Ok();
  }
  // The next receipt number of the gift's year.
  static Status CheckReceipt(const BooksState& s, const Object& p) {
    const std::string* receipt = Text(p, "receipt");
    const std::string next = s.NextReceipt(std::stoi(Text(p, "date")->substr(0, 4)));
    if (receipt == nullptr || *receipt != next) {
      return InvalidArgument("must be the next receipt number of the gift's year, " + next,
                             "receipt");
    }
    return Status::Ok();
  }
  // An enrolled recipient whose record is kept, whom a restricted fund serves.
  static Status CheckRecipientForFund(const BooksState& s, const Object& p, const Fund& fund) {
    const std::string* id = Text(p, "recipient");
    auto r = id != nullptr ? s.recipients_.find(*id) : s.recipients_.end();
    if (r == s.recipients_.end()) return NotFound("no such recipient", "recipient");
    if (r->second.erased) return Precondition("the recipient's record was erased", "recipient");
    if (fund.restricted && fund.serves.count(r->second.category) == 0) {
      return Precondition("the restricted fund " + fund.code + " serves only its purpose (" +
                              fund.purpose + "), not a " + r->second.category + " recipient",
                          "fund");
    }
    return Status::Ok();
  }
  static Status CheckSubjectRole(const Actor& a, const std::string& subject) {
    if (subject.rfind("R-", 0) == 0 && !ActsAs(a, Role::kCoordinator)) {
      return PermissionDenied("only a coordinator keeps recipients' records");
    }
    if (subject.rfind("D-", 0) == 0 && !ActsAs(a, Role::kTreasurer)) {
      return PermissionDenied("only a treasurer keeps donors' records");
    }
    return Status::Ok();
  }
  static const Subject* FindSubject(const BooksState& s, const std::string& id) {
    auto r = s.recipients_.find(id);
    if (r != s.recipients_.end()) return &r->second;
    auto d = s.donors_.find(id);
    return d != s.donors_.end() ? &d->second : nullptr;
  }
  static Subject* FindSubject(BooksState& s, const std::string& id) {
    return const_cast<Subject*>(FindSubject(static_cast<const BooksState&>(s), id));
  }

  // Parses a donation's or hand-out's items: distinct (item, unit) lines.
  static Result<std::vector<std::pair<const Object*, std::string>>> Items(const Object& p) {
    const Value* items = p.Find("items");
    if (!items->is_array() || items->as_array().empty() || items->as_array().size() > kMaxItems) {
      return InvalidArgument("1 to " + std::to_string(kMaxItems) + " items", "items");
    }
    std::vector<std::pair<const Object*, std::string>> out;
    std::set<std::string> seen;
    for (size_t i = 0; i < items->as_array().size(); ++i) {
      const Value& v = items->as_array()[i];
      const std::string field = "items[" + std::to_string(i) + "]";
      if (!v.is_object()) return InvalidArgument("must be an object", field);
      const Object& item = v.as_object();
      if (Status s = NonEmptyText(item, "item", 100); !s.ok()) {
        return InvalidArgument(s.message(), field + ".item");
      }
      if (Status s = NonEmptyText(item, "unit", 20); !s.ok()) {
        return InvalidArgument(s.message(), field + ".unit");
      }
      const Value* q = item.Find("quantity");
      if (q == nullptr || !q->is_int() || q->as_int() < 1 || q->as_int() > kMaxQuantity) {
        return InvalidArgument("a whole number of units, 1 to 1000000000", field + ".quantity");
      }
      std::string key = StockKey(*Text(item, "item"), *Text(item, "unit"));
      if (!seen.insert(key).second) {
        return InvalidArgument("the same item and unit twice; give one line", field + ".item");
      }
      out.emplace_back(&item, std::move(key));
    }
    return out;
  }

  // --- funds ---
  static Status CheckFundOpened(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) {
      return PermissionDenied("only an admin or a treasurer opens a fund");
    }
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"code", "name_en", "name_zh", "purpose", "restricted", "serves"}));
    const std::string* code = Text(p, "code");
    if (code == nullptr || !BooksState::IsFundCode(*code)) {
      return InvalidArgument("2 to 32 capital letters, digits or '_', e.g. STUDENT_AID", "code");
    }
    if (s.funds_.count(*code) != 0) {
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
    const Value* serves = p.Find("serves");
    if (!serves->is_array()) return InvalidArgument("a list of recipient categories", "serves");
    std::set<std::string> categories;
    for (const Value& c : serves->as_array()) {
      if (!c.is_string() || !OneOf(&c.as_string(), kRecipientCategories) ||
          !categories.insert(c.as_string()).second) {
        return InvalidArgument(
            "distinct categories of student, disability, serious_illness, household", "serves");
      }
    }
    if (restricted->as_bool() == categories.empty()) {
      return InvalidArgument(
          "a restricted fund names the recipients its purpose serves; an unrestricted one none",
          "serves");
    }
    return Status::Ok();
  }
  static void ApplyFundOpened(BooksState& s, const Actor&, const Object& p) {
    Fund f;
    f.code = *Text(p, "code");
    f.name_zh = *Text(p, "name_zh");
    f.name_en = *Text(p, "name_en");
    f.restricted = p.Find("restricted")->as_bool();
    f.purpose = *Text(p, "purpose");
    for (const Value& c : p.Find("serves")->as_array()) f.serves.insert(c.as_string());
    s.funds_[f.code] = std::move(f);
  }

  static Status CheckFundClosed(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) {
      return PermissionDenied("only an admin or a treasurer closes a fund");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"code", "reason"}));
    auto fund = FindOpenFund(s, p, "code");
    if (!fund.ok()) return fund.status();
    for (const auto* holdings : {&(*fund)->cash, &(*fund)->goods}) {
      for (const auto& [currency, minor] : *holdings) {
        if (minor != 0) {
          return Precondition(
              "the fund still holds " + Show(currency, minor) + "; transfer or spend it first",
              "code");
        }
      }
    }
    for (const auto& [key, line] : (*fund)->stock) {
      if (line.quantity != 0) {
        return Precondition("the fund still holds goods (" + key.substr(0, key.find('\n')) +
                                "); hand them out first",
                            "code");
      }
    }
    return NonEmptyText(p, "reason", 1000);
  }
  static void ApplyFundClosed(BooksState& s, const Actor&, const Object& p) {
    s.funds_[*Text(p, "code")].open = false;
  }

  static Status CheckFundTransferred(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) {
      return PermissionDenied("only an admin or a treasurer transfers between funds");
    }
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"amount", "date", "from", "reason", "release", "to"}));
    auto from = FindOpenFund(s, p, "from");
    if (!from.ok()) return from.status();
    auto to = FindOpenFund(s, p, "to");
    if (!to.ok()) return to.status();
    if (*from == *to) return InvalidArgument("must differ from the fund it leaves", "to");
    auto money = MoneyMember(p, "amount", AmountSign::kPositive);
    if (!money.ok()) return money.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
    const bool needs_release =
        (*from)->restricted && !((*to)->restricted && (*to)->purpose == (*from)->purpose);
    const Value* release = p.Find("release");
    if (needs_release) {
      if (!release->is_string() || release->as_string().empty() ||
          release->as_string().size() > 500) {
        return InvalidArgument(
            "restricted money leaves its purpose only with a documented release: name the "
            "donor's consent or the resolution that releases it",
            "release");
      }
      if (!ActsAs(a, Role::kAdmin))
        return PermissionDenied("only an admin releases restricted money");
    } else if (!release->is_null()) {
      return InvalidArgument("null: this transfer releases no restriction", "release");
    }
    const int64_t held = s.Held((*from)->code, "cash", money->currency);
    if (money->minor > held) {
      return Precondition("the fund holds only " + Show(money->currency, held), "amount");
    }
    return CheckRoom(s, (*to)->code, "cash", *money, *Text(p, "date"), "amount");
  }
  static void ApplyFundTransferred(BooksState& s, const Actor&, const Object& p) {
    const Money m = *MoneyFromValue(*p.Find("amount"));
    BooksState::Posting post{std::string(kinds::kFundTransferred),
                             *Text(p, "from"),
                             *Text(p, "to"),
                             "cash",
                             m.currency,
                             -m.minor,
                             "",
                             {},
                             *Text(p, "date")};
    Move(s, post, *Text(p, "date"), 1);
    AddFact(s, post, FactKind::kTransfer).release = !p.Find("release")->is_null();
    s.postings_[s.size_ + 1] = std::move(post);
  }

  // --- donors and donations ---
  static Status CheckDonorRegistered(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer registers donors");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"commitment", "id", "type"}));
    const std::string* id = Text(p, "id");
    if (id == nullptr || *id != s.NextDonorId()) {
      return InvalidArgument("must be the next donor id, " + s.NextDonorId(), "id");
    }
    if (!OneOf(Text(p, "type"), kDonorTypes))
      return InvalidArgument("person or organisation", "type");
    return CheckCommitment(p);
  }
  static void ApplyDonorRegistered(BooksState& s, const Actor&, const Object& p) {
    s.donors_[*Text(p, "id")] = Subject{*Text(p, "type"), *Text(p, "commitment"), false};
  }

  static Status CheckDonationRecorded(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer records donations");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "channel", "date", "donor", "external_ref",
                                               "fund", "memo", "receipt", "separate_gift"}));
    auto money = MoneyMember(p, "amount", AmountSign::kPositive);
    if (!money.ok()) return money.status();
    auto fund = FindOpenFund(s, p, "fund");
    if (!fund.ok()) return fund.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    const std::string& channel = *Text(p, "channel");
    const Value* ref = p.Find("external_ref");
    if (!(ref->is_null() ||
          (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
      return InvalidArgument("the bank or payment reference, or null", "external_ref");
    }
    if (ref->is_null() && channel != "cash") {
      return InvalidArgument("a " + channel + " gift needs its payment reference", "external_ref");
    }
    const Value* separate = p.Find("separate_gift");
    if (!separate->is_bool()) return InvalidArgument("must be true or false", "separate_gift");
    if (ref->is_string() && !separate->as_bool() &&
        s.payment_refs_.count(channel + "\n" + ref->as_string()) != 0) {
      return Status(ErrorCode::kConflict,
                    "this payment reference is already recorded; confirm it as a separate gift "
                    "if it is one",
                    "external_ref");
    }
    AIDLEDGER_RETURN_IF_ERROR(CheckDonor(s, p));
    AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "memo", 1000));
    AIDLEDGER_RETURN_IF_ERROR(
        CheckRoom(s, (*fund)->code, "cash", *money, *Text(p, "date"), "amount"));
    return CheckReceipt(s, p);
  }
  static void IssueReceipt(BooksState& s, const Object& p) {
    // CheckReceipt let only the year's next number through.
    const std::optional<ReceiptNumber> number = ParseReceiptNumber(*Text(p, "receipt"));
    assert(number.has_value());
    s.last_receipt_[number->year] = number->number;
    Receipt receipt;
    receipt.donation_seq = s.size_ + 1;
    s.receipts_[*Text(p, "receipt")] = receipt;
    s.receipt_of_[s.size_ + 1] = *Text(p, "receipt");
  }
  static void ApplyDonationRecorded(BooksState& s, const Actor&, const Object& p) {
    const Money m = *MoneyFromValue(*p.Find("amount"));
    IssueReceipt(s, p);
    if (const Value* ref = p.Find("external_ref"); ref->is_string()) {
      s.payment_refs_.insert(*Text(p, "channel") + "\n" + ref->as_string());
    }
    BooksState::Posting post{std::string(kinds::kDonationRecorded),
                             *Text(p, "fund"),
                             "",
                             "cash",
                             m.currency,
                             m.minor,
                             "",
                             {},
                             *Text(p, "date")};
    Move(s, post, *Text(p, "date"), 1);
    FactRow& fact = AddFact(s, post, FactKind::kDonation);
    fact.channel = ChannelIndex(Text(p, "channel"));
    fact.party = SubjectNumber(p.Find("donor"));
    s.postings_[s.size_ + 1] = std::move(post);
  }

  static Status CheckDonationInKind(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer records donations");
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "checked_by", "date", "donor", "fund",
                                               "items", "memo", "receipt", "received_by"}));
    auto total = MoneyMember(p, "amount", AmountSign::kNonNegative);
    if (!total.ok()) return total.status();
    auto fund = FindOpenFund(s, p, "fund");
    if (!fund.ok()) return fund.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    auto items = Items(p);
    if (!items.ok()) return items.status();
    int64_t sum = 0;
    for (size_t i = 0; i < items->size(); ++i) {
      const Object& item = *(*items)[i].first;
      const std::string field = "items[" + std::to_string(i) + "]";
      if (!ExactMembers(item, {"item", "quantity", "unit", "valuation", "value"}).ok()) {
        return InvalidArgument("expects exactly item, quantity, unit, valuation, value", field);
      }
      const std::string* basis = Text(item, "valuation");
      if (!OneOf(basis, kValuationBases)) {
        return InvalidArgument("invoice, fair_value or unvalued", field + ".valuation");
      }
      auto value = MoneyMember(item, "value", AmountSign::kNonNegative);
      if (!value.ok()) return InvalidArgument(value.status().message(), field + ".value");
      if (value->currency != total->currency) {
        return InvalidArgument("in the donation's currency, " + total->currency, field + ".value");
      }
      if ((*basis == "unvalued") != (value->minor == 0)) {
        return InvalidArgument(
            "goods valued from the donor's documents or at fair value have a value; unvalued "
            "goods have none (they are counted, not booked as income)",
            field + ".value");
      }
      const auto line = (*fund)->stock.find((*items)[i].second);
      if (value->minor > 0 && line != (*fund)->stock.end() && !line->second.currency.empty() &&
          line->second.currency != value->currency) {
        return InvalidArgument("the fund values this item in " + line->second.currency,
                               field + ".value");
      }
      auto next = AddMinor(sum, value->minor, "amount");
      if (!next.ok()) return next.status();
      sum = *next;
    }
    if (sum != total->minor) {
      return InvalidArgument("must be the sum of the items' values, " + Show(total->currency, sum),
                             "amount");
    }
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "received_by", 100));
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "checked_by", 100));
    if (*Text(p, "received_by") == *Text(p, "checked_by")) {
      return InvalidArgument(
          "goods are counted by two people: someone other than who received "
          "them checks them",
          "checked_by");
    }
    AIDLEDGER_RETURN_IF_ERROR(CheckDonor(s, p));
    AIDLEDGER_RETURN_IF_ERROR(OptionalText(p, "memo", 1000));
    AIDLEDGER_RETURN_IF_ERROR(
        CheckRoom(s, (*fund)->code, "goods", *total, *Text(p, "date"), "amount"));
    return CheckReceipt(s, p);
  }
  static void ApplyDonationInKind(BooksState& s, const Actor&, const Object& p) {
    IssueReceipt(s, p);
    ApplyGoods(s, kinds::kDonationInKind, p, 1);
  }
  // A goods entry's posting: its amount, and each line's quantity and value
  // into the stock (`sign` 1) or out of it (-1).
  static void ApplyGoods(BooksState& s, std::string_view kind, const Object& p, int sign) {
    const Money m = *MoneyFromValue(*p.Find("amount"));
    BooksState::Posting post{std::string(kind), *Text(p, "fund"), "", "goods",
                             m.currency,        m.minor,          "", {},
                             *Text(p, "date")};
    for (const Value& v : p.Find("items")->as_array()) {
      const Object& item = v.as_object();
      const Money value = *MoneyFromValue(*item.Find("value"));
      post.items.push_back({StockKey(*Text(item, "item"), *Text(item, "unit")),
                            sign * item.Find("quantity")->as_int(), value.currency,
                            sign * value.minor});
    }
    Move(s, post, *Text(p, "date"), 1);
    const bool in = kind == kinds::kDonationInKind;
    FactRow& fact = AddFact(s, post, in ? FactKind::kGoodsDonation : FactKind::kGoodsHandedOut);
    fact.party = SubjectNumber(p.Find(in ? "donor" : "recipient"));
    s.postings_[s.size_ + 1] = std::move(post);
  }

  static Status CheckGoodsHandedOut(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kCoordinator, Role::kTreasurer})) {
      return PermissionDenied("only a coordinator or a treasurer hands out goods");
    }
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"amount", "date", "fund", "items", "memo", "recipient"}));
    auto total = MoneyFromValue(*p.Find("amount"), "amount");
    if (!total.ok()) return total.status();
    auto fund = FindOpenFund(s, p, "fund");
    if (!fund.ok()) return fund.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    AIDLEDGER_RETURN_IF_ERROR(CheckRecipientForFund(s, p, **fund));
    auto items = Items(p);
    if (!items.ok()) return items.status();
    int64_t sum = 0;
    for (size_t i = 0; i < items->size(); ++i) {
      const Object& item = *(*items)[i].first;
      const std::string field = "items[" + std::to_string(i) + "]";
      if (!ExactMembers(item, {"item", "quantity", "unit", "value"}).ok()) {
        return InvalidArgument("expects exactly item, quantity, unit, value", field);
      }
      const auto line = (*fund)->stock.find((*items)[i].second);
      const int64_t quantity = item.Find("quantity")->as_int();
      if (line == (*fund)->stock.end() || line->second.quantity < quantity) {
        return Precondition(
            "the fund holds only " +
                std::to_string(line == (*fund)->stock.end() ? 0 : line->second.quantity) +
                " of this item",
            field + ".quantity");
      }
      if (!line->second.currency.empty() && line->second.currency != total->currency) {
        return InvalidArgument("these goods are valued in " + line->second.currency +
                                   "; hand out goods of one currency per entry",
                               "amount");
      }
      auto value = MoneyFromValue(*item.Find("value"), field + ".value");
      if (!value.ok()) return value.status();
      const int64_t carried = BooksState::CarriedValue(line->second, quantity);
      if (value->currency != total->currency || value->minor != carried) {
        return InvalidArgument(
            "must be the value these goods carry, " + Show(total->currency, carried),
            field + ".value");
      }
      sum += carried;  // at most the fund's goods value: no overflow
    }
    if (total->minor != -sum) {
      return InvalidArgument("the hand-out's effect on the fund: minus the items' values, " +
                                 Show(total->currency, -sum),
                             "amount");
    }
    return OptionalText(p, "memo", 1000);
  }
  static void ApplyGoodsHandedOut(BooksState& s, const Actor&, const Object& p) {
    ApplyGoods(s, kinds::kGoodsHandedOut, p, -1);
  }

  // Records the fact of the entry being applied (reports), from its posting;
  // the caller adds what only the payload knows.
  static FactRow& AddFact(BooksState& s, const BooksState::Posting& post, FactKind kind) {
    FactRow f;
    f.seq = s.size_ + 1;
    f.minor = post.minor;
    f.date = DateNumber(post.date);
    f.fund = s.FactFund(post.fund);
    if (!post.counter_fund.empty()) f.counter_fund = s.FactFund(post.counter_fund);
    f.currency = s.FactCurrency(post.currency);
    f.kind = kind;
    f.of_kind = kind;
    f.goods = post.nature == "goods";
    for (const BooksState::StockMove& move : post.items) {
      if (move.value_minor == 0) f.unvalued += move.quantity;
    }
    s.fact_rows_.push_back(f);
    return s.fact_rows_.back();
  }

  // Applies a posting (direction 1) or undoes it (-1): the fund's balance,
  // the counter fund's opposite, and the stock.
  static void Move(BooksState& s, const BooksState::Posting& post, const std::string& date,
                   int direction) {
    s.Post(post.fund, post.nature, post.currency, direction * post.minor, date);
    if (!post.counter_fund.empty()) {
      s.Post(post.counter_fund, post.nature, post.currency, -direction * post.minor, date);
    }
    Fund& fund = s.funds_[post.fund];
    for (const BooksState::StockMove& move : post.items) {
      StockLine& line = fund.stock[move.key];
      line.quantity += direction * move.quantity;
      line.value_minor += direction * move.value_minor;
      if (move.value_minor != 0) line.currency = move.currency;
    }
  }

  // Whether undoing a posting keeps every balance and stock line >= 0.
  static Status CheckUndo(const BooksState& s, const BooksState::Posting& post,
                          const std::string& date) {
    AIDLEDGER_RETURN_IF_ERROR(
        CheckRoom(s, post.fund, post.nature, Money{post.currency, -post.minor}, date, "reverses"));
    if (!post.counter_fund.empty()) {
      AIDLEDGER_RETURN_IF_ERROR(CheckRoom(s, post.counter_fund, post.nature,
                                          Money{post.currency, post.minor}, date, "reverses"));
    }
    const int64_t held = s.Held(post.fund, post.nature, post.currency);
    if (held - post.minor < 0) {
      return Precondition("the fund " + post.fund + " holds only " + Show(post.currency, held) +
                              "; reversing would take it below zero",
                          "reverses");
    }
    if (!post.counter_fund.empty()) {
      const int64_t counter = s.Held(post.counter_fund, post.nature, post.currency);
      if (counter + post.minor < 0) {
        return Precondition("the fund " + post.counter_fund + " holds only " +
                                Show(post.currency, counter) +
                                "; reversing would take it below zero",
                            "reverses");
      }
    }
    const Fund& fund = s.funds_.at(post.fund);
    for (const BooksState::StockMove& move : post.items) {
      auto line = fund.stock.find(move.key);
      const int64_t have = line == fund.stock.end() ? 0 : line->second.quantity;
      const int64_t value = line == fund.stock.end() ? 0 : line->second.value_minor;
      if (have - move.quantity < 0 || value - move.value_minor < 0) {
        return Precondition(
            "the goods were handed out already; reversing would take the stock of " +
                move.key.substr(0, move.key.find('\n')) + " below zero",
            "reverses");
      }
    }
    return Status::Ok();
  }

  // --- reversals ---
  // The entry `reverses` names moved value and was not reversed, and no
  // other reversal of it waits for a second person.
  static Result<BooksState::Posting> ReversibleTarget(const BooksState& s, const Object& p) {
    const Value* target = p.Find("reverses");
    if (!target->is_int() || target->as_int() < 1 || target->as_int() > s.size_) {
      return InvalidArgument("the sequence number of an entry in the ledger", "reverses");
    }
    auto post = s.ReversiblePosting(target->as_int());
    if (!post) {
      return Precondition("entry " + std::to_string(target->as_int()) +
                              " has no money effect to reverse, or was reversed already "
                              "(a reversal is never reversed: record a new entry)",
                          "reverses");
    }
    return *post;
  }
  static const Proposal* PendingReversal(const BooksState& s, int64_t target) {
    for (const auto& [seq, proposal] : s.proposals_) {
      if (proposal.kind == kinds::kReversalProposed && proposal.reverses == target)
        return &proposal;
    }
    return nullptr;
  }
  // Correcting an entry of a closed period: the adjustment is dated in an
  // open one and names the closed month it corrects.
  static Status CheckReasonNamesClosedMonth(const BooksState& s, const BooksState::Posting& post,
                                            const std::string& reason) {
    const std::string month = post.date.substr(0, 7);
    if (post.date <= s.closed_through_ && reason.find(month) == std::string::npos) {
      return InvalidArgument(
          "the reversed entry is in the closed period " + month + "; name it in the reason",
          "reason");
    }
    return Status::Ok();
  }
  static Status CheckReversalProposed(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kTreasurer, Role::kAdmin})) {
      return PermissionDenied("only a treasurer or an admin proposes a reversal");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"reason", "reverses"}));
    auto post = ReversibleTarget(s, p);
    if (!post.ok()) return post.status();
    if (const Proposal* pending = PendingReversal(s, p.Find("reverses")->as_int())) {
      return Status(ErrorCode::kConflict,
                    "a reversal of this entry waits for a second person already (proposal " +
                        std::to_string(pending->seq) + ")",
                    "reverses");
    }
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
    AIDLEDGER_RETURN_IF_ERROR(CheckReasonNamesClosedMonth(s, *post, *Text(p, "reason")));
    // What could not be undone now is not proposed (goods handed out since,
    // money spent since); the confirmation checks again.
    return CheckUndo(s, *post, post->date);
  }
  static void ApplyReversalProposed(BooksState& s, const Actor& a, const Object& p) {
    Proposal proposal;
    proposal.seq = s.size_ + 1;
    proposal.kind = std::string(kinds::kReversalProposed);
    proposal.reverses = p.Find("reverses")->as_int();
    proposal.reason = *Text(p, "reason");
    proposal.proposer = a;
    s.proposals_[proposal.seq] = std::move(proposal);
  }

  static Status CheckEntryReversed(const BooksState& s, const Actor& a, const Object& p) {
    const bool legacy_form = !p.Contains("proposal");
    if (legacy_form) {
      // The form from before four eyes: one treasurer alone.
      if (!s.legacy_forms_) {
        return InvalidArgument(
            "expects exactly the members amount, counter_fund, date, fund, nature, proposal, "
            "reason, reverses",
            "payload");
      }
      if (!ActsAs(a, Role::kTreasurer))
        return PermissionDenied("only a treasurer reverses entries");
      AIDLEDGER_RETURN_IF_ERROR(ExactMembers(
          p, {"amount", "counter_fund", "date", "fund", "nature", "reason", "reverses"}));
    } else {
      AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"amount", "counter_fund", "date", "fund", "nature",
                                                 "proposal", "reason", "reverses"}));
    }
    auto post = ReversibleTarget(s, p);
    if (!post.ok()) return post.status();
    auto money = MoneyFromValue(*p.Find("amount"), "amount");
    if (!money.ok()) return money.status();
    const std::string* fund = Text(p, "fund");
    const Value* counter = p.Find("counter_fund");
    const bool counter_matches =
        post->counter_fund.empty()
            ? counter->is_null()
            : (counter->is_string() && counter->as_string() == post->counter_fund);
    if (money->currency != post->currency || money->minor != -post->minor || fund == nullptr ||
        *fund != post->fund || !counter_matches || !OneOf(Text(p, "nature"), {post->nature})) {
      return InvalidArgument(
          "must undo exactly the reversed entry's amount, fund, counter fund and nature", "amount");
    }
    for (const std::string& code : {post->fund, post->counter_fund}) {
      if (!code.empty() && !s.funds_.at(code).open) {
        return Precondition("the fund " + code + " is closed", "fund");
      }
    }
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "reason", 1000));
    AIDLEDGER_RETURN_IF_ERROR(CheckReasonNamesClosedMonth(s, *post, *Text(p, "reason")));
    if (!legacy_form) {
      AIDLEDGER_RETURN_IF_ERROR(CheckReversalConfirmed(s, a, p, *post));
    }
    return CheckUndo(s, *post, *Text(p, "date"));
  }
  // Four eyes: a reversal confirms another person's proposal for the same
  // entry with its reason, or (proposal null) undoes less than the policy
  // exempts.
  static Status CheckReversalConfirmed(const BooksState& s, const Actor& a, const Object& p,
                                       const BooksState::Posting& post) {
    const Value* proposal = p.Find("proposal");
    const int64_t size = post.minor < 0 ? -post.minor : post.minor;
    if (proposal->is_null()) {
      if (size >= s.reversal_exempt_below_) {
        return Precondition(
            "reversing this entry needs a second person: propose the reversal, and another "
            "treasurer or an admin confirms it",
            "proposal");
      }
      if (!ActsAs(a, Role::kTreasurer))
        return PermissionDenied("only a treasurer reverses entries");
      return Status::Ok();
    }
    auto it = proposal->is_int() ? s.proposals_.find(proposal->as_int()) : s.proposals_.end();
    if (it == s.proposals_.end() || it->second.kind != kinds::kReversalProposed ||
        it->second.reverses != p.Find("reverses")->as_int()) {
      return NotFound("no reversal of this entry waits to be confirmed under this number",
                      "proposal");
    }
    if (!ActsAsOneOf(a, {Role::kTreasurer, Role::kAdmin})) {
      return PermissionDenied("only a treasurer or an admin confirms a reversal");
    }
    if (it->second.proposer.id == a.id) {
      return PermissionDenied("a reversal is confirmed by someone other than who proposed it");
    }
    if (it->second.reason != *Text(p, "reason")) {
      return InvalidArgument("must be the proposal's reason", "reason");
    }
    return Status::Ok();
  }
  static void ApplyEntryReversed(BooksState& s, const Actor& a, const Object& p) {
    const int64_t target = p.Find("reverses")->as_int();
    const BooksState::Posting undone = s.postings_.at(target);
    if (!undone.grant.empty()) s.grants_[undone.grant].paid_minor += undone.minor;
    Move(s, undone, *Text(p, "date"), -1);
    FactRow reversal = *s.FactOf(target);
    reversal.seq = s.size_ + 1;
    reversal.minor = -reversal.minor;
    reversal.unvalued = -reversal.unvalued;
    reversal.date = DateNumber(*Text(p, "date"));
    reversal.kind = FactKind::kReversal;
    s.fact_rows_.push_back(reversal);
    s.postings_.erase(target);
    Actor proposer;
    if (const Value* proposal = p.Find("proposal"); proposal != nullptr && proposal->is_int()) {
      proposer = s.proposals_.at(proposal->as_int()).proposer;
      s.proposals_.erase(proposal->as_int());
    }
    if (auto receipt = s.receipt_of_.find(target); receipt != s.receipt_of_.end()) {
      Receipt& r = s.receipts_[receipt->second];
      r.reversed_by = s.size_ + 1;
      r.reversal_reason = *Text(p, "reason");
      r.reversal_date = *Text(p, "date");
    }
    s.corrections_.push_back(Correction{s.size_ + 1, std::string(kinds::kEntryReversed),
                                        std::to_string(target), *Text(p, "reason"),
                                        *Text(p, "date"), a, proposer});
  }

  // --- recipients and personal records ---
  static Status CheckRecipientEnrolled(const BooksState& s, const Actor& a, const Object& p) {
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
  static void ApplyRecipientEnrolled(BooksState& s, const Actor&, const Object& p) {
    s.recipients_[*Text(p, "id")] = Subject{*Text(p, "category"), *Text(p, "commitment"), false};
  }

  static Status CheckRecord(const BooksState& s, const Actor& a, const Object& p, bool erase) {
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
  static Status CheckRecordCorrected(const BooksState& s, const Actor& a, const Object& p) {
    return CheckRecord(s, a, p, false);
  }
  static void ApplyRecordCorrected(BooksState& s, const Actor&, const Object& p) {
    FindSubject(s, *Text(p, "subject"))->commitment = *Text(p, "commitment");
  }
  static Status CheckRecordErased(const BooksState& s, const Actor& a, const Object& p) {
    return CheckRecord(s, a, p, true);
  }
  static void ApplyRecordErased(BooksState& s, const Actor&, const Object& p) {
    Subject* subject = FindSubject(s, *Text(p, "subject"));
    subject->erased = true;
    subject->commitment.clear();
  }

  // --- grants ---
  // One policy per entry: how many approve a grant, the largest amount one
  // entry may carry, the reversals small enough to need no second person.
  static constexpr int64_t kMaxEntryCeiling = 1'000'000'000'000'000;  // 10^15 minor units
  static Status CheckPolicySet(const BooksState&, const Actor& a, const Object& p) {
    if (!ActsAs(a, Role::kAdmin)) return PermissionDenied("only an admin sets the books' policies");
    if (p.size() != 1) {
      return InvalidArgument(
          "expects exactly one of approvals_required, close_confirmations, max_entry_minor, "
          "reversal_exempt_below",
          "payload");
    }
    if (const Value* n = p.Find("close_confirmations")) {
      if (!n->is_int() || n->as_int() < 1 || n->as_int() > kMaxApprovals) {
        return InvalidArgument("1 to " + std::to_string(kMaxApprovals) + " people",
                               "close_confirmations");
      }
      return Status::Ok();
    }
    if (const Value* n = p.Find("approvals_required")) {
      if (!n->is_int() || n->as_int() < 1 || n->as_int() > kMaxApprovals) {
        return InvalidArgument("1 to " + std::to_string(kMaxApprovals) + " approvals",
                               "approvals_required");
      }
      return Status::Ok();
    }
    if (const Value* n = p.Find("max_entry_minor")) {
      if (!n->is_int() || n->as_int() < 100 || n->as_int() > kMaxEntryCeiling) {
        return InvalidArgument("a whole number of minor units, 100 to 10^15", "max_entry_minor");
      }
      return Status::Ok();
    }
    if (const Value* n = p.Find("reversal_exempt_below")) {
      if (!n->is_int() || n->as_int() < 0 || n->as_int() > 100'000'000) {
        return InvalidArgument("a whole number of minor units, 0 (none exempt) to 100000000",
                               "reversal_exempt_below");
      }
      return Status::Ok();
    }
    return InvalidArgument(
        "expects exactly one of approvals_required, close_confirmations, max_entry_minor, "
        "reversal_exempt_below",
        "payload");
  }
  static void ApplyPolicySet(BooksState& s, const Actor&, const Object& p) {
    if (const Value* n = p.Find("approvals_required")) {
      s.approvals_required_ = static_cast<int>(n->as_int());
    } else if (const Value* c = p.Find("close_confirmations")) {
      s.close_confirmations_ = static_cast<int>(c->as_int());
    } else if (const Value* cap = p.Find("max_entry_minor")) {
      s.max_entry_minor_ = cap->as_int();
    } else {
      s.reversal_exempt_below_ = p.Find("reversal_exempt_below")->as_int();
    }
  }

  static Status CheckGrantProposed(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAs(a, Role::kCoordinator)) return PermissionDenied("only a coordinator proposes aid");
    AIDLEDGER_RETURN_IF_ERROR(
        ExactMembers(p, {"amount", "fund", "id", "purpose", "recipient", "term"}));
    const std::string* id = Text(p, "id");
    if (id == nullptr || *id != s.NextGrantId()) {
      return InvalidArgument("must be the next grant id, " + s.NextGrantId(), "id");
    }
    auto fund = FindOpenFund(s, p, "fund");
    if (!fund.ok()) return fund.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckRecipientForFund(s, p, **fund));
    auto money = MoneyMember(p, "amount", AmountSign::kPositive);
    if (!money.ok()) return money.status();
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "purpose", 500));
    return NonEmptyText(p, "term", 100);
  }
  static void ApplyGrantProposed(BooksState& s, const Actor& a, const Object& p) {
    Grant g;
    g.id = *Text(p, "id");
    g.recipient = *Text(p, "recipient");
    g.fund = *Text(p, "fund");
    g.purpose = *Text(p, "purpose");
    g.term = *Text(p, "term");
    const Money m = *MoneyFromValue(*p.Find("amount"));
    g.currency = m.currency;
    g.approved_minor = m.minor;
    g.proposer = a.id;
    g.approvals_required = s.approvals_required_;
    s.grants_[g.id] = std::move(g);
  }

  static Status CheckGrantDecided(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kCoordinator, Role::kAdmin})) {
      return PermissionDenied("only a coordinator or an admin decides on aid");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"comment", "grant"}));
    const std::string* id = Text(p, "grant");
    auto g = id != nullptr ? s.grants_.find(*id) : s.grants_.end();
    if (g == s.grants_.end()) return NotFound("no such grant", "grant");
    if (g->second.state != Grant::State::kProposed) {
      return Precondition("the grant was decided already", "grant");
    }
    if (g->second.proposer == a.id) {
      return PermissionDenied("a grant is decided by someone other than its proposer");
    }
    const auto& approvers = g->second.approvers;
    if (std::find(approvers.begin(), approvers.end(), a.id) != approvers.end()) {
      return PermissionDenied("each approval of a grant comes from a different person");
    }
    return OptionalText(p, "comment", 1000);
  }
  static void ApplyGrantApproved(BooksState& s, const Actor& a, const Object& p) {
    Grant& g = s.grants_[*Text(p, "grant")];
    g.approvers.push_back(a.id);
    if (static_cast<int>(g.approvers.size()) >= g.approvals_required) {
      g.state = Grant::State::kApproved;
    }
  }
  static void ApplyGrantRejected(BooksState& s, const Actor&, const Object& p) {
    s.grants_[*Text(p, "grant")].state = Grant::State::kRejected;
  }

  static Status CheckGrantPaid(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAs(a, Role::kTreasurer)) return PermissionDenied("only a treasurer pays aid");
    const bool legacy_form = !p.Contains("duplicate_reason");
    if (legacy_form && s.legacy_forms_) {
      AIDLEDGER_RETURN_IF_ERROR(
          ExactMembers(p, {"amount", "channel", "date", "external_ref", "fund", "grant"}));
    } else {
      AIDLEDGER_RETURN_IF_ERROR(ExactMembers(
          p, {"amount", "channel", "date", "duplicate_reason", "external_ref", "fund", "grant"}));
    }
    const std::string* id = Text(p, "grant");
    auto g = id != nullptr ? s.grants_.find(*id) : s.grants_.end();
    if (g == s.grants_.end()) return NotFound("no such grant", "grant");
    if (g->second.state != Grant::State::kApproved) {
      return Precondition("only an approved grant is paid", "grant");
    }
    if (!s.legacy_forms_) {
      auto r = s.recipients_.find(g->second.recipient);
      if (r != s.recipients_.end() && r->second.erased) {
        return Precondition("the recipient's record was erased: no payment can reach them",
                            "grant");
      }
    }
    const std::string* fund = Text(p, "fund");
    if (fund == nullptr || *fund != g->second.fund) {
      // A restricted fund pays only for its purpose: the grant was proposed
      // against this fund for that purpose.
      return InvalidArgument("must be the grant's fund, " + g->second.fund, "fund");
    }
    auto open = FindOpenFund(s, p, "fund");
    if (!open.ok()) return open.status();
    auto money = MoneyFromValue(*p.Find("amount"), "amount");
    if (!money.ok()) return money.status();
    if (money->currency != g->second.currency || money->minor >= 0) {
      return InvalidArgument(
          "the payment as its effect on the fund: a negative amount in " + g->second.currency,
          "amount");
    }
    const int64_t pay = -money->minor;
    const int64_t left = g->second.approved_minor - g->second.paid_minor;
    if (pay > left) {
      return Precondition(
          "more than the grant has left to pay (" + Show(g->second.currency, left) + ")", "amount");
    }
    const int64_t held = s.Held(*fund, "cash", money->currency);
    if (pay > held) {
      return Precondition("the fund holds only " + Show(money->currency, held), "amount");
    }
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    AIDLEDGER_RETURN_IF_ERROR(CheckChannel(p));
    const Value* ref = p.Find("external_ref");
    if (!(ref->is_null() ||
          (ref->is_string() && !ref->as_string().empty() && ref->as_string().size() <= 128))) {
      return InvalidArgument("the payment reference, or null for cash", "external_ref");
    }
    if (legacy_form) return Status::Ok();
    // A bank's or platform's reference names one payment: the same one on
    // the same channel again is a payment recorded twice, unless a person
    // says why the bank reused it.
    const Value* duplicate = p.Find("duplicate_reason");
    if (!duplicate->is_null() && !duplicate->is_string()) {
      return InvalidArgument("why a reference already recorded names another payment, or null",
                             "duplicate_reason");
    }
    if (duplicate->is_string())
      AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "duplicate_reason", 1000));
    const bool seen = ref->is_string() &&
                      s.payout_refs_.count(*Text(p, "channel") + "\n" + ref->as_string()) != 0;
    if (seen && duplicate->is_null()) {
      return Status(ErrorCode::kConflict,
                    "a payment with this reference is recorded already; if the bank really "
                    "reused it, say why (duplicate_reason)",
                    "external_ref");
    }
    if (!seen && !duplicate->is_null()) {
      return InvalidArgument("null: no payment with this reference is recorded",
                             "duplicate_reason");
    }
    return Status::Ok();
  }
  static void ApplyGrantPaid(BooksState& s, const Actor&, const Object& p) {
    const Money m = *MoneyFromValue(*p.Find("amount"));
    if (const Value* ref = p.Find("external_ref"); ref->is_string()) {
      s.payout_refs_.insert(*Text(p, "channel") + "\n" + ref->as_string());
    }
    Grant& g = s.grants_[*Text(p, "grant")];
    g.paid_minor -= m.minor;  // checked: within the approved amount
    BooksState::Posting post{std::string(kinds::kGrantPaid),
                             g.fund,
                             "",
                             "cash",
                             m.currency,
                             m.minor,
                             g.id,
                             {},
                             *Text(p, "date")};
    Move(s, post, *Text(p, "date"), 1);
    FactRow& fact = AddFact(s, post, FactKind::kAidPaid);
    fact.channel = ChannelIndex(Text(p, "channel"));
    const Value recipient(g.recipient), grant(g.id);
    fact.party = SubjectNumber(&recipient);
    fact.grant = SubjectNumber(&grant);
    s.postings_[s.size_ + 1] = std::move(post);
  }

  // --- receipts ---
  static Status CheckReceiptEntry(const BooksState& s, const Actor& a, const Object& p,
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
            "must be the next copy number, " + std::to_string(r->second.copies_printed + 1),
            "copy");
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
  static Status CheckReceiptVoided(const BooksState& s, const Actor& a, const Object& p) {
    return CheckReceiptEntry(s, a, p, kinds::kReceiptVoided);
  }
  static Status CheckReceiptBill(const BooksState& s, const Actor& a, const Object& p) {
    return CheckReceiptEntry(s, a, p, kinds::kReceiptBillRecorded);
  }
  static Status CheckReceiptPrinted(const BooksState& s, const Actor& a, const Object& p) {
    return CheckReceiptEntry(s, a, p, kinds::kReceiptPrinted);
  }
  static void ApplyReceiptVoided(BooksState& s, const Actor& a, const Object& p) {
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
  static void ApplyReceiptBill(BooksState& s, const Actor&, const Object& p) {
    s.receipts_[*Text(p, "receipt")].bill_number = *Text(p, "bill_number");
    s.bill_numbers_.insert(*Text(p, "bill_number"));
  }
  static void ApplyReceiptPrinted(BooksState& s, const Actor&, const Object& p) {
    ++s.receipts_[*Text(p, "receipt")].copies_printed;
  }

  // --- periods ---
  // Closing and reopening are each proposed by one person and confirmed by
  // another (admins and treasurers); the period must be the next in order
  // when proposed and when confirmed. Whether it has ended on the team's
  // calendar is the operation's check (Books::ProposeClose): the rules see
  // no clock.
  static const Proposal* Pending(const BooksState& s, std::string_view kind) {
    for (const auto& [seq, proposal] : s.proposals_) {
      if (proposal.kind == kind) return &proposal;
    }
    return nullptr;
  }
  static Status CheckPeriodRole(const Actor& a, const char* what) {
    if (ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer})) return Status::Ok();
    return PermissionDenied(std::string("only an admin or a treasurer ") + what);
  }
  // The confirmation names a waiting proposal of `kind` for the same period,
  // made by someone else.
  static Result<const Proposal*> Confirms(const BooksState& s, const Actor& a, const Object& p,
                                          std::string_view kind) {
    const Value* seq = p.Find("proposal");
    auto it = seq->is_int() ? s.proposals_.find(seq->as_int()) : s.proposals_.end();
    if (it == s.proposals_.end() || it->second.kind != kind) {
      return NotFound("no such proposal waits to be confirmed", "proposal");
    }
    const std::string* period = Text(p, "period");
    if (period == nullptr || *period != it->second.period) {
      return InvalidArgument("must be the proposal's period, " + it->second.period, "period");
    }
    if (it->second.proposer.id == a.id) {
      return PermissionDenied("a second person confirms: not who proposed it");
    }
    const auto& confirmers = it->second.confirmers;
    if (std::find(confirmers.begin(), confirmers.end(), a.id) != confirmers.end()) {
      return PermissionDenied("each confirmation comes from a different person");
    }
    return &it->second;
  }
  // The close or reopening itself is the last confirmation: the others the
  // proposal needs came first (proposal.confirmed).
  static Status CheckLastConfirmation(const Proposal& proposal) {
    const int left =
        proposal.confirmations_required - 1 - static_cast<int>(proposal.confirmers.size());
    if (left > 0) {
      return Precondition(
          "it needs " + std::to_string(left) + " more confirmation(s) first (proposal.confirmed)",
          "proposal");
    }
    return Status::Ok();
  }
  // One confirmation of a close or a reopening before the last.
  static Status CheckProposalConfirmed(const BooksState& s, const Actor& a, const Object& p) {
    AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "confirms a close or a reopening"));
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "proposal"}));
    const Value* seq = p.Find("proposal");
    auto it = seq->is_int() ? s.proposals_.find(seq->as_int()) : s.proposals_.end();
    if (it == s.proposals_.end() || it->second.kind == kinds::kReversalProposed) {
      return NotFound("no close or reopening waits to be confirmed under this number", "proposal");
    }
    auto proposal = Confirms(s, a, p, it->second.kind);
    if (!proposal.ok()) return proposal.status();
    const int left =
        (*proposal)->confirmations_required - 1 - static_cast<int>((*proposal)->confirmers.size());
    if (left <= 0) {
      return Precondition("this is the last confirmation: record the close or the reopening",
                          "proposal");
    }
    return Status::Ok();
  }
  static void ApplyProposalConfirmed(BooksState& s, const Actor& a, const Object& p) {
    s.proposals_.at(p.Find("proposal")->as_int()).confirmers.push_back(a.id);
  }

  static Status CheckCloseProposed(const BooksState& s, const Actor& a, const Object& p) {
    AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "proposes closing a period"));
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "through"}));
    const std::string* period = Text(p, "period");
    if (period == nullptr) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
    AIDLEDGER_RETURN_IF_ERROR(s.CheckClosable(*period));
    const std::string* through = Text(p, "through");
    const std::string end = BooksState::PeriodEnd(*period);
    if (through == nullptr || *through != end) {
      return InvalidArgument("must be the period's last day, " + end, "through");
    }
    if (const Proposal* pending = Pending(s, kinds::kPeriodCloseProposed)) {
      return Status(ErrorCode::kConflict,
                    "closing " + pending->period + " waits for a second person already (proposal " +
                        std::to_string(pending->seq) + "): confirm or reject it first",
                    "period");
    }
    return Status::Ok();
  }
  static void ApplyProposal(BooksState& s, const Actor& a, const Object& p, std::string_view kind) {
    Proposal proposal;
    proposal.seq = s.size_ + 1;
    proposal.kind = std::string(kind);
    proposal.period = *Text(p, "period");
    if (const std::string* reason = Text(p, "reason")) proposal.reason = *reason;
    proposal.proposer = a;
    proposal.confirmations_required = s.close_confirmations_;
    s.proposals_[proposal.seq] = std::move(proposal);
  }
  static void ApplyCloseProposed(BooksState& s, const Actor& a, const Object& p) {
    ApplyProposal(s, a, p, kinds::kPeriodCloseProposed);
  }

  static Status CheckPeriodClosed(const BooksState& s, const Actor& a, const Object& p) {
    AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "closes a period"));
    const bool legacy_form = !p.Contains("proposal");
    if (legacy_form && !s.legacy_forms_) {
      return InvalidArgument("expects exactly the members balances, period, proposal, through",
                             "payload");
    }
    AIDLEDGER_RETURN_IF_ERROR(legacy_form
                                  ? ExactMembers(p, {"balances", "period", "through"})
                                  : ExactMembers(p, {"balances", "period", "proposal", "through"}));
    const std::string* period = Text(p, "period");
    const std::string end = period != nullptr ? BooksState::PeriodEnd(*period) : "";
    if (end.empty()) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
    const std::string* through = Text(p, "through");
    if (through == nullptr || *through != end) {
      return InvalidArgument("must be the period's last day, " + end, "through");
    }
    if (legacy_form) {
      // Before four eyes: any later period, by one person.
      if (end <= s.closed_through_) {
        return Precondition("the books are already closed through " + s.closed_through_, "period");
      }
    } else {
      auto proposal = Confirms(s, a, p, kinds::kPeriodCloseProposed);
      if (!proposal.ok()) return proposal.status();
      AIDLEDGER_RETURN_IF_ERROR(CheckLastConfirmation(**proposal));
      AIDLEDGER_RETURN_IF_ERROR(s.CheckClosable(*period));
    }
    if (*p.Find("balances") != Value(s.BalancesThrough(end))) {
      return InvalidArgument("must be the closing balances of every fund as of " + end, "balances");
    }
    return Status::Ok();
  }
  static void ApplyPeriodClosed(BooksState& s, const Actor&, const Object& p) {
    const std::string& period = *Text(p, "period");
    s.closes_.push_back({period, s.closed_through_});
    s.closed_through_ = std::max(s.closed_through_, *Text(p, "through"));
    if (period.size() == 4) s.closed_years_.insert(period);
    if (const Value* seq = p.Find("proposal")) s.proposals_.erase(seq->as_int());
  }

  // Only the period the latest close named is reopened, and the books go
  // back to how they were before it: closes and reopenings stay in order.
  static Status CheckReopenProposed(const BooksState& s, const Actor& a, const Object& p) {
    AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "proposes reopening a period"));
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "reason"}));
    const std::string* period = Text(p, "period");
    if (s.closes_.empty()) return Precondition("no period is closed", "period");
    if (period == nullptr || *period != s.closes_.back().period) {
      return Precondition("only the latest closed period reopens: " + s.closes_.back().period,
                          "period");
    }
    if (const Proposal* pending = Pending(s, kinds::kPeriodReopenProposed)) {
      return Status(ErrorCode::kConflict,
                    "reopening " + pending->period + " waits for a second person already",
                    "period");
    }
    return NonEmptyText(p, "reason", 1000);
  }
  static void ApplyReopenProposed(BooksState& s, const Actor& a, const Object& p) {
    ApplyProposal(s, a, p, kinds::kPeriodReopenProposed);
  }
  static Status CheckPeriodReopened(const BooksState& s, const Actor& a, const Object& p) {
    AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "reopens a period"));
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"period", "proposal"}));
    auto proposal = Confirms(s, a, p, kinds::kPeriodReopenProposed);
    if (!proposal.ok()) return proposal.status();
    AIDLEDGER_RETURN_IF_ERROR(CheckLastConfirmation(**proposal));
    if (s.closes_.empty() || s.closes_.back().period != (*proposal)->period) {
      return Precondition("the period is no longer the latest closed one", "period");
    }
    return Status::Ok();
  }
  static void ApplyPeriodReopened(BooksState& s, const Actor& a, const Object& p) {
    const int64_t seq = p.Find("proposal")->as_int();
    const Proposal proposal = s.proposals_.at(seq);
    s.proposals_.erase(seq);
    s.closed_through_ = s.closes_.back().before;
    if (proposal.period.size() == 4) s.closed_years_.erase(proposal.period);
    s.closes_.pop_back();
    s.corrections_.push_back(Correction{s.size_ + 1, std::string(kinds::kPeriodReopened),
                                        proposal.period, proposal.reason, "", a,
                                        proposal.proposer});
  }

  // Anyone of the roles that may confirm a proposal may reject it, its
  // proposer included (who so withdraws it), with the reason.
  static Status CheckProposalRejected(const BooksState& s, const Actor& a, const Object& p) {
    AIDLEDGER_RETURN_IF_ERROR(CheckPeriodRole(a, "rejects a proposal"));
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"proposal", "reason"}));
    const Value* seq = p.Find("proposal");
    if (!seq->is_int() || s.proposals_.count(seq->as_int()) == 0) {
      return NotFound("no such proposal waits to be confirmed", "proposal");
    }
    return NonEmptyText(p, "reason", 1000);
  }
  static void ApplyProposalRejected(BooksState& s, const Actor&, const Object& p) {
    s.proposals_.erase(p.Find("proposal")->as_int());
  }

  // --- volunteer service ---
  // Whoever organises the team's work records it; a person's time is at most
  // a day's on a day.
  static constexpr int64_t kMaxVolunteers = 100000;
  static Status CheckServiceDonated(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer, Role::kCoordinator})) {
      return PermissionDenied("only an admin, a treasurer or a coordinator records service");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"activity", "date", "minutes", "volunteers"}));
    AIDLEDGER_RETURN_IF_ERROR(CheckOpenDate(s, p));
    AIDLEDGER_RETURN_IF_ERROR(NonEmptyText(p, "activity", 200));
    const Value* volunteers = p.Find("volunteers");
    if (!volunteers->is_int() || volunteers->as_int() < 1 ||
        volunteers->as_int() > kMaxVolunteers) {
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
  static void ApplyServiceDonated(BooksState& s, const Actor&, const Object& p) {
    s.services_.push_back(ServiceRecord{s.size_ + 1, *Text(p, "date"), *Text(p, "activity"),
                                        p.Find("volunteers")->as_int(), p.Find("minutes")->as_int(),
                                        0});
  }
  // A record made in error is taken back whole, with the reason, and a new
  // one made if need be; a closed period's figures stay as they were closed.
  static Status CheckServiceWithdrawn(const BooksState& s, const Actor& a, const Object& p) {
    if (!ActsAsOneOf(a, {Role::kAdmin, Role::kTreasurer, Role::kCoordinator})) {
      return PermissionDenied("only an admin, a treasurer or a coordinator withdraws service");
    }
    AIDLEDGER_RETURN_IF_ERROR(ExactMembers(p, {"reason", "withdraws"}));
    const Value* withdraws = p.Find("withdraws");
    const ServiceRecord* record =
        withdraws->is_int() ? s.FindService(withdraws->as_int()) : nullptr;
    if (record == nullptr) {
      return Status(ErrorCode::kNotFound, "no service record with this sequence number",
                    "withdraws");
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
  static void ApplyServiceWithdrawn(BooksState& s, const Actor& a, const Object& p) {
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

  static const Rule kRules[];
};

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
};

const ServiceRecord* BooksState::FindService(int64_t seq) const {
  auto it = std::lower_bound(services_.begin(), services_.end(), seq,
                             [](const ServiceRecord& r, int64_t target) { return r.seq < target; });
  return it != services_.end() && it->seq == seq ? &*it : nullptr;
}

const BooksRules::Rule* BooksRules::Find(std::string_view kind) {
  for (const Rule& r : kRules) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

std::string BooksState::PeriodEnd(std::string_view period) {
  if (period.size() == 4 && IsValidDate(std::string(period) + "-12-31")) {
    return std::string(period) + "-12-31";
  }
  if (period.size() == 7 && period[4] == '-') {
    for (const char* day : {"31", "30", "29", "28"}) {
      std::string d = std::string(period) + "-" + day;
      if (IsValidDate(d)) return d;
    }
  }
  return {};
}

int64_t BooksState::CarriedValue(const StockLine& line, int64_t quantity) {
  if (quantity >= line.quantity) return line.value_minor;
  // value * quantity / line quantity, in 128 bits: the product may not fit
  // in 64, the result does (it is below value).
  __extension__ using Wide = __int128;
  return static_cast<int64_t>(static_cast<Wide>(line.value_minor) * quantity / line.quantity);
}

Array BooksState::BalancesThrough(const std::string& through) const {
  Array out;
  const std::string last_month = through.substr(0, 7);
  for (const auto& [fund, natures] : monthly_) {
    for (const auto& [nature, currencies] : natures) {
      for (const auto& [currency, months] : currencies) {
        int64_t sum = 0;
        for (const auto& [month, minor] : months) {
          if (month <= last_month) sum += minor;  // every partial sum is a held balance
        }
        out.push_back(
            Object{{"currency", currency}, {"fund", fund}, {"minor", sum}, {"nature", nature}});
      }
    }
  }
  return out;
}

void BooksState::Post(const std::string& fund, const std::string& nature,
                      const std::string& currency, int64_t minor, const std::string& date) {
  Fund& f = funds_[fund];
  (nature == "goods" ? f.goods : f.cash)[currency] += minor;  // checked: stays within [0, int64]
  monthly_[fund][nature][currency][date.substr(0, 7)] += minor;
}

const FactRow* BooksState::FactOf(int64_t seq) const {
  auto it = std::lower_bound(fact_rows_.begin(), fact_rows_.end(), seq,
                             [](const FactRow& f, int64_t s) { return f.seq < s; });
  return it != fact_rows_.end() && it->seq == seq ? &*it : nullptr;
}

uint32_t BooksState::FactFund(const std::string& code) {
  auto [it, added] = fact_fund_index_.emplace(code, static_cast<uint32_t>(fact_funds_.size()));
  if (added) fact_funds_.push_back(code);
  return it->second;
}

uint16_t BooksState::FactCurrency(const std::string& code) {
  for (size_t i = 0; i < fact_currencies_.size(); ++i) {
    if (fact_currencies_[i] == code) return static_cast<uint16_t>(i);
  }
  fact_currencies_.push_back(code);  // ISO 4217 codes: fewer than 65,536
  return static_cast<uint16_t>(fact_currencies_.size() - 1);
}

int64_t BooksState::Held(const std::string& fund, const std::string& nature,
                         const std::string& currency) const {
  auto f = funds_.find(fund);
  if (f == funds_.end()) return 0;
  const auto& held = nature == "goods" ? f->second.goods : f->second.cash;
  auto b = held.find(currency);
  return b == held.end() ? 0 : b->second;
}

std::string BooksState::NextRecipientId() const { return NumberedId('R', recipients_.size()); }
std::string BooksState::NextDonorId() const { return NumberedId('D', donors_.size()); }
std::string BooksState::NextGrantId() const { return NumberedId('G', grants_.size()); }

bool BooksState::IsFundCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 32 || code[0] < 'A' || code[0] > 'Z') return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string BooksState::NextReceipt(int year) const {
  auto it = last_receipt_.find(year);
  return FormatReceiptNumber(year, (it == last_receipt_.end() ? 0 : it->second) + 1);
}

std::optional<BooksState::Posting> BooksState::ReversiblePosting(int64_t seq) const {
  auto it = postings_.find(seq);
  if (it == postings_.end()) return std::nullopt;
  return it->second;
}

std::string BooksState::NextClosableMonth() const {
  if (closed_through_.empty()) return "";
  int year = std::stoi(closed_through_.substr(0, 4));
  int month = std::stoi(closed_through_.substr(5, 2)) + 1;
  if (month > 12) {
    month = 1;
    ++year;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year % 10000, month);
  return buf;
}

Status BooksState::CheckClosable(const std::string& period) const {
  const std::string end = PeriodEnd(period);
  if (end.empty()) return InvalidArgument("a month YYYY-MM or a year YYYY", "period");
  if (period.size() == 4) {
    // A year closes after its months, or closes those left of it in order.
    const std::string year_before = std::to_string(std::stoi(period) - 1) + "-12-31";
    if (closed_years_.count(period) != 0) {
      return Precondition("the year " + period + " is closed already", "period");
    }
    if (closed_through_ > end) {
      return Precondition("the books are closed through " + closed_through_ + " already", "period");
    }
    if (!closed_through_.empty() && closed_through_ < year_before) {
      return Precondition("periods close in order: the next to close is " + NextClosableMonth(),
                          "period");
    }
    return Status::Ok();
  }
  if (end <= closed_through_) {
    return Precondition("the books are already closed through " + closed_through_, "period");
  }
  if (!closed_through_.empty() && period != NextClosableMonth()) {
    return Precondition("months close in order: the next to close is " + NextClosableMonth(),
                        "period");
  }
  return Status::Ok();
}

Status BooksState::Check(std::string_view kind, const Actor& actor, const Object& payload) const {
  if (kind == kinds::kGenesis) return Status::Ok();
  // Every amount stays within what the reports can add; one entry within the
  // policy's cap (current ledgers).
  int64_t gross = gross_minor_;
  for (const auto& [key, member] : payload.members()) {
    AIDLEDGER_RETURN_IF_ERROR(
        ForEachMoney(member, key, [&](int64_t minor, const std::string& field) -> Status {
          if (minor == INT64_MIN) return InvalidArgument("is out of range", field);
          const int64_t size = minor < 0 ? -minor : minor;
          if (!legacy_forms_ && size > max_entry_minor_) {
            return Status(ErrorCode::kOutOfRange,
                          "is more than one entry may carry: " + std::to_string(max_entry_minor_) +
                              " minor units (" +
                              FormatMoneyForDisplay(Money{"CNY", max_entry_minor_}) +
                              " in yuan); check the amount, or an admin raises the limit (policy "
                              "max_entry_minor)",
                          field);
          }
          if (size > (kGrossLimitMinor - gross) / 2) {
            return Status(ErrorCode::kOutOfRange,
                          "the books' totals would grow beyond what their reports can add", field);
          }
          gross += 2 * size;
          return Status::Ok();
        }));
  }
  if (!legacy_forms_) {
    // The text policy (ledger/books/text_policy.h), for every kind: the chain is
    // for ever.
    for (const auto& [key, member] : payload.members()) {
      AIDLEDGER_RETURN_IF_ERROR(CheckPayloadText(member, key, key));
    }
  }
  const BooksRules::Rule* rule = BooksRules::Find(kind);
  return rule == nullptr ? Status::Ok() : rule->check(*this, actor, payload);
}

Status BooksState::Apply(std::string_view kind, const Actor& actor, const Object& payload) {
  if (kind == kinds::kGenesis && size_ == 0) {
    // Which rules this ledger replays under: its own start.
    const Value* created = payload.Find("created_at");
    legacy_forms_ =
        created != nullptr && created->is_string() && created->as_string() < kCurrentRulesSince;
    ++size_;
    return Status::Ok();
  }
  AIDLEDGER_RETURN_IF_ERROR(Check(kind, actor, payload));
  const BooksRules::Rule* rule = BooksRules::Find(kind);
  if (rule != nullptr) rule->apply(*this, actor, payload);
  gross_minor_ += PayloadGross(payload);  // checked: within kGrossLimitMinor
  ++size_;
  return Status::Ok();
}

}  // namespace aidledger
