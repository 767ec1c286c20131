// The one file that knows every backend: opening a ledger's store, readers
// and account records by its address (ledger_address.h). A new backend adds
// its scheme to ParseLedgerAddress and a branch to each function here, and
// passes tests/ledger/store/store_conformance_test.cc.
#include "ledger/store/account_records.h"
#include "ledger/store/ledger_address.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/memory_account_records.h"
#include "ledger/store/memory_ledger_reader.h"
#include "ledger/store/memory_ledger_store.h"
#include "ledger/store/sqlite_account_records.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/sqlite_ledger_store.h"

namespace aidledger {

Result<std::unique_ptr<LedgerStore>> LedgerStore::Create(const std::string& address,
                                                         const GenesisParams& params,
                                                         Clock* clock) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  if (parsed->backend == "memory")
    return MemoryLedgerStore::Create(parsed->location, params, clock);
  return SqliteLedgerStore::Create(parsed->location, params, clock);
}

Result<std::unique_ptr<LedgerStore>> LedgerStore::Open(const std::string& address, Clock* clock,
                                                       const StoreOptions& options) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  // StoreOptions only weaken what the store does, for benchmarks of SQLite;
  // the memory backend always keeps its tree and never syncs.
  if (parsed->backend == "memory") return MemoryLedgerStore::Open(parsed->location, clock);
  return SqliteLedgerStore::Open(parsed->location, clock, options);
}

Result<std::unique_ptr<LedgerReader>> OpenLedgerReader(const std::string& address) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  if (parsed->backend == "memory") return MemoryLedgerReader::Open(parsed->location);
  auto reader = SqliteLedgerReader::Open(parsed->location);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<LedgerReader>(std::move(reader).value());
}

Result<std::unique_ptr<AccountRecords>> OpenAccountRecords(const std::string& address) {
  auto parsed = ParseLedgerAddress(address);
  if (!parsed.ok()) return parsed.status();
  if (parsed->backend == "memory") return OpenMemoryAccountRecords(parsed->location);
  return OpenSqliteAccountRecords(parsed->location);
}

}  // namespace aidledger
