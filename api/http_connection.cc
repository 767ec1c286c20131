#include "api/http_connection.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string_view>
#include <unordered_map>
#include <vector>

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

// The client's IP address; empty if the client is gone already.
std::string PeerHost(const Poco::Net::StreamSocket& socket) {
  try {
    return socket.peerAddress().host().toString();
  } catch (const Poco::Exception&) {
    return {};
  }
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

ConnectionSet::ConnectionSet(int per_address, const Poco::Timespan& head_deadline)
    : per_address_(per_address), head_deadline_micros_(head_deadline.totalMicroseconds()) {
  if (head_deadline_micros_ > 0 || per_address_ > 0) watchdog_ = std::thread([this] { Watch(); });
}

ConnectionSet::~ConnectionSet() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    watch_done_ = true;
  }
  watch_cv_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

int64_t ConnectionSet::NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Five times a second: a connection whose head is overdue is cut off, and
// so are an address's slow connections beyond its cap, the oldest first.
// Their threads see the end of the stream and close.
void ConnectionSet::Watch() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!watch_done_) {
    watch_cv_.wait_for(lock, std::chrono::milliseconds(200));
    const int64_t now = NowMicros();
    std::unordered_map<std::string, std::vector<Member*>> slow;
    for (Member* m : members_) {
      const int64_t due = m->head_due_.load();
      if (due != 0 && now > due) {
        m->head_due_.store(0);
        m->cut_ = true;
        CutOff(m->socket_);
      } else if (per_address_ > 0 && !m->cut_ && m->IsSlow(now)) {
        slow[m->address_].push_back(m);
      }
    }
    for (auto& [address, members] : slow) {
      if (static_cast<int>(members.size()) <= per_address_) continue;
      std::sort(members.begin(), members.end(),
                [](const Member* a, const Member* b) { return a->accepted_at_ < b->accepted_at_; });
      for (size_t k = 0; k < members.size() - static_cast<size_t>(per_address_); ++k) {
        members[k]->cut_ = true;
        CutOff(members[k]->socket_);
      }
    }
  }
}

void ConnectionSet::Member::HeadStarted() {
  const int64_t now = NowMicros();
  head_started_.store(now);
  if (set_.head_deadline_micros_ > 0) head_due_.store(now + set_.head_deadline_micros_);
}

void ConnectionSet::Member::HeadRead() {
  head_due_.store(0);
  head_started_.store(0);
}

// Slow: its head has been arriving for longer than a normal client's ever
// does, or it was accepted that long ago and has sent nothing. A connection
// kept alive between requests, or at work in a handler, is not slow.
bool ConnectionSet::Member::IsSlow(int64_t now) const {
  const int64_t head = head_started_.load();
  return (head != 0 && now - head > kSlowMicros) ||
         (!served_any_.load() && head == 0 && now - accepted_at_ > kSlowMicros);
}

ConnectionSet::Member::Member(ConnectionSet& set, const Poco::Net::StreamSocket& socket)
    : set_(set), socket_(socket), accepted_at_(NowMicros()) {
  if (set_.per_address_ > 0) address_ = PeerHost(socket_);
  std::lock_guard<std::mutex> lock(set_.mu_);
  if (set_.per_address_ > 0) {
    // An address that holds its cap of slow connections already gets no
    // more: a slowloris is refused at once, and its queue drains; a busy
    // client of the same address (a proxy, a load test, a browser), whose
    // connections are never slow, is never refused.
    const int64_t now = NowMicros();
    int slow = 0;
    for (const Member* m : set_.members_) {
      if (m->address_ == address_ && !m->cut_ && m->IsSlow(now)) ++slow;
    }
    admitted_ = slow < set_.per_address_;
  }
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
  served_any_.store(true);
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
      : HTTPServerSession(socket, params), timeout_(params->getTimeout()) {}
  // Reads after this point fail: the whole of what is being read (a head, a
  // body) must arrive by then, however slowly it trickles.
  void SetDeadline(const Poco::Timespan& from_now) {
    deadline_ = Poco::Timestamp() + from_now;
    has_deadline_ = true;
  }
  // Back to the plain per-read time-out.
  void ClearDeadline() {
    has_deadline_ = false;
    if (shortened_) {
      socket().setReceiveTimeout(timeout_);
      shortened_ = false;
    }
  }

 protected:
  // Each read waits at most until the deadline: the socket's time-out is
  // shortened only once the deadline is nearer than it (so a request that
  // arrives at once costs no extra system call).
  int read(char* buffer, std::streamsize length) override {
    if (has_deadline_) {
      const Poco::Timespan left = deadline_ - Poco::Timestamp();
      if (left <= 0) throw Poco::TimeoutException("the request did not arrive in time");
      if (left < timeout_) {
        socket().setReceiveTimeout(left);
        shortened_ = true;
      }
    }
    return HTTPServerSession::read(buffer, length);
  }

 public:
  // Waits, up to the receive time-out, for the first byte of a request:
  // false at the end of the stream, on time-out or on an error.
  bool AwaitRequest() {
    try {
      return peek() != std::char_traits<char>::eof();
    } catch (const Poco::Exception&) {
      return false;
    }
  }

 private:
  const Poco::Timespan timeout_;  // the server's per-read time-out
  Poco::Timestamp deadline_;
  bool has_deadline_ = false;
  bool shortened_ = false;  // the socket's time-out is below timeout_ now
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
  if (!member.admitted()) {
    // This address holds its share of the threads already.
    static constexpr std::string_view kBusy =
        "HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n"
        "Retry-After: 1\r\n\r\n";
    try {
      socket().sendBytes(kBusy.data(), static_cast<int>(kBusy.size()));
    } catch (const Poco::Exception&) {
      // Gone already.
    }
    return;
  }
  while (session.AwaitRequest() && member.BeginRequest()) {
    const bool more = Serve(session, member);
    if (!member.EndRequest() || !more) break;
  }
}

bool HttpConnection::Serve(Session& session, ConnectionSet::Member& member) {
  Poco::Net::HTTPRequest request;
  Poco::Net::HTTPResponse response;
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);  // the request's, once it is read
  response.set("Date", HttpDate());
  HttpExchange exchange(request, response, session);
  // Cleared however this returns, so that the wait for the next request is
  // bounded by the keep-alive time-out alone.
  struct DeadlineGuard {
    Session& session;
    ConnectionSet::Member& member;
    ~DeadlineGuard() {
      member.HeadRead();
      session.ClearDeadline();
    }
  } guard{session, member};
  member.HeadStarted();  // the head has begun to arrive (AwaitRequest saw a byte)
  try {
    Poco::Net::HTTPHeaderInputStream head(session);
    request.read(head);
    member.HeadRead();
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
  session.SetDeadline(params_->getTimeout());  // the whole body, once the head is in
  try {
    handler_->Handle(exchange);
  } catch (const std::exception&) {
    return false;
  }
  return response.getKeepAlive() && exchange.BodyDone();
}

}  // namespace aidledger::api
