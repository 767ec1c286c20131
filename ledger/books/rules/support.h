// What the books' rules share: reading a payload's members with the field
// named on error, the text policy over a whole payload, money members, and
// the limits of a payload. Internal to ledger/books (the rules and
// BooksState); nothing outside includes it.
#ifndef AIDLEDGER_LEDGER_BOOKS_RULES_SUPPORT_H_
#define AIDLEDGER_LEDGER_BOOKS_RULES_SUPPORT_H_

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>

#include "ledger/base/json_value.h"
#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "ledger/books/money.h"

namespace aidledger {

inline constexpr auto& kChannels = kPaymentChannels;
inline constexpr std::string_view kDonorTypes[] = {"person", "organisation"};
inline constexpr int kMaxApprovals = 5;
inline constexpr size_t kMaxItems = 100;
inline constexpr int64_t kMaxQuantity = 1'000'000'000;

Status PermissionDenied(const std::string& what);
Status NotFound(const std::string& what, const std::string& field);
Status Precondition(const std::string& what, const std::string& field);

bool OneOf(const std::string* text, std::initializer_list<std::string_view> allowed);
template <size_t N>
bool OneOf(const std::string* text, const std::string_view (&allowed)[N]) {
  return text != nullptr &&
         std::find(std::begin(allowed), std::end(allowed), *text) != std::end(allowed);
}
// The payload has exactly these members, each present.
Status ExactMembers(const Object& payload, std::initializer_list<std::string_view> keys);
// The payload has every one of `keys`, any of `optional`, and nothing else.
Status ExactMembers(const Object& payload, std::initializer_list<std::string_view> keys,
                    std::initializer_list<std::string_view> optional);

const std::string* Text(const Object& o, std::string_view key);

// Limits are in characters (code points): 100 of them hold a Chinese name
// or an English one alike. (Before the text policy they were bytes, which
// only ever allowed less.)
Status NonEmptyText(const Object& o, std::string_view key, size_t max_chars);

// "commitment": the keyed commitment to a personal record in the vault.
Status CheckCommitment(const Object& p);

Status OptionalText(const Object& o, std::string_view key, size_t max_chars);

// Members whose text may run over several lines; every other text is one.
bool IsMultiLineField(std::string_view key);
// Members that hold a bank's, a platform's or a foundation's reference, or a
// commitment: numbers that may look like a card number by chance, checked
// for their shape but not for personal data.
bool IsReferenceField(std::string_view key);

// "path.key": where a member sits in a payload, for error fields.
std::string JoinPath(const std::string& path, const std::string& key);

// The text policy (ledger/books/text_policy.h) over every text of a payload, with
// the member's path as the field: "memo", "items[2].item".
Status CheckPayloadText(const Value& v, std::string_view key, const std::string& path);

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
int64_t PayloadGross(const Object& payload);

// Money under `key`; `sign` as ParseAmount's.
Result<Money> MoneyMember(const Object& o, const std::string& key, AmountSign sign);

std::string NumberedId(char prefix, size_t count);

std::string StockKey(const std::string& item, const std::string& unit);

// "D-000123" -> 123; 0 for anything else (an anonymous gift's null).
uint32_t SubjectNumber(const Value* id);

// "2026-11-20" -> 20261120 (a checked business date).
int32_t DateNumber(const std::string& date);

uint8_t ChannelIndex(const std::string* channel);

// The account a money entry's payload names, else its channel's default.
std::string AccountOfPayload(const Object& p);

std::string Show(const std::string& currency, int64_t minor);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_RULES_SUPPORT_H_
