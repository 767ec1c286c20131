#include "ledger/store/sqlite_account_records.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstring>

#include "ledger/store/sqlite_util.h"

namespace aidledger {
namespace {

std::string TextOrEmpty(const SQLite::Column& c) { return c.isNull() ? "" : c.getString(); }

void BindTextOrNull(SQLite::Statement& q, int index, const std::string& text) {
  if (text.empty()) {
    q.bind(index);
  } else {
    q.bind(index, text);
  }
}

TokenRow ReadToken(SQLite::Statement& q) {
  TokenRow t;
  t.id = q.getColumn(0).getInt64();
  const SQLite::Column hash = q.getColumn(1);
  if (hash.getBytes() == 32) std::memcpy(t.token_hash.data(), hash.getBlob(), 32);
  t.user = q.getColumn(2).getString();
  t.label = q.getColumn(3).getString();
  t.created_at = q.getColumn(4).getString();
  t.expires_at = TextOrEmpty(q.getColumn(5));
  t.revoked_at = TextOrEmpty(q.getColumn(6));
  return t;
}

constexpr const char* kTokenColumns =
    "SELECT id, token_hash, user, label, created_at, expires_at, revoked_at FROM api_tokens ";
constexpr const char* kUserColumns =
    "SELECT name, role, created_at, disabled, COALESCE(password_hash, '') FROM users ";

UserRow ReadUser(SQLite::Statement& q) {
  return UserRow{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                 q.getColumn(3).getInt() != 0, q.getColumn(4).getString()};
}

class SqliteAccountRecords final : public AccountRecords {
 public:
  explicit SqliteAccountRecords(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

  Status InsertUser(const UserRow& row) override {
    try {
      SQLite::Statement q(*db_,
                          "INSERT INTO users (name, role, created_at, disabled, password_hash) "
                          "VALUES (?, ?, ?, ?, ?)");
      q.bind(1, row.name);
      q.bind(2, row.role);
      q.bind(3, row.created_at);
      q.bind(4, row.disabled ? 1 : 0);
      BindTextOrNull(q, 5, row.password_hash);
      q.exec();
      return Status::Ok();
    } catch (const std::exception& e) {
      return StatusFromException(e, "add user", db_.get());
    }
  }

  Result<std::vector<UserRow>> Users() override {
    try {
      std::vector<UserRow> out;
      SQLite::Statement q(*db_, std::string(kUserColumns) + "ORDER BY name");
      while (q.executeStep()) out.push_back(ReadUser(q));
      return out;
    } catch (const std::exception& e) {
      return StatusFromException(e, "list users", db_.get());
    }
  }

  Result<std::optional<UserRow>> UserNamed(const std::string& name) override {
    try {
      SQLite::Statement q(*db_, std::string(kUserColumns) + "WHERE name = ?");
      q.bind(1, name);
      if (!q.executeStep()) return std::optional<UserRow>();
      return std::optional<UserRow>(ReadUser(q));
    } catch (const std::exception& e) {
      return StatusFromException(e, "read user", db_.get());
    }
  }

  Result<int64_t> CountUsers() override {
    try {
      return db_->execAndGet("SELECT COUNT(*) FROM users").getInt64();
    } catch (const std::exception& e) {
      return StatusFromException(e, "count users", db_.get());
    }
  }

  Status SetDisabled(const std::string& name, bool disabled) override {
    try {
      SQLite::Statement q(*db_, "UPDATE users SET disabled = ? WHERE name = ?");
      q.bind(1, disabled ? 1 : 0);
      q.bind(2, name);
      if (q.exec() != 1) return Status(ErrorCode::kNotFound, "no such user", "name");
      return Status::Ok();
    } catch (const std::exception& e) {
      return StatusFromException(e, "disable user", db_.get());
    }
  }

  Status SetPasswordHash(const std::string& name, const std::string& hash) override {
    try {
      SQLite::Statement q(*db_,
                          "UPDATE users SET password_hash = ?, failed_logins = 0, "
                          "locked_until = NULL WHERE name = ?");
      q.bind(1, hash);
      q.bind(2, name);
      if (q.exec() != 1) return Status(ErrorCode::kNotFound, "no such user", "name");
      return Status::Ok();
    } catch (const std::exception& e) {
      return StatusFromException(e, "set password", db_.get());
    }
  }

  Result<int64_t> InsertToken(const TokenRow& row) override {
    try {
      SQLite::Statement exists(*db_, "SELECT 1 FROM users WHERE name = ?");
      exists.bind(1, row.user);
      if (!exists.executeStep()) return Status(ErrorCode::kNotFound, "no such user", "user");
      SQLite::Statement q(*db_,
                          "INSERT INTO api_tokens (token_hash, user, label, created_at, "
                          "expires_at) VALUES (?, ?, ?, ?, ?)");
      q.bind(1, row.token_hash.data(), 32);
      q.bind(2, row.user);
      q.bind(3, row.label);
      q.bind(4, row.created_at);
      BindTextOrNull(q, 5, row.expires_at);
      q.exec();
      return db_->getLastInsertRowid();
    } catch (const std::exception& e) {
      return StatusFromException(e, "issue token", db_.get());
    }
  }

  Result<std::vector<TokenRow>> Tokens() override {
    try {
      std::vector<TokenRow> out;
      SQLite::Statement q(*db_, std::string(kTokenColumns) + "ORDER BY id");
      while (q.executeStep()) out.push_back(ReadToken(q));
      return out;
    } catch (const std::exception& e) {
      return StatusFromException(e, "list tokens", db_.get());
    }
  }

  Status RevokeToken(int64_t id, const std::string& at) override {
    try {
      SQLite::Statement q(
          *db_, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
      q.bind(1, at);
      q.bind(2, id);
      if (q.exec() != 1) return Status(ErrorCode::kNotFound, "no such valid token", "id");
      return Status::Ok();
    } catch (const std::exception& e) {
      return StatusFromException(e, "revoke token", db_.get());
    }
  }

  Result<std::optional<TokenRow>> TokenByHash(const Hash32& token_hash) override {
    try {
      SQLite::Statement q(*db_, std::string(kTokenColumns) + "WHERE token_hash = ?");
      q.bind(1, token_hash.data(), 32);
      if (!q.executeStep()) return std::optional<TokenRow>();
      return std::optional<TokenRow>(ReadToken(q));
    } catch (const std::exception& e) {
      return StatusFromException(e, "authenticate", db_.get());
    }
  }

 private:
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace

Result<std::unique_ptr<AccountRecords>> OpenSqliteAccountRecords(const std::string& path) {
  auto db = OpenDatabase(path, DbOptions{});
  if (!db.ok()) return db.status();
  return std::unique_ptr<AccountRecords>(new SqliteAccountRecords(std::move(db).value()));
}

}  // namespace aidledger
