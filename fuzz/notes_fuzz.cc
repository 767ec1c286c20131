// The checkpoint note and proof bundle parsers, and the bundle checks: no
// crash and no acceptance of anything not signed by the key (there is none
// in this fuzzer, so nothing may verify).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "ledger/chain/checkpoint.h"
#include "ledger/chain/proof_bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)aidledger::ParseCheckpointNote(text);
  auto bundle = aidledger::ParseBundle(text);
  if (bundle.ok()) {
    const std::vector<aidledger::PublicKey> none;
    const bool accepted = bundle->is_inclusion
                              ? aidledger::VerifyInclusionBundle(bundle->inclusion, none).ok()
                              : aidledger::VerifyConsistencyBundle(bundle->consistency, none).ok();
    if (accepted) std::abort();
  }
  return 0;
}
