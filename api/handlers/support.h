// What every handler uses to read a request and shape an answer: the body's
// members read one by one with the field named on error, the JSON forms of
// the books' things, query parameters, and the two macros that turn a failed
// Status into the handler's problem answer. Internal to api/.
#ifndef AIDLEDGER_API_HANDLERS_SUPPORT_H_
#define AIDLEDGER_API_HANDLERS_SUPPORT_H_

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/amount_text.h"
#include "api/api_types.h"
#include "ledger/base/json_value.h"
#include "ledger/base/status.h"
#include "ledger/books/books_state.h"
#include "ledger/books/business_date.h"
#include "ledger/books/personal_record.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/store/ledger_store.h"

namespace aidledger::api {

// The members of a request body, each read with the field named on error.
class Body {
 public:
  explicit Body(const Object* o) : o_(o) {}

  Status OnlyMembers(const std::vector<std::string>& allowed) const {
    for (const auto& [key, value] : o_->members()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return InvalidArgument("is not a member of this request", key);
      }
    }
    return Status::Ok();
  }
  Result<std::string> Text(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return InvalidArgument("is required", key);
    if (!v->is_string()) return InvalidArgument("must be a string", key);
    return v->as_string();
  }
  // A business date: at most the day after `now`'s (business_date.h); the
  // books check its form.
  Result<std::string> BusinessDate(const std::string& key, MicrosSinceEpoch now) const {
    auto date = Text(key);
    if (!date.ok()) return date;
    AIDLEDGER_RETURN_IF_ERROR(CheckNotAfter(*date, LatestBusinessDate(now), key));
    return date;
  }
  Result<std::string> TextOr(const std::string& key, const std::string& fallback) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return fallback;
    return Text(key);
  }
  Result<std::optional<std::string>> Optional(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return std::optional<std::string>();
    auto t = Text(key);
    if (!t.ok()) return t.status();
    return std::optional<std::string>(*t);
  }
  // Amounts are decimal strings: a JSON number is refused, so that no client
  // ever sends money through a binary floating-point type.
  // As a person types it (AmountAsTyped): "１，２５０元" is "1250".
  Result<std::string> Amount(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v != nullptr && v->is_int()) {
      return InvalidArgument("a decimal string such as \"1250.00\", not a JSON number", key);
    }
    auto text = Text(key);
    if (!text.ok()) return text;
    return AmountAsTyped(*text);
  }
  Result<bool> Bool(const std::string& key, bool fallback) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || v->is_null()) return fallback;
    if (!v->is_bool()) return InvalidArgument("must be true or false", key);
    return v->as_bool();
  }
  Result<int64_t> Int(const std::string& key) const {
    const Value* v = o_->Find(key);
    if (v == nullptr || !v->is_int()) return InvalidArgument("must be a whole number", key);
    return v->as_int();
  }
  Result<std::vector<std::string>> Strings(const std::string& key) const {
    const Value* v = o_->Find(key);
    std::vector<std::string> out;
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) return InvalidArgument("must be a list of strings", key);
    for (const Value& e : v->as_array()) {
      if (!e.is_string()) return InvalidArgument("must be a list of strings", key);
      out.push_back(e.as_string());
    }
    return out;
  }
  const Value* Find(const std::string& key) const { return o_->Find(key); }

 private:
  const Object* o_;
};

// Unwraps a Result inside a handler, or answers with its problem.
// NOLINTBEGIN(bugprone-macro-parentheses): `var` names a variable declared here.
#define API_TRY(var, expr)                                        \
  auto var##_result = (expr);                                     \
  if (!var##_result.ok()) return ctx.Fail(var##_result.status()); \
  auto var = std::move(var##_result).value()
// NOLINTEND(bugprone-macro-parentheses)

#define API_CHECK(expr)                \
  do {                                 \
    ::aidledger::Status s_ = (expr);   \
    if (!s_.ok()) return ctx.Fail(s_); \
  } while (false)

Value MoneyJson(const std::string& currency, int64_t minor);

Value Holdings(const std::map<std::string, int64_t>& held);

const char* GrantState(Grant::State s);

Value GrantJson(const Grant& g);

Value EntryJson(const StoredEntry& e);

// The same as EncodeCanonical(EntryJson(e)), without decoding the entry:
// its stored bytes are already canonical JSON (verify checks they are).
std::string EntryJsonText(const StoredEntry& e);

Value RecipientJson(const std::string& id, const RecipientRecord& r);

Value DonorJson(const std::string& id, const DonorRecord& d);

bool IsIdempotencyKey(std::string_view key);

Result<int64_t> QueryInt(const std::map<std::string, std::string>& q, const std::string& key,
                         int64_t fallback, int64_t lo, int64_t hi);

// Compares secrets without telling, by its time, where they differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

std::string QueryText(const std::map<std::string, std::string>& q, const std::string& key);

// Answers a write: 201 with the entry's sequence number, hash and time, and
// what `extra` adds.
ApiResponse EntryCreated(const AppendedEntry& e, Object extra = {});

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_HANDLERS_SUPPORT_H_
