#include "ledger/store/ledger_address.h"

namespace aidledger {

Result<LedgerAddress> ParseLedgerAddress(std::string_view address) {
  LedgerAddress out{"sqlite", std::string(address)};
  if (const size_t colon = address.find(':'); colon != std::string_view::npos) {
    const std::string_view scheme = address.substr(0, colon);
    // A path may hold a colon; only a known scheme before it names a backend.
    if (scheme == "sqlite" || scheme == "memory") {
      out.backend = std::string(scheme);
      out.location = std::string(address.substr(colon + 1));
    }
  }
  if (out.location.empty()) return InvalidArgument("a ledger's address names its file", "ledger");
  return out;
}

}  // namespace aidledger
