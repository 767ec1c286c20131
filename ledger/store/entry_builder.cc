#include "ledger/store/entry_builder.h"

#include "ledger/base/canonical_json.h"
#include "ledger/chain/entry.h"

namespace aidledger {

Status EntryBuilder::Build(const EntryDraft& draft, int64_t seq, MicrosSinceEpoch now,
                           const Hash32& prev) {
  fact_.reset();
  canonical_.clear();
  AppendEntryBytes(seq, now, draft.kind, draft.actor, draft.payload, prev, &canonical_);
  if (canonical_.size() > kMaxEntryBytes) {
    return InvalidArgument("the entry is larger than " + std::to_string(kMaxEntryBytes) + " bytes",
                           "payload");
  }
  // Never store what verify would refuse (nesting depth, for one), and
  // derive the facts from the bytes exactly as verify will.
  if (Status check = ParseCanonicalDoc(canonical_, &doc_); !check.ok()) {
    return InvalidArgument(check.message(), "payload");
  }
  EntryFields fields;
  if (Status check = ReadEntryFields(doc_, &fields); !check.ok()) return check;
  hash_ = HashEntryBytes(canonical_);
  fact_ = DeriveFact(doc_, fields);
  return Status::Ok();
}

}  // namespace aidledger
