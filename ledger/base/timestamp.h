// Timestamps: microseconds since the Unix epoch, UTC, and their one text form
// in the ledger, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always six fraction digits).
#ifndef AIDLEDGER_LEDGER_BASE_TIMESTAMP_H_
#define AIDLEDGER_LEDGER_BASE_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aidledger {

using MicrosSinceEpoch = int64_t;

// 0001-01-01T00:00:00.000000Z and 9999-12-31T23:59:59.999999Z.
inline constexpr MicrosSinceEpoch kMinTimestamp = -62'135'596'800'000'000;
inline constexpr MicrosSinceEpoch kMaxTimestamp = 253'402'300'799'999'999;

// Years 0001..9999 only; outside that the text form does not exist and the
// result is "out-of-range" (which ParseTimestamp refuses).
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

#endif  // AIDLEDGER_LEDGER_BASE_TIMESTAMP_H_
