#include "api/http_connection.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <sys/socket.h>

#include <ctime>
#include <string_view>

namespace aidledger::api {

namespace {

// The Date header's text, formatted once a second per thread rather than
// once per answer.
const std::string& HttpDate() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    formatted_at = now;
    text = Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(now),
                                           Poco::DateTimeFormat::HTTP_FORMAT);
  }
  return text;
}

bool DeclaresBody(const Poco::Net::HTTPRequest& request) {
  return request.getChunkedTransferEncoding() ||
         (request.hasContentLength() && request.getContentLength64() > 0);
}

}  // namespace

HttpExchange::~HttpExchange() = default;

std::istream& HttpExchange::body() {
  if (body_) return *body_;
  if (request_.getExpectContinue() && DeclaresBody(request_)) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    session_.socket().sendBytes(kContinue.data(), static_cast<int>(kContinue.size()));
  }
  if (request_.getChunkedTransferEncoding()) {
    body_.reset(new Poco::Net::HTTPChunkedInputStream(session_));
  } else {
    body_.reset(new Poco::Net::HTTPFixedLengthInputStream(
        session_, request_.hasContentLength() ? request_.getContentLength64() : 0));
  }
  return *body_;
}

// Asking the stream for one more byte costs no read from the socket once
// the body's length or its last chunk has been read.
bool HttpExchange::BodyDone() {
  if (!DeclaresBody(request_)) return true;
  return body_ && (body_->eof() || body_->rdbuf()->sgetc() == std::char_traits<char>::eof());
}

ConnectionSet::Member::Member(ConnectionSet& set, const Poco::Net::StreamSocket& socket)
    : set_(set), socket_(socket) {
  std::lock_guard<std::mutex> lock(set_.mu_);
  set_.members_.insert(this);
  // Accepted as the server stopped: it would wait a whole time-out for a
  // request it may not serve.
  if (set_.stopping_.load()) CutOff(socket_);
}

ConnectionSet::Member::~Member() {
  std::lock_guard<std::mutex> lock(set_.mu_);
  set_.members_.erase(this);
}

// busy_ and stopping_ are both sequentially consistent: a connection marks
// itself and then looks at the flag, a stop sets the flag and then looks at
// the marks, so at least one of them sees the other (no idle connection is
// left open, no request is cut off).
bool ConnectionSet::Member::BeginRequest() {
  busy_.store(true);
  return !set_.stopping_.load();
}

bool ConnectionSet::Member::EndRequest() {
  busy_.store(false);
  return !set_.stopping_.load();
}

void ConnectionSet::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_.store(true);
  for (Member* m : members_) {
    if (!m->busy_.load()) CutOff(m->socket_);
  }
}

void ConnectionSet::Abort() {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_.store(true);
  for (Member* m : members_) CutOff(m->socket_);
}

// Shuts the descriptor down, which wakes a thread blocked reading it (also
// inside TLS, whose state is not touched from this thread); the owner closes.
void ConnectionSet::CutOff(const Poco::Net::StreamSocket& socket) {
  const poco_socket_t fd = socket.impl()->sockfd();
  if (fd != POCO_INVALID_SOCKET) ::shutdown(fd, SHUT_RDWR);
}

class HttpConnection::Session final : public Poco::Net::HTTPServerSession {
 public:
  Session(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params)
      : HTTPServerSession(socket, std::move(params)) {}
  // Waits, up to the receive time-out, for the first byte of a request:
  // false at the end of the stream, on time-out or on an error.
  bool AwaitRequest() {
    try {
      return peek() != std::char_traits<char>::eof();
    } catch (const Poco::Exception&) {
      return false;
    }
  }
};

void HttpConnection::run() {
  Session session(socket(), params_);
  try {
    // Poco bounds the reads only: a client that stops reading an answer
    // would hold the thread for good.
    socket().setSendTimeout(params_->getTimeout());
  } catch (const Poco::Exception&) {
    return;
  }
  ConnectionSet::Member member(*set_, socket());
  while (session.AwaitRequest() && member.BeginRequest()) {
    const bool more = Serve(session);
    if (!member.EndRequest() || !more) break;
  }
}

bool HttpConnection::Serve(Session& session) {
  Poco::Net::HTTPRequest request;
  Poco::Net::HTTPResponse response;
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);  // the request's, once it is read
  response.set("Date", HttpDate());
  HttpExchange exchange(request, response, session);
  try {
    Poco::Net::HTTPHeaderInputStream head(session);
    request.read(head);
  } catch (const Poco::Net::NoMessageException&) {
    return false;
  } catch (const Poco::Net::MessageException& e) {
    response.setKeepAlive(false);
    try {
      handler_->Malformed(exchange, e.message());
    } catch (const std::exception&) {
      // The client is gone; the connection closes either way.
    }
    return false;
  } catch (const Poco::Exception&) {
    return false;  // timed out or cut off in the middle of the head
  }
  response.setVersion(request.getVersion());
  response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive());
  try {
    handler_->Handle(exchange);
  } catch (const std::exception&) {
    return false;
  }
  return response.getKeepAlive() && exchange.BodyDone();
}

}  // namespace aidledger::api
