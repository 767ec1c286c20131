// BackupLedger: a consistent copy of a ledger file while the service keeps
// writing to it, through SQLite's online backup API in one step (one read
// transaction: the copy is the ledger as of one commit, whatever commits
// after). Restoring is copying the file back while the service is stopped
// (docs/store.md, "Backup and restore").
#ifndef AIDLEDGER_LEDGER_STORE_BACKUP_H_
#define AIDLEDGER_LEDGER_STORE_BACKUP_H_

#include <string>

#include "ledger/base/status.h"

namespace aidledger {

// Copies the ledger at `source` to `destination`, a new file (mode 0600;
// kAlreadyExists if it exists), durably. The copy holds the service's tables
// too (users, hashed tokens, idempotency records, the encrypted vault), not
// the key files: back those up apart, and keep them apart.
Status BackupLedger(const std::string& source, const std::string& destination);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_BACKUP_H_
