#include "app/app_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ledger/books/business_date.h"
#include "ledger/books/money.h"

namespace aidledger::cli {

Status EnsureParentDir(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return Status::Ok();
  const std::string dir = path.substr(0, slash);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return IoError("create folder " + dir + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string DefaultVaultKeyPath(const std::string& db) {
  const auto slash = db.find_last_of('/');
  return (slash == std::string::npos ? std::string(".") : db.substr(0, slash)) + "/keys/vault.key";
}

std::string DefaultKeyPath(const std::string& db) {
  const auto slash = db.find_last_of('/');
  return (slash == std::string::npos ? std::string(".") : db.substr(0, slash)) +
         "/keys/checkpoint.key";
}

Status WriteText(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return IoError("write " + path + ": " + std::strerror(errno));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok ? Status::Ok() : IoError("write " + path + ": " + std::strerror(errno));
}

Result<SigningKey> EnsureKey(const std::string& path, const std::string& name, bool* created) {
  *created = false;
  if (::access(path.c_str(), F_OK) == 0) return SigningKey::Load(path);
  const auto slash = path.find_last_of('/');
  if (slash != std::string::npos) ::mkdir(path.substr(0, slash).c_str(), 0700);
  auto key = SigningKey::Generate(name);
  if (!key.ok()) return key.status();
  AIDLEDGER_RETURN_IF_ERROR(key->Save(path));
  AIDLEDGER_RETURN_IF_ERROR(WriteText(path + ".pub", key->public_key().Vkey() + "\n", 0644));
  AIDLEDGER_RETURN_IF_ERROR(WriteText(path + ".pub.pem", key->public_key().Pem(), 0644));
  *created = true;
  return key;
}

Status CheckNewLedgerParams(const GenesisParams& params) {
  if (!CurrencyMinorDigits(params.default_currency)) {
    return InvalidArgument("not an ISO 4217 currency this build knows: " + params.default_currency,
                           "currency");
  }
  if (Status zone = UseTimeZone(params.time_zone); !zone.ok()) {
    return InvalidArgument(zone.message(), "time_zone");
  }
  return Status::Ok();
}

}  // namespace aidledger::cli
