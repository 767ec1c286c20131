#include "api/api_types.h"

#include "ledger/base/canonical_json.h"

namespace aidledger::api {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kOutOfRange:
    case ErrorCode::kPersonalData:
      return 422;
    case ErrorCode::kBusy:
    case ErrorCode::kIo:
      return 503;
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {
const char* Title(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}
}  // namespace

ApiResponse Problem(const Status& status, const std::string& request_id) {
  return Problem(HttpStatusFor(status.code()), status, request_id);
}

ApiResponse Problem(int http, const Status& status, const std::string& request_id) {
  const std::string code(ErrorCodeName(status.code()));
  Object body{{"type", "urn:aidledger:problem:" + code},
              {"title", Title(http)},
              {"status", int64_t{http}},
              {"code", code},
              {"request_id", request_id}};
  // Never a stack trace or SQL text: a server-side failure says only that.
  body.Set("detail", http >= 500 && http != 503 ? "the server failed; the log has the request id"
                                                : status.message());
  if (!status.field().empty()) body.Set("field", status.field());
  ApiResponse r;
  r.status = http;
  r.content_type = "application/problem+json";
  r.body = EncodeCanonical(Value(std::move(body)));
  if (http == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (http == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

ApiResponse Json(int status, const Value& body) {
  ApiResponse r;
  r.status = status;
  r.body = EncodeCanonical(body);
  return r;
}

}  // namespace aidledger::api
