// How far ahead a write's business date may be. A gift, a payment or a
// hand-out is recorded once it has happened; a date after tomorrow is a typo
// (2028 for 2026, 12 for 11), refused before it reaches the chain, where it
// could only be reversed.
#ifndef AIDLEDGER_LEDGER_BOOKS_BUSINESS_DATE_H_
#define AIDLEDGER_LEDGER_BOOKS_BUSINESS_DATE_H_

#include <string>

#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"

namespace aidledger {

// Makes `zone` (an IANA name from the ledger's genesis, "Asia/Shanghai") the
// process's local time zone, so that local dates are the team's whatever the
// server's clock zone (a VM in UTC is eight hours behind Beijing's date until
// 08:00). kInvalidArgument for a name that is not a zone's, kNotFound when
// this machine has no such zone (tzdata); the zone is then left as it was.
// Changes the environment (TZ): call it before starting any thread.
Status UseTimeZone(const std::string& zone);

// The local date ("YYYY-MM-DD"), e.g. the default end of a report's period:
// the team's after UseTimeZone.
std::string LocalDate(MicrosSinceEpoch now);

// Tomorrow on the local calendar: a day's grace covers a server whose zone
// is not the team's.
std::string LatestBusinessDate(MicrosSinceEpoch now);

// kInvalidArgument naming `field` when `date` is a valid date after
// `latest`; anything else passes (the books check the form).
Status CheckNotAfter(const std::string& date, const std::string& latest, const std::string& field);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_BOOKS_BUSINESS_DATE_H_
