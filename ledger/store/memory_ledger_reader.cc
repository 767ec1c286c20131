#include "ledger/store/memory_ledger_reader.h"

#include <algorithm>
#include <shared_mutex>

namespace aidledger {

namespace {
StoredEntry ToStored(const MemoryEntry& e, int64_t seq) {
  return StoredEntry{seq, e.hash, e.canonical};
}
// Scan copies entries out this many at a time, calling back between.
constexpr size_t kScanChunk = 256;
}  // namespace

Result<std::unique_ptr<LedgerReader>> MemoryLedgerReader::Open(const std::string& name) {
  auto ledger = MemoryLedger::Find(name);
  if (!ledger.ok()) return ledger.status();
  return std::unique_ptr<LedgerReader>(new MemoryLedgerReader(*ledger));
}

Result<Head> MemoryLedgerReader::GetHead() {
  std::shared_lock lock(ledger_->mu);
  return ledger_->HeadLocked();
}

Result<StoredEntry> MemoryLedgerReader::GetEntry(int64_t seq) {
  std::shared_lock lock(ledger_->mu);
  if (seq < 1 || static_cast<size_t>(seq) > ledger_->entries.size()) {
    return Status(ErrorCode::kNotFound, "no entry " + std::to_string(seq));
  }
  return ToStored(ledger_->entries[static_cast<size_t>(seq - 1)], seq);
}

Status MemoryLedgerReader::Scan(int64_t from_seq, int64_t limit,
                                const std::function<bool(const StoredEntry&)>& fn) {
  int64_t next = std::max<int64_t>(from_seq, 1);
  int64_t left = limit;
  std::vector<StoredEntry> chunk;
  while (left > 0) {
    chunk.clear();
    {
      std::shared_lock lock(ledger_->mu);
      const auto size = static_cast<int64_t>(ledger_->entries.size());
      while (next <= size && left > 0 && chunk.size() < kScanChunk) {
        chunk.push_back(ToStored(ledger_->entries[static_cast<size_t>(next - 1)], next));
        ++next;
        --left;
      }
    }
    if (chunk.empty()) break;
    for (const StoredEntry& e : chunk) {
      if (!fn(e)) return Status::Ok();
    }
  }
  return Status::Ok();
}

Result<std::vector<SignedCheckpoint>> MemoryLedgerReader::Checkpoints() {
  std::shared_lock lock(ledger_->mu);
  std::vector<SignedCheckpoint> out;
  for (const std::string& note : ledger_->checkpoint_notes) {
    auto cp = ParseCheckpointNote(note);
    if (!cp.ok()) return Corrupt("a stored checkpoint is malformed: " + cp.status().message());
    out.push_back(std::move(cp).value());
  }
  return out;
}

Result<SignedCheckpoint> MemoryLedgerReader::Checkpoint(int64_t id) {
  std::shared_lock lock(ledger_->mu);
  const std::vector<std::string>& notes = ledger_->checkpoint_notes;
  if (id == 0 && notes.empty()) {
    return Status(ErrorCode::kNotFound,
                  "the ledger has no checkpoint yet (run: aidledger checkpoint)");
  }
  if (id < 0 || static_cast<size_t>(id) > notes.size()) {
    return Status(ErrorCode::kNotFound, "no checkpoint " + std::to_string(id));
  }
  auto cp = ParseCheckpointNote(id == 0 ? notes.back() : notes[static_cast<size_t>(id - 1)]);
  if (!cp.ok()) return Corrupt("a stored checkpoint is malformed: " + cp.status().message());
  return cp;
}

Result<std::vector<PublicKey>> MemoryLedgerReader::SigningKeys() {
  std::shared_lock lock(ledger_->mu);
  std::vector<PublicKey> out;
  for (const auto& [id, vkey] : ledger_->signing_keys) {
    auto key = PublicKey::FromVkey(vkey);
    if (!key.ok()) return Corrupt("a stored signing key is malformed");
    out.push_back(std::move(key).value());
  }
  return out;
}

template <typename T, typename Fn>
Result<T> MemoryLedgerReader::WithTreeOf(uint64_t size, const char* field, Fn&& fn) {
  std::shared_lock lock(ledger_->mu);
  const size_t have = ledger_->entries.size();
  if (size > have) {
    return InvalidArgument("the ledger has only " + std::to_string(have) + " entries", field);
  }
  MemoryMerkleNodes nodes(*ledger_);
  return fn(nodes);
}

Result<std::vector<Hash32>> MemoryLedgerReader::InclusionProof(uint64_t leaf_index,
                                                               uint64_t tree_size) {
  return WithTreeOf<std::vector<Hash32>>(tree_size, "tree_size", [&](MerkleNodeSource& nodes) {
    return MerkleInclusionProof(nodes, leaf_index, tree_size);
  });
}

Result<std::vector<Hash32>> MemoryLedgerReader::ConsistencyProof(uint64_t old_size,
                                                                 uint64_t new_size) {
  return WithTreeOf<std::vector<Hash32>>(new_size, "new_size", [&](MerkleNodeSource& nodes) {
    return MerkleConsistencyProof(nodes, old_size, new_size);
  });
}

Result<Hash32> MemoryLedgerReader::MerkleRootAt(uint64_t tree_size) {
  return WithTreeOf<Hash32>(tree_size, "tree_size",
                            [&](MerkleNodeSource& nodes) { return MerkleRoot(nodes, tree_size); });
}

Result<EntryPage> MemoryLedgerReader::Query(const EntryQuery& q) {
  AIDLEDGER_RETURN_IF_ERROR(ValidateEntryQuery(q));
  std::shared_lock lock(ledger_->mu);
  const auto size = static_cast<int64_t>(ledger_->entries.size());
  const int64_t window_end = std::min(size, q.after + std::max<int64_t>(q.max_scan, 1));
  EntryPage page;
  for (int64_t seq = q.after + 1;
       seq <= window_end && static_cast<int>(page.entries.size()) < q.limit; ++seq) {
    const MemoryEntry& e = ledger_->entries[static_cast<size_t>(seq - 1)];
    // As the SQLite backend's query: an entry without a fact has no fund
    // and no date, so a fund or date filter leaves it out.
    if (!q.kind.empty() && e.kind != q.kind) continue;
    if (!q.fund.empty() && (!e.has_fact || (e.fund != q.fund && e.counter_fund != q.fund))) {
      continue;
    }
    if (!q.from.empty() && (!e.has_fact || e.business_date < q.from)) continue;
    if (!q.to.empty() && (!e.has_fact || e.business_date > q.to)) continue;
    page.entries.push_back(ToStored(e, seq));
  }
  const int64_t last =
      static_cast<int>(page.entries.size()) == q.limit ? page.entries.back().seq : window_end;
  page.next = last < size ? last : 0;
  return page;
}

Result<int64_t> MemoryLedgerReader::ChangeToken() {
  std::shared_lock lock(ledger_->mu);
  return ledger_->version;
}

}  // namespace aidledger
