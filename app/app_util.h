// Helpers the command line and the service share: where files go by
// default, folders and keys made on first use.
#ifndef AIDLEDGER_APP_APP_UTIL_H_
#define AIDLEDGER_APP_APP_UTIL_H_

#include <sys/types.h>

#include <string>

#include "ledger/base/status.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/signing_key.h"

namespace aidledger::cli {

// Creates the parent folder of `path` (mode 0700) if it is missing.
Status EnsureParentDir(const std::string& path);
// What a new ledger may be made with, beyond the format's rule (three
// capital letters, a non-empty zone): a currency this build knows (its ISO
// 4217 list, money.h) and a zone in this machine's IANA time zone database.
Status CheckNewLedgerParams(const GenesisParams& params);
// <folder of the ledger>/keys/checkpoint.key: the checkpoint signing key.
std::string DefaultKeyPath(const std::string& db);
// <folder of the ledger>/keys/vault.key: the key of the personal records.
std::string DefaultVaultKeyPath(const std::string& db);
// Writes (replacing) a file with `mode`.
Status WriteText(const std::string& path, const std::string& text, mode_t mode);
// Makes a signing key at `path` (and path.pub, path.pub.pem) unless one
// exists; *created says which.
Result<SigningKey> EnsureKey(const std::string& path, const std::string& name, bool* created);

}  // namespace aidledger::cli

#endif  // AIDLEDGER_APP_APP_UTIL_H_
