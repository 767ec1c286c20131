#include "ledger/store/ledger_store.h"

#include <algorithm>

#include "ledger/base/utf8.h"

namespace aidledger {

Status ValidateDraft(const EntryDraft& draft) {
  if (draft.kind == kGenesisKind) return InvalidArgument("reserved for the genesis entry", "kind");
  Entry probe;
  probe.seq = 1;
  probe.kind = draft.kind;
  probe.actor = draft.actor;
  // The payload's strings (UTF-8, nesting) are checked when the encoded
  // entry is parsed back before it is stored.
  return ValidateEntry(probe);
}

Result<AppendedEntry> LedgerStore::Append(const EntryDraft& draft) {
  auto batch = AppendBatch({draft});
  if (!batch.ok()) return batch.status();
  return batch->front();
}

Status LedgerMovedOn(int64_t size, int64_t expected) {
  return Status(ErrorCode::kConflict, "the ledger moved on (" + std::to_string(size) +
                                          " entries, expected " + std::to_string(expected) + ")");
}

Status ValidateGenesisParams(const GenesisParams& params) {
  if (!IsValidLedgerId(params.ledger_id)) return InvalidArgument("must be a UUID", "ledger_id");
  if (!IsValidCurrencyCode(params.default_currency)) {
    return InvalidArgument("must be an ISO 4217 code", "default_currency");
  }
  if (!IsValidUtf8(params.name) || !IsValidUtf8(params.time_zone) || params.time_zone.empty()) {
    return InvalidArgument("name and time zone must be UTF-8 text", "name");
  }
  return Status::Ok();
}

bool CheckpointDueByCountOrTime(const CheckpointPolicy& policy, int64_t head_size,
                                const std::optional<LastCheckpoint>& last, MicrosSinceEpoch now) {
  if (!last) return true;
  const int64_t since = head_size - last->size;
  return (policy.every_entries > 0 && since >= policy.every_entries) ||
         (policy.every_micros > 0 && since > 0 && now - last->time >= policy.every_micros);
}

MicrosSinceEpoch CheckpointTime(MicrosSinceEpoch now, const Head& head,
                                const std::optional<LastCheckpoint>& last) {
  MicrosSinceEpoch time = std::max(now, head.recorded_at);
  if (last) time = std::max(time, last->time);
  return time;
}

}  // namespace aidledger
