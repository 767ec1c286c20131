// The canonical encoder and both parsers: whatever the bytes, no crash; the
// relaxed parser's value encodes to bytes the strict parser accepts and that
// decode to the same value; bytes the strict parser accepts are canonical
// (re-encoding gives them back).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ledger/base/canonical_json.h"
#include "ledger/base/json_doc.h"
#include "ledger/chain/entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto value = aidledger::ParseJson(bytes, aidledger::JsonLimits{32});
  if (value.ok()) {
    const std::string canonical = aidledger::EncodeCanonical(*value);
    aidledger::JsonDoc doc;
    if (!aidledger::ParseCanonicalDoc(canonical, &doc).ok()) std::abort();
    auto again = aidledger::ParseJson(canonical, aidledger::JsonLimits{32});
    if (!again.ok() || aidledger::EncodeCanonical(*again) != canonical) std::abort();
  }
  aidledger::JsonDoc strict;
  if (aidledger::ParseCanonicalDoc(bytes, &strict).ok()) {
    auto relaxed = aidledger::ParseJson(bytes, aidledger::JsonLimits{32});
    if (!relaxed.ok() || aidledger::EncodeCanonical(*relaxed) != bytes) std::abort();
  }
  (void)aidledger::DecodeEntry(bytes);
  return 0;
}
