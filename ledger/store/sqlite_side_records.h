// The SQLite backend's side records: the vault and idempotency tables of the
// ledger's file (docs/store.md).
#ifndef AIDLEDGER_LEDGER_STORE_SQLITE_SIDE_RECORDS_H_
#define AIDLEDGER_LEDGER_STORE_SQLITE_SIDE_RECORDS_H_

#include <memory>
#include <string>

#include "ledger/store/side_records.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace aidledger {

// On the writer's connection, inside its transaction. Keeps its prepared
// statements for the connection's life.
class SqliteSideWriter final : public SideWriter {
 public:
  explicit SqliteSideWriter(SQLite::Database& db);
  ~SqliteSideWriter() override;
  Result<std::optional<std::string>> VaultSubjectWithIdIndex(
      const Hash32& id_index, const std::string& other_than) override;
  Status PutVaultRow(const VaultRow& row, bool replace) override;
  Status EraseVaultRow(const std::string& subject) override;
  Status PutAnswer(const StoredAnswer& answer) override;

 private:
  SQLite::Database& db_;
  std::unique_ptr<SQLite::Statement> put_answer_;
};

// On its own read-only connection to the file at `path`.
class SqliteSideReader final : public SideReader {
 public:
  static Result<std::unique_ptr<SqliteSideReader>> Open(const std::string& path);
  ~SqliteSideReader() override;
  Result<std::optional<VaultRow>> VaultRowOf(const std::string& subject) override;
  Result<std::vector<std::string>> VaultSubjects() override;
  Result<std::map<std::string, std::string>> PublicNames() override;
  Result<std::optional<StoredAnswer>> AnswerOf(const std::string& actor,
                                               const std::string& key) override;

 private:
  explicit SqliteSideReader(std::unique_ptr<SQLite::Database> db);
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> find_answer_;  // prepared once, reset after each use
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SQLITE_SIDE_RECORDS_H_
