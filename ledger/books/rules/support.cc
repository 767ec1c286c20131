#include "ledger/books/rules/support.h"

#include <charconv>
#include <cstdio>

#include "ledger/base/timestamp.h"
#include "ledger/books/text_policy.h"

namespace aidledger {

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

Status ExactMembers(const Object& payload, std::initializer_list<std::string_view> keys,
                    std::initializer_list<std::string_view> optional) {
  size_t present = 0;
  for (auto k : optional) present += payload.Contains(k) ? 1U : 0U;
  if (payload.size() != keys.size() + present) {
    std::string list;
    for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
    for (auto k : optional) list += (list.empty() ? "" : ", ") + ("optionally " + std::string(k));
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

Status NonEmptyText(const Object& o, std::string_view key, size_t max_chars) {
  const std::string* t = Text(o, key);
  if (t == nullptr || t->empty() || CountCharacters(*t) > max_chars) {
    return InvalidArgument("must be text of 1 to " + std::to_string(max_chars) + " characters",
                           std::string(key));
  }
  return Status::Ok();
}

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

bool IsMultiLineField(std::string_view key) {
  return key == "memo" || key == "reason" || key == "purpose" || key == "release" ||
         key == "comment";
}

bool IsReferenceField(std::string_view key) {
  return key == "external_ref" || key == "bill_number" || key == "commitment" || key == "voucher" ||
         key == "document";
}

std::string JoinPath(const std::string& path, const std::string& key) {
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path).append(".").append(key);
  return out;
}

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

uint32_t SubjectNumber(const Value* id) {
  if (id == nullptr || !id->is_string() || id->as_string().size() < 3) return 0;
  const std::string& t = id->as_string();
  uint32_t n = 0;
  auto [end, ec] = std::from_chars(t.data() + 2, t.data() + t.size(), n);
  return ec == std::errc() && end == t.data() + t.size() ? n : 0;
}

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

std::string AccountOfPayload(const Object& p) {
  const std::string* account = Text(p, "account");
  const std::string* channel = Text(p, "channel");
  return BooksState::AccountFor(account != nullptr ? *account : "",
                                channel != nullptr ? *channel : "");
}

std::string Show(const std::string& currency, int64_t minor) {
  return FormatMoneyForDisplay(Money{currency, minor});
}

}  // namespace aidledger
