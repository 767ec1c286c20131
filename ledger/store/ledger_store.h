// LedgerStore: the one writer of a ledger, whatever keeps it (a backend:
// SQLite's is sqlite_ledger_store.h). Create and Open take a ledger's
// address (ledger_address.h) and open its backend.
//
// Contract (every backend):
//  - Append and AppendBatch either commit every entry they were given, with
//    the WAL fsynced (synchronous=FULL), or write nothing and return an error.
//    A returned AppendedEntry is durable.
//  - Sequence numbers and prev links are assigned inside a BEGIN IMMEDIATE
//    transaction against the stored head, so two writers (threads or
//    processes) can never fork the chain; the schema's UNIQUE keys and
//    triggers refuse it a second time.
//  - recorded_at never goes backwards: if the clock does, the head's time is
//    used.
//  - Thread-safe: appends from many threads are serialised.
//  - Bytes written are ones verify accepts (each entry is re-decoded before
//    it is stored).
#ifndef AIDLEDGER_LEDGER_STORE_LEDGER_STORE_H_
#define AIDLEDGER_LEDGER_STORE_LEDGER_STORE_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/checkpoint.h"
#include "ledger/chain/entry.h"
#include "ledger/chain/facts.h"
#include "ledger/chain/head.h"
#include "ledger/chain/kinds.h"
#include "ledger/chain/merkle.h"
#include "ledger/store/side_records.h"

namespace aidledger {

// What a caller asks to record; the store assigns seq, time and prev.
struct EntryDraft {
  std::string kind;
  Actor actor;
  Object payload;
};

struct StoreOptions {
  // Keep the Merkle tree with every append. Off only to measure what the tree
  // costs (bench/); a ledger written so fails verify with merkle_mismatch.
  bool maintain_merkle = true;
  // Fsync the WAL at every commit (synchronous=FULL): an append that returned
  // is on disk. Off only to measure what the fsync costs (bench/): a commit
  // may then be lost with the machine's power, so nothing real runs so.
  bool sync_commits = true;
};

// When to sign a checkpoint without being asked (0 turns a rule off).
struct CheckpointPolicy {
  int64_t every_entries = 0;  // when this many entries arrived since the last
  int64_t every_micros = 0;   // when this long passed since the last, if any arrived
  // When an entry of one of these kinds arrived since the last: a period
  // close, and a reopening, is always followed by a checkpoint that covers it.
  std::vector<std::string> after_kinds = {std::string(kinds::kPeriodClosed),
                                          std::string(kinds::kPeriodReopened)};
};

// The typed outcome of a successful append.
struct AppendedEntry {
  int64_t seq = 0;
  Hash32 hash{};
  MicrosSinceEpoch recorded_at = 0;
};

class LedgerStore {
 public:
  // Makes a new ledger at `address` (ledger_address.h; SQLite: a file, mode
  // 0600) with its genesis entry. kAlreadyExists if it exists. `clock` may be null (system clock);
  // if given it must outlive the store.
  static Result<std::unique_ptr<LedgerStore>> Create(const std::string& address,
                                                     const GenesisParams& params,
                                                     Clock* clock = nullptr);
  // Opens an existing ledger, migrating its schema forward if needed.
  static Result<std::unique_ptr<LedgerStore>> Open(const std::string& address,
                                                   Clock* clock = nullptr,
                                                   const StoreOptions& options = {});

  virtual ~LedgerStore() = default;

  // One entry: AppendBatch of one.
  Result<AppendedEntry> Append(const EntryDraft& draft);
  // All drafts in one commit (group commit): all or nothing.
  // With `expected_size`, the batch is written only if the ledger still has
  // exactly that many entries (kConflict otherwise, nothing written): callers
  // that checked rules against a state of that size stay correct when
  // another writer got in first.
  virtual Result<std::vector<AppendedEntry>> AppendBatch(const std::vector<EntryDraft>& drafts,
                                                         std::optional<int64_t> expected_size) = 0;
  Result<std::vector<AppendedEntry>> AppendBatch(const std::vector<EntryDraft>& drafts) {
    return AppendBatch(drafts, std::nullopt);
  }
  // Calls `make(head_size)` inside the write transaction, once the head is
  // read, and appends the drafts it returns (or returns its error, writing
  // nothing). No other writer, thread or process, can append in between, so
  // rules that `make` checks against a ledger of head_size entries hold for
  // what is written. `make` must not call back into this store.
  //
  // `also`, if given, runs after the entries are inserted and before the
  // commit, with what was appended: typed side records (the vault's, the
  // service's idempotency answers; side_records.h) that must commit with the
  // entries or not at all. An error from it, or an exception it throws, rolls
  // everything back.
  using SideWrite =
      std::function<Status(SideWriter& side, const std::vector<AppendedEntry>& appended)>;
  virtual Result<std::vector<AppendedEntry>> AppendChecked(
      const std::function<Result<std::vector<EntryDraft>>(int64_t head_size)>& make,
      const SideWrite& also) = 0;
  Result<std::vector<AppendedEntry>> AppendChecked(
      const std::function<Result<std::vector<EntryDraft>>(int64_t head_size)>& make) {
    return AppendChecked(make, nullptr);
  }

  virtual Result<Head> GetHead() = 0;

  // Signs a checkpoint of the current head with `key`, stores it (and the
  // key's public half), and returns it. Its time is never earlier than the
  // last checkpoint's or the head entry's.
  // Group commit: `count` drafts decided one at a time in one transaction
  // (one fsync). `draft(i, size)` makes draft i against a ledger of `size`
  // entries (the drafts accepted before it included), or refuses it; each
  // accepted draft is inserted under its own savepoint and `inserted(i, side,
  // entry)` runs its side writes, whose error undoes that draft alone.
  // (*results)[i] is each draft's outcome. A non-OK return means nothing was
  // committed, whatever *results says.
  using GroupDraft = std::function<Result<EntryDraft>(size_t i, int64_t size)>;
  using GroupInserted =
      std::function<Status(size_t i, SideWriter& side, const AppendedEntry& entry)>;
  virtual Status AppendGroup(size_t count, const GroupDraft& draft, const GroupInserted& inserted,
                             std::vector<Result<AppendedEntry>>* results) = 0;

  virtual Result<SignedCheckpoint> MakeCheckpoint(const SigningKey& key) = 0;
  // MakeCheckpoint if the policy says one is due; nullopt otherwise.
  virtual Result<std::optional<SignedCheckpoint>> MaybeCheckpoint(
      const SigningKey& key, const CheckpointPolicy& policy) = 0;
  // How durable a commit is when it returns, in SQLite's terms (PRAGMA
  // synchronous on the writer's connection): 2 (FULL) when every commit is
  // on disk as it returns (StoreOptions::sync_commits).
  virtual Result<int> SynchronousLevel() = 0;
  // A reader of the committed side records, on its own connection: one per
  // thread (or guarded).
  virtual Result<std::unique_ptr<SideReader>> OpenSideReader() const = 0;
  virtual const GenesisParams& genesis() const = 0;
  virtual const std::string& path() const = 0;
};

// The last stored checkpoint, as the checkpoint policy reads it.
struct LastCheckpoint {
  int64_t size = 0;
  MicrosSinceEpoch time = 0;
};
// Whether the policy's count or time rule makes a checkpoint of a ledger of
// `head_size` entries due at `now`; with no checkpoint yet (`last` empty) one
// is always due. The kinds rule needs the entries since `last`: each backend
// applies it.
bool CheckpointDueByCountOrTime(const CheckpointPolicy& policy, int64_t head_size,
                                const std::optional<LastCheckpoint>& last, MicrosSinceEpoch now);
// A new checkpoint's time: `now`, but never earlier than the head entry's
// or the last checkpoint's.
MicrosSinceEpoch CheckpointTime(MicrosSinceEpoch now, const Head& head,
                                const std::optional<LastCheckpoint>& last);

// kConflict: a batch meant for a ledger of `expected` entries met one of
// `size` (AppendBatch's expected_size).
Status LedgerMovedOn(int64_t size, int64_t expected);

// Checks a new ledger's genesis parameters: a UUID, an ISO 4217 currency,
// UTF-8 name and time zone (field() names the problem).
Status ValidateGenesisParams(const GenesisParams& params);

// Checks a caller's draft before it reaches the store (kind, actor, payload
// strings are UTF-8, the genesis kind is reserved). field() names the problem.
Status ValidateDraft(const EntryDraft& draft);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_LEDGER_STORE_H_
