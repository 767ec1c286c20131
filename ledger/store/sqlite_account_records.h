// The SQLite backend's account records (account_records.h): the users and
// api_tokens tables of the ledger's file (docs/store.md).
#ifndef AIDLEDGER_LEDGER_STORE_SQLITE_ACCOUNT_RECORDS_H_
#define AIDLEDGER_LEDGER_STORE_SQLITE_ACCOUNT_RECORDS_H_

#include <memory>
#include <string>

#include "ledger/store/account_records.h"

namespace aidledger {

// The records in the ledger file at `path`, already created and migrated by
// LedgerStore.
Result<std::unique_ptr<AccountRecords>> OpenSqliteAccountRecords(const std::string& path);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SQLITE_ACCOUNT_RECORDS_H_
