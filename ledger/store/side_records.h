// Side records: what a ledger's storage keeps beside the chain, outside it,
// typed (no database handle leaves the store). The vault's sealed personal
// records and the answers of idempotent writes are written in the same
// transaction as the entries they belong to (SideWriter, handed to the
// append's side write), so that both commit or neither does; they are read
// through a SideReader, one per thread.
//
// A backend implements both; docs/store.md says how SQLite keeps them.
#ifndef AIDLEDGER_LEDGER_STORE_SIDE_RECORDS_H_
#define AIDLEDGER_LEDGER_STORE_SIDE_RECORDS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"

namespace aidledger {

// A personal record as the vault keeps it: sealed (docs/vault.md).
struct VaultRow {
  std::string subject;  // R-000001 or D-000001
  std::string nonce;    // 12 bytes
  std::string sealed;   // the ciphertext, then the 16-byte tag
  // A keyed hash of a recipient's ID number: one enrolment per person.
  std::optional<Hash32> id_index;
  // A donor's name for public lists, by their consent only.
  std::optional<std::string> public_name;
  MicrosSinceEpoch updated_at = 0;
};

// The answer a write gave, kept under the caller's Idempotency-Key so that a
// retry gets the same answer instead of a second entry.
struct StoredAnswer {
  std::string actor;
  std::string key;
  Hash32 request_hash{};  // of the request, so that a reused key is told apart
  int status = 0;
  std::string body;
  MicrosSinceEpoch created_at = 0;
};

// Writes inside an append's transaction. Each call either takes effect with
// the entries or, when the append fails, not at all.
class SideWriter {
 public:
  virtual ~SideWriter() = default;
  // The subject other than `other_than` whose row holds `id_index`, if any.
  virtual Result<std::optional<std::string>> VaultSubjectWithIdIndex(
      const Hash32& id_index, const std::string& other_than) = 0;
  // Adds the subject's row (kConflict if it has one, or if another holds its
  // id_index), or with `replace` replaces it (kNotFound if it has none).
  virtual Status PutVaultRow(const VaultRow& row, bool replace) = 0;
  // Deletes the subject's row, overwriting its bytes where the backend keeps
  // them (SQLite: secure_delete); kNotFound if it has none.
  virtual Status EraseVaultRow(const std::string& subject) = 0;
  // kConflict when (actor, key) holds an answer already: a concurrent
  // duplicate of the same request.
  virtual Status PutAnswer(const StoredAnswer& answer) = 0;
};

// Reads of committed side records. Not thread-safe: one per thread, or
// guarded by the caller.
class SideReader {
 public:
  virtual ~SideReader() = default;
  virtual Result<std::optional<VaultRow>> VaultRowOf(const std::string& subject) = 0;
  // Every subject with a row, in order.
  virtual Result<std::vector<std::string>> VaultSubjects() = 0;
  // Subject -> public name, for the rows that have one.
  virtual Result<std::map<std::string, std::string>> PublicNames() = 0;
  virtual Result<std::optional<StoredAnswer>> AnswerOf(const std::string& actor,
                                                       const std::string& key) = 0;
};

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_SIDE_RECORDS_H_
