// The head of a ledger: its size, the hash of its last entry and when that
// entry was recorded. A store keeps it beside the entries so that a
// truncation is visible to verify.
#ifndef AIDLEDGER_LEDGER_CHAIN_HEAD_H_
#define AIDLEDGER_LEDGER_CHAIN_HEAD_H_

#include <cstdint>

#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"

namespace aidledger {

struct Head {
  int64_t size = 0;  // number of entries; the last one's seq
  Hash32 hash{};     // hash of entry `size`
  MicrosSinceEpoch recorded_at = 0;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_CHAIN_HEAD_H_
