#include "ledger/store/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "ledger/store/sqlite_util.h"

namespace aidledger {

Status BackupLedger(const std::string& source, const std::string& destination) {
  // Made here first: refuses an existing file, and sets the mode before any
  // byte of the ledger is in it.
  const int fd = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status(ErrorCode::kAlreadyExists, destination + " exists; back up to a new file",
                    "destination");
    }
    return Status(ErrorCode::kIo, "cannot create " + destination, "destination");
  }
  ::close(fd);
  auto from = OpenDatabase(source, DbOptions{.read_only = true});
  if (!from.ok()) {
    ::unlink(destination.c_str());
    return from.status();
  }
  try {
    SQLite::Database to(destination, SQLite::OPEN_READWRITE);
    SQLite::Backup backup(to, **from);
    backup.executeStep(-1);  // every page in one step: one consistent snapshot
    to.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception& e) {
    ::unlink(destination.c_str());
    return StatusFromException(e, "back up");
  }
  // The copy is on disk before we say so.
  const int sync_fd = ::open(destination.c_str(), O_RDONLY | O_CLOEXEC);
  if (sync_fd < 0 || ::fsync(sync_fd) != 0) {
    if (sync_fd >= 0) ::close(sync_fd);
    return Status(ErrorCode::kIo, "cannot sync " + destination, "destination");
  }
  ::close(sync_fd);
  return Status::Ok();
}

}  // namespace aidledger
