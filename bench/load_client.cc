// load_client: a lean HTTP/1.1 load generator for the service's benchmarks.
//
// One thread drives C keep-alive connections with epoll, one request in
// flight on each (no pipelining), so that the client costs little CPU on a
// small machine and the figure measures the server. Each request may carry a
// unique number: every "{n}" in the body template and in the headers is
// replaced by a counter that no other request of the run uses, so that every
// POST records a new donation (under its own Idempotency-Key).
//
//   load_client --port=P --path=/api/v1/donations [--method=POST]
//               [--body=TEMPLATE] [--header='Name: value']...
//               [--connections=C] [--seconds=S] [--host=127.0.0.1]
//
// Prints one line: "requests=N rate=R/s non2xx=E errors=X p50_ms=.. p99_ms=..".
// A response counts when its status line and body (by Content-Length) have
// fully arrived; a connection the server closes without "Connection: close"
// is an error and is reopened.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string method = "GET";
  std::string path = "/";
  std::string body;
  std::vector<std::string> headers;
  int connections = 1;
  double seconds = 10;
};

struct Connection {
  int fd = -1;
  std::string out;
  size_t sent = 0;
  std::string in;
  Clock::time_point started;
};

bool StartsWith(const char* arg, const char* prefix, std::string* value) {
  const size_t n = std::strlen(prefix);
  if (std::strncmp(arg, prefix, n) != 0) return false;
  *value = arg + n;
  return true;
}

int Connect(const Options& options) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(options.port));
  inet_pton(AF_INET, options.host.c_str(), &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
      errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

// Appends `text` with its "{n}" marks replaced by `number`.
void AppendNumbered(const std::string& text, const std::string& number, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "{n}") == 0) {
      out->append(number);
      i += 3;
    } else {
      out->push_back(text[i++]);
    }
  }
}

// Builds request number `n`: the body's and headers' "{n}" marks replaced by
// `n` (a unique reference, an Idempotency-Key).
void BuildRequest(const Options& options, uint64_t n, std::string* out) {
  const std::string number = std::to_string(n);
  std::string body;
  body.reserve(options.body.size() + 16);
  AppendNumbered(options.body, number, &body);
  out->clear();
  out->append(options.method).append(" ").append(options.path).append(" HTTP/1.1\r\nHost: ");
  out->append(options.host).append("\r\n");
  for (const std::string& header : options.headers) {
    AppendNumbered(header, number, out);
    out->append("\r\n");
  }
  if (!body.empty() || options.method == "POST") {
    out->append("Content-Type: application/json\r\nContent-Length: ");
    out->append(std::to_string(body.size())).append("\r\n");
  }
  out->append("\r\n").append(body);
}

// If `in` holds one whole response, returns its length and sets `status` and
// `close` (the server said "Connection: close", as nginx does after its
// keep-alive limit); returns 0 while more is needed and -1 when it cannot be
// parsed.
long ParseResponse(const std::string& in, int* status, bool* close) {
  const size_t end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  if (in.size() < 12 || in.compare(0, 5, "HTTP/") != 0) return -1;
  *status = std::atoi(in.c_str() + 9);
  size_t length = 0;
  const std::string_view head(in.data(), end);
  for (size_t line = head.find("\r\n"); line != std::string_view::npos;
       line = head.find("\r\n", line + 2)) {
    const std::string_view rest = head.substr(line + 2);
    if (rest.size() > 15 && strncasecmp(rest.data(), "content-length:", 15) == 0) {
      length = std::strtoul(rest.data() + 15, nullptr, 10);
    }
    if (rest.size() >= 17 && strncasecmp(rest.data(), "connection: close", 17) == 0) {
      *close = true;
    }
  }
  const size_t total = end + 4 + length;
  return in.size() >= total ? static_cast<long>(total) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string value;
    if (StartsWith(argv[i], "--host=", &value))
      options.host = value;
    else if (StartsWith(argv[i], "--port=", &value))
      options.port = std::atoi(value.c_str());
    else if (StartsWith(argv[i], "--method=", &value))
      options.method = value;
    else if (StartsWith(argv[i], "--path=", &value))
      options.path = value;
    else if (StartsWith(argv[i], "--body=", &value))
      options.body = value;
    else if (StartsWith(argv[i], "--header=", &value))
      options.headers.push_back(value);
    else if (StartsWith(argv[i], "--connections=", &value))
      options.connections = std::atoi(value.c_str());
    else if (StartsWith(argv[i], "--seconds=", &value))
      options.seconds = std::atof(value.c_str());
    else {
      std::fprintf(stderr, "load_client: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (options.port <= 0 || options.connections <= 0) {
    std::fprintf(stderr,
                 "usage: load_client --port=P --path=PATH [--method=POST] [--body=T] "
                 "[--header=H]... [--connections=C] [--seconds=S]\n");
    return 2;
  }
  const int epoll = epoll_create1(EPOLL_CLOEXEC);
  std::vector<Connection> connections(static_cast<size_t>(options.connections));
  // Numbers are unique per run and across runs started in different seconds.
  uint64_t next = static_cast<uint64_t>(std::time(nullptr)) * 1000000000ULL;
  uint64_t done = 0, non2xx = 0, errors = 0;
  std::vector<double> latencies;
  latencies.reserve(1 << 20);

  auto open = [&](size_t index) {
    Connection& c = connections[index];
    c.fd = Connect(options);
    if (c.fd < 0) return false;
    BuildRequest(options, next++, &c.out);
    c.sent = 0;
    c.in.clear();
    c.started = Clock::now();
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT;
    event.data.u64 = index;
    return epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event) == 0;
  };
  auto reopen = [&](size_t index) {
    ++errors;
    close(connections[index].fd);
    return open(index);
  };
  for (size_t i = 0; i < connections.size(); ++i) {
    if (!open(i)) {
      std::perror("load_client: connect");
      return 1;
    }
  }
  const Clock::time_point start = Clock::now();
  const Clock::time_point stop = start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(options.seconds));
  std::vector<epoll_event> events(connections.size());
  char buffer[65536];
  while (Clock::now() < stop) {
    const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
    for (int e = 0; e < n; ++e) {
      const size_t index = events[static_cast<size_t>(e)].data.u64;
      Connection& c = connections[index];
      const uint32_t what = events[static_cast<size_t>(e)].events;
      if ((what & EPOLLOUT) != 0 && c.sent < c.out.size()) {
        const ssize_t w = send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
        if (w > 0) {
          c.sent += static_cast<size_t>(w);
          if (c.sent == c.out.size()) {
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u64 = index;
            epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event);
          }
        } else if (w < 0 && errno != EAGAIN) {
          if (!reopen(index)) return 1;
          continue;
        }
      }
      if ((what & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) continue;
      const ssize_t r = recv(c.fd, buffer, sizeof buffer, 0);
      if (r <= 0) {
        if (r < 0 && errno == EAGAIN) continue;
        if (!reopen(index)) return 1;
        continue;
      }
      c.in.append(buffer, static_cast<size_t>(r));
      int status = 0;
      bool close_after = false;
      const long length = ParseResponse(c.in, &status, &close_after);
      if (length < 0) {
        if (!reopen(index)) return 1;
        continue;
      }
      if (length == 0) continue;
      const Clock::time_point now = Clock::now();
      ++done;
      if (status < 200 || status > 299) ++non2xx;
      latencies.push_back(std::chrono::duration<double, std::milli>(now - c.started).count());
      if (close_after) {  // not an error: a new connection for the next request
        close(c.fd);
        if (!open(index)) return 1;
        continue;
      }
      c.in.erase(0, static_cast<size_t>(length));
      BuildRequest(options, next++, &c.out);
      c.sent = 0;
      c.started = now;
      const ssize_t w = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (w > 0) c.sent = static_cast<size_t>(w);
      if (c.sent < c.out.size()) {
        epoll_event event{};
        event.events = EPOLLIN | EPOLLOUT;
        event.data.u64 = index;
        epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event);
      }
    }
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    if (latencies.empty()) return 0.0;
    return latencies[std::min(latencies.size() - 1,
                              static_cast<size_t>(p * static_cast<double>(latencies.size())))];
  };
  std::printf("requests=%llu rate=%.0f/s non2xx=%llu errors=%llu p50_ms=%.2f p99_ms=%.2f\n",
              static_cast<unsigned long long>(done), static_cast<double>(done) / elapsed,
              static_cast<unsigned long long>(non2xx), static_cast<unsigned long long>(errors),
              percentile(0.50), percentile(0.99));
  for (Connection& c : connections) close(c.fd);
  close(epoll);
  return non2xx == 0 && errors == 0 ? 0 : 1;
}
