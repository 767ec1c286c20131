// HttpServer: the service over HTTP (a Poco::Net::TCPServer whose
// connections are HttpConnection), or HTTPS (Poco NetSSL) when a certificate
// and key are given.
//
// Contract:
//  - A request body is read up to the limit and no further: a larger one is
//    answered 413 without being read whole.
//  - Every response carries X-Request-Id (the client's, if it sent a valid
//    one, else a new random id); each request is logged once to the
//    "aidledger.access" logger with that id, and counted in the metrics.
//  - Stop() stops accepting, lets requests in flight finish (up to the grace
//    time) and then returns; the caller closes the ledger afterwards.
#ifndef AIDLEDGER_API_HTTP_SERVER_H_
#define AIDLEDGER_API_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/service.h"

namespace Poco::Net {
class ServerSocket;
class TCPServer;
}  // namespace Poco::Net

namespace aidledger::api {

class ConnectionSet;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (tests)
  int max_threads = 16;
  int max_queued = 64;       // connections waiting for a thread; more are refused
  int timeout_seconds = 30;  // each read and write; and a request's whole body
  int head_seconds = 10;     // a request's whole head, however it trickles in
  // Slow connections one client address may hold at once (0: no cap), so
  // that slow clients cannot take every thread (HttpConnection's contract).
  int max_connections_per_address = 8;
  size_t max_body_bytes = 64 * 1024;
  // All request header lines together (names and values); more is 431.
  // (Poco also caps a header at 100 fields, 256-byte names, 8 KiB values.)
  size_t max_header_bytes = 16 * 1024;
  std::string tls_certificate;  // PEM files; both set: HTTPS
  std::string tls_private_key;
};

class HttpServer {
 public:
  // `service` must outlive the server.
  static Result<std::unique_ptr<HttpServer>> Start(Service* service,
                                                   const HttpServerOptions& options);
  ~HttpServer();
  uint16_t port() const { return port_; }
  bool tls() const { return tls_; }
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(30));

 private:
  HttpServer() = default;
  std::unique_ptr<Poco::Net::ServerSocket> socket_;  // closed on Stop: refuse, do not queue
  std::unique_ptr<Poco::Net::TCPServer> server_;
  std::shared_ptr<ConnectionSet> connections_;  // shared with the connections, which may outlive us
  uint16_t port_ = 0;
  bool tls_ = false;
  bool stopped_ = false;
};

}  // namespace aidledger::api

#endif  // AIDLEDGER_API_HTTP_SERVER_H_
