// The memory backend's account records (account_records.h), kept in a
// MemoryLedger beside its chain.
#ifndef AIDLEDGER_LEDGER_STORE_MEMORY_ACCOUNT_RECORDS_H_
#define AIDLEDGER_LEDGER_STORE_MEMORY_ACCOUNT_RECORDS_H_

#include <memory>
#include <string>

#include "ledger/store/account_records.h"

namespace aidledger {

// kNotFound if there is no memory ledger of this name.
Result<std::unique_ptr<AccountRecords>> OpenMemoryAccountRecords(const std::string& name);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_MEMORY_ACCOUNT_RECORDS_H_
