#include "api/users.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <algorithm>

#include "ledger/base/base64.h"
#include "ledger/base/hash.h"
#include "ledger/books/role.h"

namespace aidledger {

namespace {

constexpr uint64_t kScryptLogN = 15, kScryptR = 8, kScryptP = 1;

Status Unauthenticated() {
  return Status(ErrorCode::kUnauthenticated, "a valid API token is required", "authorization");
}

bool IsUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string Base64Url(std::string_view bytes) {
  std::string b = Base64Encode(bytes);
  std::replace(b.begin(), b.end(), '+', '-');
  std::replace(b.begin(), b.end(), '/', '_');
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

Result<std::string> Scrypt(const std::string& password, std::string_view salt, uint64_t log_n,
                           uint64_t r, uint64_t p) {
  std::string out(32, '\0');
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(),
                     uint64_t{1} << log_n, r, p, 256ULL * 1024 * 1024,
                     reinterpret_cast<unsigned char*>(out.data()), out.size()) != 1) {
    return Status(ErrorCode::kInternal, "scrypt failed");
  }
  return out;
}

}  // namespace

Result<std::string> HashPassword(const std::string& password) {
  std::string salt(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), 16) != 1) {
    return Status(ErrorCode::kInternal, "no random bytes for the salt");
  }
  auto hash = Scrypt(password, salt, kScryptLogN, kScryptR, kScryptP);
  if (!hash.ok()) return hash.status();
  return "scrypt$" + std::to_string(kScryptLogN) + "$" + std::to_string(kScryptR) + "$" +
         std::to_string(kScryptP) + "$" + Base64Encode(salt) + "$" + Base64Encode(*hash);
}

bool PasswordMatches(const std::string& password, const std::string& encoded) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= encoded.size(); ++i) {
    if (i == encoded.size() || encoded[i] == '$') {
      parts.push_back(encoded.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  const auto number = [](const std::string& s) -> uint64_t {
    return s.empty() || s.size() > 2 || !std::all_of(s.begin(), s.end(), ::isdigit)
               ? 0
               : std::stoull(s);
  };
  const uint64_t log_n = number(parts[1]), r = number(parts[2]), p = number(parts[3]);
  auto salt = Base64Decode(parts[4]);
  auto expected = Base64Decode(parts[5]);
  if (log_n < 10 || log_n > 20 || r == 0 || r > 16 || p == 0 || p > 4 || !salt || !expected ||
      expected->size() != 32) {
    return false;
  }
  auto got = Scrypt(password, *salt, log_n, r, p);
  return got.ok() && CRYPTO_memcmp(got->data(), expected->data(), 32) == 0;
}

UserStore::UserStore(std::unique_ptr<AccountRecords> records, Clock* clock)
    : records_(std::move(records)), clock_(clock) {
  if (clock_ == nullptr) {
    own_clock_ = std::make_unique<SystemClock>();
    clock_ = own_clock_.get();
  }
}

UserStore::~UserStore() = default;

Result<std::unique_ptr<UserStore>> UserStore::Open(const std::string& db_path, Clock* clock) {
  auto records = OpenAccountRecords(db_path);
  if (!records.ok()) return records.status();
  return std::unique_ptr<UserStore>(new UserStore(std::move(records).value(), clock));
}

Result<User> UserStore::AddUser(const std::string& name, const std::string& role) {
  if (!IsUserName(name)) {
    return InvalidArgument("1 to 64 letters, digits, '.', '_' or '-'", "name");
  }
  if (!ParseRole(role)) return InvalidArgument("admin, treasurer, coordinator or auditor", "role");
  std::lock_guard lock(mu_);
  User u{name, role, FormatTimestamp(clock_->Now()), false};
  Status added = records_->InsertUser(UserRow{u.name, u.role, u.created_at, false, ""});
  if (added.code() == ErrorCode::kConflict) {
    return Status(ErrorCode::kAlreadyExists, "a user of this name exists", "name");
  }
  AIDLEDGER_RETURN_IF_ERROR(added);
  return u;
}

Result<std::vector<User>> UserStore::ListUsers() {
  std::lock_guard lock(mu_);
  auto rows = records_->Users();
  if (!rows.ok()) return rows.status();
  std::vector<User> out;
  for (const UserRow& r : *rows) out.push_back(User{r.name, r.role, r.created_at, r.disabled});
  return out;
}

Result<int64_t> UserStore::CountUsers() {
  std::lock_guard lock(mu_);
  return records_->CountUsers();
}

Status UserStore::SetDisabled(const std::string& name, bool disabled) {
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(records_->SetDisabled(name, disabled));
  cache_.clear();
  stamps_.erase(name);
  return Status::Ok();
}

Result<IssuedToken> UserStore::IssueToken(const std::string& user, const std::string& label,
                                          std::optional<MicrosSinceEpoch> expires_at) {
  std::string raw(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), 32) != 1) {
    return Status(ErrorCode::kInternal, "no random bytes for the token");
  }
  IssuedToken t;
  t.token = "aidl_" + Base64Url(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  TokenRow row;
  row.token_hash = Sha256::Of(t.token);
  row.user = user;
  row.label = label;
  row.created_at = FormatTimestamp(clock_->Now());
  if (expires_at) row.expires_at = FormatTimestamp(*expires_at);
  std::lock_guard lock(mu_);
  auto id = records_->InsertToken(row);
  if (!id.ok()) return id.status();
  t.id = *id;
  return t;
}

Result<std::vector<TokenInfo>> UserStore::ListTokens() {
  std::lock_guard lock(mu_);
  auto rows = records_->Tokens();
  if (!rows.ok()) return rows.status();
  std::vector<TokenInfo> out;
  for (const TokenRow& r : *rows) {
    out.push_back(TokenInfo{r.id, r.user, r.label, r.created_at, r.expires_at, r.revoked_at});
  }
  return out;
}

Status UserStore::RevokeToken(int64_t id) {
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(records_->RevokeToken(id, FormatTimestamp(clock_->Now())));
  cache_.clear();
  return Status::Ok();
}

Result<Actor> UserStore::Authenticate(std::string_view token) {
  if (token.size() < 10 || token.size() > 100) return Unauthenticated();
  const Hash32 hash = Sha256::Of(token);
  const std::string key(AsBytes(hash));
  const MicrosSinceEpoch now = clock_->Now();
  std::lock_guard lock(mu_);
  if (auto hit = cache_.find(key); hit != cache_.end()) {
    if (now - hit->second.checked_at < kRecheckMicros &&
        (hit->second.expires_at.empty() || hit->second.expires_at > FormatTimestamp(now))) {
      return hit->second.actor;
    }
    cache_.erase(hit);
  }
  auto found = records_->TokenByHash(hash);
  if (!found.ok()) return found.status();
  if (!found->has_value() || !(*found)->revoked_at.empty()) return Unauthenticated();
  const std::string expires = (*found)->expires_at;
  if (!expires.empty() && expires <= FormatTimestamp(now)) return Unauthenticated();
  auto user = records_->UserNamed((*found)->user);
  if (!user.ok()) return user.status();
  if (!user->has_value() || (*user)->disabled) return Unauthenticated();
  Actor actor{(*user)->name, (*user)->role};
  if (cache_.size() > 10'000) cache_.clear();
  cache_[key] = CachedToken{actor, expires, now};
  return actor;
}

Status UserStore::SetPassword(const std::string& name, const std::string& password) {
  if (password.size() < 12 || password.size() > 200) {
    return InvalidArgument("12 to 200 bytes", "password");
  }
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  std::lock_guard lock(mu_);
  AIDLEDGER_RETURN_IF_ERROR(records_->SetPasswordHash(name, *hash));
  stamps_.erase(name);
  return Status::Ok();
}

Result<std::string> UserStore::LoginStamp(const std::string& name) {
  const Status refused(ErrorCode::kUnauthenticated, "the user is disabled or has no password",
                       "name");
  const MicrosSinceEpoch now = clock_->Now();
  std::lock_guard lock(mu_);
  if (auto hit = stamps_.find(name);
      hit != stamps_.end() && now - hit->second.checked_at < kRecheckMicros) {
    if (hit->second.stamp.empty()) return refused;
    return hit->second.stamp;
  }
  auto user = records_->UserNamed(name);
  if (!user.ok()) return user.status();
  std::string stamp;
  if (user->has_value() && !(*user)->disabled && !(*user)->password_hash.empty()) {
    // The password hash is salted afresh on every change.
    stamp = ToHex(Sha256::Of((*user)->role + "\n" + (*user)->password_hash));
  }
  if (stamps_.size() > 10'000) stamps_.clear();
  stamps_[name] = CachedStamp{stamp, now};
  if (stamp.empty()) return refused;
  return stamp;
}

Result<Actor> UserStore::CheckPassword(const std::string& name, const std::string& password) {
  // One answer, and the same work, whether the name is unknown, disabled,
  // without a password or given a wrong one: nothing tells which names exist.
  const Status refused(ErrorCode::kUnauthenticated, "wrong user name or password", "password");
  std::string encoded, role;
  {
    std::lock_guard lock(mu_);
    auto user = records_->UserNamed(name);
    if (!user.ok()) return user.status();
    if (user->has_value() && !(*user)->disabled) {
      role = (*user)->role;
      encoded = (*user)->password_hash;
    }
  }
  // A hash of a password nobody has, made once: checked against when there
  // is no real one, so that a missing user costs as much as a wrong password.
  static const std::string kDummy = [] {
    auto hash = HashPassword("no user has this password");
    return hash.ok() ? *hash : std::string();
  }();
  const bool ok = PasswordMatches(password, encoded.empty() ? kDummy : encoded) && !encoded.empty();
  password_checks_.fetch_add(1, std::memory_order_relaxed);
  if (!ok) return refused;
  return Actor{name, role};
}

}  // namespace aidledger
