#include "ledger/verify.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "ledger/bounded_queue.h"
#include "ledger/entry.h"
#include "ledger/facts.h"
#include "ledger/head.h"
#include "ledger/ledger_reader.h"
#include "ledger/sqlite_util.h"

namespace aidledger {

namespace {

// Verify is a two-stage pipeline: a reader thread copies rows out of one
// SQLite snapshot into batches and hashes them, while this thread checks
// them. The two stages take about the same time per entry, so on two cores
// verify runs near the speed of a bare scan. Memory stays constant: a fixed number
// of batches circulate between the two threads and are reused.
constexpr size_t kBatchRows = 256;
constexpr size_t kBatchesInFlight = 4;

struct FactRow {
  int64_t seq = 0;
  int64_t ordinal = 0;
  std::string fund;
  std::string currency;
  bool amount_is_integer = false;  // type-exact: text or real never matches
  int64_t amount_minor = 0;
  std::string business_date;
};

struct Row {
  int64_t seq = 0;
  Hash32 hash{};  // all zero if the column is not 32 bytes: a hash mismatch
  Hash32 computed{};  // HashEntryBytes(canonical), computed by the reader thread
  bool prev_column_ok = false;
  Hash32 prev_column{};
  std::string canonical;
  std::string kind;
  std::vector<FactRow> facts;  // fact rows up to this seq not taken by earlier rows
};

struct Batch {
  std::vector<Row> rows = std::vector<Row>(kBatchRows);
  size_t count = 0;
  std::vector<FactRow> tail_facts;  // fact rows after the last entry (last batch)
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
  std::string_view Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  std::string_view Text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void CopyHash(std::string_view bytes, Hash32* out, bool* ok) {
  *ok = bytes.size() == 32;
  if (*ok) std::memcpy(out->data(), bytes.data(), 32);
  else out->fill(0);
}

void ReadFactRow(const RawStatement& q, FactRow* f) {
  f->seq = q.Int(0);
  f->ordinal = q.Int(1);
  f->fund.assign(q.Text(2));
  f->currency.assign(q.Text(3));
  f->amount_is_integer = q.IsInteger(4);
  f->amount_minor = q.Int(4);
  f->business_date.assign(q.Text(5));
}

// Streams rows and facts (merge-joined by seq) from one snapshot.
class RowReader {
 public:
  RowReader(SQLite::Database& db, BoundedQueue<std::unique_ptr<Batch>>* full,
            BoundedQueue<std::unique_ptr<Batch>>* empty)
      : db_(db), full_(full), empty_(empty) {}

  void Run() {
    try {
      RawStatement rows(db_.getHandle(),
                        "SELECT seq, hash, prev_hash, canonical, kind FROM entries ORDER BY seq");
      RawStatement facts(db_.getHandle(),
                         "SELECT seq, ordinal, fund, currency, amount_minor, business_date "
                         "FROM entry_facts ORDER BY seq, ordinal");
      bool have_fact = facts.Step();
      bool more = true;
      while (more) {
        auto batch = empty_->Pop();
        if (!batch) return;  // the checker stopped
        Batch& b = **batch;
        b.count = 0;
        b.tail_facts.clear();
        while (b.count < kBatchRows && (more = rows.Step())) {
          Row& r = b.rows[b.count++];
          r.seq = rows.Int(0);
          bool hash_ok = false;
          CopyHash(rows.Blob(1), &r.hash, &hash_ok);
          CopyHash(rows.Blob(2), &r.prev_column, &r.prev_column_ok);
          r.canonical.assign(rows.Blob(3));
          r.computed = HashEntryBytes(r.canonical);
          r.kind.assign(rows.Text(4));
          size_t nfacts = 0;
          while (have_fact && facts.Int(0) <= r.seq) {
            if (r.facts.size() <= nfacts) r.facts.emplace_back();
            ReadFactRow(facts, &r.facts[nfacts++]);
            have_fact = facts.Step();
          }
          r.facts.resize(nfacts);
        }
        if (!more) {
          while (have_fact) {
            b.tail_facts.emplace_back();
            ReadFactRow(facts, &b.tail_facts.back());
            have_fact = facts.Step();
          }
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
};

bool FactMatches(const FactRow& row, const Fact& f) {
  return row.seq == f.seq && row.ordinal == f.ordinal && row.fund == f.fund &&
         row.currency == f.currency && row.amount_is_integer &&
         row.amount_minor == f.amount_minor && row.business_date == f.business_date;
}

}  // namespace

VerifyReport VerifyDatabase(const std::string& path) {
  VerifyReport report;
  ChainVerifier chain;
  auto fail = [&](VerifyError e, int64_t seq, std::string detail) {
    chain.Fail(e, seq, std::move(detail));
    report.failure = chain.failure();
    report.size = chain.size();
    return report;
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

  BoundedQueue<std::unique_ptr<Batch>> full(kBatchesInFlight);
  BoundedQueue<std::unique_ptr<Batch>> empty(kBatchesInFlight);
  for (size_t i = 0; i < kBatchesInFlight; ++i) empty.Push(std::make_unique<Batch>());
  RowReader row_reader(**db, &full, &empty);
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

  std::vector<Fact> wanted;
  std::vector<FactRow> tail;
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
      if (!chain.Add(r.seq, r.canonical, r.hash, r.computed)) {
        report.failure = chain.failure();
        report.size = chain.size();
        return report;
      }
      const EntryFields& f = chain.fields();
      if (r.kind != f.kind) {
        return fail(VerifyError::kDerivedMismatch, r.seq, "kind column differs from the hashed bytes");
      }
      if (!r.prev_column_ok || r.prev_column != f.prev) {
        return fail(VerifyError::kDerivedMismatch, r.seq,
                    "prev_hash column differs from the hashed bytes");
      }
      DeriveFacts(chain.doc(), f, &wanted);
      for (const FactRow& got : r.facts) {
        if (got.seq < r.seq) {
          return fail(VerifyError::kIndexMismatch, got.seq, "a fact row no entry accounts for");
        }
      }
      if (r.facts.size() != wanted.size()) {
        return fail(VerifyError::kIndexMismatch, r.seq,
                    r.facts.size() < wanted.size() ? "a fact row is missing"
                                                   : "a fact row no entry accounts for");
      }
      for (size_t k = 0; k < wanted.size(); ++k) {
        if (!FactMatches(r.facts[k], wanted[k])) {
          return fail(VerifyError::kIndexMismatch, r.seq,
                      "a fact row differs from the hashed bytes");
        }
      }
    }
    ended = batch->last;
    if (ended) tail = std::move(batch->tail_facts);
    empty.Push(std::move(batch));
  }
  if (!chain.Finish()) {
    report.failure = chain.failure();
    return report;
  }
  if (!tail.empty()) {
    return fail(VerifyError::kIndexMismatch, tail.front().seq, "a fact row beyond the last entry");
  }
  if (head->size != chain.size()) {
    const int64_t seq = std::min(head->size, chain.size()) + 1;
    return fail(VerifyError::kHeadMismatch, seq,
                head->size > chain.size()
                    ? "the head records " + std::to_string(head->size) + " entries, only " +
                          std::to_string(chain.size()) + " are stored (truncated)"
                    : "entries beyond the recorded head (size " + std::to_string(head->size) +
                          ")");
  }
  if (head->hash != chain.head_hash()) {
    return fail(VerifyError::kHeadMismatch, chain.size(),
                "the head hash differs from the last entry's hash");
  }
  report.ok = true;
  report.size = chain.size();
  report.head_hash = chain.head_hash();
  report.ledger_id = chain.genesis().ledger_id;
  return report;
}

}  // namespace aidledger
