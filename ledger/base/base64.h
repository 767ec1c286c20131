// Standard base64 (RFC 4648 section 4) with padding, as signed notes use it.
#ifndef AIDLEDGER_LEDGER_BASE_BASE64_H_
#define AIDLEDGER_LEDGER_BASE_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace aidledger {

std::string Base64Encode(std::string_view bytes);
// Strict: the standard alphabet, correct padding, no white space; the one
// encoding of the bytes (non-zero trailing bits are refused).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_BASE64_H_
