// A ledger's address: which backend keeps it and where. "sqlite:PATH", or a
// plain PATH, is the SQLite backend's file; "memory:NAME" a ledger kept in
// this process's memory (memory_ledger.h: tests, trials; nothing survives
// the process). The readers of every layer above the store open a ledger
// through here, never a backend's class, so that another backend can take
// its place. backends.cc is the one file that knows every backend.
#ifndef AIDLEDGER_LEDGER_STORE_LEDGER_ADDRESS_H_
#define AIDLEDGER_LEDGER_STORE_LEDGER_ADDRESS_H_

#include <memory>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/chain/ledger_reader.h"

namespace aidledger {

struct LedgerAddress {
  std::string backend;   // "sqlite" or "memory"
  std::string location;  // the backend's: a file's path, a memory ledger's name
};

// Text before the first colon names a backend only when it is a known one
// ("sqlite", "memory"); anything else is a SQLite file's path (a path may hold a
// colon). kInvalidArgument (field "ledger") when no location is left.
Result<LedgerAddress> ParseLedgerAddress(std::string_view address);

// A read-only view of the ledger at `address`: one per thread (each holds
// its own connection).
Result<std::unique_ptr<LedgerReader>> OpenLedgerReader(const std::string& address);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_LEDGER_ADDRESS_H_
