// Logging in and out of the web interface, and who the caller is.

#include <Poco/Logger.h>

#include <cstring>

#include "api/handlers/handlers.h"

namespace aidledger::api {

ApiResponse Handlers::Me(Service::Context& ctx) {
  return Json(200, Object{{"name", ctx.actor.id}, {"role", ctx.actor.role}});
}

std::string Handlers::SessionCookie(const Service::Context& ctx, const std::string& value,
                                    int64_t max_age) {
  return std::string(SessionStore::kCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (ctx.request->secure ? "; Secure" : "");
}

ApiResponse Handlers::Login(Service::Context& ctx, UserStore& users, SessionStore& sessions,
                            LoginThrottle& throttle) {
  Body b(ctx.body);
  API_CHECK(b.OnlyMembers({"name", "password"}));
  API_TRY(name, b.Text("name"));
  API_TRY(password, b.Text("password"));
  // Growing delays per name and address, and per address: never a lock a
  // visitor could renew to keep the real user out.
  if (auto wait = throttle.Admit(name, ctx.request->client_address)) {
    const int64_t seconds = (*wait + 999'999) / 1'000'000;
    ApiResponse r = ctx.Fail(
        Status(ErrorCode::kTooManyRequests,
               "too many attempts; try again in " + std::to_string(seconds) + " s", "password"));
    r.headers.emplace_back("Retry-After", std::to_string(seconds));
    return r;
  }
  API_TRY(actor, users.CheckPassword(name, password));
  throttle.Succeeded(name, ctx.request->client_address);
  API_TRY(stamp, users.LoginStamp(name));
  const SessionStore::Issued issued = sessions.Create(actor, std::move(stamp));
  Poco::Logger::get("aidledger.audit").notice("login " + actor.id + " (" + actor.role + ")");
  ApiResponse r =
      Json(201, Object{{"name", actor.id}, {"role", actor.role}, {"csrf", issued.csrf}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(ctx, issued.id, 12 * 3600));
  return r;
}

ApiResponse Handlers::SessionInfo(Service::Context& ctx, SessionStore& sessions) {
  auto session = sessions.Find(CookieValue(ctx.request->cookie, SessionStore::kCookie));
  return Json(200, Object{{"name", ctx.actor.id},
                          {"role", ctx.actor.role},
                          {"csrf", session ? session->csrf : std::string()}});
}

ApiResponse Handlers::Logout(Service::Context& ctx, SessionStore& sessions) {
  sessions.Remove(CookieValue(ctx.request->cookie, SessionStore::kCookie));
  ApiResponse r = Json(200, Object{{"logged_out", true}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(ctx, "", 0));
  return r;
}

}  // namespace aidledger::api
