// Reading the head row the SQLite store keeps (docs/store.md).
#ifndef AIDLEDGER_LEDGER_STORE_HEAD_ROW_H_
#define AIDLEDGER_LEDGER_STORE_HEAD_ROW_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string_view>

#include "ledger/base/status.h"
#include "ledger/chain/head.h"

namespace aidledger {

// kNotFound when the file holds no ledger yet (no head row).
Result<Head> ReadHead(SQLite::Database& db);

// The same with a statement prepared from kReadHeadSql (for hot paths that
// keep it prepared); resets the statement.
inline constexpr std::string_view kReadHeadSql =
    "SELECT size, hash, recorded_at FROM head WHERE one = 1";
Result<Head> ReadHead(SQLite::Statement& prepared);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_HEAD_ROW_H_
