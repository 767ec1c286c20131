#include "api/session_store.h"

#include <openssl/rand.h>

#include <cstdlib>

#include "ledger/base/hash.h"

namespace aidledger::api {

namespace {

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    std::abort();  // no randomness: nothing safe to hand out
  }
  return ToHex(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
}

std::string Key(std::string_view id) {
  const Hash32 h = Sha256::Of(id);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

SessionStore::SessionStore(Clock* clock, int64_t idle_micros, int64_t max_micros)
    : clock_(clock != nullptr ? clock : &own_clock_),
      idle_micros_(idle_micros),
      max_micros_(max_micros) {}

SessionStore::Issued SessionStore::Create(const Actor& actor, std::string stamp) {
  Issued out{RandomHex(32), RandomHex(32)};
  const MicrosSinceEpoch now = clock_->Now();
  std::lock_guard lock(mu_);
  // Forget expired sessions now and then, so the map stays small.
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const bool expired =
        now - it->second.seen > idle_micros_ || now - it->second.created > max_micros_;
    it = expired ? sessions_.erase(it) : std::next(it);
  }
  sessions_[Key(out.id)] = Entry{Session{actor, out.csrf, std::move(stamp)}, now, now};
  return out;
}

std::optional<SessionStore::Session> SessionStore::Find(std::string_view id) {
  if (id.size() != 64) return std::nullopt;
  const MicrosSinceEpoch now = clock_->Now();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(Key(id));
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.seen > idle_micros_ || now - it->second.created > max_micros_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.seen = now;
  return it->second.session;
}

void SessionStore::Remove(std::string_view id) {
  std::lock_guard lock(mu_);
  sessions_.erase(Key(id));
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  return "";
}

}  // namespace aidledger::api
