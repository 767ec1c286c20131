#include "ledger/chain/ledger_reader.h"

namespace aidledger {

Status ValidateEntryQuery(const EntryQuery& query) {
  if (query.limit < 1 || query.limit > 1000) return InvalidArgument("1 to 1000", "limit");
  if (query.after < 0) return InvalidArgument("a sequence number", "after");
  return Status::Ok();
}

Result<GenesisParams> ReadGenesis(LedgerReader& reader) {
  auto stored = reader.GetEntry(1);
  if (!stored.ok()) return stored.status();
  auto entry = DecodeEntry(stored->canonical);
  if (!entry.ok()) return Corrupt("the genesis entry does not decode; run aidledger verify");
  GenesisParams params;
  AIDLEDGER_RETURN_IF_ERROR(CheckGenesis(*entry, &params));
  return params;
}

}  // namespace aidledger
