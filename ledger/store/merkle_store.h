// SqliteMerkleNodes: reads the perfect-subtree hashes that the store keeps in
// the entries' merkle column (node (L, i) is slice L of the row of entry
// (i + 1) << L). Borrows the connection; one reader per connection and thread.
// The constructor prepares a statement and may throw SQLite::Exception.
#ifndef AIDLEDGER_LEDGER_STORE_MERKLE_STORE_H_
#define AIDLEDGER_LEDGER_STORE_MERKLE_STORE_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "ledger/chain/merkle.h"

namespace aidledger {

class SqliteMerkleNodes : public MerkleNodeSource {
 public:
  explicit SqliteMerkleNodes(SQLite::Database& db);
  Result<Hash32> Node(int level, uint64_t index) override;

 private:
  SQLite::Statement query_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_MERKLE_STORE_H_
