// The service's request and response, independent of the HTTP library, and
// the one place that maps a Status to an HTTP status and a problem body
// (RFC 9457 application/problem+json).
#ifndef AIDLEDGER_API_API_TYPES_H_
#define AIDLEDGER_API_API_TYPES_H_

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "ledger/base/json_value.h"
#include "ledger/base/status.h"
#include "ledger/chain/entry.h"

namespace aidledger::api {

struct ApiRequest {
  std::string method;
  std::string path;  // without the query
  std::map<std::string, std::string> query;
  std::string body;
  std::string content_type;     // the Content-Type header
  std::string authorization;    // the Authorization header
  std::string idempotency_key;  // the Idempotency-Key header, "" if none
  std::string request_id;
  std::string cookie;          // the Cookie header (the web interface's session)
  std::string csrf_token;      // the X-CSRF-Token header
  bool secure = false;         // it came over HTTPS
  std::string client_address;  // the peer's IP address, as the socket gives it
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // When set, the body is not `body` but what this writes, sent as it is
  // written (chunked), so a download of any size takes constant memory. It
  // runs after the handler returned, holding what it needs (a reader lease,
  // a snapshot). A failure part-way cannot change the status any more: the
  // connection is cut without the last chunk, so no client takes the part
  // for the whole.
  std::function<Status(std::ostream&)> stream;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;  // the matched route's pattern, for metrics ("" if none)
  std::string actor;  // who made it, for the access log ("" if anonymous)
};

// 400 invalid_argument, 401 unauthenticated, 403 permission_denied,
// 404 not_found, 409 already_exists / conflict, 422 failed_precondition
// (a rule of the books refuses it in the current state), 503 busy / io,
// 500 corrupt / internal.
int HttpStatusFor(ErrorCode code);

// {"type","title","status","detail","code","field","request_id"}; the
// detail of a 5xx is generic (the cause goes to the log, never to clients).
// The HTTP status is HttpStatusFor(status.code()).
ApiResponse Problem(const Status& status, const std::string& request_id);
// The same with an HTTP status that the code alone does not say (405, 413,
// 431): the answer's status, its title and the body's "status" agree.
ApiResponse Problem(int http_status, const Status& status, const std::string& request_id);
ApiResponse Json(int status, const Value& body);

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_API_TYPES_H_
