#include "ledger/store/sqlite_util.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace aidledger {

namespace {

// The operating system's error behind the connection's last I/O failure:
// SQLite's own record of it, else what its file objects (the database, then
// the WAL) kept, which a rollback after the failure does not clear.
int LastOsError(sqlite3* db) {
  if (const int e = sqlite3_system_errno(db); e != 0) return e;
  int e = 0;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &e) == SQLITE_OK && e != 0) {
    return e;
  }
  sqlite3_file* wal = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
      wal != nullptr && wal->pMethods != nullptr &&
      wal->pMethods->xFileControl(wal, SQLITE_FCNTL_LAST_ERRNO, &e) == SQLITE_OK) {
    return e;
  }
  return 0;
}

}  // namespace

Status StatusFromException(const std::exception& e, const std::string& context) {
  return StatusFromException(e, context, nullptr);
}

Status StatusFromException(const std::exception& e, const std::string& context,
                           const SQLite::Database* db) {
  const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
  if (sql == nullptr) return Status(ErrorCode::kInternal, context + ": " + e.what());
  const int primary = sql->getErrorCode() & 0xFF;
  // SQLite says "disk I/O error" for every failed write; the operating
  // system's reason tells the operator what to fix.
  const int os_error = db != nullptr ? LastOsError(db->getHandle()) : 0;
  if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY ||
      primary == SQLITE_FULL) {
    if (os_error == EROFS) {
      return Status(ErrorCode::kIo, context + ": the file system is read-only");
    }
    if (os_error == ENOSPC || os_error == EDQUOT) {
      return Status(ErrorCode::kIo, context + ": the disk is full");
    }
    if (os_error != 0 && primary == SQLITE_IOERR) {
      return Status(ErrorCode::kIo, context + ": " + sqlite3_errstr(sql->getErrorCode()) + " (" +
                                        std::strerror(os_error) + ")");
    }
  }
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(ErrorCode::kBusy, context + ": the database is locked by another writer");
    case SQLITE_FULL:
      return Status(ErrorCode::kIo, context + ": the disk is full");
    case SQLITE_READONLY:
      return Status(ErrorCode::kIo, context + ": the database is read-only");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return Status(ErrorCode::kIo, context + ": " + sqlite3_errstr(sql->getErrorCode()));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(ErrorCode::kCorrupt, context + ": the database file is damaged");
    case SQLITE_CONSTRAINT:
      return Status(ErrorCode::kConflict, context + ": refused by a store constraint (" +
                                              std::string(sql->getErrorStr()) + ")");
    default:
      return Status(ErrorCode::kInternal, context + ": " + sqlite3_errstr(sql->getErrorCode()));
  }
}

namespace {

// Whether `path` sits on a file system mounted read-only (an auditor's copy
// on a write-protected disk, say).
bool OnReadOnlyMedia(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  return ::access(dir.c_str(), W_OK) != 0 && errno == EROFS;
}

// "file:" URI of a path with ?, # and % escaped.
std::string FileUri(const std::string& path, const std::string& query) {
  std::string out = "file:";
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "?" + query;
}

}  // namespace

Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path,
                                                       const DbOptions& options) {
  try {
    int flags = options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    if (options.create && !options.read_only) flags |= SQLite::OPEN_CREATE;
    flags |= SQLite::OPEN_NOMUTEX;  // one connection per thread; we never share one
    std::string name = path;
    if (options.read_only && OnReadOnlyMedia(path)) {
      // A WAL ledger wants its -shm file, which cannot be made there. A
      // closed ledger has everything in the main file: opened immutable,
      // nothing is written or locked. Unless a -wal file with commits sits
      // beside it, which immutable would silently skip.
      struct stat wal {};
      if (::stat((path + "-wal").c_str(), &wal) == 0 && wal.st_size > 0) {
        return Status(ErrorCode::kFailedPrecondition,
                      path +
                          "-wal holds commits not yet in the ledger file, and the disk is "
                          "read-only: copy both files to a writable disk and open the copy");
      }
      name = FileUri(path, "immutable=1");
      flags |= SQLITE_OPEN_URI;
    }
    auto db = std::make_unique<SQLite::Database>(name, flags, options.busy_timeout_ms);
    if (options.page_size > 0) {
      // Must precede WAL: a WAL file fixes the page size.
      db->exec("PRAGMA page_size=" + std::to_string(options.page_size));
    }
    if (!options.read_only) {
      // WAL lets readers (the CLI, report threads) run while one writer appends.
      db->exec("PRAGMA journal_mode=WAL");
    }
    // FULL: a commit is on disk (WAL fsynced) before Append returns.
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA foreign_keys=ON");
    return db;
  } catch (const std::exception& e) {
    return StatusFromException(e, "open " + path);
  }
}

}  // namespace aidledger
