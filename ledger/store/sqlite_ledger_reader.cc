#include "ledger/store/sqlite_ledger_reader.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <cstring>

#include "ledger/store/head_row.h"
#include "ledger/store/merkle_store.h"
#include "ledger/store/schema.h"
#include "ledger/store/sqlite_util.h"

namespace aidledger {

namespace {
// Resets a reused statement when a call ends, however it ends, so that it
// holds no read transaction open between calls.
struct ResetOnExit {
  SQLite::Statement& q;
  ~ResetOnExit() { q.tryReset(); }
};

bool ReadRow(SQLite::Statement& q, StoredEntry* out) {
  out->seq = q.getColumn(0).getInt64();
  const SQLite::Column hash = q.getColumn(1);
  const SQLite::Column bytes = q.getColumn(2);
  if (hash.getBytes() != 32) return false;
  std::memcpy(out->hash.data(), hash.getBlob(), 32);
  out->canonical.assign(static_cast<const char*>(bytes.getBlob()),
                        static_cast<size_t>(bytes.getBytes()));
  return true;
}
}  // namespace

SqliteLedgerReader::SqliteLedgerReader(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteLedgerReader::~SqliteLedgerReader() = default;

Result<std::unique_ptr<SqliteLedgerReader>> SqliteLedgerReader::Open(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status(ErrorCode::kNotFound, "no ledger at " + path);
  }
  auto db = OpenDatabase(path, DbOptions{.read_only = true});
  if (!db.ok()) return db.status();
  auto version = SchemaVersion(**db);
  if (!version.ok()) return version.status();
  // Reading needs no more than the oldest readable version's tables (later
  // versions added triggers): an auditor's old copy on read-only media reads.
  if (*version < kOldestReadableSchemaVersion || *version > kSchemaVersion) {
    return Status(ErrorCode::kFailedPrecondition,
                  "schema version " + std::to_string(*version) + ", this build reads " +
                      std::to_string(kOldestReadableSchemaVersion) + " to " +
                      std::to_string(kSchemaVersion) + " (open it once read-write to migrate)");
  }
  return std::unique_ptr<SqliteLedgerReader>(new SqliteLedgerReader(std::move(db).value()));
}

Result<Head> SqliteLedgerReader::GetHead() { return ReadHead(*db_); }

Result<StoredEntry> SqliteLedgerReader::GetEntry(int64_t seq) {
  try {
    if (!get_entry_) {
      get_entry_ = std::make_unique<SQLite::Statement>(
          *db_, "SELECT seq, hash, canonical FROM entries WHERE seq = ?");
    }
    SQLite::Statement& q = *get_entry_;
    const ResetOnExit reset{q};
    q.bind(1, seq);
    if (!q.executeStep()) return Status(ErrorCode::kNotFound, "no entry " + std::to_string(seq));
    StoredEntry out;
    if (!ReadRow(q, &out)) return Corrupt("entry " + std::to_string(seq) + " is malformed");
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read entry");
  }
}

Status SqliteLedgerReader::Scan(int64_t from_seq, int64_t limit,
                                const std::function<bool(const StoredEntry&)>& fn) {
  try {
    SQLite::Statement q(*db_,
                        "SELECT seq, hash, canonical FROM entries WHERE seq >= ? "
                        "ORDER BY seq LIMIT ?");
    q.bind(1, from_seq);
    q.bind(2, limit);
    StoredEntry row;
    while (q.executeStep()) {
      if (!ReadRow(q, &row)) return Corrupt("entry " + std::to_string(row.seq) + " is malformed");
      if (!fn(row)) break;
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "scan entries");
  }
}

Result<std::vector<SignedCheckpoint>> SqliteLedgerReader::Checkpoints() {
  try {
    std::vector<SignedCheckpoint> out;
    SQLite::Statement q(*db_, "SELECT note FROM checkpoints ORDER BY id");
    while (q.executeStep()) {
      auto cp = ParseCheckpointNote(q.getColumn(0).getString());
      if (!cp.ok()) return Corrupt("a stored checkpoint is malformed: " + cp.status().message());
      out.push_back(std::move(cp).value());
    }
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read checkpoints");
  }
}

Result<SignedCheckpoint> SqliteLedgerReader::Checkpoint(int64_t id) {
  try {
    SQLite::Statement q(*db_, id == 0 ? "SELECT note FROM checkpoints ORDER BY id DESC LIMIT 1"
                                      : "SELECT note FROM checkpoints WHERE id = ?");
    if (id != 0) q.bind(1, id);
    if (!q.executeStep()) {
      return Status(ErrorCode::kNotFound, id == 0 ? "the ledger has no checkpoint yet (run: "
                                                    "aidledger checkpoint)"
                                                  : "no checkpoint " + std::to_string(id));
    }
    auto cp = ParseCheckpointNote(q.getColumn(0).getString());
    if (!cp.ok()) return Corrupt("a stored checkpoint is malformed: " + cp.status().message());
    return cp;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read checkpoint");
  }
}

Result<std::vector<PublicKey>> SqliteLedgerReader::SigningKeys() {
  try {
    std::vector<PublicKey> out;
    SQLite::Statement q(*db_, "SELECT vkey FROM signing_keys ORDER BY added_at");
    while (q.executeStep()) {
      auto key = PublicKey::FromVkey(q.getColumn(0).getString());
      if (!key.ok()) return Corrupt("a stored signing key is malformed");
      out.push_back(std::move(key).value());
    }
    return out;
  } catch (const std::exception& e) {
    return StatusFromException(e, "read signing keys");
  }
}

namespace {
// Runs `fn` on the stored tree once `size` is known to be within the ledger.
template <typename T, typename Fn>
Result<T> WithTreeOf(SqliteLedgerReader& reader, SQLite::Database& db, uint64_t size,
                     const char* field, const char* what, Fn&& fn) {
  try {
    auto head = reader.GetHead();
    if (!head.ok()) return head.status();
    if (size > static_cast<uint64_t>(head->size)) {
      return InvalidArgument("the ledger has only " + std::to_string(head->size) + " entries",
                             field);
    }
    SqliteMerkleNodes nodes(db);
    return fn(nodes);
  } catch (const std::exception& e) {
    return StatusFromException(e, what);
  }
}
}  // namespace

Result<std::vector<Hash32>> SqliteLedgerReader::InclusionProof(uint64_t leaf_index,
                                                               uint64_t tree_size) {
  return WithTreeOf<std::vector<Hash32>>(
      *this, *db_, tree_size, "tree_size", "make an inclusion proof",
      [&](MerkleNodeSource& nodes) { return MerkleInclusionProof(nodes, leaf_index, tree_size); });
}

Result<std::vector<Hash32>> SqliteLedgerReader::ConsistencyProof(uint64_t old_size,
                                                                 uint64_t new_size) {
  return WithTreeOf<std::vector<Hash32>>(
      *this, *db_, new_size, "new_size", "make a consistency proof",
      [&](MerkleNodeSource& nodes) { return MerkleConsistencyProof(nodes, old_size, new_size); });
}

Result<Hash32> SqliteLedgerReader::MerkleRootAt(uint64_t tree_size) {
  return WithTreeOf<Hash32>(*this, *db_, tree_size, "tree_size", "compute a Merkle root",
                            [&](MerkleNodeSource& nodes) { return MerkleRoot(nodes, tree_size); });
}

Result<EntryPage> SqliteLedgerReader::Query(const EntryQuery& q) {
  AIDLEDGER_RETURN_IF_ERROR(ValidateEntryQuery(q));
  try {
    const int64_t size = db_->execAndGet("SELECT COALESCE(MAX(seq), 0) FROM entries").getInt64();
    const int64_t window_end = std::min(size, q.after + std::max<int64_t>(q.max_scan, 1));
    SQLite::Statement st(*db_,
                         "SELECT seq, hash, canonical FROM entries WHERE seq > ?1 AND seq <= ?2 "
                         "AND (?3 = '' OR kind = ?3) AND (?4 = '' OR fund = ?4 OR counter_fund = "
                         "?4) AND (?5 = '' OR business_date >= ?5) AND (?6 = '' OR "
                         "business_date <= ?6) ORDER BY seq LIMIT ?7");
    st.bind(1, q.after);
    st.bind(2, window_end);
    st.bind(3, q.kind);
    st.bind(4, q.fund);
    st.bind(5, q.from);
    st.bind(6, q.to);
    st.bind(7, q.limit);
    EntryPage page;
    while (st.executeStep()) {
      StoredEntry e;
      e.seq = st.getColumn(0).getInt64();
      const SQLite::Column hash = st.getColumn(1);
      if (hash.getBytes() == 32) std::memcpy(e.hash.data(), hash.getBlob(), 32);
      const SQLite::Column bytes = st.getColumn(2);
      e.canonical.assign(static_cast<const char*>(bytes.getBlob()),
                         static_cast<size_t>(bytes.getBytes()));
      page.entries.push_back(std::move(e));
    }
    const int64_t last =
        static_cast<int>(page.entries.size()) == q.limit ? page.entries.back().seq : window_end;
    page.next = last < size ? last : 0;
    return page;
  } catch (const std::exception& e) {
    return StatusFromException(e, "query entries");
  }
}

Result<int64_t> SqliteLedgerReader::ChangeToken() {
  try {
    if (!data_version_)
      data_version_ = std::make_unique<SQLite::Statement>(*db_, "PRAGMA data_version");
    SQLite::Statement& q = *data_version_;
    const ResetOnExit reset{q};
    if (!q.executeStep()) return Status(ErrorCode::kIo, "PRAGMA data_version gave no row");
    return q.getColumn(0).getInt64();
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the data version");
  }
}

}  // namespace aidledger
