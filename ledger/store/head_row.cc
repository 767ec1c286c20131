#include "ledger/store/head_row.h"

#include <SQLiteCpp/Statement.h>

#include <cstring>

#include "ledger/store/sqlite_util.h"

namespace aidledger {

Result<Head> ReadHead(SQLite::Database& db) {
  try {
    SQLite::Statement q(db, std::string(kReadHeadSql));
    return ReadHead(q);
  } catch (const std::exception& e) {
    return StatusFromException(e, "read head");
  }
}

Result<Head> ReadHead(SQLite::Statement& q) {
  try {
    struct Resetter {
      SQLite::Statement& q;
      ~Resetter() {
        try {
          q.reset();
        } catch (const std::exception&) {
          // The error was already reported by the step that failed.
        }
      }
    } resetter{q};
    if (!q.executeStep()) return Status(ErrorCode::kNotFound, "the file holds no ledger");
    Head h;
    h.size = q.getColumn(0).getInt64();
    const SQLite::Column hash = q.getColumn(1);
    auto t = ParseTimestamp(q.getColumn(2).getString());
    if (hash.getBytes() != 32 || !t) return Corrupt("the head row is malformed");
    std::memcpy(h.hash.data(), hash.getBlob(), 32);
    h.recorded_at = *t;
    return h;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read head");
  }
}

}  // namespace aidledger
