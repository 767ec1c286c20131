#include "api/service.h"

#include <Poco/Logger.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "api/router.h"
#include "api/service_internals.h"
#include "ledger/base/canonical_json.h"
#include "ledger/base/hash.h"
#include "ledger/base/timestamp.h"
#include "ledger/base/utf8.h"

namespace aidledger::api {

// --- the service ------------------------------------------------------------

Service::Service(LedgerStore* store, SigningKey key, ServiceOptions options)
    : store_(store),
      signing_key_(std::move(key)),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock_),
      sessions_(clock_),
      login_throttle_(clock_) {}

Service::~Service() {
  ::unlink((store_->path() + "-ready").c_str());  // /readyz's probe; absent if never asked
}

Result<std::unique_ptr<Service>> Service::Open(LedgerStore* store, SigningKey signing_key,
                                               VaultKey vault_key, ServiceOptions options) {
  std::unique_ptr<Service> s(new Service(store, std::move(signing_key), std::move(options)));
  auto books = Books::Open(store);
  if (!books.ok()) return books.status();
  s->books_ = std::move(books).value();
  auto vault = Vault::Open(s->books_.get(), std::move(vault_key));
  if (!vault.ok()) return vault.status();
  s->vault_ = std::move(vault).value();
  auto users = UserStore::Open(store->path(), s->clock_);
  if (!users.ok()) return users.status();
  s->users_ = std::move(users).value();
  s->readers_ = std::make_unique<ReaderPool>(store->path());
  s->latest_checkpoint_ = std::make_unique<CheckpointWatch>(*s->readers_, *s->clock_);
  auto idempotency = store->OpenSideReader();
  if (!idempotency.ok()) return idempotency.status();
  s->idempotency_reader_ = std::move(idempotency).value();
  s->AfterWrite(true);
  return s;
}

namespace {
// Free bytes where the ledger lives, and whether that file system is
// read-only; nullopt if it cannot be told.
struct DiskState {
  int64_t free_bytes;
  bool read_only;
};
std::optional<DiskState> LedgerDisk(const std::string& ledger_path) {
  const std::filesystem::path dir = std::filesystem::path(ledger_path).parent_path();
  struct statvfs st {};
  if (statvfs(dir.empty() ? "." : dir.c_str(), &st) != 0) return std::nullopt;
  return DiskState{static_cast<int64_t>(st.f_bavail) * static_cast<int64_t>(st.f_frsize),
                   (st.f_flag & ST_RDONLY) != 0};
}
// Writes a byte to LEDGER-ready (beside LEDGER-wal and LEDGER-shm).
bool CanWriteBeside(const std::string& ledger_path) {
  const std::string probe = ledger_path + "-ready";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool wrote = ::write(fd, "1", 1) == 1;
  return ::close(fd) == 0 && wrote;
}
}  // namespace

Status Service::Readiness() {
  auto lease = readers_->Acquire();
  if (!lease.ok() || !(*lease)->reader->GetHead().ok()) {
    return Status(ErrorCode::kIo, "the ledger is not readable");
  }
  const std::optional<DiskState> disk = LedgerDisk(store_->path());
  if (!disk) return Status::Ok();
  // The mount flags miss a file system the kernel turned read-only after an
  // error (ext4's errors=remount-ro): a write beside the ledger tells.
  if (disk->read_only || !CanWriteBeside(store_->path())) {
    return Status(ErrorCode::kIo, "the ledger's disk is read-only: writes are refused");
  }
  if (disk->free_bytes < options_.min_free_bytes) {
    return Status(ErrorCode::kIo, "the ledger's disk is nearly full (" +
                                      std::to_string(disk->free_bytes / 1024) +
                                      " KiB free): writes will soon be refused");
  }
  return Status::Ok();
}

void Service::AfterWrite(bool closed_a_period) {
  // A period close (or reopening) is followed by its checkpoint at once
  // (the policy's after_kinds decides whether one is due); otherwise the
  // policy is looked at no more than once a second, so that writes do not
  // queue behind it (a checkpoint due by count or time may come a second
  // late).
  const MicrosSinceEpoch now = clock_->Now();
  if (!closed_a_period && now - last_policy_check_.load() < 1'000'000) return;
  std::lock_guard lock(checkpoint_mu_);
  last_policy_check_ = now;
  auto cp = store_->MaybeCheckpoint(signing_key_, options_.checkpoint_policy);
  if (!cp.ok()) {
    Poco::Logger::get("aidledger").error("checkpoint: " + cp.status().ToString());
  } else if (cp->has_value()) {
    latest_checkpoint_->Changed();  // the public summary looks again at once
  }
}

void Service::UpdateGauges() {
  auto lease = readers_->Acquire();
  if (!lease.ok()) return;
  if (auto head = (*lease)->reader->GetHead(); head.ok()) {
    metrics_.SetGauge("aidledger_ledger_entries", "entries in the ledger",
                      static_cast<double>(head->size));
  }
  if (auto latest = (*lease)->reader->Checkpoint(0); latest.ok()) {
    const double age = static_cast<double>(clock_->Now() - latest->checkpoint.time) / 1'000'000.0;
    metrics_.SetGauge("aidledger_last_checkpoint_age_seconds",
                      "seconds since the latest signed checkpoint", age);
    metrics_.SetGauge("aidledger_last_checkpoint_size", "entries the latest checkpoint covers",
                      static_cast<double>(latest->checkpoint.size));
  }
  if (const std::optional<DiskState> disk = LedgerDisk(store_->path())) {
    metrics_.SetGauge("aidledger_disk_free_bytes", "free bytes on the ledger's file system",
                      static_cast<double>(disk->free_bytes));
  }
  const Books::CommitStats stats = books_->commit_stats();
  metrics_.SetCounter("aidledger_commits_total", "write transactions committed",
                      static_cast<double>(stats.transactions));
  metrics_.SetCounter("aidledger_committed_operations_total",
                      "operations committed (several may share a transaction)",
                      static_cast<double>(stats.operations));
}

ApiResponse Service::Handle(const ApiRequest& request) {
  Context ctx;
  ctx.request = &request;
  ctx.now = clock_->Now();
  ApiResponse r = Dispatch(request, ctx);
  r.actor = ctx.actor.id;
  r.headers.emplace_back("X-Request-Id", request.request_id);
  return r;
}

ApiResponse Service::Dispatch(const ApiRequest& request, Context& ctx) {
  const RouteMatch found = FindRoute(request.method, request.path, &ctx.params);
  const Route* route = found.route;
  if (route == nullptr) {
    if (found.path_known) {
      return Problem(405, Status(ErrorCode::kFailedPrecondition, "this method is not allowed here"),
                     request.request_id);
    }
    return Problem(Status(ErrorCode::kNotFound, "no such route"), request.request_id);
  }
  ApiResponse answer;
  answer.route = route->info.pattern;
  const auto finish = [&](ApiResponse r) {
    r.route = route->info.pattern;
    return r;
  };
  if (!route->info.roles.empty()) {
    const std::string& auth = request.authorization;
    const std::string session_id = CookieValue(request.cookie, SessionStore::kCookie);
    if (auth.rfind("Bearer ", 0) == 0) {
      auto actor = users_->Authenticate(std::string_view(auth).substr(7));
      if (!actor.ok()) return finish(ctx.Fail(actor.status()));
      ctx.actor = *actor;
    } else if (!session_id.empty()) {
      // The web interface: a session cookie, and for anything but a read
      // the session's CSRF token echoed in a header (a cross-site page can
      // make the browser send the cookie, but cannot read the token).
      const Status ended(ErrorCode::kUnauthenticated, "the session has ended; log in again",
                         "session");
      auto session = sessions_.Find(session_id);
      if (!session) return finish(ctx.Fail(ended));
      // A user disabled, or whose password or role changed, since the login
      // (here or with `aidledger user`) is logged out.
      auto stamp = users_->LoginStamp(session->actor.id);
      if (!stamp.ok() && stamp.status().code() != ErrorCode::kUnauthenticated) {
        return finish(ctx.Fail(stamp.status()));
      }
      if (!stamp.ok() || *stamp != session->stamp) {
        sessions_.Remove(session_id);
        return finish(ctx.Fail(ended));
      }
      const bool read = request.method == "GET" || request.method == "HEAD";
      if (!read && !ConstantTimeEquals(request.csrf_token, session->csrf)) {
        return finish(
            ctx.Fail(Status(ErrorCode::kPermissionDenied,
                            "send the session's CSRF token in X-CSRF-Token", "X-CSRF-Token")));
      }
      ctx.actor = session->actor;
    } else {
      return finish(ctx.Fail(Status(ErrorCode::kUnauthenticated, "send Authorization: Bearer TOKEN",
                                    "authorization")));
    }
    if (!route->info.roles.Admits(ctx.actor.role)) {
      return finish(
          ctx.Fail(Status(ErrorCode::kPermissionDenied,
                          "the role " + ctx.actor.role + " may not do this", "authorization")));
    }
  }
  if (request.method != "POST") return finish(route->fn(*this, ctx));

  // A write: a JSON object within the limits, then idempotency.
  if (request.body.size() > options_.max_body_bytes) {
    return finish(Problem(413,
                          InvalidArgument("the body is larger than " +
                                              std::to_string(options_.max_body_bytes) + " bytes",
                                          "body"),
                          request.request_id));
  }
  Result<Value> parsed = Value(Object{});
  if (route->info.body_type == "application/json") {
    if (!IsValidUtf8(request.body)) {
      return finish(ctx.Fail(InvalidArgument("the body is not valid UTF-8", "body")));
    }
    parsed =
        ParseJson(request.body.empty() ? "{}" : request.body, JsonLimits{options_.max_json_depth});
    if (!parsed.ok()) {
      return finish(ctx.Fail(InvalidArgument(parsed.status().message(), "body")));
    }
    if (!parsed->is_object()) {
      return finish(ctx.Fail(InvalidArgument("the body must be a JSON object", "body")));
    }
  }
  ctx.body = &parsed->as_object();
  const std::string& key = request.idempotency_key;
  const auto lookup = [&]() -> Result<std::optional<ApiResponse>> {
    std::optional<StoredAnswer> stored;
    {
      std::lock_guard lock(idempotency_mu_);
      auto read = idempotency_reader_->AnswerOf(ctx.actor.id, key);
      if (!read.ok()) return read.status();
      stored = std::move(read).value();
    }
    if (!stored) return std::optional<ApiResponse>();
    if (stored->request_hash != ctx.request_hash) {
      return std::optional<ApiResponse>(
          ctx.Fail(Status(ErrorCode::kFailedPrecondition,
                          "this Idempotency-Key was used for another request", "Idempotency-Key")));
    }
    ApiResponse r;
    r.status = stored->status;
    r.body = stored->body;
    r.headers.emplace_back("Idempotent-Replayed", "true");
    return std::optional<ApiResponse>(std::move(r));
  };
  if (!key.empty()) {
    if (!IsIdempotencyKey(key)) {
      return finish(
          ctx.Fail(InvalidArgument("1 to 128 visible ASCII characters", "Idempotency-Key")));
    }
    Sha256 h;
    h.Update(request.method);
    h.Update("\n");
    h.Update(request.path);
    h.Update("\n");
    h.Update(request.body);
    ctx.request_hash = h.Final();
    auto seen = lookup();
    if (!seen.ok()) return finish(ctx.Fail(seen.status()));
    if (*seen) return finish(**seen);
  }
  ApiResponse r = route->fn(*this, ctx);
  if (r.status == 409 && !key.empty()) {
    // A concurrent request with the same key committed first: answer as it
    // (if it cannot be read, the refusal stands).
    if (auto seen = lookup(); seen.ok() && *seen) return finish(**seen);
  }
  // A confirmation may close or reopen a period: a checkpoint follows at once.
  if (r.status < 300) AfterWrite(route->info.pattern == "/api/v1/proposals/{seq}/confirm");
  return finish(r);
}

}  // namespace aidledger::api
