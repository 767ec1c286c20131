// MemoryLedgerStore: the memory backend's LedgerStore (memory_ledger.h), for
// the address "memory:NAME". It keeps every promise of ledger_store.h but
// durability: nothing survives the process, and SynchronousLevel() says 0.
// Reached through LedgerStore::Create and Open, never by name outside
// ledger/store.
#ifndef AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_STORE_H_
#define AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_STORE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/store/entry_builder.h"
#include "ledger/store/ledger_store.h"
#include "ledger/store/memory_ledger.h"

namespace aidledger {

class MemorySideWriter;

class MemoryLedgerStore final : public LedgerStore {
 public:
  // As LedgerStore::Create and Open, for a memory ledger's name.
  static Result<std::unique_ptr<LedgerStore>> Create(const std::string& name,
                                                     const GenesisParams& params,
                                                     Clock* clock = nullptr);
  static Result<std::unique_ptr<LedgerStore>> Open(const std::string& name, Clock* clock = nullptr);
  ~MemoryLedgerStore() override;
  MemoryLedgerStore(const MemoryLedgerStore&) = delete;
  MemoryLedgerStore& operator=(const MemoryLedgerStore&) = delete;

  using LedgerStore::Append;
  using LedgerStore::AppendBatch;
  using LedgerStore::AppendChecked;
  Result<std::vector<AppendedEntry>> AppendBatch(const std::vector<EntryDraft>& drafts,
                                                 std::optional<int64_t> expected_size) override;
  Result<std::vector<AppendedEntry>> AppendChecked(
      const std::function<Result<std::vector<EntryDraft>>(int64_t head_size)>& make,
      const SideWrite& also) override;
  Result<Head> GetHead() override;
  Status AppendGroup(size_t count, const GroupDraft& draft, const GroupInserted& inserted,
                     std::vector<Result<AppendedEntry>>* results) override;
  Result<SignedCheckpoint> MakeCheckpoint(const SigningKey& key) override;
  Result<std::optional<SignedCheckpoint>> MaybeCheckpoint(const SigningKey& key,
                                                          const CheckpointPolicy& policy) override;
  Result<int> SynchronousLevel() override { return 0; }
  Result<std::unique_ptr<SideReader>> OpenSideReader() const override;
  const GenesisParams& genesis() const override { return genesis_; }
  const std::string& path() const override { return address_; }

 private:
  class Transaction;
  MemoryLedgerStore(std::string name, std::shared_ptr<MemoryLedger> ledger, Clock* clock);
  // Makes frontier_ match the ledger's tree (another store on the same
  // ledger may have appended). Call with the ledger's writer lock held.
  Status SyncFrontier();
  Result<SignedCheckpoint> MakeCheckpointLocked(const SigningKey& key);

  std::string address_;  // "memory:NAME"
  std::shared_ptr<MemoryLedger> ledger_;
  EntryBuilder builder_;     // guarded by the ledger's writer lock
  MerkleFrontier frontier_;  // likewise
  std::unique_ptr<SystemClock> own_clock_;
  Clock* clock_;
  GenesisParams genesis_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_MEMORY_LEDGER_STORE_H_
