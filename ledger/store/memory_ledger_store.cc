#include "ledger/store/memory_ledger_store.h"

#include <algorithm>
#include <shared_mutex>

#include "ledger/chain/checkpoint.h"
#include "ledger/chain/facts.h"
#include "ledger/store/memory_side_records.h"

namespace aidledger {

// One write transaction: entries, Merkle nodes and side records staged,
// then published together under the ledger's lock, or dropped. Runs with
// the ledger's writer lock held, so nothing else extends the chain.
class MemoryLedgerStore::Transaction {
 public:
  explicit Transaction(MemoryLedgerStore& store)
      : store_(store), side_(*store.ledger_), frontier_(store.frontier_) {
    std::shared_lock lock(store.ledger_->mu);
    head_ = store.ledger_->HeadLocked();
  }

  const Head& head() const { return head_; }
  SideWriter& side() { return side_; }

  Result<AppendedEntry> Insert(const EntryDraft& draft, MicrosSinceEpoch now) {
    const int64_t seq = head_.size + 1;
    EntryBuilder& b = store_.builder_;
    AIDLEDGER_RETURN_IF_ERROR(b.Build(draft, seq, now, head_.hash));
    MemoryEntry e{b.hash(), b.canonical(), now, draft.kind, b.fact().has_value(), "", "", ""};
    if (const std::optional<Fact>& f = b.fact()) {
      e.fund = f->fund;
      e.counter_fund = f->counter_fund;
      e.business_date = f->business_date;
    }
    frontier_.Append(MerkleLeafHash(e.hash),
                     [&](const MerkleFrontier::Node& n) { nodes_.push_back(n); });
    entries_.push_back(std::move(e));
    head_ = Head{seq, b.hash(), now};
    return AppendedEntry{seq, head_.hash, now};
  }

  // What is staged, to return to.
  struct Mark {
    size_t entries;
    size_t nodes;
    Head head;
    MerkleFrontier frontier;
    MemorySideWriter::Mark side;
  };
  Mark Save() const { return Mark{entries_.size(), nodes_.size(), head_, frontier_, side_.Save()}; }
  void RollbackTo(Mark mark) {
    entries_.resize(mark.entries);
    nodes_.resize(mark.nodes);
    head_ = mark.head;
    frontier_ = std::move(mark.frontier);
    side_.RollbackTo(std::move(mark.side));
  }

  Status Commit() {
    MemoryLedger& ledger = *store_.ledger_;
    std::unique_lock lock(ledger.mu);
    // Checked before anything is published: a commit is all or nothing.
    std::vector<size_t> level_sizes;
    for (const auto& level : ledger.merkle) level_sizes.push_back(level.size());
    for (const MerkleFrontier::Node& n : nodes_) {
      const auto l = static_cast<size_t>(n.level);
      if (l >= level_sizes.size()) level_sizes.resize(l + 1, 0);
      if (n.index != level_sizes[l]++) return Corrupt("the Merkle tree is out of step");
    }
    for (const MerkleFrontier::Node& n : nodes_) {
      const auto l = static_cast<size_t>(n.level);
      if (l >= ledger.merkle.size()) ledger.merkle.resize(l + 1);
      ledger.merkle[l].push_back(n.hash);
    }
    for (MemoryEntry& e : entries_) ledger.entries.push_back(std::move(e));
    side_.PublishLocked();
    ++ledger.version;
    store_.frontier_ = std::move(frontier_);
    return Status::Ok();
  }

 private:
  MemoryLedgerStore& store_;
  MemorySideWriter side_;
  Head head_;
  MerkleFrontier frontier_;
  std::vector<MemoryEntry> entries_;
  std::vector<MerkleFrontier::Node> nodes_;
};

MemoryLedgerStore::MemoryLedgerStore(std::string name, std::shared_ptr<MemoryLedger> ledger,
                                     Clock* clock)
    : address_("memory:" + std::move(name)), ledger_(std::move(ledger)), clock_(clock) {
  if (clock_ == nullptr) {
    own_clock_ = std::make_unique<SystemClock>();
    clock_ = own_clock_.get();
  }
}

MemoryLedgerStore::~MemoryLedgerStore() = default;

Result<std::unique_ptr<LedgerStore>> MemoryLedgerStore::Create(const std::string& name,
                                                               const GenesisParams& params,
                                                               Clock* clock) {
  AIDLEDGER_RETURN_IF_ERROR(ValidateGenesisParams(params));
  auto ledger = MemoryLedger::Create(name);
  if (!ledger.ok()) return ledger.status();
  std::unique_ptr<MemoryLedgerStore> store(new MemoryLedgerStore(name, *ledger, clock));
  const Entry genesis = MakeGenesisEntry(params, store->clock_->Now());
  MemoryEntry e{{}, EncodeEntry(genesis), genesis.recorded_at, genesis.kind, false, "", "", ""};
  e.hash = HashEntryBytes(e.canonical);
  {
    std::lock_guard writer((*ledger)->writer);
    std::unique_lock lock((*ledger)->mu);
    store->frontier_.Append(MerkleLeafHash(e.hash), [&](const MerkleFrontier::Node& n) {
      if ((*ledger)->merkle.size() <= static_cast<size_t>(n.level)) {
        (*ledger)->merkle.resize(static_cast<size_t>(n.level) + 1);
      }
      (*ledger)->merkle[static_cast<size_t>(n.level)].push_back(n.hash);
    });
    (*ledger)->entries.push_back(std::move(e));
    ++(*ledger)->version;
  }
  store->genesis_ = params;
  return std::unique_ptr<LedgerStore>(std::move(store));
}

Result<std::unique_ptr<LedgerStore>> MemoryLedgerStore::Open(const std::string& name,
                                                             Clock* clock) {
  auto ledger = MemoryLedger::Find(name);
  if (!ledger.ok()) return ledger.status();
  std::unique_ptr<MemoryLedgerStore> store(new MemoryLedgerStore(name, *ledger, clock));
  std::string genesis_bytes;
  {
    std::shared_lock lock((*ledger)->mu);
    if ((*ledger)->entries.empty()) return Corrupt("the ledger has no genesis entry");
    genesis_bytes = (*ledger)->entries.front().canonical;
  }
  auto entry = DecodeEntry(genesis_bytes);
  if (!entry.ok()) return Corrupt("the genesis entry does not decode: " + entry.status().message());
  if (Status s = CheckGenesis(*entry, &store->genesis_); !s.ok()) {
    return Corrupt("bad genesis entry: " + s.ToString());
  }
  std::lock_guard writer((*ledger)->writer);
  AIDLEDGER_RETURN_IF_ERROR(store->SyncFrontier());
  return std::unique_ptr<LedgerStore>(std::move(store));
}

Result<Head> MemoryLedgerStore::GetHead() {
  std::shared_lock lock(ledger_->mu);
  return ledger_->HeadLocked();
}

Status MemoryLedgerStore::SyncFrontier() {
  std::shared_lock lock(ledger_->mu);
  const auto size = static_cast<uint64_t>(ledger_->entries.size());
  if (frontier_.size() == size) return Status::Ok();
  MemoryMerkleNodes nodes(*ledger_);
  auto loaded = MerkleFrontier::Load(nodes, size);
  if (!loaded.ok()) return loaded.status();
  frontier_ = std::move(loaded).value();
  return Status::Ok();
}

Result<std::vector<AppendedEntry>> MemoryLedgerStore::AppendBatch(
    const std::vector<EntryDraft>& drafts, std::optional<int64_t> expected_size) {
  return AppendChecked([&](int64_t size) -> Result<std::vector<EntryDraft>> {
    if (expected_size && *expected_size != size) {
      return LedgerMovedOn(size, *expected_size);
    }
    return drafts;
  });
}

Result<std::vector<AppendedEntry>> MemoryLedgerStore::AppendChecked(
    const std::function<Result<std::vector<EntryDraft>>(int64_t head_size)>& make,
    const SideWrite& also) {
  std::lock_guard writer(ledger_->writer);
  try {
    AIDLEDGER_RETURN_IF_ERROR(SyncFrontier());
    Transaction synced(*this);
    auto drafts = make(synced.head().size);
    if (!drafts.ok()) return drafts.status();
    if (drafts->empty()) return InvalidArgument("nothing to append");
    for (const auto& d : *drafts) AIDLEDGER_RETURN_IF_ERROR(ValidateDraft(d));
    const MicrosSinceEpoch now = std::max(clock_->Now(), synced.head().recorded_at);
    std::vector<AppendedEntry> out;
    out.reserve(drafts->size());
    for (const auto& d : *drafts) {
      auto appended = synced.Insert(d, now);
      if (!appended.ok()) return appended.status();
      out.push_back(*appended);
    }
    if (also) AIDLEDGER_RETURN_IF_ERROR(also(synced.side(), out));
    AIDLEDGER_RETURN_IF_ERROR(synced.Commit());
    return out;
  } catch (const std::exception& e) {
    // A side write that throws rolls everything back, as the contract says.
    return Status(ErrorCode::kInternal, std::string("append: ") + e.what());
  }
}

Status MemoryLedgerStore::AppendGroup(size_t count, const GroupDraft& draft,
                                      const GroupInserted& inserted,
                                      std::vector<Result<AppendedEntry>>* results) {
  std::lock_guard writer(ledger_->writer);
  results->assign(count, Status(ErrorCode::kInternal, "not attempted"));
  AIDLEDGER_RETURN_IF_ERROR(SyncFrontier());
  Transaction tx(*this);
  const MicrosSinceEpoch now = std::max(clock_->Now(), tx.head().recorded_at);
  size_t appended = 0;
  for (size_t i = 0; i < count; ++i) {
    auto d = draft(i, tx.head().size);
    if (!d.ok()) {
      (*results)[i] = d.status();
      continue;
    }
    if (Status valid = ValidateDraft(*d); !valid.ok()) {
      (*results)[i] = valid;
      continue;
    }
    // Each draft from its own savepoint: a side write that refuses undoes
    // that draft alone.
    Transaction::Mark mark = tx.Save();
    Status failed;
    try {
      auto entry = tx.Insert(*d, now);
      if (!entry.ok()) {
        failed = entry.status();
      } else {
        failed = inserted ? inserted(i, tx.side(), *entry) : Status::Ok();
        if (failed.ok()) (*results)[i] = *entry;
      }
    } catch (const std::exception& e) {
      failed = Status(ErrorCode::kInternal, std::string("append: ") + e.what());
    }
    if (!failed.ok()) {
      tx.RollbackTo(std::move(mark));
      (*results)[i] = failed;
    } else {
      ++appended;
    }
  }
  if (appended == 0) return Status::Ok();
  return tx.Commit();
}

Result<SignedCheckpoint> MemoryLedgerStore::MakeCheckpoint(const SigningKey& key) {
  std::lock_guard writer(ledger_->writer);
  return MakeCheckpointLocked(key);
}

namespace {
// The ledger's last checkpoint. Call with its `mu` held.
Result<std::optional<LastCheckpoint>> LastCheckpointLocked(const MemoryLedger& ledger) {
  if (ledger.checkpoint_notes.empty()) return std::optional<LastCheckpoint>();
  auto cp = ParseCheckpointNote(ledger.checkpoint_notes.back());
  if (!cp.ok()) return Corrupt("a stored checkpoint is malformed: " + cp.status().message());
  return std::optional<LastCheckpoint>(
      LastCheckpoint{static_cast<int64_t>(cp->checkpoint.size), cp->checkpoint.time});
}
}  // namespace

Result<SignedCheckpoint> MemoryLedgerStore::MakeCheckpointLocked(const SigningKey& key) {
  Head head;
  std::optional<LastCheckpoint> last;
  {
    std::shared_lock lock(ledger_->mu);
    head = ledger_->HeadLocked();
    auto read = LastCheckpointLocked(*ledger_);
    if (!read.ok()) return read.status();
    last = *read;
  }
  AIDLEDGER_RETURN_IF_ERROR(SyncFrontier());
  Checkpoint cp;
  cp.origin = CheckpointOrigin(genesis_.ledger_id);
  cp.size = static_cast<uint64_t>(head.size);
  cp.root = frontier_.Root();
  cp.head_hash = head.hash;
  cp.time = CheckpointTime(clock_->Now(), head, last);
  SignedCheckpoint signed_cp = SignCheckpoint(cp, key);
  const PublicKey& pub = key.public_key();
  std::unique_lock lock(ledger_->mu);
  auto known = std::find_if(ledger_->signing_keys.begin(), ledger_->signing_keys.end(),
                            [&](const auto& k) { return k.first == pub.KeyId(); });
  if (known == ledger_->signing_keys.end()) {
    ledger_->signing_keys.emplace_back(pub.KeyId(), pub.Vkey());
  } else if (known->second != pub.Vkey()) {
    return Corrupt("a stored signing key has this key's id but another public key");
  }
  ledger_->checkpoint_notes.push_back(signed_cp.note);
  ++ledger_->version;
  return signed_cp;
}

Result<std::optional<SignedCheckpoint>> MemoryLedgerStore::MaybeCheckpoint(
    const SigningKey& key, const CheckpointPolicy& policy) {
  if (policy.every_entries <= 0 && policy.every_micros <= 0 && policy.after_kinds.empty()) {
    return std::optional<SignedCheckpoint>();
  }
  std::lock_guard writer(ledger_->writer);
  bool due = false;
  {
    std::shared_lock lock(ledger_->mu);
    const Head head = ledger_->HeadLocked();
    auto last = LastCheckpointLocked(*ledger_);
    if (!last.ok()) return last.status();
    due = CheckpointDueByCountOrTime(policy, head.size, *last, clock_->Now());
    const size_t since = *last ? static_cast<size_t>((*last)->size) : 0;
    for (size_t i = since; !due && i < ledger_->entries.size(); ++i) {
      due = std::find(policy.after_kinds.begin(), policy.after_kinds.end(),
                      ledger_->entries[i].kind) != policy.after_kinds.end();
    }
  }
  if (!due) return std::optional<SignedCheckpoint>();
  auto cp = MakeCheckpointLocked(key);
  if (!cp.ok()) return cp.status();
  return std::optional<SignedCheckpoint>(std::move(cp).value());
}

Result<std::unique_ptr<SideReader>> MemoryLedgerStore::OpenSideReader() const {
  return std::unique_ptr<SideReader>(new MemorySideReader(ledger_));
}

}  // namespace aidledger
