#include "reports/basis.h"

#include "ledger/base/hash.h"

namespace aidledger::reports {

Result<Basis> ReadBasis(LedgerReader& reader, int64_t size, const std::string& by,
                        MicrosSinceEpoch now) {
  Basis b;
  b.size = size;
  b.generated_at = FormatTimestamp(now);
  b.generated_by = by;
  if (size > 0) {
    auto entry = reader.GetEntry(size);
    if (!entry.ok()) return entry.status();
    b.head_hash = ToHex(entry->hash);
  }
  auto checkpoints = reader.Checkpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  for (const SignedCheckpoint& c : *checkpoints) {
    const auto covered = static_cast<int64_t>(c.checkpoint.size);
    if (covered <= size && covered >= b.checkpoint_size) {
      b.checkpoint_size = covered;
      b.checkpoint_root = ToHex(c.checkpoint.root);
      b.checkpoint_note = c.note;
    }
  }
  return b;
}

}  // namespace aidledger::reports
