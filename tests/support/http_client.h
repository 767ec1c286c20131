// The tests' HTTP client: one request over Poco's client session, its answer
// in plain values. Used by the tests that start a real server.
#ifndef AIDLEDGER_TESTS_SUPPORT_HTTP_CLIENT_H_
#define AIDLEDGER_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <Poco/Net/HTTPClientSession.h>

#include <map>
#include <string>

namespace aidledger::testing {

struct HttpReply {
  int status = -1;  // -1: the connection failed (body holds why)
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;
};

// Sends one request on `session` (kept alive for the next one) with
// `headers`; a POST sends `body` as application/json. Never throws: a
// failed connection answers status -1 and resets the session, so the next
// call connects again.
HttpReply HttpCall(Poco::Net::HTTPClientSession& session, const std::string& method,
                   const std::string& path, const std::map<std::string, std::string>& headers = {},
                   const std::string& body = "");

// The same on a new connection to 127.0.0.1:`port`.
HttpReply HttpCall(int port, const std::string& method, const std::string& path,
                   const std::map<std::string, std::string>& headers = {},
                   const std::string& body = "");

// {"Authorization": "Bearer TOKEN"}, or no header for an empty token.
std::map<std::string, std::string> Bearer(const std::string& token);

}  // namespace aidledger::testing

#endif  // AIDLEDGER_TESTS_SUPPORT_HTTP_CLIENT_H_
