// Verifying a ledger file: the chain rules (ChainVerifier) plus the store's
// own promises: every derived column equals the hashed bytes, the facts index
// equals its rebuild, and the stored head matches the last entry; then the
// checkpoints, the witnesses and (when handed in) the books' replay.
//
// Streams in constant memory and reads one consistent snapshot, so it can run
// while the service appends.
#ifndef AIDLEDGER_LEDGER_STORE_VERIFY_H_
#define AIDLEDGER_LEDGER_STORE_VERIFY_H_

#include <string>

#include "ledger/chain/verify_report.h"

namespace aidledger {

VerifyReport VerifyDatabase(const std::string& path, const VerifyOptions& options = {});

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_VERIFY_H_
