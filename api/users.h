// UserStore: the people who use the service, their roles, their API tokens
// and web passwords (the users, api_tokens tables; docs/store.md).
//
// Contract:
//  - A token is shown once, when issued: only its SHA-256 is stored (tokens
//    are 256 random bits, so a fast hash suffices; passwords are not, and
//    get scrypt with a random salt).
//  - Authenticate accepts a token that exists, is not revoked or expired,
//    and whose user is not disabled; anything else is kUnauthenticated with
//    no hint which. A token it accepted is remembered for one second, so a
//    revocation or a disabling by another process (aidledger user) takes
//    effect within a second; by this store, at once.
//  - A wrong password, a missing user and a disabled one get one answer
//    after the same work; throttling is LoginThrottle's (no lock-out that a
//    visitor could renew).
// Thread-safe.
#ifndef AIDLEDGER_API_USERS_H_
#define AIDLEDGER_API_USERS_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/timestamp.h"
#include "ledger/chain/entry.h"
#include "ledger/store/account_records.h"

namespace aidledger {

struct User {
  std::string name;
  std::string role;
  std::string created_at;
  bool disabled = false;
};

struct TokenInfo {
  int64_t id = 0;
  std::string user;
  std::string label;
  std::string created_at;
  std::string expires_at;  // "" when it never expires
  std::string revoked_at;  // "" while valid
};

struct IssuedToken {
  int64_t id = 0;
  std::string token;  // shown once
};

class UserStore {
 public:
  // Opens the ledger file's service tables (the file must exist and be
  // migrated: open it with LedgerStore first). `clock` may be null.
  static Result<std::unique_ptr<UserStore>> Open(const std::string& db_path,
                                                 Clock* clock = nullptr);
  ~UserStore();

  // Names: 1 to 64 of letters, digits, '.', '_' and '-'.
  Result<User> AddUser(const std::string& name, const std::string& role);
  Result<std::vector<User>> ListUsers();
  Result<int64_t> CountUsers();
  Status SetDisabled(const std::string& name, bool disabled);

  Result<IssuedToken> IssueToken(const std::string& user, const std::string& label,
                                 std::optional<MicrosSinceEpoch> expires_at = std::nullopt);
  Result<std::vector<TokenInfo>> ListTokens();
  Status RevokeToken(int64_t id);
  // The actor a bearer token stands for.
  Result<Actor> Authenticate(std::string_view token);

  // Passwords: 12 to 200 bytes.
  Status SetPassword(const std::string& name, const std::string& password);
  // The user if `password` is theirs; otherwise one refusal, "wrong user
  // name or password", after the same scrypt work whether or not the name
  // exists (throttling repeated attempts is the caller's: LoginThrottle).
  Result<Actor> CheckPassword(const std::string& name, const std::string& password);
  // Password hashes computed by CheckPassword: one per call, found or not.
  int64_t password_checks() const { return password_checks_.load(); }
  // What a web session of `name` was opened under: it changes when the
  // user's password or role changes, and kUnauthenticated once the user is
  // disabled (by this process or another, e.g. `aidledger user disable`,
  // seen within a second).
  Result<std::string> LoginStamp(const std::string& name);

 private:
  UserStore(std::unique_ptr<AccountRecords> records, Clock* clock);

  // A token's user and a user's login stamp are read again after this long:
  // what another process (the CLI) changes shows within it.
  static constexpr int64_t kRecheckMicros = 1'000'000;
  struct CachedToken {
    Actor actor;
    std::string expires_at;
    MicrosSinceEpoch checked_at = 0;
  };

  std::mutex mu_;
  std::atomic<int64_t> password_checks_{0};
  std::unique_ptr<AccountRecords> records_;   // guarded by mu_
  std::map<std::string, CachedToken> cache_;  // by the token's SHA-256
  struct CachedStamp {
    std::string stamp;  // empty: the user may not log in
    MicrosSinceEpoch checked_at = 0;
  };
  std::map<std::string, CachedStamp> stamps_;  // by user name
  std::unique_ptr<SystemClock> own_clock_;
  Clock* clock_;
};

// scrypt (N = 2^15, r = 8, p = 1) with a 16-byte random salt, encoded as
// "scrypt$15$8$1$<salt base64>$<hash base64>". Exposed for tests.
Result<std::string> HashPassword(const std::string& password);
bool PasswordMatches(const std::string& password, const std::string& encoded);

}  // namespace aidledger

#endif  // AIDLEDGER_API_USERS_H_
