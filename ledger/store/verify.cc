#include "ledger/store/verify.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "ledger/base/bounded_queue.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/facts.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/head_row.h"
#include "ledger/store/sqlite_ledger_reader.h"
#include "ledger/store/sqlite_util.h"

namespace aidledger {

namespace {

// Verify is a two-stage pipeline: a reader thread copies rows out of one
// SQLite snapshot into batches and rebuilds the Merkle tree, while this
// thread checks the entries. The two stages take about the same time per
// entry, so on two cores verify runs near the speed of a bare scan. Memory stays constant: a fixed
// number of batches circulate between the two threads and are reused.
constexpr size_t kBatchRows = 256;
constexpr size_t kBatchesInFlight = 4;

struct FactColumns {
  bool present = false;  // fund is not NULL
  std::string fund;
  std::string currency;
  bool amount_is_integer = false;  // type-exact: text or real never matches
  int64_t amount_minor = 0;
  std::string business_date;
  std::string nature;
  bool counter_present = false;
  std::string counter_fund;
};

struct Row {
  int64_t seq = 0;
  Hash32 hash{};  // all zero if the column is not 32 bytes: a hash mismatch
  bool prev_column_ok = false;
  Hash32 prev_column{};
  std::string canonical;
  std::string kind;
  FactColumns fact;
  std::string merkle_problem;  // non-empty: this entry's stored Merkle nodes differ
};

struct Batch {
  std::vector<Row> rows = std::vector<Row>(kBatchRows);
  size_t count = 0;
  bool last = false;
  Status error;  // a read failure ends the stream
};

// The reader uses SQLite's C API directly: SQLiteCpp's Column objects cost a
// shared_ptr copy per value, which shows on verify's hot path.
class RawStatement {
 public:
  RawStatement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw SQLite::Exception(db, sqlite3_errcode(db));
    }
  }
  ~RawStatement() { sqlite3_finalize(stmt_); }
  RawStatement(const RawStatement&) = delete;
  RawStatement& operator=(const RawStatement&) = delete;

  // True with a row, false when done; throws on an error (caught by Run).
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SQLite::Exception(sqlite3_db_handle(stmt_), rc);
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsInteger(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_INTEGER; }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string_view Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  std::string_view Text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void CopyHash(std::string_view bytes, Hash32* out, bool* ok) {
  *ok = bytes.size() == 32;
  if (*ok) {
    std::memcpy(out->data(), bytes.data(), 32);
  } else {
    out->fill(0);
  }
}

// Columns `first` .. `first + 5` of a row: fund, currency, amount, date,
// nature, counter fund.
void ReadFactColumns(const RawStatement& q, int first, FactColumns* f) {
  f->present = !q.IsNull(first);
  f->fund.assign(q.Text(first));
  f->currency.assign(q.Text(first + 1));
  f->amount_is_integer = q.IsInteger(first + 2);
  f->amount_minor = q.Int(first + 2);
  f->business_date.assign(q.Text(first + 3));
  f->nature.assign(q.Text(first + 4));
  f->counter_present = !q.IsNull(first + 5);
  f->counter_fund.assign(q.Text(first + 5));
}

// Streams the entries' rows from one snapshot.
class RowReader {
 public:
  // Records the rebuilt root and head hash at each of `sizes` (ascending)
  // into *tree, which the checker reads after the last batch.
  RowReader(SQLite::Database& db, BoundedQueue<std::unique_ptr<Batch>>* full,
            BoundedQueue<std::unique_ptr<Batch>>* empty, std::vector<uint64_t> sizes,
            RebuiltTree* tree)
      : db_(db), full_(full), empty_(empty), sizes_(std::move(sizes)), tree_(tree) {}

  void Run() {
    try {
      RawStatement rows(
          db_.getHandle(),
          "SELECT seq, hash, prev_hash, canonical, kind, merkle, fund, currency, "
          "amount_minor, business_date, nature, counter_fund FROM entries ORDER BY seq");
      MerkleFrontier frontier;
      size_t next_size = 0;
      bool more = true;
      while (more) {
        auto batch = empty_->Pop();
        if (!batch) return;  // the checker stopped
        Batch& b = **batch;
        b.count = 0;
        while (b.count < kBatchRows && (more = rows.Step())) {
          Row& r = b.rows[b.count++];
          r.seq = rows.Int(0);
          bool hash_ok = false;
          CopyHash(rows.Blob(1), &r.hash, &hash_ok);
          CopyHash(rows.Blob(2), &r.prev_column, &r.prev_column_ok);
          r.canonical.assign(rows.Blob(3));
          r.kind.assign(rows.Text(4));
          // Rebuild the Merkle nodes this entry completed and compare them
          // with its merkle column. From the stored hash: the checker refuses
          // the entry first if that is not the hash of its bytes.
          r.merkle_problem.clear();
          const std::string_view stored_nodes = rows.Blob(5);
          size_t count = 0;
          frontier.Append(MerkleLeafHash(r.hash), [&](const MerkleFrontier::Node& n) {
            const size_t at = 32 * count++;
            if (r.merkle_problem.empty() &&
                (stored_nodes.size() < at + 32 || stored_nodes.substr(at, 32) != AsBytes(n.hash))) {
              r.merkle_problem = "Merkle node (" + std::to_string(n.level) + ", " +
                                 std::to_string(n.index) + ") differs from its rebuild";
            }
          });
          if (r.merkle_problem.empty() && stored_nodes.size() != 32 * count) {
            r.merkle_problem = "the entry's row holds more Merkle nodes than it completed";
          }
          while (next_size < sizes_.size() && sizes_[next_size] == frontier.size()) {
            tree_->at[sizes_[next_size++]] = {frontier.Root(), r.hash};
          }
          ReadFactColumns(rows, 6, &r.fact);
        }
        if (!more) {
          tree_->chain_size = static_cast<int64_t>(frontier.size());
          b.last = true;
        }
        if (!full_->Push(std::move(*batch))) return;
      }
    } catch (const std::exception& e) {
      auto batch = empty_->Pop();
      if (!batch) return;
      (*batch)->count = 0;
      (*batch)->last = true;
      (*batch)->error = StatusFromException(e, "read ledger");
      full_->Push(std::move(*batch));
    }
  }

 private:
  SQLite::Database& db_;
  BoundedQueue<std::unique_ptr<Batch>>* full_;
  BoundedQueue<std::unique_ptr<Batch>>* empty_;
  std::vector<uint64_t> sizes_;
  RebuiltTree* tree_;
};

// Reads the stored checkpoints (in order) and keys within the snapshot.
Status ReadCheckpoints(SQLite::Database& db, std::vector<SignedCheckpoint>* out,
                       std::vector<PublicKey>* keys, std::optional<VerifyFailure>* problem) {
  try {
    SQLite::Statement k(db, "SELECT key_id, vkey FROM signing_keys");
    while (k.executeStep()) {
      auto key = PublicKey::FromVkey(k.getColumn(1).getString());
      if (!key.ok() || key->KeyId() != k.getColumn(0).getString()) {
        *problem =
            VerifyFailure{VerifyError::kBadCheckpoint, 0,
                          "a stored signing key is malformed: " + k.getColumn(0).getString()};
        return Status::Ok();
      }
      keys->push_back(std::move(key).value());
    }
    SQLite::Statement q(db,
                        "SELECT size, root, head_hash, time, key_id, note FROM checkpoints "
                        "ORDER BY id");
    while (q.executeStep()) {
      const int64_t size = q.getColumn(0).getInt64();
      auto cp = ParseCheckpointNote(q.getColumn(5).getString());
      if (!cp.ok()) {
        *problem = VerifyFailure{VerifyError::kBadCheckpoint, size,
                                 "a stored checkpoint is malformed: " + cp.status().ToString()};
        return Status::Ok();
      }
      const Checkpoint& c = cp->checkpoint;
      const SQLite::Column root = q.getColumn(1);
      const SQLite::Column head = q.getColumn(2);
      // The key_id column names a recorded key whose line on the note verifies.
      const std::string key_id = q.getColumn(4).getString();
      auto signer = std::find_if(keys->begin(), keys->end(),
                                 [&](const PublicKey& known) { return known.KeyId() == key_id; });
      const bool match =
          static_cast<int64_t>(c.size) == size && root.getBytes() == 32 &&
          std::memcmp(root.getBlob(), c.root.data(), 32) == 0 && head.getBytes() == 32 &&
          std::memcmp(head.getBlob(), c.head_hash.data(), 32) == 0 &&
          q.getColumn(3).getString() == FormatTimestamp(c.time) && !cp->signatures.empty() &&
          signer != keys->end() && VerifyCheckpointSignature(*cp, {*signer}).ok();
      if (!match) {
        *problem = VerifyFailure{VerifyError::kBadCheckpoint, size,
                                 "a stored checkpoint's columns differ from its signed note"};
        return Status::Ok();
      }
      out->push_back(std::move(cp).value());
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "read checkpoints");
  }
}

// The fact columns equal the fact rebuilt from the entry's bytes (or are all
// NULL when it has none), type-exact.
bool FactMatches(const FactColumns& row, const std::optional<Fact>& f) {
  if (!f) return !row.present;
  return row.present && row.fund == f->fund && row.currency == f->currency &&
         row.amount_is_integer && row.amount_minor == f->amount_minor &&
         row.business_date == f->business_date && row.nature == f->nature &&
         row.counter_present == !f->counter_fund.empty() && row.counter_fund == f->counter_fund;
}

}  // namespace

VerifyReport VerifyDatabase(const std::string& path, const VerifyOptions& options) {
  ChainVerifier chain;
  auto fail = [&](VerifyError e, int64_t seq, std::string detail) {
    return FailureReport(chain, VerifyFailure{e, seq, std::move(detail)});
  };
  auto reader = SqliteLedgerReader::Open(path);  // checks the file and its schema version
  if (!reader.ok()) return fail(VerifyError::kUnreadable, 0, reader.status().ToString());
  auto db = OpenDatabase(path, DbOptions{.read_only = true});
  if (!db.ok()) return fail(VerifyError::kUnreadable, 0, db.status().ToString());

  std::unique_ptr<SQLite::Transaction> snapshot;
  Result<Head> head = Status(ErrorCode::kInternal, "head not read");
  try {
    // One read transaction: a snapshot, even while a writer appends.
    snapshot = std::make_unique<SQLite::Transaction>(**db, SQLite::TransactionBehavior::DEFERRED);
    head = ReadHead(**db);
  } catch (const std::exception& e) {
    return fail(VerifyError::kUnreadable, 0, StatusFromException(e, "read ledger").ToString());
  }
  if (!head.ok()) return fail(VerifyError::kUnreadable, 0, head.status().ToString());
  std::vector<SignedCheckpoint> stored;
  std::vector<PublicKey> ledger_keys;
  std::optional<VerifyFailure> checkpoint_problem;
  if (Status s = ReadCheckpoints(**db, &stored, &ledger_keys, &checkpoint_problem); !s.ok()) {
    return fail(VerifyError::kUnreadable, 0, s.ToString());
  }
  std::vector<uint64_t> sizes;
  sizes.reserve(stored.size() + options.witnesses.size());
  for (const auto& cp : stored) sizes.push_back(cp.checkpoint.size);
  for (const auto& cp : options.witnesses) sizes.push_back(cp.checkpoint.size);
  if (head->size > 0) sizes.push_back(static_cast<uint64_t>(head->size));  // the report's root
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  RebuiltTree tree;

  BoundedQueue<std::unique_ptr<Batch>> full(kBatchesInFlight);
  BoundedQueue<std::unique_ptr<Batch>> empty(kBatchesInFlight);
  for (size_t i = 0; i < kBatchesInFlight; ++i) empty.Push(std::make_unique<Batch>());
  RowReader row_reader(**db, &full, &empty, sizes, &tree);
  std::thread producer([&] { row_reader.Run(); });
  // Whatever way this function returns, the reader thread is stopped first.
  struct Joiner {
    BoundedQueue<std::unique_ptr<Batch>>& full;
    BoundedQueue<std::unique_ptr<Batch>>& empty;
    std::thread& thread;
    ~Joiner() {
      full.Close();
      empty.Close();
      thread.join();
    }
  } joiner{full, empty, producer};

  bool ended = false;
  while (!ended) {
    auto next = full.Pop();
    if (!next) break;
    std::unique_ptr<Batch> batch = std::move(*next);
    if (!batch->error.ok()) {
      return fail(VerifyError::kUnreadable, chain.size() + 1, batch->error.ToString());
    }
    for (size_t i = 0; i < batch->count; ++i) {
      const Row& r = batch->rows[i];
      if (!chain.Add(r.seq, r.canonical, r.hash)) {
        return FailureReport(chain);
      }
      if (!r.merkle_problem.empty()) {
        return fail(VerifyError::kMerkleMismatch, r.seq, r.merkle_problem);
      }
      const EntryFields& f = chain.fields();
      if (r.kind != f.kind) {
        return fail(VerifyError::kDerivedMismatch, r.seq,
                    "kind column differs from the hashed bytes");
      }
      if (!r.prev_column_ok || r.prev_column != f.prev) {
        return fail(VerifyError::kDerivedMismatch, r.seq,
                    "prev_hash column differs from the hashed bytes");
      }
      if (!FactMatches(r.fact, DeriveFact(chain.doc(), f))) {
        return fail(VerifyError::kIndexMismatch, r.seq,
                    "the fact columns differ from the hashed bytes");
      }
    }
    ended = batch->last;
    empty.Push(std::move(batch));
  }
  if (!chain.Finish()) {
    return FailureReport(chain);
  }
  if (head->size != chain.size()) {
    const int64_t seq = std::min(head->size, chain.size()) + 1;
    return fail(VerifyError::kHeadMismatch, seq,
                head->size > chain.size()
                    ? "the head records " + std::to_string(head->size) + " entries, only " +
                          std::to_string(chain.size()) + " are stored (truncated)"
                    : "entries beyond the recorded head (size " + std::to_string(head->size) + ")");
  }
  if (head->hash != chain.head_hash()) {
    return fail(VerifyError::kHeadMismatch, chain.size(),
                "the head hash differs from the last entry's hash");
  }
  // The head's time stamps the next entry: pushed ahead, it would date every
  // later entry in the future.
  if (head->recorded_at != chain.last_time()) {
    return fail(VerifyError::kHeadMismatch, chain.size(),
                "the head's recorded_at (" + FormatTimestamp(head->recorded_at) +
                    ") differs from the last entry's (" + FormatTimestamp(chain.last_time()) + ")");
  }
  if (options.now != 0 && chain.last_time() > options.now + kMaxClockSkewMicros) {
    return fail(VerifyError::kTimeReversed, chain.size(),
                "the last entry is recorded at " + FormatTimestamp(chain.last_time()) +
                    ", after this machine's clock (" + FormatTimestamp(options.now) + ")");
  }
  if (checkpoint_problem) {
    return fail(checkpoint_problem->error, checkpoint_problem->seq, checkpoint_problem->detail);
  }
  if (auto f = CheckCheckpoints(stored, ledger_keys, options, chain.genesis().ledger_id, tree)) {
    return fail(f->error, f->seq, f->detail);
  }
  if (options.books_replay) {
    // The projection rebuilt from the chain, through the same rules that
    // every write passed.
    std::unique_ptr<EntryReplay> books = options.books_replay();
    std::optional<VerifyFailure> broken;
    JsonDoc doc;
    Status scanned = reader.value()->Scan(1, chain.size(), [&](const StoredEntry& e) {
      EntryFields fields;
      Status s = ParseCanonicalDoc(e.canonical, &doc);
      if (s.ok()) s = ReadEntryFields(doc, &fields);
      if (s.ok()) s = books->Apply(EntryFromFields(doc, fields), DeriveFact(doc, fields));
      if (!s.ok()) broken = VerifyFailure{VerifyError::kBooksRule, e.seq, s.ToString()};
      return s.ok();
    });
    if (!scanned.ok()) return fail(VerifyError::kUnreadable, chain.size(), scanned.ToString());
    if (broken) return fail(broken->error, broken->seq, broken->detail);
  }
  VerifyReport report;
  report.ok = true;
  report.size = chain.size();
  report.head_hash = chain.head_hash();
  report.root = tree.at[static_cast<uint64_t>(chain.size())].first;
  report.checkpoints_checked = static_cast<int64_t>(stored.size());
  report.witnesses_checked = static_cast<int64_t>(options.witnesses.size());
  report.ledger_id = chain.genesis().ledger_id;
  return report;
}

}  // namespace aidledger
