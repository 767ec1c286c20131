// The per-request context, shared by the service's own code (service.cc,
// router.cc) and the handlers (api/handlers/): the request, its time and
// actor, the route's parameters, the body, and how a write's answer is
// made. Internal to api/: nothing outside it includes this.
#ifndef AIDLEDGER_API_SERVICE_INTERNALS_H_
#define AIDLEDGER_API_SERVICE_INTERNALS_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/handlers/support.h"
#include "api/service.h"
#include "ledger/store/ledger_address.h"
#include "ledger/store/side_records.h"

namespace aidledger::api {

struct Service::Context {
  const ApiRequest* request = nullptr;
  // The request's time, read once from the service's clock: every date and
  // expiry the request decides on is measured against it.
  MicrosSinceEpoch now = 0;
  Actor actor;
  std::vector<std::string> params;  // the route's {placeholders}, in order
  const Object* body = nullptr;
  Hash32 request_hash{};
  std::optional<ApiResponse> recorded;  // made inside the write transaction
  // Without an Idempotency-Key the answer is made after the commit, outside
  // the writers' critical section, from what the side write saw.
  std::function<ApiResponse(const std::string& id, const AppendedEntry& entry)> make_answer;
  std::optional<std::pair<std::string, AppendedEntry>> appended;

  ApiResponse Fail(const Status& s) const { return Problem(s, request->request_id); }

  // The side write of a write route: with an Idempotency-Key, makes the
  // answer from the appended entry and stores it in the same transaction.
  Books::SideWrite Answer(
      std::function<ApiResponse(const std::string& id, const AppendedEntry& entry)> make) {
    make_answer = std::move(make);
    return [this](SideWriter& side, const std::string& id, const AppendedEntry& entry) -> Status {
      if (request->idempotency_key.empty()) {
        appended.emplace(id, entry);
        return Status::Ok();
      }
      ApiResponse r = make_answer(id, entry);
      StoredAnswer answer;
      answer.actor = actor.id;
      answer.key = request->idempotency_key;
      answer.request_hash = request_hash;
      answer.status = r.status;
      answer.body = r.body;
      answer.created_at = now;
      // A concurrent duplicate is refused here (kConflict).
      AIDLEDGER_RETURN_IF_ERROR(side.PutAnswer(answer));
      recorded = std::move(r);
      return Status::Ok();
    };
  }
  // The answer of a write that succeeded.
  ApiResponse Done() {
    if (recorded) return *recorded;
    if (appended) return make_answer(appended->first, appended->second);
    return Fail(Status(ErrorCode::kInternal, "no answer"));
  }
  // Answer() for a write whose answer is its entry alone.
  Books::SideWrite AnswerEntry() {
    return Answer([](const std::string&, const AppendedEntry& e) { return EntryCreated(e); });
  }
  // What a write answers: Done() once recorded, else its refusal.
  template <typename T>
  ApiResponse Finish(const Result<T>& r) {
    return r.ok() ? Done() : Fail(r.status());
  }
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_SERVICE_INTERNALS_H_
