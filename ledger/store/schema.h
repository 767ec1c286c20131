// The SQLite schema of a ledger file and its forward-only migrations
// (docs/store.md). PRAGMA user_version holds the schema version.
#ifndef AIDLEDGER_LEDGER_STORE_SCHEMA_H_
#define AIDLEDGER_LEDGER_STORE_SCHEMA_H_

#include <SQLiteCpp/Database.h>

#include "ledger/base/status.h"

namespace aidledger {

inline constexpr int kSchemaVersion = 3;
// The oldest version a reader opens as it is (read-only, unmigrated): from it
// on, every table a reader uses is as it is now.
inline constexpr int kOldestReadableSchemaVersion = 2;

// Brings an empty or older database to kSchemaVersion in one IMMEDIATE
// transaction. Refuses a database newer than this build (kFailedPrecondition).
Status MigrateToLatest(SQLite::Database& db);

// The version the file is at (0 for an empty file).
Result<int> SchemaVersion(SQLite::Database& db);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SCHEMA_H_
