// Account records: the people who use the service, their roles, password
// hashes and API tokens, kept by a ledger's storage beside the chain (never
// in it). Typed, so that no database handle leaves the store; api/users.h
// keeps the rules (names, hashing, caching) on top of them.
#ifndef AIDLEDGER_LEDGER_STORE_ACCOUNT_RECORDS_H_
#define AIDLEDGER_LEDGER_STORE_ACCOUNT_RECORDS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/hash.h"
#include "ledger/base/status.h"

namespace aidledger {

struct UserRow {
  std::string name;
  std::string role;
  std::string created_at;  // recorded_at form
  bool disabled = false;
  std::string password_hash;  // "" until a password is set
};

struct TokenRow {
  int64_t id = 0;       // given by the store
  Hash32 token_hash{};  // SHA-256 of the token, which is never kept
  std::string user;
  std::string label;
  std::string created_at;
  std::string expires_at;  // "" when it never expires
  std::string revoked_at;  // "" while valid
};

// Each call is its own transaction, durable when it returns. Not
// thread-safe: the caller serialises.
class AccountRecords {
 public:
  virtual ~AccountRecords() = default;
  // kConflict if a user of this name exists.
  virtual Status InsertUser(const UserRow& row) = 0;
  // Every user, by name.
  virtual Result<std::vector<UserRow>> Users() = 0;
  virtual Result<std::optional<UserRow>> UserNamed(const std::string& name) = 0;
  virtual Result<int64_t> CountUsers() = 0;
  // kNotFound for an unknown name.
  virtual Status SetDisabled(const std::string& name, bool disabled) = 0;
  virtual Status SetPasswordHash(const std::string& name, const std::string& hash) = 0;
  // The new token's id; kNotFound for an unknown user.
  virtual Result<int64_t> InsertToken(const TokenRow& row) = 0;
  // Every token, by id.
  virtual Result<std::vector<TokenRow>> Tokens() = 0;
  // kNotFound unless a token of this id exists and is not revoked yet.
  virtual Status RevokeToken(int64_t id, const std::string& at) = 0;
  virtual Result<std::optional<TokenRow>> TokenByHash(const Hash32& token_hash) = 0;
};

// The account records of the ledger at `address` (ledger_address.h; the
// SQLite backend keeps them in the ledger's file, already created and
// migrated by LedgerStore).
Result<std::unique_ptr<AccountRecords>> OpenAccountRecords(const std::string& address);

}  // namespace aidledger

#endif  // AIDLEDGER_LEDGER_STORE_ACCOUNT_RECORDS_H_
