#include "ledger/store/ledger_store.h"

#include "ledger/store/ledger_address.h"
#include "ledger/store/sqlite_ledger_store.h"

namespace aidledger {

Status ValidateDraft(const EntryDraft& draft) {
  if (draft.kind == kGenesisKind) return InvalidArgument("reserved for the genesis entry", "kind");
  Entry probe;
  probe.seq = 1;
  probe.kind = draft.kind;
  probe.actor = draft.actor;
  // The payload's strings (UTF-8, nesting) are checked when the encoded
  // entry is parsed back before it is stored.
  return ValidateEntry(probe);
}

Result<std::unique_ptr<LedgerStore>> LedgerStore::Create(const std::string& address,
                                                         const GenesisParams& params,
                                                         Clock* clock) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  return SqliteLedgerStore::Create(parsed->location, params, clock);
}

Result<std::unique_ptr<LedgerStore>> LedgerStore::Open(const std::string& address, Clock* clock,
                                                       const StoreOptions& options) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  return SqliteLedgerStore::Open(parsed->location, clock, options);
}

}  // namespace aidledger
