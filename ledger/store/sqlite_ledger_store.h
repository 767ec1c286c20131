// SqliteLedgerStore: the SQLite backend's LedgerStore (docs/store.md): one
// file, WAL, synchronous=FULL, appends in BEGIN IMMEDIATE transactions
// checked against the stored head. Reached through LedgerStore::Create and
// Open, never by name outside ledger/store.
#ifndef AIDLEDGER_LEDGER_STORE_SQLITE_LEDGER_STORE_H_
#define AIDLEDGER_LEDGER_STORE_SQLITE_LEDGER_STORE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/store/entry_builder.h"
#include "ledger/store/ledger_store.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace aidledger {

class SqliteLedgerStore final : public LedgerStore {
 public:
  // As LedgerStore::Create and Open, for a file's path.
  static Result<std::unique_ptr<LedgerStore>> Create(const std::string& path,
                                                     const GenesisParams& params,
                                                     Clock* clock = nullptr);
  static Result<std::unique_ptr<LedgerStore>> Open(const std::string& path, Clock* clock = nullptr,
                                                   const StoreOptions& options = {});
  ~SqliteLedgerStore() override;
  SqliteLedgerStore(const SqliteLedgerStore&) = delete;
  SqliteLedgerStore& operator=(const SqliteLedgerStore&) = delete;

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
  Result<int> SynchronousLevel() override;
  Result<std::unique_ptr<SideReader>> OpenSideReader() const override;
  const GenesisParams& genesis() const override { return genesis_; }
  const std::string& path() const override { return path_; }

 private:
  SqliteLedgerStore(std::string path, std::unique_ptr<SQLite::Database> db, Clock* clock);
  Status LoadGenesis();
  // The one append path: `make` names the drafts (kept alive by the caller)
  // once the head is read inside the write transaction.
  Result<std::vector<AppendedEntry>> AppendInTransaction(
      const std::function<Result<const std::vector<EntryDraft>*>(int64_t head_size)>& make,
      const SideWrite& also = nullptr);
  // Inside a write transaction: the head, checked against the last entry.
  Result<Head> ReadHeadToExtend();
  void WriteHead(const Head& h);
  // After a failure: statements reset and unbound for the next call.
  void ResetStatements();
  // Inserts one entry after *h (updating it and *frontier). Inside a
  // transaction.
  Result<AppendedEntry> InsertDraft(const EntryDraft& draft, MicrosSinceEpoch now, Head* h,
                                    MerkleFrontier* frontier);
  // Makes frontier_ match the stored tree of `size` leaves (another writer
  // may have appended). Call inside a transaction.
  Status SyncFrontier(int64_t size);
  Status PrepareStatements();
  // The last stored checkpoint, if any. Throws what SQLiteCpp throws.
  Result<std::optional<LastCheckpoint>> ReadLastCheckpoint();

  std::string path_;
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> insert_entry_;
  std::unique_ptr<SQLite::Statement> update_head_;
  std::unique_ptr<SQLite::Statement> last_seq_;
  std::unique_ptr<SQLite::Statement> read_head_;
  std::unique_ptr<SQLite::Statement> begin_;  // the appends' write transaction
  std::unique_ptr<SQLite::Statement> commit_;
  std::unique_ptr<SQLite::Statement> rollback_;
  std::unique_ptr<SQLite::Statement> savepoint_;  // AppendGroup's, one per draft
  std::unique_ptr<SQLite::Statement> rollback_to_savepoint_;
  std::unique_ptr<SQLite::Statement> release_savepoint_;
  std::unique_ptr<SideWriter> side_writer_;  // on db_, for the appends' side writes
  MerkleFrontier frontier_;                  // the right edge of the stored tree
  StoreOptions options_;
  // MaybeCheckpoint's memory of the kinds it has looked at since the last
  // checkpoint (of `checkpoint_size` entries): through which entry, and
  // whether one of the policy's kinds was among them.
  struct KindsScan {
    int64_t checkpoint_size = -1;
    int64_t through = 0;
    bool seen = false;
  };
  KindsScan kinds_scan_;
  EntryBuilder builder_;  // scratch: each entry's bytes, hash and fact
  std::string scratch_nodes_;
  std::unique_ptr<SystemClock> own_clock_;
  Clock* clock_;
  GenesisParams genesis_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SQLITE_LEDGER_STORE_H_
