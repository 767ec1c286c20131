// SessionStore: the web interface's logins. A session is a random id sent
// to the browser in an HttpOnly, SameSite=Strict cookie and kept here only
// as its SHA-256, with a CSRF token that every write made with the cookie
// must echo in the X-CSRF-Token header. Sessions live in memory: a restart
// logs everyone out. Thread-safe.
#ifndef AIDLEDGER_API_SESSION_STORE_H_
#define AIDLEDGER_API_SESSION_STORE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/timestamp.h"
#include "ledger/chain/entry.h"

namespace aidledger::api {

class SessionStore {
 public:
  struct Session {
    Actor actor;
    std::string csrf;   // what the session's writes must send in X-CSRF-Token
    std::string stamp;  // UserStore::LoginStamp at login: the session ends when it changes
  };
  struct Issued {
    std::string id;  // for the cookie; never stored
    std::string csrf;
  };

  // Sessions end after `idle_micros` without a request, and after
  // `max_micros` in any case. `clock` may be null (the system clock).
  explicit SessionStore(Clock* clock = nullptr, int64_t idle_micros = 30LL * 60 * 1'000'000,
                        int64_t max_micros = 12LL * 3600 * 1'000'000);

  Issued Create(const Actor& actor, std::string stamp);
  // The live session with this id (and it is seen now), or nullopt.
  std::optional<Session> Find(std::string_view id);
  void Remove(std::string_view id);

  static constexpr std::string_view kCookie = "aidl_session";

 private:
  struct Entry {
    Session session;
    MicrosSinceEpoch created = 0;
    MicrosSinceEpoch seen = 0;
  };
  std::mutex mu_;
  std::map<std::string, Entry> sessions_;  // by the id's SHA-256
  SystemClock own_clock_;
  Clock* clock_;
  int64_t idle_micros_;
  int64_t max_micros_;
};

// The value of cookie `name` in a Cookie header, "" if absent.
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_SESSION_STORE_H_
