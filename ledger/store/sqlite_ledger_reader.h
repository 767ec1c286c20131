// SqliteLedgerReader: the SQLite backend's LedgerReader. It owns one
// read-only connection: use one per thread. Readers run beside the writer
// (WAL); each call sees a committed state.
#ifndef AIDLEDGER_LEDGER_STORE_SQLITE_LEDGER_READER_H_
#define AIDLEDGER_LEDGER_STORE_SQLITE_LEDGER_READER_H_

#include <memory>
#include <string>

#include "ledger/chain/ledger_reader.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace aidledger {

class SqliteLedgerReader final : public LedgerReader {
 public:
  static Result<std::unique_ptr<SqliteLedgerReader>> Open(const std::string& path);
  ~SqliteLedgerReader() override;

  Result<Head> GetHead() override;
  Result<StoredEntry> GetEntry(int64_t seq) override;
  Status Scan(int64_t from_seq, int64_t limit,
              const std::function<bool(const StoredEntry&)>& fn) override;
  Result<std::vector<SignedCheckpoint>> Checkpoints() override;
  Result<SignedCheckpoint> Checkpoint(int64_t id) override;
  Result<std::vector<PublicKey>> SigningKeys() override;
  Result<std::vector<Hash32>> InclusionProof(uint64_t leaf_index, uint64_t tree_size) override;
  Result<std::vector<Hash32>> ConsistencyProof(uint64_t old_size, uint64_t new_size) override;
  Result<Hash32> MerkleRootAt(uint64_t tree_size) override;
  Result<EntryPage> Query(const EntryQuery& query) override;
  // SQLite's PRAGMA data_version of this connection: it changes when another
  // connection commits, so an unchanged value means nothing new to read.
  Result<int64_t> ChangeToken() override;

 private:
  explicit SqliteLedgerReader(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
  // Prepared on first use, for the calls made per request; reset after each
  // use so that no read transaction stays open. Declared after db_ so that
  // they are finalised first.
  std::unique_ptr<SQLite::Statement> get_entry_;
  std::unique_ptr<SQLite::Statement> data_version_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SQLITE_LEDGER_READER_H_
