// Verifying a ledger file: the chain rules (ChainVerifier) plus the store's
// own promises: every derived column equals the hashed bytes, the facts index
// equals its rebuild, and the stored head matches the last entry.
//
// Streams in constant memory and reads one consistent snapshot, so it can run
// while the service appends.
#ifndef AIDLEDGER_LEDGER_VERIFY_H_
#define AIDLEDGER_LEDGER_VERIFY_H_

#include <optional>
#include <string>

#include "ledger/chain_verifier.h"

namespace aidledger {

struct VerifyReport {
  bool ok = false;
  int64_t size = 0;    // entries checked (the chain length on success)
  Hash32 head_hash{};  // on success: the hash of the last entry
  std::string ledger_id;
  std::optional<VerifyFailure> failure;
};

VerifyReport VerifyDatabase(const std::string& path);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_VERIFY_H_
