#include "ledger/store/sqlite_ledger_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ledger/base/canonical_json.h"
#include "ledger/chain/facts.h"
#include "ledger/store/head_row.h"
#include "ledger/store/merkle_store.h"
#include "ledger/store/schema.h"
#include "ledger/store/sqlite_side_records.h"
#include "ledger/store/sqlite_util.h"

namespace aidledger {

SqliteLedgerStore::SqliteLedgerStore(std::string path, std::unique_ptr<SQLite::Database> db,
                                     Clock* clock)
    : path_(std::move(path)),
      db_(std::move(db)),
      side_writer_(std::make_unique<SqliteSideWriter>(*db_)),
      clock_(clock) {
  if (clock_ == nullptr) {
    own_clock_ = std::make_unique<SystemClock>();
    clock_ = own_clock_.get();
  }
}

SqliteLedgerStore::~SqliteLedgerStore() = default;

Result<int> SqliteLedgerStore::SynchronousLevel() {
  std::lock_guard lock(mu_);
  try {
    return db_->execAndGet("PRAGMA synchronous").getInt();
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the writer's settings", db_.get());
  }
}

Result<std::unique_ptr<SideReader>> SqliteLedgerStore::OpenSideReader() const {
  auto reader = SqliteSideReader::Open(path_);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<SideReader>(std::move(reader).value());
}

Status SqliteLedgerStore::PrepareStatements() {
  try {
    insert_entry_ = std::make_unique<SQLite::Statement>(
        *db_,
        "INSERT INTO entries (seq, hash, prev_hash, canonical, kind, merkle, fund, currency, "
        "amount_minor, business_date, nature, counter_fund) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    read_head_ = std::make_unique<SQLite::Statement>(*db_, std::string(kReadHeadSql));
    begin_ = std::make_unique<SQLite::Statement>(*db_, "BEGIN IMMEDIATE");
    commit_ = std::make_unique<SQLite::Statement>(*db_, "COMMIT");
    rollback_ = std::make_unique<SQLite::Statement>(*db_, "ROLLBACK");
    savepoint_ = std::make_unique<SQLite::Statement>(*db_, "SAVEPOINT group_item");
    rollback_to_savepoint_ = std::make_unique<SQLite::Statement>(*db_, "ROLLBACK TO group_item");
    release_savepoint_ = std::make_unique<SQLite::Statement>(*db_, "RELEASE group_item");
    last_seq_ =
        std::make_unique<SQLite::Statement>(*db_, "SELECT COALESCE(MAX(seq), 0) FROM entries");
    update_head_ = std::make_unique<SQLite::Statement>(
        *db_, "UPDATE head SET size = ?, hash = ?, recorded_at = ? WHERE one = 1");
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "prepare statements");
  }
}

Status SqliteLedgerStore::LoadGenesis() {
  try {
    SQLite::Statement q(*db_, "SELECT canonical FROM entries WHERE seq = 1");
    if (!q.executeStep()) return Corrupt("the ledger has no genesis entry");
    const SQLite::Column c = q.getColumn(0);
    auto entry = DecodeEntry(
        std::string_view(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes())));
    if (!entry.ok())
      return Corrupt("the genesis entry does not decode: " + entry.status().message());
    Status s = CheckGenesis(*entry, &genesis_);
    if (!s.ok()) return Corrupt("bad genesis entry: " + s.ToString());
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "read genesis");
  }
}

Result<std::unique_ptr<LedgerStore>> SqliteLedgerStore::Create(const std::string& path,
                                                               const GenesisParams& params,
                                                               Clock* clock) {
  AIDLEDGER_RETURN_IF_ERROR(ValidateGenesisParams(params));
  // O_EXCL: never adopt a file someone else made; 0600: the owner only.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status(ErrorCode::kAlreadyExists, "a file already exists at " + path);
    }
    return IoError("create " + path + ": " + std::strerror(errno));
  }
  ::close(fd);

  // 2 KiB pages: a one-entry commit writes four or five pages (entry, fact,
  // fact index, head) to the WAL before its fsync; smaller pages make that
  // cheaper (about +8% durable appends per second, measured by bench/).
  auto db = OpenDatabase(path, DbOptions{.read_only = false, .create = false, .page_size = 2048});
  if (!db.ok()) return db.status();
  AIDLEDGER_RETURN_IF_ERROR(MigrateToLatest(**db));
  std::unique_ptr<SqliteLedgerStore> store(
      new SqliteLedgerStore(path, std::move(db).value(), clock));
  AIDLEDGER_RETURN_IF_ERROR(store->PrepareStatements());

  Entry genesis = MakeGenesisEntry(params, store->clock_->Now());
  const std::string canonical = EncodeEntry(genesis);
  const Hash32 hash = HashEntryBytes(canonical);
  try {
    SQLite::Transaction tx(*store->db_, SQLite::TransactionBehavior::IMMEDIATE);
    MerkleFrontier frontier;
    std::string nodes;
    frontier.Append(MerkleLeafHash(hash),
                    [&](const MerkleFrontier::Node& n) { nodes.append(AsBytes(n.hash)); });
    SQLite::Statement& ins = *store->insert_entry_;
    ins.bind(1, genesis.seq);
    ins.bind(2, hash.data(), 32);
    ins.bind(3, genesis.prev.data(), 32);
    ins.bind(4, canonical.data(), static_cast<int>(canonical.size()));
    ins.bind(5, genesis.kind);
    ins.bind(6, nodes.data(), static_cast<int>(nodes.size()));
    for (int col = 7; col <= 10; ++col) ins.bind(col);  // the genesis entry has no fact
    ins.exec();
    ins.reset();
    store->frontier_ = frontier;
    SQLite::Statement head(*store->db_,
                           "INSERT INTO head (one, size, hash, recorded_at) VALUES (1, 1, ?, ?)");
    head.bind(1, hash.data(), 32);
    head.bind(2, FormatTimestamp(genesis.recorded_at));
    head.exec();
    SQLite::Statement meta(*store->db_, "INSERT INTO meta (key, value) VALUES (?, ?)");
    for (const auto& [k, v] : {std::pair<std::string, std::string>{"ledger_id", params.ledger_id},
                               {"facts_version", std::to_string(kFactsVersion)}}) {
      meta.bind(1, k);
      meta.bind(2, v);
      meta.exec();
      meta.reset();
    }
    tx.commit();
  } catch (const std::exception& e) {
    return StatusFromException(e, "write genesis");
  }
  store->genesis_ = params;
  return std::unique_ptr<LedgerStore>(std::move(store));
}

Result<std::unique_ptr<LedgerStore>> SqliteLedgerStore::Open(const std::string& path, Clock* clock,
                                                             const StoreOptions& options) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status(ErrorCode::kNotFound, "no ledger at " + path + " (run: aidledger init)");
  }
  auto db = OpenDatabase(path, DbOptions{.read_only = false, .create = false});
  if (!db.ok()) return db.status();
  AIDLEDGER_RETURN_IF_ERROR(MigrateToLatest(**db));
  std::unique_ptr<SqliteLedgerStore> store(
      new SqliteLedgerStore(path, std::move(db).value(), clock));
  store->options_ = options;
  if (!options.sync_commits) {
    try {
      store->db_->exec("PRAGMA synchronous=OFF");
    } catch (const std::exception& e) {
      return StatusFromException(e, "open " + path);
    }
  }
  AIDLEDGER_RETURN_IF_ERROR(store->LoadGenesis());
  AIDLEDGER_RETURN_IF_ERROR(store->PrepareStatements());
  auto head = ReadHead(*store->db_);
  if (!head.ok()) return head.status();
  AIDLEDGER_RETURN_IF_ERROR(store->SyncFrontier(head->size));
  return std::unique_ptr<LedgerStore>(std::move(store));
}

Result<Head> SqliteLedgerStore::GetHead() {
  std::lock_guard lock(mu_);
  return ReadHead(*db_);
}

Result<std::vector<AppendedEntry>> SqliteLedgerStore::AppendBatch(
    const std::vector<EntryDraft>& drafts, std::optional<int64_t> expected_size) {
  // The caller's drafts are appended in place: no copy on the hot path.
  return AppendInTransaction([&](int64_t size) -> Result<const std::vector<EntryDraft>*> {
    if (expected_size && *expected_size != size) {
      return LedgerMovedOn(size, *expected_size);
    }
    return &drafts;
  });
}

Result<std::vector<AppendedEntry>> SqliteLedgerStore::AppendChecked(
    const std::function<Result<std::vector<EntryDraft>>(int64_t head_size)>& make,
    const SideWrite& also) {
  std::vector<EntryDraft> made;
  return AppendInTransaction(
      [&](int64_t size) -> Result<const std::vector<EntryDraft>*> {
        auto drafts = make(size);
        if (!drafts.ok()) return drafts.status();
        made = std::move(drafts).value();
        return &made;
      },
      also);
}

Result<Head> SqliteLedgerStore::ReadHeadToExtend() {
  auto head = ReadHead(*read_head_);
  if (!head.ok()) return head.status();
  // The head row and the entries must agree before we extend them.
  SQLite::Statement& last = *last_seq_;
  if (!last.executeStep()) return Corrupt("cannot read the last entry");
  const int64_t max_seq = last.getColumn(0).getInt64();
  last.reset();
  if (max_seq != head->size) {
    return Corrupt("the stored head (size " + std::to_string(head->size) +
                   ") disagrees with the entries (last " + std::to_string(max_seq) +
                   "); run aidledger verify");
  }
  return head;
}

void SqliteLedgerStore::WriteHead(const Head& h) {
  SQLite::Statement& up = *update_head_;
  up.bind(1, h.size);
  up.bind(2, h.hash.data(), 32);
  up.bind(3, FormatTimestamp(h.recorded_at));
  up.exec();
  up.reset();
}

void SqliteLedgerStore::ResetStatements() {
  for (auto* st : {insert_entry_.get(), update_head_.get(), last_seq_.get(), read_head_.get(),
                   savepoint_.get(), rollback_to_savepoint_.get(), release_savepoint_.get()}) {
    try {
      st->reset();
      st->clearBindings();
    } catch (const std::exception&) {
      // reset() rethrows the statement's last error; it is already reported.
    }
  }
}

Result<AppendedEntry> SqliteLedgerStore::InsertDraft(const EntryDraft& draft, MicrosSinceEpoch now,
                                                     Head* h, MerkleFrontier* frontier) {
  const int64_t seq = h->size + 1;
  AIDLEDGER_RETURN_IF_ERROR(builder_.Build(draft, seq, now, h->hash));
  const std::string& canonical = builder_.canonical();
  const Hash32& hash = builder_.hash();
  std::string& nodes = scratch_nodes_;
  nodes.clear();
  if (options_.maintain_merkle) {
    frontier->Append(MerkleLeafHash(hash),
                     [&](const MerkleFrontier::Node& n) { nodes.append(AsBytes(n.hash)); });
  } else {
    nodes.assign(32, '\0');  // bench only: a placeholder verify refuses
  }
  SQLite::Statement& ins = *insert_entry_;
  ins.bind(1, seq);
  ins.bind(2, hash.data(), 32);
  ins.bind(3, h->hash.data(), 32);
  ins.bind(4, canonical.data(), static_cast<int>(canonical.size()));
  ins.bind(5, draft.kind);
  ins.bind(6, nodes.data(), static_cast<int>(nodes.size()));
  if (const std::optional<Fact>& f = builder_.fact()) {
    ins.bind(7, std::string(f->fund));  // text, not blob: the columns are STRICT TEXT
    ins.bind(8, std::string(f->currency));
    ins.bind(9, f->amount_minor);
    ins.bind(10, std::string(f->business_date));
    ins.bind(11, std::string(f->nature));
    if (f->counter_fund.empty()) {
      ins.bind(12);
    } else {
      ins.bind(12, std::string(f->counter_fund));
    }
  } else {
    for (int col = 7; col <= 12; ++col) ins.bind(col);  // NULL
  }
  ins.exec();
  ins.reset();
  h->size = seq;
  h->hash = hash;
  h->recorded_at = now;
  return AppendedEntry{seq, hash, now};
}

namespace {
// Runs a prepared statement that returns no rows, ready for the next run.
void Run(SQLite::Statement& st) {
  st.exec();
  st.reset();
}

// BEGIN IMMEDIATE through a prepared statement, rolled back on destruction
// unless committed: SQLite::Transaction's, but without parsing its SQL on
// every write. Throws what SQLiteCpp throws.
class PreparedTransaction {
 public:
  PreparedTransaction(SQLite::Statement& begin, SQLite::Statement& commit,
                      SQLite::Statement& rollback)
      : commit_(commit), rollback_(rollback) {
    begin.tryReset();
    Run(begin);
  }
  PreparedTransaction(const PreparedTransaction&) = delete;
  PreparedTransaction& operator=(const PreparedTransaction&) = delete;
  ~PreparedTransaction() {
    if (committed_) return;
    rollback_.tryReset();
    rollback_.tryExecuteStep();  // fails only if nothing is open: nothing to undo
    rollback_.tryReset();
  }
  void Commit() {
    commit_.tryReset();
    Run(commit_);
    committed_ = true;
  }

 private:
  SQLite::Statement& commit_;
  SQLite::Statement& rollback_;
  bool committed_ = false;
};
}  // namespace

Status SqliteLedgerStore::AppendGroup(size_t count, const GroupDraft& draft,
                                      const GroupInserted& inserted,
                                      std::vector<Result<AppendedEntry>>* results) {
  std::lock_guard lock(mu_);
  results->assign(count, Status(ErrorCode::kInternal, "not attempted"));
  try {
    PreparedTransaction tx(*begin_, *commit_, *rollback_);
    auto head = ReadHeadToExtend();
    if (!head.ok()) return head.status();
    if (options_.maintain_merkle) AIDLEDGER_RETURN_IF_ERROR(SyncFrontier(head->size));
    MerkleFrontier frontier = frontier_;  // adopted only if the commit succeeds
    Head h = *head;
    const MicrosSinceEpoch now = std::max(clock_->Now(), h.recorded_at);
    size_t appended = 0;
    for (size_t i = 0; i < count; ++i) {
      auto d = draft(i, h.size);
      if (!d.ok()) {
        (*results)[i] = d.status();
        continue;
      }
      if (Status valid = ValidateDraft(*d); !valid.ok()) {
        (*results)[i] = valid;
        continue;
      }
      // Each draft under its own savepoint: a side write that refuses undoes
      // that draft alone.
      Run(*savepoint_);
      const Head before = h;
      const MerkleFrontier frontier_before = frontier;
      Status failed;
      try {
        auto entry = InsertDraft(*d, now, &h, &frontier);
        if (!entry.ok()) {
          failed = entry.status();
        } else {
          failed = inserted ? inserted(i, *side_writer_, *entry) : Status::Ok();
          if (failed.ok()) (*results)[i] = *entry;
        }
      } catch (const std::exception& e) {
        failed = StatusFromException(e, "append", db_.get());
        ResetStatements();
      }
      if (!failed.ok()) {
        Run(*rollback_to_savepoint_);
        h = before;
        frontier = frontier_before;
        (*results)[i] = failed;
      } else {
        ++appended;
      }
      Run(*release_savepoint_);
    }
    if (appended == 0) return Status::Ok();  // nothing to commit; the transaction rolls back
    WriteHead(h);
    tx.Commit();
    frontier_ = std::move(frontier);
    return Status::Ok();
  } catch (const std::exception& e) {
    Status failed = StatusFromException(e, "append", db_.get());
    ResetStatements();
    return failed;
  }
}

Result<std::vector<AppendedEntry>> SqliteLedgerStore::AppendInTransaction(
    const std::function<Result<const std::vector<EntryDraft>*>(int64_t head_size)>& make,
    const SideWrite& also) {
  std::lock_guard lock(mu_);
  std::vector<AppendedEntry> out;
  try {
    PreparedTransaction tx(*begin_, *commit_, *rollback_);
    auto head = ReadHeadToExtend();
    if (!head.ok()) return head.status();
    // No other writer can append until this transaction ends, so what `make`
    // decides against a ledger of head->size entries stays true.
    auto made = make(head->size);
    if (!made.ok()) return made.status();
    const std::vector<EntryDraft>& drafts = **made;
    if (drafts.empty()) return InvalidArgument("nothing to append");
    for (const auto& d : drafts) AIDLEDGER_RETURN_IF_ERROR(ValidateDraft(d));
    out.reserve(drafts.size());
    if (options_.maintain_merkle) AIDLEDGER_RETURN_IF_ERROR(SyncFrontier(head->size));
    MerkleFrontier frontier = frontier_;  // adopted only if the commit succeeds
    Head h = *head;
    const MicrosSinceEpoch now = std::max(clock_->Now(), h.recorded_at);
    for (const auto& draft : drafts) {
      auto appended = InsertDraft(draft, now, &h, &frontier);
      if (!appended.ok()) return appended.status();
      out.push_back(*appended);
    }
    WriteHead(h);
    if (also) AIDLEDGER_RETURN_IF_ERROR(also(*side_writer_, out));
    tx.Commit();
    frontier_ = std::move(frontier);
  } catch (const std::exception& e) {
    // The Transaction's destructor has rolled back; statements may hold
    // bindings from the failed attempt, so clear them for the next call.
    Status failed = StatusFromException(e, "append", db_.get());
    ResetStatements();
    return failed;
  }
  return out;
}

Status SqliteLedgerStore::SyncFrontier(int64_t size) {
  if (frontier_.size() == static_cast<uint64_t>(size)) return Status::Ok();
  try {
    SqliteMerkleNodes nodes(*db_);
    auto loaded = MerkleFrontier::Load(nodes, static_cast<uint64_t>(size));
    if (!loaded.ok()) return loaded.status();
    frontier_ = std::move(loaded).value();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StatusFromException(e, "load the Merkle tree");
  }
}

Result<std::optional<LastCheckpoint>> SqliteLedgerStore::ReadLastCheckpoint() {
  SQLite::Statement last(*db_, "SELECT size, time FROM checkpoints ORDER BY id DESC LIMIT 1");
  if (!last.executeStep()) return std::optional<LastCheckpoint>();
  auto t = ParseTimestamp(last.getColumn(1).getString());
  if (!t) return Corrupt("a stored checkpoint time is malformed");
  return std::optional<LastCheckpoint>(LastCheckpoint{last.getColumn(0).getInt64(), *t});
}

Result<SignedCheckpoint> SqliteLedgerStore::MakeCheckpoint(const SigningKey& key) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    auto head = ReadHead(*read_head_);
    if (!head.ok()) return head.status();
    AIDLEDGER_RETURN_IF_ERROR(SyncFrontier(head->size));
    auto last_cp = ReadLastCheckpoint();
    if (!last_cp.ok()) return last_cp.status();
    const MicrosSinceEpoch time = CheckpointTime(clock_->Now(), *head, *last_cp);
    Checkpoint cp;
    cp.origin = CheckpointOrigin(genesis_.ledger_id);
    cp.size = static_cast<uint64_t>(head->size);
    cp.root = frontier_.Root();
    cp.head_hash = head->hash;
    cp.time = time;
    SignedCheckpoint signed_cp = SignCheckpoint(cp, key);
    const PublicKey& pub = key.public_key();
    // A key is recorded once (the table refuses a second insert of it).
    SQLite::Statement known(*db_, "SELECT vkey FROM signing_keys WHERE key_id = ?");
    known.bind(1, pub.KeyId());
    if (!known.executeStep()) {
      SQLite::Statement add_key(
          *db_, "INSERT INTO signing_keys (key_id, vkey, added_at) VALUES (?, ?, ?)");
      add_key.bind(1, pub.KeyId());
      add_key.bind(2, pub.Vkey());
      add_key.bind(3, FormatTimestamp(time));
      add_key.exec();
    } else if (known.getColumn(0).getString() != pub.Vkey()) {
      return Corrupt("a stored signing key has this key's id but another public key");
    }
    SQLite::Statement insert(*db_,
                             "INSERT INTO checkpoints (size, root, head_hash, time, key_id, note) "
                             "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, head->size);
    insert.bind(2, cp.root.data(), 32);
    insert.bind(3, cp.head_hash.data(), 32);
    insert.bind(4, FormatTimestamp(time));
    insert.bind(5, pub.KeyId());
    insert.bind(6, signed_cp.note);
    insert.exec();
    tx.commit();
    return signed_cp;
  } catch (const std::exception& e) {
    return StatusFromException(e, "make a checkpoint", db_.get());
  }
}

Result<std::optional<SignedCheckpoint>> SqliteLedgerStore::MaybeCheckpoint(
    const SigningKey& key, const CheckpointPolicy& policy) {
  if (policy.every_entries <= 0 && policy.every_micros <= 0 && policy.after_kinds.empty()) {
    return std::optional<SignedCheckpoint>();
  }
  bool due = false;
  try {
    std::lock_guard lock(mu_);
    auto head = ReadHead(*read_head_);
    if (!head.ok()) return head.status();
    auto last_cp = ReadLastCheckpoint();
    if (!last_cp.ok()) return last_cp.status();
    const int64_t last_size = *last_cp ? (*last_cp)->size : 0;
    due = CheckpointDueByCountOrTime(policy, head->size, *last_cp, clock_->Now());
    if (!due && !policy.after_kinds.empty()) {
      // Only the entries not looked at before: each call costs what arrived
      // since the last one, not since the last checkpoint.
      if (kinds_scan_.checkpoint_size != last_size)
        kinds_scan_ = KindsScan{last_size, last_size, false};
      SQLite::Statement kinds(*db_, "SELECT seq, kind FROM entries WHERE seq > ? ORDER BY seq");
      kinds.bind(1, kinds_scan_.through);
      while (!kinds_scan_.seen && kinds.executeStep()) {
        kinds_scan_.through = kinds.getColumn(0).getInt64();
        const std::string kind = kinds.getColumn(1).getString();
        kinds_scan_.seen = std::find(policy.after_kinds.begin(), policy.after_kinds.end(), kind) !=
                           policy.after_kinds.end();
      }
      due = kinds_scan_.seen;
    }
  } catch (const std::exception& e) {
    return StatusFromException(e, "read the last checkpoint");
  }
  if (!due) return std::optional<SignedCheckpoint>();
  auto cp = MakeCheckpoint(key);
  if (!cp.ok()) return cp.status();
  return std::optional<SignedCheckpoint>(std::move(cp).value());
}

}  // namespace aidledger
