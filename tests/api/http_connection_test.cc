// The connection loop over real sockets: a Poco TCPServer on port 0 whose
// connections are HttpConnection, with a handler that echoes what it read.
#include "api/http_connection.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace aidledger::api {
namespace {

// "/echo" answers "METHOD PATH [BODY]"; "/ignore" answers without reading the
// body; "/slow" waits for the test's release first.
class EchoHandler final : public HttpRequestHandler {
 public:
  void Handle(HttpExchange& exchange) override {
    const std::string& path = exchange.request().getURI();
    std::string text = exchange.request().getMethod() + " " + path;
    if (path == "/slow") {
      started.set_value();
      release_.wait();
    }
    if (path != "/ignore") {
      std::istream& in = exchange.body();
      text += " [" + std::string(std::istreambuf_iterator<char>(in), {}) + "]";
    }
    Send(exchange, 200, text);
  }
  void Malformed(HttpExchange& exchange, const std::string& what) override {
    Send(exchange, 400, "malformed: " + what);
  }
  std::promise<void> started;
  std::promise<void> release;

 private:
  static void Send(HttpExchange& exchange, int status, const std::string& text) {
    auto& response = exchange.response();
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength64(static_cast<Poco::Int64>(text.size()));
    std::ostringstream head;
    response.write(head);
    const std::string bytes = head.str() + text;
    exchange.socket().sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  }
  std::shared_future<void> release_ = release.get_future().share();
};

class HttpConnectionTest : public ::testing::Test {
 protected:
  void Start(int timeout_seconds = 10) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams();
    params->setMaxThreads(4);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(timeout_seconds, 0));
    socket_.bind(Poco::Net::SocketAddress("0.0.0.0", 0), true, false);
    socket_.listen(16);
    server_ = std::make_unique<Poco::Net::TCPServer>(
        new HttpConnectionFactory(params, handler_, set_), socket_, params);
    server_->start();
  }
  // A connection from another loopback address (127.0.0.2, say): another
  // client as far as the server can tell.
  Poco::Net::StreamSocket ConnectFrom(const std::string& host) {
    Poco::Net::StreamSocket s(Poco::Net::SocketAddress::IPv4);
    s.impl()->bind(Poco::Net::SocketAddress(host, 0), true);
    s.connect(Poco::Net::SocketAddress("127.0.0.1", socket_.address().port()));
    s.setReceiveTimeout(Poco::Timespan(20, 0));
    return s;
  }
  void TearDown() override {
    if (server_) {
      set_->Abort();
      server_->stop();
    }
  }
  Poco::Net::StreamSocket Connect() {
    Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", socket_.address().port()));
    s.setReceiveTimeout(Poco::Timespan(20, 0));
    return s;
  }
  static void SendText(Poco::Net::StreamSocket& s, const std::string& text) {
    s.sendBytes(text.data(), static_cast<int>(text.size()));
  }
  // Everything until the server closes; "<time-out>" appended if it does not.
  static std::string ReadToEnd(Poco::Net::StreamSocket& s) {
    std::string all;
    char buf[4096];
    try {
      for (int n; (n = s.receiveBytes(buf, sizeof buf)) > 0;)
        all.append(buf, static_cast<size_t>(n));
    } catch (const Poco::TimeoutException&) {
      all += "<time-out>";
    } catch (const Poco::Net::ConnectionResetException&) {
      all += "<reset>";
    }
    return all;
  }
  // What arrives up to and with the first `marker` (or until the end).
  static std::string ReadUntil(Poco::Net::StreamSocket& s, const std::string& marker) {
    std::string all;
    char c;
    while (all.find(marker) == std::string::npos && s.receiveBytes(&c, 1) == 1) all += c;
    return all;
  }

  std::shared_ptr<EchoHandler> handler_ = std::make_shared<EchoHandler>();
  std::shared_ptr<ConnectionSet> set_ = std::make_shared<ConnectionSet>();
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
};

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(HttpConnectionTest, AnswersPipelinedRequestsInTheirOrderOnOneConnection) {
  Start();
  Poco::Net::StreamSocket s = Connect();
  SendText(s,
           "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
           "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"
           "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
           "Connection: close\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n");
  const std::string all = ReadToEnd(s);
  const size_t first = all.find("POST /echo [abc]");
  const size_t second = all.find("GET /echo []");
  const size_t third = all.find("POST /echo [def]");
  ASSERT_NE(first, std::string::npos) << all;
  ASSERT_NE(second, std::string::npos) << all;
  ASSERT_NE(third, std::string::npos) << all;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_EQ(Count(all, "HTTP/1.1 200"), 3u) << all;
  EXPECT_EQ(Count(all, "\r\nDate: "), 3u) << all;
}

TEST_F(HttpConnectionTest, SendsContinueOnlyWhenTheHandlerReadsTheBody) {
  Start();
  Poco::Net::StreamSocket s = Connect();
  SendText(s,
           "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  const std::string go = "HTTP/1.1 100 Continue\r\n\r\n";
  EXPECT_EQ(ReadUntil(s, "\r\n\r\n"), go);
  SendText(s, "hello");
  EXPECT_NE(ReadUntil(s, "]").find("POST /echo [hello]"), std::string::npos);

  // Not read: no go-ahead, and the body that may follow is never taken for
  // a request.
  SendText(
      s, "POST /ignore HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 40\r\n\r\n");
  const std::string all = ReadToEnd(s);
  EXPECT_EQ(all.find("100 Continue"), std::string::npos) << all;
  EXPECT_NE(all.find("POST /ignore"), std::string::npos) << all;
}

TEST_F(HttpConnectionTest, ABodyTheHandlerLeftUnreadClosesTheConnection) {
  Start();
  Poco::Net::StreamSocket s = Connect();
  // The body looks like a request: read as one, it would be answered.
  const std::string smuggled = "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n";
  SendText(s, "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                  std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
  const std::string all = ReadToEnd(s);
  EXPECT_NE(all.find("POST /ignore"), std::string::npos) << all;
  EXPECT_EQ(all.find("GET /echo"), std::string::npos) << all;
  EXPECT_EQ(all.find("<time-out>"), std::string::npos) << all;
}

TEST_F(HttpConnectionTest, ARequestWithoutLengthOrChunksHasAnEmptyBody) {
  Start();
  Poco::Net::StreamSocket s = Connect();
  SendText(s, "POST /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(ReadUntil(s, "]").find("POST /echo []"), std::string::npos);
}

TEST_F(HttpConnectionTest, AMalformedHeadGetsTheHandlersAnswerAndTheConnectionCloses) {
  Start();
  Poco::Net::StreamSocket s = Connect();
  // Poco allows field names of up to 256 bytes.
  SendText(s, "GET /echo HTTP/1.1\r\n" + std::string(300, 'X') +
                  ": 1\r\n\r\nGET /echo HTTP/1.1\r\n\r\n");
  const std::string all = ReadToEnd(s);
  EXPECT_EQ(all.rfind("HTTP/1.1 400", 0), 0u) << all;
  EXPECT_NE(all.find("malformed: "), std::string::npos) << all;
  EXPECT_EQ(all.find("GET /echo"), std::string::npos) << all;
  EXPECT_EQ(all.find("<time-out>"), std::string::npos) << all;
}

TEST_F(HttpConnectionTest, IdleAndStalledConnectionsCloseAfterTheTimeOut) {
  Start(/*timeout_seconds=*/1);
  Poco::Net::StreamSocket idle = Connect();
  SendText(idle, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  Poco::Net::StreamSocket stalled = Connect();
  SendText(stalled, "GET /echo HTTP/1.1\r\nHost:");
  // The client waits 20 s; the server gives up after 1 s.
  const std::string idle_all = ReadToEnd(idle);
  EXPECT_NE(idle_all.find("GET /echo []"), std::string::npos) << idle_all;
  EXPECT_EQ(idle_all.find("<time-out>"), std::string::npos) << idle_all;
  EXPECT_EQ(ReadToEnd(stalled), "");
}

// Each read is within the time-out, but the head as a whole is not: the
// connection is cut at the head's deadline, not after a read's time-out.
TEST_F(HttpConnectionTest, AHeadTrickledInLinesIsCutAtItsDeadline) {
  set_ = std::make_shared<ConnectionSet>(/*per_address=*/0, /*head_deadline=*/Poco::Timespan(1, 0));
  Start(/*timeout_seconds=*/10);
  Poco::Net::StreamSocket slow = Connect();
  const auto start = std::chrono::steady_clock::now();
  SendText(slow, "GET /echo HTTP/1.1\r\n");
  bool cut = false;
  for (int i = 0; i < 12 && !cut; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    try {
      SendText(slow, "X-Line-" + std::to_string(i) + ": a\r\n");
    } catch (const Poco::Exception&) {
      cut = true;  // the server closed it
    }
  }
  const std::string all = ReadToEnd(slow);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(all.find("GET /echo ["), std::string::npos) << all;
  EXPECT_EQ(all.find("<time-out>"), std::string::npos) << all;
  EXPECT_LT(seconds, 8.0) << "cut well before a read's 10 s time-out";
  // A normal request on a new connection is answered as ever.
  Poco::Net::StreamSocket fine = Connect();
  SendText(fine, "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(ReadToEnd(fine).find("GET /echo []"), std::string::npos);
}

// The body likewise: the whole of it within the time-out, not each read.
TEST_F(HttpConnectionTest, ABodyTrickledByteByByteIsCutAtItsDeadline) {
  Start(/*timeout_seconds=*/2);
  Poco::Net::StreamSocket slow = Connect();
  SendText(slow, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  try {
    for (int i = 0; i < 20; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));  // each read well within 2 s
      SendText(slow, "x");
    }
  } catch (const Poco::Exception&) {
    // Cut off: what the test expects.
  }
  const std::string all = ReadToEnd(slow);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(all.find("[xxxxxxxxxxxxxxxxxxxx]"), std::string::npos) << all;
  EXPECT_LT(seconds, 7.0) << "20 bytes at 0.4 s each would take 8 s";
}

// One address holds at most its cap of slow connections (a head arriving
// for over half a second): one more is answered 429, another address is
// served meanwhile, and the watchdog cuts slow ones beyond the cap. A busy
// client of one address whose connections are never slow (a proxy, a load
// test) is never refused, however many connections it keeps.
TEST_F(HttpConnectionTest, OneAddressHoldsAtMostItsCapOfSlowConnections) {
  set_ = std::make_shared<ConnectionSet>(/*per_address=*/2);
  Start();
  // (The server has 4 threads: one fast connection, two slow ones, and the
  // refused one or the other address's at a time.)
  std::vector<Poco::Net::StreamSocket> fast;
  for (int i = 0; i < 1; ++i) {  // kept alive between requests: never slow
    fast.push_back(ConnectFrom("127.0.0.2"));
    SendText(fast.back(), "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_NE(ReadUntil(fast.back(), "]").find("GET /echo []"), std::string::npos);
  }
  // Two slow ones: each in the middle of its head.
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 2; ++i) {
    slow.push_back(ConnectFrom("127.0.0.2"));
    SendText(slow.back(), "GET /echo HTTP/1.1\r\nHost: x\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // now they are slow
  Poco::Net::StreamSocket third = ConnectFrom("127.0.0.2");
  SendText(third, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string refused = ReadToEnd(third);
  EXPECT_EQ(refused.rfind("HTTP/1.1 429", 0), 0u) << refused;
  Poco::Net::StreamSocket other = ConnectFrom("127.0.0.3");
  SendText(other, "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(ReadToEnd(other).find("GET /echo []"), std::string::npos);
  // The fast ones go on being served on their connections.
  for (auto& s : fast) {
    SendText(s, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_NE(ReadUntil(s, "]").find("GET /echo []"), std::string::npos);
  }
  // The slow ones finish their heads: no longer slow, the address is served.
  for (auto& s : slow) {
    SendText(s, "\r\n");
    ASSERT_NE(ReadUntil(s, "]").find("GET /echo []"), std::string::npos);
  }
  Poco::Net::StreamSocket next = ConnectFrom("127.0.0.2");
  SendText(next, "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(ReadToEnd(next).find("GET /echo []"), std::string::npos);
}

// Slow connections beyond the cap that got in (all at once, before any was
// slow) are cut by the watchdog, the oldest first.
TEST_F(HttpConnectionTest, SlowConnectionsBeyondTheCapAreCut) {
  set_ = std::make_shared<ConnectionSet>(/*per_address=*/1);
  Start();
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 3; ++i) {
    slow.push_back(ConnectFrom("127.0.0.2"));
    SendText(slow.back(), "GET /echo HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  int cut = 0;
  for (auto& s : slow) {
    s.setReceiveTimeout(Poco::Timespan(0, 300'000));
    if (ReadToEnd(s).find("<time-out>") == std::string::npos) ++cut;  // closed by the server
  }
  EXPECT_EQ(cut, 2);
}

TEST_F(HttpConnectionTest, StopClosesIdleConnectionsAndLetsARequestInProgressFinish) {
  Start(/*timeout_seconds=*/60);
  Poco::Net::StreamSocket idle = Connect();
  SendText(idle, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(ReadUntil(idle, "]").find("GET /echo []"), std::string::npos);
  Poco::Net::StreamSocket busy = Connect();
  SendText(busy, "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
  handler_->started.get_future().wait();

  set_->Stop();
  // Closed now, not after the 60 s time-out (the client would give up at 20).
  const std::string idle_rest = ReadToEnd(idle);
  EXPECT_EQ(idle_rest.find("<time-out>"), std::string::npos) << idle_rest;
  handler_->release.set_value();
  const std::string busy_all = ReadToEnd(busy);
  EXPECT_NE(busy_all.find("POST /slow [ok]"), std::string::npos) << busy_all;
  EXPECT_EQ(busy_all.find("<time-out>"), std::string::npos) << busy_all;
}

TEST_F(HttpConnectionTest, AConnectionAcceptedAfterStopIsClosedAtOnce) {
  Start(/*timeout_seconds=*/60);
  set_->Stop();
  Poco::Net::StreamSocket late = Connect();
  SendText(late, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string all = ReadToEnd(late);
  EXPECT_EQ(all.find("GET /echo"), std::string::npos) << all;
  EXPECT_EQ(all.find("<time-out>"), std::string::npos) << all;
}

}  // namespace
}  // namespace aidledger::api
