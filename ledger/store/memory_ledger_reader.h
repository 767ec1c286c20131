// MemoryLedgerReader: the memory backend's LedgerReader (memory_ledger.h).
// Each call sees the entries committed when it began. Reached through
// OpenLedgerReader("memory:NAME").
#ifndef AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_READER_H_
#define AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_READER_H_

#include <memory>
#include <string>
#include <vector>

#include "ledger/chain/ledger_reader.h"
#include "ledger/store/memory_ledger.h"

namespace aidledger {

class MemoryLedgerReader final : public LedgerReader {
 public:
  // kNotFound if there is no memory ledger of this name.
  static Result<std::unique_ptr<LedgerReader>> Open(const std::string& name);

  Result<Head> GetHead() override;
  Result<StoredEntry> GetEntry(int64_t seq) override;
  // Calls `fn` outside the ledger's lock, so it may read the ledger again.
  Status Scan(int64_t from_seq, int64_t limit,
              const std::function<bool(const StoredEntry&)>& fn) override;
  Result<std::vector<SignedCheckpoint>> Checkpoints() override;
  Result<SignedCheckpoint> Checkpoint(int64_t id) override;
  Result<std::vector<PublicKey>> SigningKeys() override;
  Result<std::vector<Hash32>> InclusionProof(uint64_t leaf_index, uint64_t tree_size) override;
  Result<std::vector<Hash32>> ConsistencyProof(uint64_t old_size, uint64_t new_size) override;
  Result<Hash32> MerkleRootAt(uint64_t tree_size) override;
  Result<EntryPage> Query(const EntryQuery& query) override;
  Result<int64_t> ChangeToken() override;

 private:
  explicit MemoryLedgerReader(std::shared_ptr<MemoryLedger> ledger) : ledger_(std::move(ledger)) {}
  // Runs `fn` on the tree once `size` is known to be within the ledger.
  template <typename T, typename Fn>
  Result<T> WithTreeOf(uint64_t size, const char* field, Fn&& fn);

  std::shared_ptr<MemoryLedger> ledger_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_READER_H_
