// The amount parser: no crash on any text; what it accepts formats back to
// the same number of minor units, never beyond int64.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ledger/books/money.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const char* currency : {"CNY", "JPY", "KWD"}) {
    for (auto sign : {aidledger::AmountSign::kPositive, aidledger::AmountSign::kAny}) {
      auto minor = aidledger::ParseAmount(text, currency, sign);
      if (!minor.ok()) continue;
      if (sign == aidledger::AmountSign::kPositive && *minor <= 0) std::abort();
      const std::string shown = aidledger::FormatAmount(*minor, currency);
      auto back = aidledger::ParseAmount(shown, currency, aidledger::AmountSign::kAny);
      if (!back.ok() || *back != *minor) std::abort();
    }
  }
  return 0;
}
