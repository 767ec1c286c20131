// The basis of a report (report.h): what a reader needs to check it against
// the ledger.
#ifndef AIDLEDGER_REPORTS_BASIS_H_
#define AIDLEDGER_REPORTS_BASIS_H_

#include <cstdint>
#include <string>

#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/ledger_reader.h"
#include "reports/report.h"

namespace aidledger::reports {

// The basis of a report over the first `size` entries: entry `size`'s hash
// and the latest signed checkpoint of at most that size, made at `now` for
// `by` ("name (role)" or "public").
Result<Basis> ReadBasis(LedgerReader& reader, int64_t size, const std::string& by,
                        MicrosSinceEpoch now);

}  // namespace aidledger::reports

#endif  // AIDLEDGER_REPORTS_BASIS_H_
