// How far ahead a write's business date may be. A gift, a payment or a
// hand-out is recorded once it has happened; a date after tomorrow is a typo
// (2028 for 2026, 12 for 11), refused before it reaches the chain, where it
// could only be reversed.
#ifndef AIDLEDGER_API_BUSINESS_DATE_H_
#define AIDLEDGER_API_BUSINESS_DATE_H_

#include <string>

#include "ledger/status.h"
#include "ledger/timestamp.h"

namespace aidledger::api {

// The server's local date ("YYYY-MM-DD"), e.g. the default end of a
// report's period.
std::string LocalDate(MicrosSinceEpoch now);

// Tomorrow on the server's local calendar: a day's grace covers any
// difference between the server's time zone and the team's.
std::string LatestBusinessDate(MicrosSinceEpoch now);

// kInvalidArgument naming `field` when `date` is a valid date after
// `latest`; anything else passes (the books check the form).
Status CheckNotAfter(const std::string& date, const std::string& latest, const std::string& field);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_BUSINESS_DATE_H_
