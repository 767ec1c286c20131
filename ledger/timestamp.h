// Timestamps: microseconds since the Unix epoch, UTC, and their one text form
// in the ledger, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always six fraction digits).
#ifndef AIDLEDGER_LEDGER_TIMESTAMP_H_
#define AIDLEDGER_LEDGER_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aidledger {

using MicrosSinceEpoch = int64_t;

// Years 0001..9999 only; outside that the text form does not exist.
std::string FormatTimestamp(MicrosSinceEpoch t);
// Strict: exactly the form above, a real calendar date, no leap second.
std::optional<MicrosSinceEpoch> ParseTimestamp(std::string_view text);

// A business date "YYYY-MM-DD" (a real calendar date).
bool IsValidDate(std::string_view text);

// Wall-clock source, injectable so tests control time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual MicrosSinceEpoch Now() = 0;
};

class SystemClock : public Clock {
 public:
  MicrosSinceEpoch Now() override;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_TIMESTAMP_H_
