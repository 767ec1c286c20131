// MemoryLedger: a ledger kept in this process's memory, at the address
// "memory:NAME" (ledger_address.h): for tests, and for trying the books
// without a file. Nothing survives the process. Its store, readers, side
// records and account records (memory_*.h) all share one MemoryLedger by
// name, as the SQLite backend's share one file.
//
// The state is guarded by `mu` (readers share it; a commit holds it alone);
// `writer` serialises the writers of every store open on the ledger, as
// SQLite's BEGIN IMMEDIATE does, and is held through a whole append.
#ifndef AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_H_
#define AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/head.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/account_records.h"
#include "ledger/store/side_records.h"

namespace aidledger {

// An entry as the memory backend keeps it: its bytes and hash, and the
// columns a query filters on (the fact's, when it has one).
struct MemoryEntry {
  Hash32 hash{};
  std::string canonical;
  MicrosSinceEpoch recorded_at = 0;
  std::string kind;
  bool has_fact = false;
  std::string fund;
  std::string counter_fund;
  std::string business_date;
};

struct MemoryLedger {
  // Makes the ledger `name` (kAlreadyExists if there is one), or finds it
  // (kNotFound if there is none).
  static Result<std::shared_ptr<MemoryLedger>> Create(const std::string& name);
  static Result<std::shared_ptr<MemoryLedger>> Find(const std::string& name);

  // The head of the committed entries. Call with `mu` held.
  Head HeadLocked() const;

  std::mutex writer;
  mutable std::shared_mutex mu;
  // Everything below is guarded by `mu`.
  std::vector<MemoryEntry> entries;           // entries[i] is entry i + 1
  std::vector<std::vector<Hash32>> merkle;    // merkle[level][index]: the perfect subtrees
  std::vector<std::string> checkpoint_notes;  // oldest first; checkpoint id i + 1
  std::vector<std::pair<std::string, std::string>> signing_keys;  // key id, vkey; oldest first
  std::map<std::string, VaultRow> vault;
  std::map<std::pair<std::string, std::string>, StoredAnswer> answers;  // (actor, key)
  std::map<std::string, UserRow> users;
  std::vector<TokenRow> tokens;  // tokens[i] has id i + 1
  int64_t version = 0;           // counts commits: the readers' change token
};

// Reads the perfect subtrees of a MemoryLedger. Hold its `mu` while using
// this.
class MemoryMerkleNodes : public MerkleNodeSource {
 public:
  explicit MemoryMerkleNodes(const MemoryLedger& ledger) : ledger_(ledger) {}
  Result<Hash32> Node(int level, uint64_t index) override;

 private:
  const MemoryLedger& ledger_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_H_
