#include "ledger/store/memory_account_records.h"

#include <algorithm>
#include <shared_mutex>

#include "ledger/store/memory_ledger.h"

namespace aidledger {
namespace {

class MemoryAccountRecords final : public AccountRecords {
 public:
  explicit MemoryAccountRecords(std::shared_ptr<MemoryLedger> ledger)
      : ledger_(std::move(ledger)) {}

  Status InsertUser(const UserRow& row) override {
    std::unique_lock lock(ledger_->mu);
    if (!ledger_->users.emplace(row.name, row).second) {
      return Status(ErrorCode::kConflict, "a user of this name exists", "name");
    }
    return Status::Ok();
  }

  Result<std::vector<UserRow>> Users() override {
    std::shared_lock lock(ledger_->mu);
    std::vector<UserRow> out;
    for (const auto& [name, row] : ledger_->users) out.push_back(row);
    return out;
  }

  Result<std::optional<UserRow>> UserNamed(const std::string& name) override {
    std::shared_lock lock(ledger_->mu);
    auto it = ledger_->users.find(name);
    if (it == ledger_->users.end()) return std::optional<UserRow>();
    return std::optional<UserRow>(it->second);
  }

  Result<int64_t> CountUsers() override {
    std::shared_lock lock(ledger_->mu);
    return static_cast<int64_t>(ledger_->users.size());
  }

  Status SetDisabled(const std::string& name, bool disabled) override {
    std::unique_lock lock(ledger_->mu);
    auto it = ledger_->users.find(name);
    if (it == ledger_->users.end()) return Status(ErrorCode::kNotFound, "no such user", "name");
    it->second.disabled = disabled;
    return Status::Ok();
  }

  Status SetPasswordHash(const std::string& name, const std::string& hash) override {
    std::unique_lock lock(ledger_->mu);
    auto it = ledger_->users.find(name);
    if (it == ledger_->users.end()) return Status(ErrorCode::kNotFound, "no such user", "name");
    it->second.password_hash = hash;
    return Status::Ok();
  }

  Result<int64_t> InsertToken(const TokenRow& row) override {
    std::unique_lock lock(ledger_->mu);
    if (ledger_->users.count(row.user) == 0) {
      return Status(ErrorCode::kNotFound, "no such user", "user");
    }
    TokenRow stored = row;
    stored.id = static_cast<int64_t>(ledger_->tokens.size()) + 1;
    ledger_->tokens.push_back(stored);
    return stored.id;
  }

  Result<std::vector<TokenRow>> Tokens() override {
    std::shared_lock lock(ledger_->mu);
    return ledger_->tokens;
  }

  Status RevokeToken(int64_t id, const std::string& at) override {
    std::unique_lock lock(ledger_->mu);
    if (id < 1 || static_cast<size_t>(id) > ledger_->tokens.size() ||
        !ledger_->tokens[static_cast<size_t>(id - 1)].revoked_at.empty()) {
      return Status(ErrorCode::kNotFound, "no such valid token", "id");
    }
    ledger_->tokens[static_cast<size_t>(id - 1)].revoked_at = at;
    return Status::Ok();
  }

  Result<std::optional<TokenRow>> TokenByHash(const Hash32& token_hash) override {
    std::shared_lock lock(ledger_->mu);
    auto it = std::find_if(ledger_->tokens.begin(), ledger_->tokens.end(),
                           [&](const TokenRow& t) { return t.token_hash == token_hash; });
    if (it == ledger_->tokens.end()) return std::optional<TokenRow>();
    return std::optional<TokenRow>(*it);
  }

 private:
  std::shared_ptr<MemoryLedger> ledger_;
};

}  // namespace

Result<std::unique_ptr<AccountRecords>> OpenMemoryAccountRecords(const std::string& name) {
  auto ledger = MemoryLedger::Find(name);
  if (!ledger.ok()) return ledger.status();
  return std::unique_ptr<AccountRecords>(new MemoryAccountRecords(*ledger));
}

}  // namespace aidledger
