// Verifying a ledger file: the chain rules (ChainVerifier) plus the store's
// own promises: every derived column equals the hashed bytes, the facts index
// equals its rebuild, and the stored head matches the last entry.
//
// Streams in constant memory and reads one consistent snapshot, so it can run
// while the service appends.
#ifndef AIDLEDGER_LEDGER_VERIFY_H_
#define AIDLEDGER_LEDGER_VERIFY_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/chain_verifier.h"
#include "ledger/checkpoint.h"
#include "ledger/signing_key.h"
#include "ledger/timestamp.h"

namespace aidledger {

struct VerifyOptions {
  // Keys the auditor trusts. When empty, stored checkpoints are checked
  // against the keys the ledger itself records (which an attacker who
  // rewrote the file could have replaced: pass keys for real assurance).
  std::vector<PublicKey> trusted_keys;
  // Checkpoints the auditor kept earlier (a witness file): the ledger must
  // be a consistent extension of each. Their signatures are checked against
  // trusted_keys (or, if empty, the ledger's own keys).
  std::vector<SignedCheckpoint> witnesses;
  // Also replay the chain through the books' rules (ledger/books_state.h) and
  // report the first entry that breaks one (`books_rule`): the projection
  // that reports and the API read is rebuilt from the chain and checked. A
  // second pass; off only to measure the chain checks alone.
  bool check_books = true;
  // The verifier's clock: the ledger's last entry may not be recorded later
  // than this plus kMaxClockSkewMicros (a head pushed into the future would
  // date every later entry there). 0 skips the check.
  MicrosSinceEpoch now = SystemClock().Now();
};

// How far ahead of the verifier's clock the last entry may be recorded.
inline constexpr int64_t kMaxClockSkewMicros = 10LL * 60 * 1'000'000;

struct VerifyReport {
  bool ok = false;
  int64_t size = 0;    // entries checked (the chain length on success)
  Hash32 head_hash{};  // on success: the hash of the last entry
  Hash32 root{};       // on success: the Merkle root of the whole ledger
  std::string ledger_id;
  int64_t checkpoints_checked = 0;
  int64_t witnesses_checked = 0;
  std::optional<VerifyFailure> failure;
};

VerifyReport VerifyDatabase(const std::string& path, const VerifyOptions& options = {});

// The report of `chain`'s first failure, recording `failure` first if the
// chain has none yet. Shared by the database and export verifiers.
VerifyReport FailureReport(ChainVerifier& chain, std::optional<VerifyFailure> failure = {});

// Checks a checkpoint against the roots and head hashes a verifier rebuilt:
// `root_at(size)` and `head_at(size)` give them for sizes up to `chain_size`.
// Shared by the database and export verifiers.
struct RebuiltTree {
  int64_t chain_size = 0;
  std::map<uint64_t, std::pair<Hash32, Hash32>> at;  // size -> (root, head hash)
};
std::optional<VerifyFailure> CheckCheckpoints(const std::vector<SignedCheckpoint>& stored,
                                              const std::vector<PublicKey>& ledger_keys,
                                              const VerifyOptions& options,
                                              const std::string& ledger_id,
                                              const RebuiltTree& tree);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_VERIFY_H_
