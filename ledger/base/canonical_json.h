// The canonical JSON encoding of docs/ledger-format.md ("Canonical JSON"),
// and two parsers: a strict one that accepts only canonical bytes (what verify
// uses) and a relaxed one for input from people and programs.
//
// Canonical form, in short: UTF-8, no insignificant white space, object keys
// unique and sorted by their UTF-8 bytes, integers only (int64, no leading
// zeros, no -0), and a fixed string escaping. It equals Python's
// json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":")).
#ifndef AIDLEDGER_LEDGER_BASE_CANONICAL_JSON_H_
#define AIDLEDGER_LEDGER_BASE_CANONICAL_JSON_H_

#include <string>
#include <string_view>

#include "ledger/base/json_value.h"
#include "ledger/base/status.h"
#include "ledger/base/utf8.h"

namespace aidledger {

// Appends the canonical bytes of `value` to `out`. Strings must be valid
// UTF-8 (values built by the parsers always are; code that builds Values from
// other sources validates with IsValidUtf8 first).
void AppendCanonical(const Value& value, std::string* out);
std::string EncodeCanonical(const Value& value);
// The same for an object or a string without wrapping it in a Value (a copy).
void AppendCanonical(const Object& object, std::string* out);
void AppendCanonicalString(std::string_view s, std::string* out);

struct JsonLimits {
  int max_depth = 32;  // nesting of arrays and objects
};

// Accepts exactly the canonical encoding of some Value; anything else
// (white space, unsorted or duplicate keys, a needless escape, "-0", a
// fraction, invalid UTF-8, trailing bytes) is kInvalidArgument with the
// byte offset in the message.
Result<Value> ParseCanonical(std::string_view bytes, JsonLimits limits = {});

// Accepts RFC 8259 JSON, minus what the ledger never stores: numbers with a
// fraction or exponent, integers outside int64, duplicate keys, invalid
// UTF-8 (including lone surrogate escapes), and nesting beyond the limit.
Result<Value> ParseJson(std::string_view text, JsonLimits limits = {});

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_CANONICAL_JSON_H_
