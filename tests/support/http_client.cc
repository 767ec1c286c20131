#include "tests/support/http_client.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <exception>
#include <iterator>

namespace aidledger::testing {

HttpReply HttpCall(Poco::Net::HTTPClientSession& session, const std::string& method,
                   const std::string& path, const std::map<std::string, std::string>& headers,
                   const std::string& body) {
  HttpReply reply;
  try {
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (method == "POST") {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    reply.body.assign(std::istreambuf_iterator<char>(in), {});
    reply.status = static_cast<int>(response.getStatus());
    reply.content_type = response.getContentType();
    for (const auto& [name, value] : response) reply.headers[name] = value;
  } catch (const std::exception& e) {
    session.reset();
    reply.status = -1;
    reply.body = e.what();
  }
  return reply;
}

HttpReply HttpCall(int port, const std::string& method, const std::string& path,
                   const std::map<std::string, std::string>& headers, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  return HttpCall(session, method, path, headers, body);
}

std::map<std::string, std::string> Bearer(const std::string& token) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace aidledger::testing
