// The adapter between SQLiteCpp and our Status values: SQLiteCpp throws,
// callers of the ledger never see an exception.
#ifndef AIDLEDGER_LEDGER_STORE_SQLITE_UTIL_H_
#define AIDLEDGER_LEDGER_STORE_SQLITE_UTIL_H_

#include <SQLiteCpp/Database.h>

#include <exception>
#include <memory>
#include <string>

#include "ledger/base/status.h"

namespace aidledger {

struct DbOptions {
  bool read_only = false;
  bool create = false;  // create the file if missing (read-write only)
  int busy_timeout_ms = 5000;
  int page_size = 0;  // for a new, empty file only; 0 keeps SQLite's default
};

// Opens with the ledger's pragmas: WAL, synchronous=FULL, busy timeout,
// foreign keys. Never throws.
Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path,
                                                       const DbOptions& options);

// Translates any exception from SQLiteCpp (or the standard library) into a
// Status: busy, disk full, read-only, I/O and constraint errors keep their
// meaning; the message never carries SQL text.
Status StatusFromException(const std::exception& e, const std::string& context);
// The same, and for I/O failures the operating system's reason as the
// connection `db` last saw it (a read-only file system, a full disk).
Status StatusFromException(const std::exception& e, const std::string& context,
                           const SQLite::Database* db);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SQLITE_UTIL_H_
