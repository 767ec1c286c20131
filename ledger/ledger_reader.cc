#include "ledger/ledger_reader.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <cstring>

#include "ledger/schema.h"
#include "ledger/sqlite_util.h"

namespace aidledger {

namespace {
bool ReadRow(SQLite::Statement& q, StoredEntry* out) {
  out->seq = q.getColumn(0).getInt64();
  const SQLite::Column hash = q.getColumn(1);
  const SQLite::Column bytes = q.getColumn(2);
  if (hash.getBytes() != 32) return false;
  std::memcpy(out->hash.data(), hash.getBlob(), 32);
  out->canonical.assign(static_cast<const char*>(bytes.getBlob()),
                        static_cast<size_t>(bytes.getBytes()));
  return true;
}
}  // namespace

SqliteLedgerReader::SqliteLedgerReader(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)) {}
SqliteLedgerReader::~SqliteLedgerReader() = default;

Result<std::unique_ptr<SqliteLedgerReader>> SqliteLedgerReader::Open(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status(ErrorCode::kNotFound, "no ledger at " + path);
  }
  auto db = OpenDatabase(path, DbOptions{.read_only = true});
  if (!db.ok()) return db.status();
  auto version = SchemaVersion(**db);
  if (!version.ok()) return version.status();
  if (*version != kSchemaVersion) {
    return Status(ErrorCode::kFailedPrecondition,
                  "schema version " + std::to_string(*version) + ", this build reads " +
                      std::to_string(kSchemaVersion) + " (open it once read-write to migrate)");
  }
  return std::unique_ptr<SqliteLedgerReader>(new SqliteLedgerReader(std::move(db).value()));
}

Result<Head> SqliteLedgerReader::GetHead() { return ReadHead(*db_); }

Result<StoredEntry> SqliteLedgerReader::GetEntry(int64_t seq) {
  try {
    SQLite::Statement q(*db_, "SELECT seq, hash, canonical FROM entries WHERE seq = ?");
    q.bind(1, seq);
    if (!q.executeStep()) return Status(ErrorCode::kNotFound, "no entry " + std::to_string(seq));
    StoredEntry out;
    if (!ReadRow(q, &out)) return Corrupt("entry " + std::to_string(seq) + " is malformed");
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read entry");
  }
}

Status SqliteLedgerReader::Scan(int64_t from_seq, int64_t limit,
                                const std::function<bool(const StoredEntry&)>& fn) {
  try {
    SQLite::Statement q(*db_,
                        "SELECT seq, hash, canonical FROM entries WHERE seq >= ? "
                        "ORDER BY seq LIMIT ?");
    q.bind(1, from_seq);
    q.bind(2, limit);
    StoredEntry row;
    while (q.executeStep()) {
      if (!ReadRow(q, &row)) return Corrupt("entry " + std::to_string(row.seq) + " is malformed");
      if (!fn(row)) break;
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "scan entries");
  }
}

}  // namespace aidledger
