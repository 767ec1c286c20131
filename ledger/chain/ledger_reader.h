// LedgerReader: the read-only view of a ledger that readers (reports, the
// API's GET routes, the CLI) use. Implementations never write; each call sees
// a committed state. The SQLite backend's is ledger/store/sqlite_ledger_reader.h.
#ifndef AIDLEDGER_LEDGER_CHAIN_LEDGER_READER_H_
#define AIDLEDGER_LEDGER_CHAIN_LEDGER_READER_H_

#include <functional>
#include <memory>
#include <string>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/head.h"
#include "ledger/chain/signing_key.h"

namespace aidledger {

// An entry as stored: its canonical bytes and the stored hash. Decode the
// bytes with DecodeEntry; they are the entry.
struct StoredEntry {
  int64_t seq = 0;
  Hash32 hash{};
  std::string canonical;
};

// A page of entries by filter, for lists: entries with seq > after, of
// `kind` (if set), moving value in or out of `fund` (if set), with a business
// date in [from, to] (if set), in order. At most `limit` entries, after
// examining at most `max_scan` sequence numbers: `next` is where the next
// page starts (0 when the ledger has no more), so every page costs bounded
// time whatever the filter matches.
struct EntryQuery {
  int64_t after = 0;
  int limit = 100;
  int64_t max_scan = 100'000;
  std::string kind;
  std::string fund;
  std::string from;  // YYYY-MM-DD
  std::string to;    // YYYY-MM-DD
};
// kInvalidArgument (field "limit" or "after") unless the query is one a
// reader answers: 1 to 1000 entries after a sequence number.
Status ValidateEntryQuery(const EntryQuery& query);

struct EntryPage {
  std::vector<StoredEntry> entries;
  int64_t next = 0;
};

class LedgerReader {
 public:
  virtual ~LedgerReader() = default;
  virtual Result<Head> GetHead() = 0;
  // kNotFound if there is no entry `seq`.
  virtual Result<StoredEntry> GetEntry(int64_t seq) = 0;
  // Calls `fn` for up to `limit` entries with seq >= from_seq, in order,
  // until it returns false.
  virtual Status Scan(int64_t from_seq, int64_t limit,
                      const std::function<bool(const StoredEntry&)>& fn) = 0;

  // Stored checkpoints, oldest first; Checkpoint(0) is the latest.
  virtual Result<std::vector<SignedCheckpoint>> Checkpoints() = 0;
  virtual Result<SignedCheckpoint> Checkpoint(int64_t id) = 0;
  // The public keys that signed stored checkpoints.
  virtual Result<std::vector<PublicKey>> SigningKeys() = 0;
  // RFC 6962 proofs from the stored tree: O(log n) reads.
  virtual Result<std::vector<Hash32>> InclusionProof(uint64_t leaf_index, uint64_t tree_size) = 0;
  virtual Result<std::vector<Hash32>> ConsistencyProof(uint64_t old_size, uint64_t new_size) = 0;
  virtual Result<Hash32> MerkleRootAt(uint64_t tree_size) = 0;
  virtual Result<EntryPage> Query(const EntryQuery& query) = 0;
  // A token that changes whenever any writer (another process's too) commits
  // to the ledger: while it stays equal there is nothing new to read, and
  // asking costs no read of the ledger. Meaningful only against earlier
  // tokens of the same reader.
  virtual Result<int64_t> ChangeToken() = 0;
};

// The genesis entry's parameters (entry 1, decoded and checked); kCorrupt if
// it does not decode.
Result<GenesisParams> ReadGenesis(LedgerReader& reader);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_LEDGER_READER_H_
