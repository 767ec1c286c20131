// The export: a whole ledger as JSON Lines that verify without SQLite
// (docs/ledger-format.md, section 11). Every line is canonical JSON:
//   {"format":"aidledger-export/v1","ledger_id":"…","size":N}      first line
//   {"vkey":"NAME+HASH+KEY"}                                         each signing key
//   {"checkpoint":"<signed note text>"}                              each checkpoint, oldest first
//   {"canonical":"<base64 of the bytes>","hash":"<hex>","seq":N}     each entry, in order
#ifndef AIDLEDGER_LEDGER_CHAIN_LEDGER_EXPORT_H_
#define AIDLEDGER_LEDGER_CHAIN_LEDGER_EXPORT_H_

#include <istream>
#include <ostream>

#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/verify_report.h"

namespace aidledger {

inline constexpr std::string_view kExportFormat = "aidledger-export/v1";

// Streams the ledger as of one snapshot (constant memory but for the
// checkpoint list).
Status ExportLedger(LedgerReader& reader, std::ostream& out);

// Verifies an export: the chain rules, the Merkle roots and signatures of
// its checkpoints, and options' trusted keys and witnesses.
VerifyReport VerifyExport(std::istream& in, const VerifyOptions& options);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_LEDGER_EXPORT_H_
