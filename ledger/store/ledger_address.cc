#include "ledger/store/ledger_address.h"

#include "ledger/store/sqlite_ledger_reader.h"

namespace aidledger {

Result<LedgerAddress> ParseLedgerAddress(std::string_view address) {
  LedgerAddress out{"sqlite", std::string(address)};
  if (const size_t colon = address.find(':'); colon != std::string_view::npos) {
    const std::string_view scheme = address.substr(0, colon);
    // A path may hold a colon; only a known scheme before it names a backend.
    if (scheme == "sqlite") out.location = std::string(address.substr(colon + 1));
  }
  if (out.location.empty()) return InvalidArgument("a ledger's address names its file", "ledger");
  return out;
}

Result<std::unique_ptr<LedgerReader>> OpenLedgerReader(const std::string& address) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  auto reader = SqliteLedgerReader::Open(parsed->location);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<LedgerReader>(std::move(reader).value());
}

}  // namespace aidledger
