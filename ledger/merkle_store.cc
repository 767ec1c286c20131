#include "ledger/merkle_store.h"

#include <cstring>

#include "ledger/sqlite_util.h"

namespace aidledger {

SqliteMerkleNodes::SqliteMerkleNodes(SQLite::Database& db)
    : query_(db, "SELECT hash FROM merkle_nodes WHERE pos = ?") {}

Result<Hash32> SqliteMerkleNodes::Node(int level, uint64_t index) {
  try {
    query_.reset();
    query_.bind(1, static_cast<int64_t>(MerklePostorderPosition(level, index)));
    if (!query_.executeStep()) {
      return Status(ErrorCode::kCorrupt, "Merkle node (" + std::to_string(level) + ", " +
                                             std::to_string(index) + ") is missing");
    }
    const SQLite::Column c = query_.getColumn(0);
    if (c.getBytes() != 32) return Corrupt("a Merkle node is not 32 bytes");
    Hash32 h{};
    std::memcpy(h.data(), c.getBlob(), 32);
    query_.reset();
    return h;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read Merkle node");
  }
}

}  // namespace aidledger
