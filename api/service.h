// Service: the HTTP API's logic, without the HTTP library. Handle() takes a
// request and returns the response: it authenticates the caller, matches the
// route, checks the caller's role against it, parses and checks the body,
// runs the books' operation and makes the answer, and maps every failure to
// a problem body in one place (api_types.h).
//
// Contract:
//  - A 2xx answer to a write means its entry is committed durably (the
//    store's commit, synchronous=FULL).
//  - A write with an Idempotency-Key is recorded once per (user, key): a
//    retry with the same body gets the first answer again (with the header
//    Idempotent-Replayed: true), also when both arrive at once; the same key
//    with another body is refused (422). The idempotency record commits in
//    the same transaction as the entry.
//  - Bodies are JSON objects with exactly the documented members; amounts
//    are decimal strings ("1250.00"), never JSON numbers.
// Thread-safe: Handle may run on many threads at once.
#ifndef AIDLEDGER_API_SERVICE_H_
#define AIDLEDGER_API_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/api_types.h"
#include "api/kept_answers.h"
#include "api/login_throttle.h"
#include "api/metrics.h"
#include "api/reader_pool.h"
#include "api/session_store.h"
#include "api/users.h"
#include "ledger/books/books.h"
#include "ledger/books/role.h"
#include "ledger/books/vault.h"
#include "ledger/chain/ledger_reader.h"
#include "ledger/chain/signing_key.h"
#include "ledger/store/ledger_store.h"
#include "reports/statements.h"

namespace aidledger::api {

struct ServiceOptions {
  size_t max_body_bytes = 64 * 1024;
  int max_json_depth = 16;
  // When to sign a checkpoint after a write (after a period close or a
  // reopening always: the store's default kinds).
  CheckpointPolicy checkpoint_policy{.every_entries = 1000, .every_micros = 60LL * 60 * 1'000'000};
  // A report of more rows is sent as it is rendered and not kept for reuse.
  size_t streamed_report_rows = 20'000;
  // The limits the statement of activities checks its spending ratios against.
  reports::RatioLimits ratio_limits;
  // /readyz answers 503 when the ledger's file system has less free space
  // than this (or is read-only): writes are about to be refused.
  int64_t min_free_bytes = 16LL * 1024 * 1024;
  // The time of every decision the service makes: business dates, sessions,
  // tokens' expiry, login delays, idempotent answers, health. nullptr: the
  // system's. Must outlive the service.
  Clock* clock = nullptr;
};

// What the health routes see of the service: whether it can serve, and
// its metrics with their gauges brought up to date.
class ServiceHealth {
 public:
  virtual ~ServiceHealth() = default;
  // OK when the ledger is readable and its file system writable with room;
  // otherwise why not (kIo).
  virtual Status Readiness() = 0;
  // Sets the gauges /metrics shows (entries, the latest checkpoint's age
  // and size, free disk), read when it is asked for.
  virtual void UpdateGauges() = 0;
  virtual Metrics& metrics() = 0;
};

class Service final : public ServiceHealth {
 public:
  // `store` must outlive the service. Opens the books (replaying the
  // ledger), the vault and the users.
  static Result<std::unique_ptr<Service>> Open(LedgerStore* store, SigningKey signing_key,
                                               VaultKey vault_key, ServiceOptions options = {});
  ~Service() override;  // removes /readyz's probe file (LEDGER-ready)

  ApiResponse Handle(const ApiRequest& request);

  // Every route: for the OpenAPI document and its test.
  struct RouteInfo {
    std::string method;
    std::string pattern;  // "/api/v1/grants/{id}/approve"
    RoleSet roles;        // empty: no authentication
    std::string summary;
    std::vector<std::string> body;               // the members a write's body takes
    std::string body_type = "application/json";  // or "text/csv" (a batch)
  };
  static const std::vector<RouteInfo>& Routes();
  // The OpenAPI 3 document of Routes().
  static Value OpenApi();

  Metrics& metrics() override { return metrics_; }
  UserStore& users() { return *users_; }
  Status Readiness() override;
  void UpdateGauges() override;

  struct Context;

 private:
  Service(LedgerStore* store, SigningKey key, ServiceOptions options);
  ApiResponse Dispatch(const ApiRequest& request, Context& ctx);
  // Signs a checkpoint when the policy says one is due.
  void AfterWrite(bool closed_a_period);

  LedgerStore* store_;
  SigningKey signing_key_;
  ServiceOptions options_;
  SystemClock system_clock_;
  Clock* clock_;  // options_.clock, or system_clock_
  std::unique_ptr<Books> books_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<ReaderPool> readers_;
  std::mutex idempotency_mu_;                       // guards the reader below
  std::unique_ptr<SideReader> idempotency_reader_;  // reads of the idempotency answers
  std::mutex checkpoint_mu_;
  std::atomic<MicrosSinceEpoch> last_policy_check_{0};
  Metrics metrics_;
  SessionStore sessions_;
  LoginThrottle login_throttle_;
  // Answers kept for reuse (kept_answers.h).
  EntryAnswers entry_answers_;
  FundsAnswer funds_answer_;
  ReportAnswers report_answers_{metrics_};
  std::unique_ptr<CheckpointWatch> latest_checkpoint_;

  // The route table hands each handler the parts it takes (router.cc).
  friend struct ServiceParts;
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_SERVICE_H_
