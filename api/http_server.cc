#include "api/http_server.h"

#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPStream.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <malloc.h>
#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <thread>

#include "api/header_text.h"
#include "api/http_connection.h"
#include "ledger/base/hash.h"

namespace aidledger::api {

namespace {

// A request id need only be unique, not secret: a random prefix chosen once
// per process and a counter (no call into OpenSSL's locked generator per
// request).
std::string NewRequestId() {
  static const std::string kPrefix = [] {
    uint8_t raw[4] = {};
    if (RAND_bytes(raw, sizeof raw) != 1) return std::string("00000000");
    return ToHex(raw, sizeof raw);
  }();
  static std::atomic<uint64_t> counter{0};
  const uint64_t n = counter.fetch_add(1, std::memory_order_relaxed);
  char digits[17];
  std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(n));
  return kPrefix + "-" + digits;
}

// The path and query of a request target. Poco::URI is used only when the
// target holds a query or a percent-escape; most requests have neither.
// An encoded slash is refused, not decoded: "/a%2Fb" would otherwise route
// as "/a/b" behind a proxy that saw one segment. So is a decoded path with a
// control character in it (a line feed would forge a line of the log).
bool SplitTarget(const std::string& target, ApiRequest* r) {
  if (target.find_first_of("?%") == std::string::npos) {
    if (target.empty() || target.front() != '/') return false;
    r->path = target;
    return true;
  }
  const std::string_view raw_path = std::string_view(target).substr(0, target.find('?'));
  for (size_t at = raw_path.find('%'); at != std::string_view::npos;
       at = raw_path.find('%', at + 1)) {
    const std::string_view code = raw_path.substr(at + 1, 2);
    if (code == "2f" || code == "2F" || code == "5c" || code == "5C") return false;
  }
  try {
    Poco::URI uri(target);
    r->path = uri.getPath();
    if (r->path.empty() || r->path.front() != '/' ||
        std::any_of(r->path.begin(), r->path.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
      return false;
    }
    for (const auto& [k, v] : uri.getQueryParameters()) r->query[k] = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Two Content-Length headers, or a length beside chunks, let a proxy and
// this server disagree on where a request ends (request smuggling).
bool AmbiguousLength(const Poco::Net::HTTPRequest& req) {
  size_t lengths = 0;
  for (auto it = req.find("Content-Length");
       it != req.end() && Poco::icompare(it->first, "Content-Length") == 0; ++it) {
    ++lengths;
  }
  return lengths > 1 || (lengths == 1 && req.has("Transfer-Encoding"));
}

bool IsRequestId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

class Handler final : public HttpRequestHandler {
 public:
  Handler(Service* service, size_t max_body, size_t max_header, bool secure)
      : service_(service), max_body_(max_body), max_header_(max_header), secure_(secure) {}

  void Malformed(HttpExchange& exchange, const std::string& what) override {
    const std::string id = NewRequestId();
    Finish(exchange, "-", "-", id, std::chrono::steady_clock::now(),
           Problem(InvalidArgument("the request is malformed: " + what, "request"), id));
  }

  void Handle(HttpExchange& exchange) override {
    Poco::Net::HTTPRequest& req = exchange.request();
    Poco::Net::HTTPResponse& resp = exchange.response();
    const auto start = std::chrono::steady_clock::now();
    ApiRequest r;
    const std::string incoming = req.get("X-Request-Id", "");
    r.request_id = IsRequestId(incoming) ? incoming : NewRequestId();
    r.method = req.getMethod();
    r.authorization = req.get("Authorization", "");
    r.content_type = req.get("Content-Type", "");
    r.idempotency_key = req.get("Idempotency-Key", "");
    r.cookie = req.get("Cookie", "");
    r.csrf_token = req.get("X-CSRF-Token", "");
    r.secure = secure_;
    try {
      r.client_address = exchange.socket().peerAddress().host().toString();
    } catch (const Poco::Exception&) {
      r.client_address = "-";  // gone already; the answer will not reach it
    }
    ApiResponse answer;
    bool answered = false;
    size_t header_bytes = req.getURI().size();
    for (const auto& [name, value] : req) header_bytes += name.size() + value.size() + 4;
    if (header_bytes > max_header_) {
      answer = Problem(431,
                       InvalidArgument("the request's header is larger than " +
                                           std::to_string(max_header_) + " bytes",
                                       "header"),
                       r.request_id);
      resp.setKeepAlive(false);
      answered = true;
    }
    if (!answered && AmbiguousLength(req)) {
      answer = Problem(InvalidArgument("the request has more than one length: give one "
                                       "Content-Length, or chunks without one",
                                       "Content-Length"),
                       r.request_id);
      resp.setKeepAlive(false);  // where its body ends is not known
      answered = true;
    }
    if (!answered && !SplitTarget(req.getURI(), &r)) {
      answer = Problem(InvalidArgument("the request URI is malformed (an encoded slash or a "
                                       "control character is refused)",
                                       "uri"),
                       r.request_id);
      answered = true;
    }
    if (!answered && req.getContentLength() != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<uint64_t>(req.getContentLength()) > max_body_) {
      answer =
          Problem(413,
                  InvalidArgument("the body is larger than " + std::to_string(max_body_) + " bytes",
                                  "body"),
                  r.request_id);
      // A body a little too large is read and dropped, so that the client,
      // still sending it, gets the answer; a far larger one is not read at
      // all, and the connection closes after the answer.
      if (static_cast<uint64_t>(req.getContentLength()) <= 16 * max_body_) {
        exchange.body().ignore(req.getContentLength());
      }
      resp.setKeepAlive(false);
      answered = true;
    }
    // Without a length or chunks a request has no body (RFC 9112, 6.3).
    const bool no_body = !req.getChunkedTransferEncoding() && req.getContentLength() <= 0;
    if (!answered && no_body) {
      answer = service_->Handle(r);
    } else if (!answered) {
      // Read at most one byte more than allowed: enough to know it is too big.
      std::istream& in = exchange.body();
      char buf[8192];
      while (r.body.size() <= max_body_ && in) {
        in.read(buf, static_cast<std::streamsize>(
                         std::min<size_t>(sizeof buf, max_body_ + 1 - r.body.size())));
        r.body.append(buf, static_cast<size_t>(in.gcount()));
      }
      if (r.body.size() > max_body_) {
        in.ignore(static_cast<std::streamsize>(16 * max_body_));
        answer =
            Problem(413,
                    InvalidArgument(
                        "the body is larger than " + std::to_string(max_body_) + " bytes", "body"),
                    r.request_id);
        resp.setKeepAlive(false);
      } else {
        answer = service_->Handle(r);
      }
    }
    Finish(exchange, r.method, r.path, r.request_id, start, std::move(answer));
  }

 private:
  // Sends the answer, counts it in the metrics and logs it.
  void Finish(HttpExchange& exchange, const std::string& method, const std::string& path,
              const std::string& request_id, std::chrono::steady_clock::time_point start,
              ApiResponse answer) {
    Poco::Net::HTTPResponse& resp = exchange.response();
    resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    const bool needs_charset = answer.content_type.rfind("text/", 0) == 0 &&
                               answer.content_type.find("charset=") == std::string::npos;
    resp.setContentType(answer.content_type + (needs_charset ? "; charset=utf-8" : ""));
    resp.set("X-Request-Id", request_id);
    resp.set("Cache-Control", "no-store");
    resp.set("X-Content-Type-Options", "nosniff");
    for (const auto& [k, v] : answer.headers) {
      if (k == "X-Request-Id") continue;
      // Only validated values reach the wire, wherever they came from.
      if (!IsHeaderName(k) || !IsHeaderValue(v)) {
        Poco::Logger::get("aidledger")
            .warning("request %s: header %s not sent: its value is not a valid field value",
                     request_id, EscapeForLog(k));
        continue;
      }
      resp.set(k, v);
    }
    size_t sent = answer.body.size();
    if (answer.stream) {
      sent = SendStreamed(answer, exchange);
      // What the body was made from (a report of a million rows, say) is
      // freed now; hand the memory back to the system rather than keep the
      // peak for the life of the process.
      answer.stream = nullptr;
      malloc_trim(0);
    } else {
      SendWhole(answer.body, exchange);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    service_->metrics().Observe(answer.route, answer.status, secs);
    // One access line per request; never the body, the token or a query
    // value (they may hold personal data).
    if (access_log_.information()) {
      access_log_.information("%s %s %s %d %z %.1fms %s", request_id, EscapeForLog(method),
                              EscapeForLog(path), answer.status, sent, secs * 1000.0,
                              answer.actor.empty() ? std::string("-") : EscapeForLog(answer.actor));
    }
  }

  // Sends the status line, the headers and `body`: in one write up to 64 KiB
  // (Poco's sendBuffer passes them through a 4 KiB buffer, so an answer of
  // more than that took two or more sends, each a trip through the kernel),
  // and a larger body after the headers without copying it. If the client is
  // gone or stops reading, the connection is cut: nothing else is written
  // after a part of an answer.
  static void SendWhole(const std::string& body, HttpExchange& exchange) {
    constexpr size_t kCoalesce = 64 * 1024;
    Poco::Net::HTTPResponse& resp = exchange.response();
    resp.setChunkedTransferEncoding(false);
    resp.setContentLength64(static_cast<Poco::Int64>(body.size()));
    std::ostringstream head_out;
    resp.write(head_out);
    std::string head = std::move(head_out).str();
    const bool with_body = exchange.request().getMethod() != Poco::Net::HTTPRequest::HTTP_HEAD;
    const bool coalesce = with_body && body.size() <= kCoalesce;
    if (coalesce) head += body;
    if (!SendAll(exchange, head) || (with_body && !coalesce && !SendAll(exchange, body))) {
      CutOff(exchange);
    }
  }

  // Writes all of `bytes` to the connection (TLS when the server speaks it);
  // false if the client is gone or stopped reading.
  static bool SendAll(HttpExchange& exchange, const std::string& bytes) {
    try {
      for (size_t at = 0; at < bytes.size();) {
        const int n = exchange.socket().sendBytes(
            bytes.data() + at, static_cast<int>(std::min<size_t>(bytes.size() - at, 1 << 30)));
        if (n <= 0) return false;
        at += static_cast<size_t>(n);
      }
      return true;
    } catch (const Poco::Exception&) {
      return false;
    }
  }

  static void CutOff(HttpExchange& exchange) {
    exchange.response().setKeepAlive(false);
    try {
      exchange.socket().shutdown();
    } catch (const Poco::Exception&) {
      // Already gone: nothing more will reach the client either way.
    }
  }

  // Sends answer.stream's body in chunks; returns the bytes it wrote. If it
  // fails part-way the connection is cut before the last chunk, so the
  // client sees a broken transfer, never a short body that looks whole.
  static size_t SendStreamed(const ApiResponse& answer, HttpExchange& exchange) {
    Poco::Net::HTTPResponse& resp = exchange.response();
    const bool http10 = exchange.request().getVersion() == Poco::Net::HTTPMessage::HTTP_1_0;
    if (http10) {
      // HTTP/1.0 has no chunks: the body ends where the connection does
      // (so a cut there cannot be told from the end).
      resp.setKeepAlive(false);
    } else {
      resp.setChunkedTransferEncoding(true);
    }
    std::ostringstream head_out;
    resp.write(head_out);
    if (!SendAll(exchange, std::move(head_out).str())) {
      CutOff(exchange);
      return 0;
    }
    if (exchange.request().getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) return 0;
    // The chunked stream writes the last chunk when it is destroyed: after a
    // failure the socket is shut down first, so that write goes nowhere.
    std::unique_ptr<std::ostream> out;
    if (http10) {
      out.reset(new Poco::Net::HTTPOutputStream(exchange.session()));
    } else {
      out.reset(new Poco::Net::HTTPChunkedOutputStream(exchange.session()));
    }
    CountingBuf counted(out->rdbuf());
    std::ostream counting(&counted);
    Status written;
    try {
      written = answer.stream(counting);
    } catch (const std::exception& e) {
      written = Status(ErrorCode::kInternal, e.what());
    }
    counting.flush();
    if (written.ok() && !counting) written = IoError("the client stopped reading");
    if (written.ok()) out->flush();
    if (written.ok() && !*out) written = IoError("the client stopped reading");
    if (!written.ok()) {
      Poco::Logger::get("aidledger")
          .warning("request %s: the body stopped after %z bytes: %s", answer.route, counted.count(),
                   written.ToString());
      CutOff(exchange);
    }
    return counted.count();
  }

  // Passes bytes through to another buffer, counting them.
  class CountingBuf final : public std::streambuf {
   public:
    explicit CountingBuf(std::streambuf* to) : to_(to) {}
    size_t count() const { return count_; }

   protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
      const std::streamsize put = to_->sputn(s, n);
      count_ += static_cast<size_t>(put);
      return put;
    }
    int_type overflow(int_type c) override {
      if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
      if (traits_type::eq_int_type(to_->sputc(traits_type::to_char_type(c)), traits_type::eof())) {
        return traits_type::eof();
      }
      ++count_;
      return c;
    }
    int sync() override { return to_->pubsync(); }

   private:
    std::streambuf* to_;
    size_t count_ = 0;
  };

  Service* service_;
  size_t max_body_;
  size_t max_header_;
  bool secure_;
  Poco::Logger& access_log_ = Poco::Logger::get("aidledger.access");
};

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::Start(Service* service,
                                                      const HttpServerOptions& options) {
  std::unique_ptr<HttpServer> s(new HttpServer());
  try {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams();
    params->setMaxThreads(options.max_threads);
    params->setMaxQueued(options.max_queued);
    params->setTimeout(Poco::Timespan(options.timeout_seconds, 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(options.timeout_seconds, 0));
    params->setServerName("aidledger");
    const Poco::Net::SocketAddress address(options.host, options.port);
    std::unique_ptr<Poco::Net::ServerSocket>& socket = s->socket_;
    const bool tls = !options.tls_certificate.empty() || !options.tls_private_key.empty();
    if (tls) {
      if (options.tls_certificate.empty() || options.tls_private_key.empty()) {
        return InvalidArgument("HTTPS needs both a certificate and a private key",
                               "tls.certificate");
      }
      Poco::Net::initializeSSL();
      Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options.tls_private_key,
                                 options.tls_certificate, "", Poco::Net::Context::VERIFY_NONE);
      context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
      socket = std::make_unique<Poco::Net::SecureServerSocket>(context);
    } else {
      socket = std::make_unique<Poco::Net::ServerSocket>();
    }
    // Poco's (address, backlog) constructors also set SO_REUSEPORT, which lets
    // a second instance bind the same port and take a share of the
    // connections, answering from its own books. Address reuse only (a restart
    // may bind while old connections sit in TIME_WAIT); a port in use fails.
    socket->bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
    socket->listen(64);
    s->port_ = socket->address().port();
    s->tls_ = tls;
    s->connections_ = std::make_shared<ConnectionSet>(options.max_connections_per_address,
                                                      Poco::Timespan(options.head_seconds, 0));
    s->server_ = std::make_unique<Poco::Net::TCPServer>(
        // One handler for every connection; it answers unknown routes with
        // 404 itself.
        new HttpConnectionFactory(params,
                                  std::make_shared<Handler>(service, options.max_body_bytes,
                                                            options.max_header_bytes, tls),
                                  s->connections_),
        *socket, params);
    s->server_->start();
  } catch (const std::exception& e) {
    return Status(ErrorCode::kIo, "cannot listen on " + options.host + ":" +
                                      std::to_string(options.port) + ": " + e.what());
  }
  return s;
}

HttpServer::~HttpServer() { Stop(std::chrono::seconds(5)); }

void HttpServer::Stop(std::chrono::milliseconds grace) {
  if (stopped_ || !server_) return;
  stopped_ = true;
  server_->stop();
  connections_->Stop();
  // New connections are refused at once instead of waiting in the backlog
  // for a server that will not accept them.
  try {
    socket_->close();
  } catch (const std::exception&) {
    // Already closed.
  }
  const auto wait_until = [this](std::chrono::steady_clock::time_point deadline) {
    while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  wait_until(std::chrono::steady_clock::now() + grace);
  if (server_->currentConnections() > 0) {
    connections_->Abort();
    wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(1));
  }
}

}  // namespace aidledger::api
