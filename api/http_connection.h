// HttpConnection: one client's connection, its requests (HTTP/1.0 or 1.1,
// kept alive) read and answered in turn on one of the server's threads.
//
// Why not Poco's HTTPServerConnection: before each request it polls the
// socket, and Poco 1.11 creates, registers and closes an epoll instance for
// every poll, and it asks the kernel for both addresses of the socket on every
// request. Here the next request is awaited with a blocking read bounded by
// the time-out, and nothing else is asked of the kernel (a third of the
// system calls of a small POST).
//
// Contract:
//  - Each request is handed to the handler with its response preset (version,
//    Date, Server, keep-alive); the handler writes the whole answer.
//  - A request whose head cannot be parsed is answered by the handler's
//    Malformed, and the connection closes. So does one whose handler left a
//    declared body unread, or turned keep-alive off.
//  - A request without Content-Length or chunks has an empty body (RFC 9112,
//    6.3), whatever its method.
//  - Every read and write waits at most the server's time-out; an idle
//    connection closes after it. Beyond that, a request's whole head must
//    arrive within the head deadline and its whole body within the time-out
//    (not per read: a client trickling a byte at a time cannot hold a
//    thread for longer).
//  - A client address holds at most ConnectionSet's cap of *slow*
//    connections (a head arriving for over half a second, or nothing sent
//    that long after accepting), so that slow clients cannot take every
//    thread: a new connection of an address at its cap is answered 429 and
//    closed, and the watchdog cuts the slow ones beyond it. Connections at
//    work or kept alive between requests never count: a proxy or a busy
//    client on one address is not refused.
//  - ConnectionSet::Stop lets the requests in progress finish, then closes
//    their connections, and closes idle ones at once; Abort cuts them all.
#ifndef AIDLEDGER_API_HTTP_CONNECTION_H_
#define AIDLEDGER_API_HTTP_CONNECTION_H_

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <condition_variable>
#include <istream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace aidledger::api {

// One request and the means to answer it.
class HttpExchange {
 public:
  HttpExchange(Poco::Net::HTTPRequest& request, Poco::Net::HTTPResponse& response,
               Poco::Net::HTTPServerSession& session)
      : request_(request), response_(response), session_(session) {}
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;
  ~HttpExchange();

  Poco::Net::HTTPRequest& request() { return request_; }
  Poco::Net::HTTPResponse& response() { return response_; }
  // The request's body, framed by its Content-Length or its chunks. A client
  // that asked for "100 Continue" is sent it here, when the body is wanted.
  std::istream& body();
  // The connection (TLS when the server speaks it), to write the answer, and
  // the session, whose buffer a chunked answer's stream writes through.
  Poco::Net::StreamSocket& socket() { return session_.socket(); }
  Poco::Net::HTTPServerSession& session() { return session_; }
  // Whether the next request may be read from this connection: the declared
  // body was read to its end (or there was none).
  bool BodyDone();

 private:
  Poco::Net::HTTPRequest& request_;
  Poco::Net::HTTPResponse& response_;
  Poco::Net::HTTPServerSession& session_;
  std::unique_ptr<std::istream> body_;
};

class HttpRequestHandler {
 public:
  virtual ~HttpRequestHandler() = default;
  // Answers one request; may turn keep-alive off in the response. Throws
  // nothing on purpose; an exception closes the connection.
  virtual void Handle(HttpExchange& exchange) = 0;
  // Answers a request whose head could not be read (`what` says why); the
  // connection closes after it.
  virtual void Malformed(HttpExchange& exchange, const std::string& what) = 0;
};

// The open connections, so that a stop can close the idle ones at once,
// counted per client address.
class ConnectionSet {
 public:
  // At most `per_address` slow connections from one address (0: no cap); a
  // request's head must arrive within `head_deadline` (0: no deadline but
  // the per-read time-out). A watchdog thread cuts off the connections
  // whose head is late, and an address's slow ones beyond its cap: Poco
  // reads a head byte by byte through calls no subclass can bound.
  explicit ConnectionSet(int per_address = 0, const Poco::Timespan& head_deadline = 0);
  ~ConnectionSet();
  ConnectionSet(const ConnectionSet&) = delete;
  ConnectionSet& operator=(const ConnectionSet&) = delete;
  // Registers a connection for its lifetime (remove it before its socket is
  // closed: a stop shuts sockets down by their descriptor).
  class Member {
   public:
    Member(ConnectionSet& set, const Poco::Net::StreamSocket& socket);
    Member(const Member&) = delete;
    Member& operator=(const Member&) = delete;
    ~Member();
    // False when its address already holds its cap of slow connections.
    bool admitted() const { return admitted_; }
    // Around the reading of a request's head: cut off if it is not read by
    // the set's head deadline.
    void HeadStarted();
    void HeadRead();
    // Around each request: false when the server is stopping (do not start
    // one; close after the one just answered).
    bool BeginRequest();
    bool EndRequest();

   private:
    friend class ConnectionSet;
    bool IsSlow(int64_t now) const;

    ConnectionSet& set_;
    Poco::Net::StreamSocket socket_;
    const int64_t accepted_at_;  // steady-clock microseconds
    std::string address_;
    bool admitted_ = true;
    std::atomic<bool> busy_{false};
    std::atomic<bool> served_any_{false};   // it has begun a request
    std::atomic<int64_t> head_started_{0};  // 0: not reading a head
    std::atomic<int64_t> head_due_{0};      // 0: no head deadline running
    bool cut_ = false;                      // guarded by the set's mu_: cut off already
  };

  void Stop();
  void Abort();

 private:
  static void CutOff(const Poco::Net::StreamSocket& socket);
  void Watch();
  static int64_t NowMicros();
  // Longer than a normal client's head ever takes to arrive.
  static constexpr int64_t kSlowMicros = 500'000;

  std::mutex mu_;
  std::unordered_set<Member*> members_;  // guarded by mu_
  const int per_address_;
  const int64_t head_deadline_micros_;
  std::atomic<bool> stopping_{false};
  std::condition_variable watch_cv_;
  bool watch_done_ = false;  // guarded by mu_
  std::thread watchdog_;
};

class HttpConnection final : public Poco::Net::TCPServerConnection {
 public:
  HttpConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                 std::shared_ptr<HttpRequestHandler> handler, std::shared_ptr<ConnectionSet> set)
      : TCPServerConnection(socket),
        params_(std::move(params)),
        handler_(std::move(handler)),
        set_(std::move(set)) {}
  void run() override;

 private:
  class Session;
  // Reads and answers one request; false: close the connection.
  bool Serve(Session& session, ConnectionSet::Member& member);

  Poco::Net::HTTPServerParams::Ptr params_;
  std::shared_ptr<HttpRequestHandler> handler_;
  std::shared_ptr<ConnectionSet> set_;
};

// Makes an HttpConnection of each accepted socket, all with one handler and
// one set (a Poco::Net::TCPServer takes it).
class HttpConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                        std::shared_ptr<HttpRequestHandler> handler,
                        std::shared_ptr<ConnectionSet> connections)
      : params_(std::move(params)),
        handler_(std::move(handler)),
        connections_(std::move(connections)) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new HttpConnection(socket, params_, handler_, connections_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  std::shared_ptr<HttpRequestHandler> handler_;
  std::shared_ptr<ConnectionSet> connections_;
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_HTTP_CONNECTION_H_
