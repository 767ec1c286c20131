#include "ledger/store/merkle_store.h"

#include <cstring>

#include "ledger/store/sqlite_util.h"

namespace aidledger {

SqliteMerkleNodes::SqliteMerkleNodes(SQLite::Database& db)
    : query_(db, "SELECT merkle FROM entries WHERE seq = ?") {}

Result<Hash32> SqliteMerkleNodes::Node(int level, uint64_t index) {
  try {
    query_.reset();
    query_.bind(1, static_cast<int64_t>(MerkleCompletingSeq(level, index)));
    const std::string where =
        "Merkle node (" + std::to_string(level) + ", " + std::to_string(index) + ")";
    if (!query_.executeStep()) return Status(ErrorCode::kCorrupt, where + " is missing");
    const SQLite::Column c = query_.getColumn(0);
    const auto offset = static_cast<size_t>(level) * 32;
    if (static_cast<size_t>(c.getBytes()) < offset + 32) return Corrupt(where + " is missing");
    Hash32 h{};
    std::memcpy(h.data(), static_cast<const char*>(c.getBlob()) + offset, 32);
    query_.reset();
    return h;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read Merkle node");
  }
}

}  // namespace aidledger
