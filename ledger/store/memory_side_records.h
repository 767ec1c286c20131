// The memory backend's side records (side_records.h) on a MemoryLedger:
// a writer that stages one transaction's writes until its store publishes
// them with the entries, and a reader of the published ones.
#ifndef AIDLEDGER_LEDGER_STORE_MEMORY_SIDE_RECORDS_H_
#define AIDLEDGER_LEDGER_STORE_MEMORY_SIDE_RECORDS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/store/memory_ledger.h"
#include "ledger/store/side_records.h"

namespace aidledger {

// One transaction's side writes: later writes of the transaction see them;
// the ledger's readers see them once PublishLocked() ran.
class MemorySideWriter final : public SideWriter {
 public:
  explicit MemorySideWriter(MemoryLedger& ledger) : ledger_(ledger) {}

  Result<std::optional<std::string>> VaultSubjectWithIdIndex(
      const Hash32& id_index, const std::string& other_than) override;
  Status PutVaultRow(const VaultRow& row, bool replace) override;
  Status EraseVaultRow(const std::string& subject) override;
  Status PutAnswer(const StoredAnswer& answer) override;

  // What is staged, to return to (a savepoint).
  struct Mark {
    std::map<std::string, std::optional<VaultRow>> vault;
    std::map<std::pair<std::string, std::string>, StoredAnswer> answers;
  };
  Mark Save() const { return Mark{vault_, answers_}; }
  void RollbackTo(Mark mark);
  // Applies what is staged to the ledger and forgets it. Call with the
  // ledger's `mu` held alone.
  void PublishLocked();

 private:
  // The subject's row as this transaction sees it.
  std::optional<VaultRow> RowOf(const std::string& subject) const;
  bool HasAnswer(const std::pair<std::string, std::string>& key) const;

  MemoryLedger& ledger_;
  std::map<std::string, std::optional<VaultRow>> vault_;  // nullopt: erased
  std::map<std::pair<std::string, std::string>, StoredAnswer> answers_;
};

class MemorySideReader final : public SideReader {
 public:
  explicit MemorySideReader(std::shared_ptr<MemoryLedger> ledger) : ledger_(std::move(ledger)) {}
  Result<std::optional<VaultRow>> VaultRowOf(const std::string& subject) override;
  Result<std::vector<std::string>> VaultSubjects() override;
  Result<std::map<std::string, std::string>> PublicNames() override;
  Result<std::optional<StoredAnswer>> AnswerOf(const std::string& actor,
                                               const std::string& key) override;

 private:
  std::shared_ptr<MemoryLedger> ledger_;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_MEMORY_SIDE_RECORDS_H_
