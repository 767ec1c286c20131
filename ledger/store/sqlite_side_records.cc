#include "ledger/store/sqlite_side_records.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstring>

#include "ledger/store/sqlite_util.h"

namespace aidledger {
namespace {

std::string Blob(const SQLite::Column& c) {
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
}

}  // namespace

SqliteSideWriter::SqliteSideWriter(SQLite::Database& db) : db_(db) {}
SqliteSideWriter::~SqliteSideWriter() = default;

Result<std::optional<std::string>> SqliteSideWriter::VaultSubjectWithIdIndex(
    const Hash32& id_index, const std::string& other_than) {
  try {
    SQLite::Statement q(db_, "SELECT subject FROM vault WHERE id_index = ? AND subject != ?");
    q.bind(1, id_index.data(), 32);
    q.bind(2, other_than);
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the vault", &db_);
  }
}

Status SqliteSideWriter::PutVaultRow(const VaultRow& row, bool replace) {
  try {
    SQLite::Statement put(db_, replace ? "UPDATE vault SET nonce = ?1, sealed = ?2, id_index = ?3, "
                                         "public_name = ?4, updated_at = ?5 WHERE subject = ?6"
                                       : "INSERT INTO vault (nonce, sealed, id_index, public_name, "
                                         "updated_at, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    put.bind(1, row.nonce.data(), static_cast<int>(row.nonce.size()));
    put.bind(2, row.sealed.data(), static_cast<int>(row.sealed.size()));
    if (row.id_index) {
      put.bind(3, row.id_index->data(), 32);
    } else {
      put.bind(3);
    }
    if (row.public_name) {
      put.bind(4, *row.public_name);
    } else {
      put.bind(4);
    }
    put.bind(5, FormatTimestamp(row.updated_at));
    put.bind(6, row.subject);
    if (put.exec() != 1) {
      return Status(ErrorCode::kNotFound, "the vault has no record of " + row.subject, "subject");
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "store the record", &db_);
  }
}

Status SqliteSideWriter::EraseVaultRow(const std::string& subject) {
  try {
    // Overwrites the deleted record's bytes in the file, not only its links.
    db_.exec("PRAGMA secure_delete = ON");
    SQLite::Statement del(db_, "DELETE FROM vault WHERE subject = ?");
    del.bind(1, subject);
    if (del.exec() != 1) {
      return Status(ErrorCode::kNotFound, "the vault has no record of " + subject, "subject");
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "erase the record", &db_);
  }
}

Status SqliteSideWriter::PutAnswer(const StoredAnswer& answer) {
  try {
    if (put_answer_ == nullptr) {
      put_answer_ = std::make_unique<SQLite::Statement>(
          db_,
          "INSERT INTO idempotency (actor, key, request_hash, status, body, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?)");
    }
    SQLite::Statement& put = *put_answer_;
    put.tryReset();  // after a refused insert (a duplicate key) too
    put.clearBindings();
    put.bind(1, answer.actor);
    put.bind(2, answer.key);
    put.bind(3, answer.request_hash.data(), 32);
    put.bind(4, answer.status);
    put.bind(5, answer.body);
    put.bind(6, FormatTimestamp(answer.created_at));
    put.exec();  // a concurrent duplicate fails here on the primary key
    put.reset();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "store the answer", &db_);
  }
}

SqliteSideReader::SqliteSideReader(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteSideReader::~SqliteSideReader() = default;

Result<std::unique_ptr<SqliteSideReader>> SqliteSideReader::Open(const std::string& path) {
  DbOptions options;
  options.read_only = true;
  auto db = OpenDatabase(path, options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<SqliteSideReader>(new SqliteSideReader(std::move(db).value()));
}

Result<std::optional<VaultRow>> SqliteSideReader::VaultRowOf(const std::string& subject) {
  try {
    SQLite::Statement q(*db_,
                        "SELECT nonce, sealed, id_index, public_name, updated_at FROM vault "
                        "WHERE subject = ?");
    q.bind(1, subject);
    if (!q.executeStep()) return std::optional<VaultRow>();
    VaultRow row;
    row.subject = subject;
    row.nonce = Blob(q.getColumn(0));
    row.sealed = Blob(q.getColumn(1));
    if (!q.getColumn(2).isNull() && q.getColumn(2).getBytes() == 32) {
      Hash32 h;
      std::memcpy(h.data(), q.getColumn(2).getBlob(), 32);
      row.id_index = h;
    }
    if (!q.getColumn(3).isNull()) row.public_name = q.getColumn(3).getString();
    row.updated_at = ParseTimestamp(q.getColumn(4).getString()).value_or(0);
    return std::optional<VaultRow>(std::move(row));
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the vault", db_.get());
  }
}

Result<std::vector<std::string>> SqliteSideReader::VaultSubjects() {
  try {
    std::vector<std::string> out;
    SQLite::Statement q(*db_, "SELECT subject FROM vault ORDER BY subject");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the vault", db_.get());
  }
}

Result<std::map<std::string, std::string>> SqliteSideReader::PublicNames() {
  try {
    std::map<std::string, std::string> out;
    SQLite::Statement q(*db_,
                        "SELECT subject, public_name FROM vault WHERE public_name IS NOT NULL");
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the vault", db_.get());
  }
}

Result<std::optional<StoredAnswer>> SqliteSideReader::AnswerOf(const std::string& actor,
                                                               const std::string& key) {
  try {
    if (find_answer_ == nullptr) {
      find_answer_ = std::make_unique<SQLite::Statement>(
          *db_,
          "SELECT request_hash, status, body, created_at FROM idempotency "
          "WHERE actor = ? AND key = ?");
    }
    SQLite::Statement& q = *find_answer_;
    // Reset on every way out: a statement left stepped would hold its read
    // transaction, and later lookups would not see newer records.
    struct ResetAfter {
      SQLite::Statement& st;
      ~ResetAfter() { st.tryReset(); }
    } reset_after{q};
    q.clearBindings();
    q.bind(1, actor);
    q.bind(2, key);
    if (!q.executeStep()) return std::optional<StoredAnswer>();
    StoredAnswer answer;
    answer.actor = actor;
    answer.key = key;
    const SQLite::Column hash = q.getColumn(0);
    if (hash.getBytes() == 32) std::memcpy(answer.request_hash.data(), hash.getBlob(), 32);
    answer.status = q.getColumn(1).getInt();
    answer.body = q.getColumn(2).getString();
    answer.created_at = ParseTimestamp(q.getColumn(3).getString()).value_or(0);
    return std::optional<StoredAnswer>(std::move(answer));
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the idempotency records", db_.get());
  }
}

}  // namespace aidledger
