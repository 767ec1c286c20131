// Files that hold secrets (signing keys, the vault key): readable by their
// owner only.
#ifndef AIDLEDGER_LEDGER_BASE_SECRET_FILE_H_
#define AIDLEDGER_LEDGER_BASE_SECRET_FILE_H_

#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace aidledger {

// Writes `bytes` to a new file of mode 0600 and fsyncs it. Never replaces an
// existing file (kAlreadyExists): a key is never overwritten by accident.
Status WriteSecretFile(const std::string& path, std::string_view bytes);

// Reads a secret file. Refuses (kFailedPrecondition) one that its group or
// others may read or write, as ssh does: a leaked key must be replaced, not
// used. kNotFound when it does not exist.
Result<std::string> ReadSecretFile(const std::string& path);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BASE_SECRET_FILE_H_
