// What a verifier of a ledger is given and what it reports, for every form a
// ledger takes (a store's file, an export): the options (trusted keys, kept
// checkpoints, the books' replay, the clock), the report, and the check of
// checkpoints against a rebuilt tree that both verifiers share.
#ifndef AIDLEDGER_LEDGER_CHAIN_VERIFY_REPORT_H_
#define AIDLEDGER_LEDGER_CHAIN_VERIFY_REPORT_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/chain_verifier.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/facts.h"
#include "ledger/chain/signing_key.h"

namespace aidledger {

// Rules applied to each entry of a ledger in order, from the first; Apply
// returns the first refusal. One object per pass (it keeps the state the
// entries build). `fact` is the movement of value the chain derives from the
// entry's bytes (facts.h; nullopt when it moves none), valid during the call:
// a replay that keeps movements of its own refuses an entry whose movement,
// as its rules read it, is not that one, so the books and the format cannot
// disagree on what moved.
class EntryReplay {
 public:
  virtual ~EntryReplay() = default;
  virtual Status Apply(const Entry& entry, const std::optional<Fact>& fact) = 0;
};

struct VerifyOptions {
  // Keys the auditor trusts. When empty, stored checkpoints are checked
  // against the keys the ledger itself records (which an attacker who
  // rewrote the file could have replaced: pass keys for real assurance).
  std::vector<PublicKey> trusted_keys;
  // Checkpoints the auditor kept earlier (a witness file): the ledger must
  // be a consistent extension of each. Their signatures are checked against
  // trusted_keys (or, if empty, the ledger's own keys).
  std::vector<SignedCheckpoint> witnesses;
  // Replays each entry, in order, through the rules of the books (a second
  // pass); the first refusal is reported as `books_rule` at its entry. The
  // books layer makes one (ledger/books/books_replay.h): the projection that
  // reports and the API read is rebuilt from the chain and checked. Empty:
  // the chain's rules alone (`verify --chain-only`). Handed in, so that the
  // chain and the store do not depend on the books.
  std::function<std::unique_ptr<EntryReplay>()> books_replay;
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

#endif  // AIDLEDGER_LEDGER_CHAIN_VERIFY_REPORT_H_
