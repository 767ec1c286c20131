// EntryBuilder: turns a caller's draft into the bytes a backend stores for
// entry `seq`, the same for every backend, so that what any backend writes
// is what verify accepts and its facts are derived exactly as verify derives
// them.
#ifndef AIDLEDGER_LEDGER_STORE_ENTRY_BUILDER_H_
#define AIDLEDGER_LEDGER_STORE_ENTRY_BUILDER_H_

#include <optional>
#include <string>

#include "ledger/base/hash.h"
#include "ledger/base/json_doc.h"
#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/facts.h"
#include "ledger/store/ledger_store.h"

namespace aidledger {

class EntryBuilder {
 public:
  // Builds entry `seq`, recorded at `now`, linked to `prev`. The draft must
  // have passed ValidateDraft. kInvalidArgument (field "payload") when the
  // entry is larger than kMaxEntryBytes or its bytes would not re-read as an
  // entry (nesting too deep, text that is not UTF-8). On success canonical(),
  // hash() and fact() describe it until the next Build.
  Status Build(const EntryDraft& draft, int64_t seq, MicrosSinceEpoch now, const Hash32& prev);

  const std::string& canonical() const { return canonical_; }
  const Hash32& hash() const { return hash_; }
  // The entry's movement of value, if it moves any; its views point into
  // canonical().
  const std::optional<Fact>& fact() const { return fact_; }

 private:
  std::string canonical_;
  JsonDoc doc_;
  Hash32 hash_{};
  std::optional<Fact> fact_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_ENTRY_BUILDER_H_
