// ChainVerifier: the format's chain rules, applied to a stream of entries in
// constant memory. It knows nothing of SQLite, so the store's verify and the
// verification of an export share it.
//
// Feed entries in stored order with Add(); the first failure stops the
// verifier and is kept in failure(). The checks, in the order they apply to
// each entry (docs/ledger-format.md, "Verification"):
//   gap, not_canonical, invalid_entry, reordered, bad_genesis, broken_link,
//   hash_mismatch, time_reversed.
#ifndef AIDLEDGER_LEDGER_CHAIN_CHAIN_VERIFIER_H_
#define AIDLEDGER_LEDGER_CHAIN_CHAIN_VERIFIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/hash.h"
#include "ledger/chain/entry.h"

namespace aidledger {

enum class VerifyError {
  kEmpty,            // no entries at all
  kGap,              // an entry is missing: seq names the first missing one
  kNotCanonical,     // the stored bytes are not canonical JSON
  kInvalidEntry,     // canonical JSON, but not a valid entry
  kReordered,        // the entry's own seq differs from its position
  kBadGenesis,       // entry 1 is not a valid genesis entry, or one appears later
  kBrokenLink,       // prev is not the hash of the entry before
  kHashMismatch,     // the stored hash is not the hash of the stored bytes
  kTimeReversed,     // recorded_at earlier than the entry before
  kDerivedMismatch,  // a column derived from the bytes differs from them
  kIndexMismatch,    // the facts index differs from its rebuild
  kHeadMismatch,     // the stored head disagrees with the chain (truncation)
  kMerkleMismatch,   // the stored Merkle tree differs from its rebuild
  kBadCheckpoint,    // a stored checkpoint is malformed, unsigned, or not of this chain
  kWitnessMismatch,  // a checkpoint the auditor kept is not part of this ledger
  kBooksRule,        // an entry breaks a rule of the books (replayed projection)
  kVaultMismatch,    // a personal record differs from its commitment in the chain
  kMalformedLine,    // an export line is not canonical JSON with exactly its members
  kHeaderMismatch,   // an export's header disagrees with what it holds (ledger id, counts)
  kUnreadable,       // the store could not be read
};

// Stable names used in output and docs: "gap", "hash_mismatch", ...
std::string_view VerifyErrorName(VerifyError e);

struct VerifyFailure {
  VerifyError error;
  int64_t seq = 0;  // the first bad entry
  std::string detail;
};

class ChainVerifier {
 public:
  // Checks the entry stored at `position` (1-based). `stored_hash` is the
  // hash stored beside the bytes. On success, doc() and fields() describe the
  // entry until the next call; they borrow `canonical`. A caller that has
  // already hashed the bytes (HashEntryBytes, on another thread, say) passes
  // the result as `computed`.
  bool Add(int64_t position, std::string_view canonical, const Hash32& stored_hash,
           const std::optional<Hash32>& computed = std::nullopt);
  const JsonDoc& doc() const { return doc_; }
  const EntryFields& fields() const { return fields_; }
  // Call after the last entry: fails with kEmpty on an empty stream.
  bool Finish();

  bool ok() const { return !failure_.has_value(); }
  const std::optional<VerifyFailure>& failure() const { return failure_; }
  int64_t size() const { return size_; }
  const Hash32& head_hash() const { return head_hash_; }
  // The last entry's recorded_at (0 before the first).
  MicrosSinceEpoch last_time() const { return last_time_; }
  const GenesisParams& genesis() const { return genesis_; }

  // Records a failure found by a caller's own check (derived columns, head).
  void Fail(VerifyError error, int64_t seq, std::string detail);

 private:
  std::optional<VerifyFailure> failure_;
  JsonDoc doc_;  // reused: no allocation per entry once warm
  EntryFields fields_;
  int64_t size_ = 0;
  Hash32 head_hash_{};
  MicrosSinceEpoch last_time_ = 0;
  GenesisParams genesis_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_CHAIN_VERIFIER_H_
