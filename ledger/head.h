// The head of a ledger: its size and the hash of its last entry, kept in the
// store beside the entries so that a truncation is visible to verify.
#ifndef AIDLEDGER_LEDGER_HEAD_H_
#define AIDLEDGER_LEDGER_HEAD_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <string_view>

#include "ledger/hash.h"
#include "ledger/status.h"
#include "ledger/timestamp.h"

namespace aidledger {

struct Head {
  int64_t size = 0;  // number of entries; the last one's seq
  Hash32 hash{};     // hash of entry `size`
  MicrosSinceEpoch recorded_at = 0;
};

// kNotFound when the file holds no ledger yet (no head row).
Result<Head> ReadHead(SQLite::Database& db);

// The same with a statement prepared from kReadHeadSql (for hot paths that
// keep it prepared); resets the statement.
inline constexpr std::string_view kReadHeadSql =
    "SELECT size, hash, recorded_at FROM head WHERE one = 1";
Result<Head> ReadHead(SQLite::Statement& prepared);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_HEAD_H_
