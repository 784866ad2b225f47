// Tests for the HTTP transport: message helpers as plain unit tests, the server over real TCP (raw sockets where
// the exact bytes matter, cpp-httplib elsewhere) and over TLS with a throw-away self-signed certificate.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/access_log.hpp"
#include "log_capture.hpp"
#include "http/message.hpp"
#include "http/server.hpp"

namespace norced::http {
namespace {

using namespace std::chrono_literals;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// ------------------------------------------------------------------------------------------------ message.hpp

TEST(HttpMessage, PercentDecode) {
  EXPECT_EQ(percent_decode("a%20b", false), "a b");
  EXPECT_EQ(percent_decode("%41%42c", false), "ABc");
  EXPECT_EQ(percent_decode("%e2%82%AC", false), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%2B", true), "+");
  // Malformed escapes stay as they are.
  EXPECT_EQ(percent_decode("%zz", false), "%zz");
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%4", false), "%4");
  EXPECT_EQ(percent_decode("%4g%41", false), "%4gA");
  EXPECT_EQ(percent_decode("", true), "");
}

TEST(HttpMessage, ParseQuery) {
  EXPECT_EQ(parse_query("a=1&b=x%20y&c&&d=&e=f=g&%41=+&"),
            (Pairs{{"a", "1"}, {"b", "x y"}, {"c", ""}, {"d", ""}, {"e", "f=g"}, {"A", " "}}));
  EXPECT_EQ(parse_query(""), Pairs{});
  EXPECT_EQ(parse_query("?q=1"), (Pairs{{"q", "1"}}));
  EXPECT_EQ(parse_query("name=J%C3%BCrgen+M&x=%zz"), (Pairs{{"name", "J\xc3\xbcrgen M"}, {"x", "%zz"}}));
  EXPECT_EQ(parse_query("a=1&a=2"), (Pairs{{"a", "1"}, {"a", "2"}}));
}

TEST(HttpMessage, HeadersFindIsCaseInsensitive) {
  Headers h;
  h.add("Content-Type", "text/plain");
  h.add("X-Thing", "one");
  h.add("x-thing", "two");
  ASSERT_NE(h.find("content-type"), nullptr);
  EXPECT_EQ(*h.find("content-type"), "text/plain");
  EXPECT_EQ(*h.find("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(*h.find("x-THING"), "one");  // first value
  EXPECT_EQ(h.find("Content-Typ"), nullptr);
  EXPECT_EQ(h.find("Content-Types"), nullptr);
  EXPECT_EQ(h.find(""), nullptr);
  EXPECT_EQ(h.all().size(), 3u);
}

TEST(HttpMessage, QueryParamIsCaseInsensitive) {
  Request r;
  r.query = {{"Page", "2"}, {"page", "3"}, {"size", "10"}};
  ASSERT_NE(r.query_param("PAGE"), nullptr);
  EXPECT_EQ(*r.query_param("PAGE"), "2");
  EXPECT_EQ(*r.query_param("Size"), "10");
  EXPECT_EQ(r.query_param("pag"), nullptr);
}

// ------------------------------------------------------------------------------------------------ helpers

struct Probe {
  std::atomic<int> calls{0};  // requests the handler was called for
  std::atomic<bool> slow_entered{false};
  std::atomic<int> slow_calls{0};
};

// Echoes the request as text so tests can assert on exactly what the handler saw.
Handler make_handler(std::shared_ptr<Probe> probe) {
  return [probe](const Request& req) -> Response {
    probe->calls++;
    if (req.path == "/throw") throw std::runtime_error("boom");
    if (req.path == "/throw-int") throw 42;
    if (req.path == "/slow") {
      probe->slow_calls++;
      probe->slow_entered = true;
      std::this_thread::sleep_for(300ms);
      return Response{200, "text/plain", {}, "slow-done"};
    }
    if (req.path == "/nocontent") return Response{204, "text/plain", {}, "ignored"};
    if (req.path == "/headers") {
      return Response{201, "text/plain", {{"X-One", "1"}, {"Location", "/x/1"}, {"Bad", "a\r\nInjected: yes"}}, "made"};
    }
    if (req.path == "/big") return Response{200, "application/octet-stream", {}, std::string(300'000, 'z')};
    std::string out;
    out += "method=" + req.method + "\n";
    out += "target=" + req.target + "\n";
    out += "path=" + req.path + "\n";
    for (const auto& [k, v] : req.query) out += "q:" + k + "=" + v + "\n";
    const std::string* t = req.headers.find("x-test");
    out += "x-test=" + (t ? *t : std::string("<none>")) + "\n";
    const std::string* y = req.query_param("y");
    out += "y=" + (y ? *y : std::string("<none>")) + "\n";
    out += "remote=" + req.remote_address + "\n";
    out += "body=" + req.body;
    return Response{200, "text/plain; charset=utf-8", {}, out};
  };
}

ServerOptions test_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.workers = 2;
  o.limits.max_body_bytes = 1024;
  o.limits.max_header_bytes = 1024;
  o.limits.read_timeout = 500ms;
  o.limits.write_timeout = 500ms;
  o.limits.idle_timeout = 500ms;
  o.limits.first_byte_timeout = 500ms;
  o.limits.drain_timeout = 1000ms;
  o.pool.read_threads = 2;
  o.pool.write_threads = 2;
  return o;
}

// A started server running on a background thread; stopped and joined on destruction.
class TestServer {
 public:
  explicit TestServer(ServerOptions o = test_options(), std::shared_ptr<Probe> probe = std::make_shared<Probe>())
      : probe_(std::move(probe)), server_(std::move(o), make_handler(probe_)) {
    server_.start();
    done_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  TestServer(ServerOptions o, Handler handler)
      : probe_(std::make_shared<Probe>()), server_(std::move(o), std::move(handler)) {
    server_.start();
    done_ = std::async(std::launch::async, [this] { server_.run(); });
  }
  ~TestServer() {
    server_.stop();
    done_.wait();
  }
  uint16_t port() const { return server_.port(); }
  Server& server() { return server_; }
  Probe& probe() { return *probe_; }
  // Stops and waits for run() to return; false if it did not within `limit`.
  bool stop_and_wait(std::chrono::milliseconds limit) {
    server_.stop();
    return done_.wait_for(limit) == std::future_status::ready;
  }

 private:
  std::shared_ptr<Probe> probe_;
  Server server_;
  std::future<void> done_;
};

// Minimal blocking client socket with a receive timeout, for byte-exact tests.
class RawConn {
 public:
  explicit RawConn(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    timeval tv{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
  }
  ~RawConn() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConn(const RawConn&) = delete;
  RawConn& operator=(const RawConn&) = delete;

  void send(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      const ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      off += static_cast<size_t>(n);
    }
  }

  struct Reply {
    int status = 0;
    std::string status_line;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::string header(const std::string& n) const {
      auto it = headers.find(n);
      return it == headers.end() ? std::string("<none>") : it->second;
    }
  };

  // Reads one response (Content-Length framed). Throws if the connection ends first.
  Reply read_reply() {
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) fill_or_throw();
    Reply r;
    const std::string head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    size_t pos = head.find("\r\n");
    r.status_line = head.substr(0, pos);
    r.status = std::stoi(r.status_line.substr(9, 3));
    while (pos != std::string::npos) {
      const size_t next = head.find("\r\n", pos + 2);
      const std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      const size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
      pos = next;
    }
    const size_t len = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
    if (!(r.status_line.rfind("HTTP/1.1 1", 0) == 0 || r.status == 204 || r.status == 304 || head_request_)) {
      while (buf_.size() < len) fill_or_throw();
      r.body = buf_.substr(0, len);
      buf_.erase(0, len);
    }
    return r;
  }

  void expect_head_response(bool v) { head_request_ = v; }

  // True if the peer closes (EOF or reset) within the timeout with no further bytes arriving.
  bool closed_within(std::chrono::milliseconds limit, std::string* extra = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char tmp[4096];
      const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n == 0) return buf_.empty();
      if (n < 0) return errno == ECONNRESET && buf_.empty();
      if (extra) extra->append(tmp, static_cast<size_t>(n));
      buf_.append(tmp, static_cast<size_t>(n));
    }
  }

  int fd() const { return fd_; }

  // True if bytes (or EOF) are waiting to be read right now; consumes nothing.
  bool readable() const {
    pollfd p{fd_, POLLIN, 0};
    return !buf_.empty() || ::poll(&p, 1, 0) > 0;
  }

 private:
  void fill_or_throw() {
    char tmp[16384];
    const ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) throw std::runtime_error("connection closed while reading a response");
    buf_.append(tmp, static_cast<size_t>(n));
  }

  int fd_ = -1;
  std::string buf_;
  bool head_request_ = false;
};

std::string get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra_headers + "\r\n";
}

std::string problem(int status, const std::string& title, const std::string& detail) {
  return R"({"type":"about:blank","title":")" + title + R"(","status":)" + std::to_string(status) +
         R"(,"detail":")" + detail + R"("})";
}

// ------------------------------------------------------------------------------------------------ server

TEST(HttpServer, PortZeroBindsARealPort) {
  TestServer s;
  EXPECT_NE(s.port(), 0);
  // Several connections (spread over both workers by SO_REUSEPORT) all get answers.
  for (int i = 0; i < 8; ++i) {
    RawConn c(s.port());
    c.send(get("/p" + std::to_string(i)));
    auto r = c.read_reply();
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("path=/p" + std::to_string(i) + "\n"), std::string::npos);
  }
}

TEST(HttpServer, GetEchoesRequestWithHeaders) {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  auto res = cli.Get("/echo/a%20b?x=1&Y=two%20words&z=a%2Bb", httplib::Headers{{"X-Test", "hello"}});
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body,
            "method=GET\n"
            "target=/echo/a%20b?x=1&Y=two%20words&z=a%2Bb\n"
            "path=/echo/a b\n"
            "q:x=1\n"
            "q:Y=two words\n"
            "q:z=a+b\n"
            "x-test=hello\n"
            "y=two words\n"
            "remote=127.0.0.1\n"
            "body=");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Server"), "norced");
  EXPECT_EQ(res->get_header_value("Content-Length"), std::to_string(res->body.size()));
  EXPECT_TRUE(res->has_header("Date"));
}

TEST(HttpServer, RawGetIsByteExact) {
  TestServer s;
  RawConn c(s.port());
  c.send(get("/plus+path?q=%E2%82%AC&sp=a+b%20c", "x-TEST: Lower\r\n"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(r.header("server"), "norced");
  EXPECT_EQ(r.header("connection"), "<none>");  // HTTP/1.1 keep-alive is implicit
  EXPECT_NE(r.body.find("path=/plus+path\n"), std::string::npos);
  EXPECT_NE(r.body.find("q:q=\xe2\x82\xac\nq:sp=a b c\n"), std::string::npos);
  EXPECT_NE(r.body.find("x-test=Lower\n"), std::string::npos);
}

TEST(HttpServer, PostBodyReachesHandler) {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  auto res = cli.Post("/items", R"({"Code":"A"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("method=POST\n"), std::string::npos);
  EXPECT_NE(res->body.find(R"(body={"Code":"A"})"), std::string::npos);
}

TEST(HttpServer, ChunkedBodyIsDecoded) {
  TestServer s;
  RawConn c(s.port());
  c.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("body=hello world"), std::string::npos);
}

TEST(HttpServer, ExtraHeadersStatusAndInjectionGuard) {
  TestServer s;
  RawConn c(s.port());
  c.send(get("/headers"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 201 Created");
  EXPECT_EQ(r.header("x-one"), "1");
  EXPECT_EQ(r.header("location"), "/x/1");
  EXPECT_EQ(r.header("bad"), "<none>");
  EXPECT_EQ(r.header("injected"), "<none>");
  EXPECT_EQ(r.body, "made");
}

TEST(HttpServer, NoContentHasNoBody) {
  TestServer s;
  RawConn c(s.port());
  c.send(get("/nocontent") + get("/after"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("content-length"), "<none>");
  auto r2 = c.read_reply();  // the next response follows directly: nothing was sent for the 204 body
  EXPECT_EQ(r2.status, 200);
  EXPECT_NE(r2.body.find("path=/after\n"), std::string::npos);
}

TEST(HttpServer, HeadSendsLengthButNoBody) {
  TestServer s;
  RawConn c(s.port());
  c.send("HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n");
  c.expect_head_response(true);
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-length"), "300000");
  c.expect_head_response(false);
  c.send(get("/after-head"));
  auto r2 = c.read_reply();
  EXPECT_NE(r2.body.find("path=/after-head\n"), std::string::npos);
}

TEST(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer s;
  RawConn c(s.port());
  for (int i = 0; i < 5; ++i) {
    c.send(get("/k?i=" + std::to_string(i)));
    auto r = c.read_reply();
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("q:i=" + std::to_string(i) + "\n"), std::string::npos);
    EXPECT_EQ(r.header("connection"), "<none>");
  }
  // Pipelined: two requests in one write, two responses in order.
  c.send(get("/first") + get("/second"));
  EXPECT_NE(c.read_reply().body.find("path=/first\n"), std::string::npos);
  EXPECT_NE(c.read_reply().body.find("path=/second\n"), std::string::npos);
}

TEST(HttpServer, HttplibKeepAlive) {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  cli.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    auto res = cli.Get("/ka?y=" + std::to_string(i));
    ASSERT_TRUE(res);
    EXPECT_NE(res->body.find("y=" + std::to_string(i) + "\n"), std::string::npos);
  }
}

TEST(HttpServer, Http10ClosesUnlessKeepAlive) {
  TestServer s;
  {
    RawConn c(s.port());
    c.send("GET /old HTTP/1.0\r\n\r\n");
    auto r = c.read_reply();
    EXPECT_EQ(r.status_line, "HTTP/1.0 200 OK");
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(c.closed_within(1000ms));
  }
  {
    RawConn c(s.port());
    c.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto r = c.read_reply();
    EXPECT_EQ(r.header("connection"), "keep-alive");
    c.send("GET /old2 HTTP/1.0\r\n\r\n");
    EXPECT_NE(c.read_reply().body.find("path=/old2\n"), std::string::npos);
  }
}

TEST(HttpServer, ConnectionCloseFromClientIsHonoured) {
  TestServer s;
  RawConn c(s.port());
  c.send(get("/bye", "Connection: close\r\n"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(HttpServer, BodyOverLimitByContentLengthIs413) {
  TestServer s;
  RawConn c(s.port());
  c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n" +
         std::string(5000, 'a'));
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 413 Payload Too Large");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(r.body, problem(413, "Payload Too Large", "The request body exceeds the limit of 1024 bytes."));
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(HttpServer, TheLargeBodyLimitOfItsTargetsAppliesBelowTheGeneralLimitToo) {
  ServerOptions o = test_options();  // max_body_bytes 1024
  o.limits.large_body = [](std::string_view target) { return target.starts_with("/import"); };
  o.limits.large_body_bytes = 100;
  TestServer s(o);
  for (const auto& [target, status] : {std::pair{"/import", 413}, std::pair{"/other", 200}}) {
    RawConn c(s.port());
    c.send(std::string("POST ") + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n" +
           std::string(500, 'a'));
    EXPECT_EQ(c.read_reply().status, status) << target;
  }
}

TEST(HttpServer, BodyOverLimitAnnouncedIs413WithoutReadingIt) {
  TestServer s;
  RawConn c(s.port());
  // Only the headers are sent: the server must answer without waiting for the 10 MB it was promised.
  c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n");
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, problem(413, "Payload Too Large", "The request body exceeds the limit of 1024 bytes."));
}

TEST(HttpServer, ChunkedBodyOverLimitIs413) {
  TestServer s;
  RawConn c(s.port());
  std::string chunk(800, 'b');
  c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" + chunk +
         "\r\n0\r\n\r\n");
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(HttpServer, BodyAtLimitIsAccepted) {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  auto res = cli.Post("/up", std::string(1024, 'c'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("body=" + std::string(1024, 'c')), std::string::npos);
}

TEST(HttpServer, HttplibSeesProblemFor413) {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  auto res = cli.Post("/up", std::string(2000, 'c'), "text/plain");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
}

TEST(HttpServer, HeadersOverLimitAre431) {
  TestServer s;
  RawConn c(s.port());
  c.send(get("/h", "X-Big: " + std::string(2000, 'h') + "\r\n"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.body, problem(431, "Request Header Fields Too Large",
                            "The request line and headers exceed the limit of 1024 bytes."));
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(HttpServer, MalformedRequestIs400) {
  TestServer s;
  RawConn c(s.port());
  c.send("this is not http\r\n\r\n");
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(r.body.rfind(R"({"type":"about:blank","title":"Bad Request","status":400,"detail":"Malformed HTTP request: )", 0),
            0u)
      << r.body;
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(HttpServer, BadContentLengthIs400) {
  TestServer s;
  RawConn c(s.port());
  c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"("title":"Bad Request")"), std::string::npos);
}

TEST(HttpServer, Expect100ContinueIsAnswered) {
  TestServer s;
  RawConn c(s.port());
  c.send("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto cont = c.read_reply();
  EXPECT_EQ(cont.status_line, "HTTP/1.1 100 Continue");
  c.send("hello");
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("body=hello"), std::string::npos);
}

TEST(HttpServer, MaxRequestsPerConnectionClosesIt) {
  ServerOptions o = test_options();
  o.limits.max_requests_per_connection = 2;
  TestServer s(o);
  RawConn c(s.port());
  c.send(get("/1"));
  auto r1 = c.read_reply();
  EXPECT_EQ(r1.status, 200);
  EXPECT_EQ(r1.header("connection"), "<none>");
  c.send(get("/2"));
  auto r2 = c.read_reply();
  EXPECT_EQ(r2.status, 200);
  EXPECT_EQ(r2.header("connection"), "close");
  EXPECT_NE(r2.body.find("path=/2\n"), std::string::npos);
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(HttpServer, HandlerExceptionIs500ProblemAndConnectionSurvives) {
  TestServer s;
  RawConn c(s.port());
  c.send(get("/throw"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 500 Internal Server Error");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.body, problem(500, "Internal Server Error", "An unexpected error occurred."));
  c.send(get("/throw-int"));
  EXPECT_EQ(c.read_reply().status, 500);
  c.send(get("/fine"));
  auto ok = c.read_reply();
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("path=/fine\n"), std::string::npos);
}

TEST(HttpServer, LargeResponseIsWrittenCompletely) {
  TestServer s;
  httplib::Client cli("127.0.0.1", s.port());
  auto res = cli.Get("/big");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, std::string(300'000, 'z'));
}

TEST(HttpServer, IdleTimeoutClosesSilently) {
  ServerOptions o = test_options();
  o.limits.idle_timeout = 150ms;
  TestServer s(o);
  RawConn c(s.port());
  c.send(get("/once"));
  EXPECT_EQ(c.read_reply().status, 200);
  const auto t0 = std::chrono::steady_clock::now();
  std::string extra;
  EXPECT_TRUE(c.closed_within(1000ms, &extra));
  EXPECT_EQ(extra, "");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 100ms);
  // A connection that never sends anything is closed the same way.
  RawConn silent(s.port());
  EXPECT_TRUE(silent.closed_within(1000ms));
}

TEST(HttpServer, ReadTimeoutClosesAStalledRequest) {
  ServerOptions o = test_options();
  o.limits.read_timeout = 150ms;
  o.limits.idle_timeout = 5000ms;
  TestServer s(o);
  RawConn c(s.port());
  c.send("GET /stalled HTTP/1.1\r\nHost: x\r\n");  // headers never finish
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(1000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 900ms);
}

TEST(HttpServer, StopLetsAnInFlightRequestFinish) {
  ServerOptions o = test_options();
  o.workers = 1;
  auto probe = std::make_shared<Probe>();
  TestServer s(o, probe);

  RawConn idle(s.port());  // keep-alive connection with no request in flight
  idle.send(get("/warm"));
  EXPECT_EQ(idle.read_reply().status, 200);

  RawConn c(s.port());
  c.send(get("/slow"));
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!probe->slow_entered && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(probe->slow_entered);

  const auto t0 = std::chrono::steady_clock::now();
  s.server().stop();
  s.server().stop();  // idempotent
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slow-done");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(c.closed_within(1000ms));
  EXPECT_TRUE(idle.closed_within(1000ms));
  EXPECT_TRUE(s.stop_and_wait(1000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 900ms);
  EXPECT_EQ(probe->slow_calls.load(), 1);
  // Not listening any more.
  EXPECT_THROW(RawConn{s.port()}, std::runtime_error);
}

TEST(HttpServer, DrainTimeoutForcesStop) {
  ServerOptions o = test_options();
  o.workers = 1;
  o.limits.drain_timeout = 100ms;
  o.limits.read_timeout = 5000ms;
  TestServer s(o);
  RawConn c(s.port());
  c.send("GET /never-finished HTTP/1.1\r\n");  // a started request that never completes
  std::this_thread::sleep_for(50ms);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(s.stop_and_wait(900ms));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 80ms);
}

TEST(HttpServer, StopBeforeRunReturnsPromptly) {
  Server server(test_options(), make_handler(std::make_shared<Probe>()));
  server.start();
  server.stop();
  auto done = std::async(std::launch::async, [&] { server.run(); });
  EXPECT_EQ(done.wait_for(1s), std::future_status::ready);
}

TEST(HttpServer, PortInUseThrows) {
  TestServer a;
  ServerOptions o = test_options();
  o.port = a.port();
  Server b(o, make_handler(std::make_shared<Probe>()));
  try {
    b.start();
    FAIL() << "expected start() to throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(a.port())),
              std::string::npos)
        << e.what();
  }
}

TEST(HttpServer, BadHostThrows) {
  ServerOptions o = test_options();
  o.host = "no-such-host.invalid";
  Server b(o, make_handler(std::make_shared<Probe>()));
  EXPECT_THROW(b.start(), std::runtime_error);
}

// ------------------------------------------------------------------------------------------------ handler pool

// Holds handlers inside the pool until the test releases them, so saturation is reached without sleeps.
class Gate {
 public:
  void enter_and_wait() {
    std::unique_lock lock(mu_);
    ++entered_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  bool wait_entered(int n, std::chrono::milliseconds limit) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return entered_ >= n; });
  }
  int entered() {
    std::lock_guard lock(mu_);
    return entered_;
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int entered_ = 0;
  bool open_ = false;
};

// Declared after the server in a test: releases the gate before the server is stopped, even when an assertion
// fails, because stop() waits for running handlers.
struct ReleaseOnExit {
  Gate& gate;
  ~ReleaseOnExit() { gate.release(); }
};

// "/block..." waits at the gate; everything else is the echo handler.
Handler gated_handler(Gate& gate) {
  Handler echo = make_handler(std::make_shared<Probe>());
  return [&gate, echo](const Request& req) -> Response {
    if (req.path == "/block") {
      gate.enter_and_wait();
      return Response{200, "text/plain", {}, "unblocked " + req.method + " " + req.target};
    }
    return echo(req);
  };
}

std::optional<Response> fast_healthz(const Request& req, Deferral&) {
  if (req.path == "/healthz") return Response{200, "application/json", {}, R"({"status":"ok","path":"fast"})"};
  return std::nullopt;
}

// Polls a condition on server state (not a fixed sleep): true as soon as it holds, false after `limit`.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 2000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(HttpServerPool, FullLaneAnswers503WithRetryAfterWhileFastPathAnswers) {
  ServerOptions o = test_options();
  o.pool.read_threads = 1;
  o.pool.write_threads = 1;
  o.pool.queue_depth = 1;
  o.fast_handler = fast_healthz;
  Gate gate;
  TestServer s(o, gated_handler(gate));
  ReleaseOnExit release{gate};

  RawConn running(s.port());  // occupies the only read thread
  running.send(get("/block?n=1"));
  ASSERT_TRUE(gate.wait_entered(1, 2000ms));
  RawConn queued(s.port());  // fills the read queue (depth 1)
  queued.send(get("/block?n=2"));
  ASSERT_TRUE(eventually([&] { return s.server().stats().read_queued == 1; }));

  RawConn c(s.port());
  c.send(get("/refused"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status_line, "HTTP/1.1 503 Service Unavailable");
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.header("connection"), "<none>");  // the connection stays usable
  EXPECT_EQ(r.body, problem(503, "Service Unavailable",
                            "The server is busy: the read queue is full. Retry after 1 second."));
  const ServerStats st = s.server().stats();
  EXPECT_EQ(st.shed_requests, 1u);
  EXPECT_EQ(st.read_threads, 1u);
  EXPECT_EQ(st.write_threads, 1u);
  EXPECT_EQ(gate.entered(), 1);  // the refused request never reached the handler

  // The fast path answers on the socket thread, on the same connection, while the pool is saturated.
  c.send(get("/healthz"));
  auto h = c.read_reply();
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, R"({"status":"ok","path":"fast"})");
  // The write lane is a separate lane: a POST is still served.
  c.send("POST /w HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
  auto w = c.read_reply();
  EXPECT_EQ(w.status, 200);
  EXPECT_NE(w.body.find("method=POST\n"), std::string::npos);
  EXPECT_NE(w.body.find("body=hi"), std::string::npos);

  gate.release();
  auto r1 = running.read_reply();
  EXPECT_EQ(r1.status, 200);
  EXPECT_EQ(r1.body, "unblocked GET /block?n=1");
  auto r2 = queued.read_reply();
  EXPECT_EQ(r2.status, 200);
  EXPECT_EQ(r2.body, "unblocked GET /block?n=2");
  EXPECT_EQ(gate.entered(), 2);
  // Capacity is back.
  c.send(get("/again"));
  auto again = c.read_reply();
  EXPECT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("path=/again\n"), std::string::npos);
  EXPECT_EQ(s.server().stats().shed_requests, 1u);
}

TEST(HttpServerPool, FullWriteLaneAnswers503ToWritesOnly) {
  ServerOptions o = test_options();
  o.pool.write_threads = 1;
  o.pool.queue_depth = 1;
  Gate gate;
  TestServer s(o, gated_handler(gate));
  ReleaseOnExit release{gate};
  const std::string post_block = "POST /block HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
  RawConn a(s.port());
  a.send(post_block);
  ASSERT_TRUE(gate.wait_entered(1, 2000ms));
  RawConn b(s.port());
  b.send(post_block);
  ASSERT_TRUE(eventually([&] { return s.server().stats().write_queued == 1; }));
  RawConn c(s.port());
  c.send("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(r.body, problem(503, "Service Unavailable",
                            "The server is busy: the write queue is full. Retry after 1 second."));
  c.send(get("/read-still-fine"));
  auto g = c.read_reply();
  EXPECT_EQ(g.status, 200);
  EXPECT_NE(g.body.find("path=/read-still-fine\n"), std::string::npos);
  gate.release();
  EXPECT_EQ(a.read_reply().body, "unblocked POST /block");
  EXPECT_EQ(b.read_reply().body, "unblocked POST /block");
}

TEST(HttpServerPool, BlockedWriteHandlerDoesNotDelayAGet) {
  ServerOptions o = test_options();
  o.workers = 1;  // one socket thread: before the pool, a blocked handler stalled every connection on it
  o.pool.read_threads = 1;
  o.pool.write_threads = 1;
  Gate gate;
  TestServer s(o, gated_handler(gate));
  ReleaseOnExit release{gate};

  RawConn writer(s.port());
  writer.send("POST /block HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_TRUE(gate.wait_entered(1, 2000ms));

  RawConn reader(s.port());
  for (int i = 0; i < 3; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    reader.send(get("/read?i=" + std::to_string(i)));
    auto r = reader.read_reply();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("q:i=" + std::to_string(i) + "\n"), std::string::npos);
  }
  EXPECT_FALSE(writer.readable());  // the write is still held at the gate
  gate.release();
  auto w = writer.read_reply();
  EXPECT_EQ(w.status, 200);
  EXPECT_EQ(w.body, "unblocked POST /block");
}

TEST(HttpServerPool, PipelinedRequestsKeepTheirOrderThroughThePool) {
  TestServer s;
  RawConn c(s.port());
  std::string batch;
  for (int i = 0; i < 6; ++i) {
    batch += i % 2 ? "POST /p" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx"
                   : get("/p" + std::to_string(i));
  }
  c.send(batch);  // reads and writes alternate between the two lanes; answers must still come in order
  for (int i = 0; i < 6; ++i) {
    auto r = c.read_reply();
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("path=/p" + std::to_string(i) + "\n"), std::string::npos) << r.body;
  }
}

TEST(HttpServerPool, FastHandlerExceptionIs500AndDeclinedRequestsReachThePool) {
  ServerOptions o = test_options();
  o.fast_handler = [](const Request& req, Deferral&) -> std::optional<Response> {
    if (req.path == "/fast-throw") throw std::runtime_error("fast boom");
    return std::nullopt;
  };
  TestServer s(o);
  RawConn c(s.port());
  c.send(get("/fast-throw"));
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, problem(500, "Internal Server Error", "An unexpected error occurred."));
  c.send(get("/declined"));
  auto d = c.read_reply();
  EXPECT_EQ(d.status, 200);
  EXPECT_NE(d.body.find("path=/declined\n"), std::string::npos);
}

// The scheduling class of the calling thread, without the reset-on-fork flag.
int policy_of_this_thread() { return ::sched_getscheduler(0) & ~SCHED_RESET_ON_FORK; }

TEST(HttpServerPool, RealtimeReadsRunSocketThreadsAndReadHandlersInTheRealTimeClass) {
  std::string refused;
  std::thread([&] {
    sched_param p{};
    p.sched_priority = 1;
    refused = ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &p) == 0 ? "" : "refused";
  }).join();
  if (!refused.empty()) GTEST_SKIP() << "this process may not use the real-time class";
  ServerOptions o = test_options();
  o.pool.realtime_reads = true;
  // The fast handler runs on the socket thread that read the request; the pool's on a lane thread.
  o.fast_handler = [](const Request& req, Deferral&) -> std::optional<Response> {
    if (req.path != "/socket") return std::nullopt;
    return Response{200, "text/plain", {}, std::to_string(policy_of_this_thread())};
  };
  int run_caller_after = -1;
  std::promise<void> ran;
  {
    Server server(o, [](const Request&) {
      return Response{200, "text/plain", {}, std::to_string(policy_of_this_thread())};
    });
    server.start();
    std::thread runner([&] {
      server.run();
      run_caller_after = policy_of_this_thread();
    });
    // Several connections: SO_REUSEPORT spreads them over both socket threads.
    for (int i = 0; i < 8; ++i) {
      httplib::Client c("127.0.0.1", server.port());
      auto socket = c.Get("/socket");
      ASSERT_TRUE(socket);
      EXPECT_EQ(socket->body, std::to_string(SCHED_FIFO));
      auto read = c.Get("/pool");
      ASSERT_TRUE(read);
      EXPECT_EQ(read->body, std::to_string(SCHED_FIFO));
      auto write = c.Post("/pool", "x", "text/plain");
      ASSERT_TRUE(write);
      EXPECT_EQ(write->body, std::to_string(SCHED_OTHER));
    }
    server.stop();
    runner.join();
  }
  EXPECT_EQ(run_caller_after, SCHED_OTHER);  // run()'s caller gets its own class back
}

// ------------------------------------------------------------------------------------------------ deferral

// A fast handler that defers every request under /later/ and keeps the continuations for the test to resume;
// a request it sees again (Resume::fast) is answered from the fast path with how many times it was seen.
struct Parking {
  std::mutex mu;
  std::vector<Continuation> parked;
  std::map<std::string, int> seen;

  FastHandler handler() {
    return [this](const Request& req, Deferral& later) -> std::optional<Response> {
      if (!req.path.starts_with("/later/")) return std::nullopt;
      std::lock_guard lock(mu);
      if (++seen[req.target] == 1) {
        parked.push_back(later.defer());
        return Response{200, "text/plain", {}, "ignored: the request was deferred"};
      }
      if (req.path == "/later/to-pool") return std::nullopt;
      return Response{200, "text/plain", {}, "fast again, seen " + std::to_string(seen[req.target])};
    };
  }
  size_t count() {
    std::lock_guard lock(mu);
    return parked.size();
  }
  Continuation take() {
    std::lock_guard lock(mu);
    Continuation c = std::move(parked.front());
    parked.erase(parked.begin());
    return c;
  }
};

TEST(HttpServerDeferral, AParkedRequestIsAnsweredWhenResumedFromAnotherThread) {
  Parking parking;
  ServerOptions o = test_options();
  o.fast_handler = parking.handler();
  TestServer s(o);
  RawConn c(s.port());
  c.send(get("/later/a"));
  ASSERT_TRUE(eventually([&] { return parking.count() == 1; }));
  EXPECT_FALSE(c.readable()) << "nothing is written while the request is parked";

  std::thread([k = parking.take()] { k(Resume::fast); }).join();
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "fast again, seen 2");
  EXPECT_EQ(s.probe().calls.load(), 0) << "the pool's handler never ran";

  c.send(get("/plain"));  // the connection carries on
  auto p = c.read_reply();
  EXPECT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("path=/plain\n"), std::string::npos);
}

TEST(HttpServerDeferral, ResumingToThePoolOrDroppingTheContinuationReachesTheHandler) {
  Parking parking;
  ServerOptions o = test_options();
  o.fast_handler = parking.handler();
  TestServer s(o);
  RawConn a(s.port()), b(s.port()), d(s.port());
  size_t n = 0;
  for (auto [c, target] : {std::pair{&a, "/later/pool"}, {&b, "/later/dropped"}, {&d, "/later/to-pool"}}) {
    c->send(get(target));  // one at a time, so the continuations are parked in this order
    ASSERT_TRUE(eventually([&] { return parking.count() == n + 1; }));
    ++n;
  }
  std::vector<Continuation> ks;
  for (int i = 0; i < 3; ++i) ks.push_back(parking.take());
  ks[0](Resume::pool);
  ks[1] = nullptr;         // dropped without a call: resumes to the pool
  ks[2](Resume::fast);     // the fast handler declines the second time: the pool answers
  for (RawConn* c : {&a, &b, &d}) {
    auto r = c->read_reply();
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("path=/later/"), std::string::npos) << r.body;
  }
  EXPECT_EQ(s.probe().calls.load(), 3);
}

TEST(HttpServerDeferral, StopWaitsForAParkedRequestAndItsAnswerClosesTheConnection) {
  Parking parking;
  ServerOptions o = test_options();
  o.fast_handler = parking.handler();
  o.limits.drain_timeout = 5000ms;
  TestServer s(o);
  RawConn c(s.port());
  c.send(get("/later/b"));
  ASSERT_TRUE(eventually([&] { return parking.count() == 1; }));
  auto stopped = std::async(std::launch::async, [&] { return s.stop_and_wait(5000ms); });
  EXPECT_EQ(stopped.wait_for(100ms), std::future_status::timeout) << "the drain waits for the parked request";
  parking.take()(Resume::fast);
  auto r = c.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(stopped.get());
}

TEST(HttpServerDeferral, TheServerOutlivesAContinuationHeldPastADrainTimeout) {
  Parking parking;
  ServerOptions o = test_options();
  o.fast_handler = parking.handler();
  o.limits.drain_timeout = 100ms;
  auto s = std::make_unique<TestServer>(o);
  RawConn c(s->port());
  c.send(get("/later/c"));
  ASSERT_TRUE(eventually([&] { return parking.count() == 1; }));
  ASSERT_TRUE(s->stop_and_wait(5000ms)) << "run() returns after the drain timeout";
  Continuation k = parking.take();
  std::atomic<bool> destroyed{false};
  std::thread t([&] {
    s.reset();
    destroyed = true;
  });
  EXPECT_FALSE(eventually([&] { return destroyed.load(); }, 200ms)) << "the server waits for the continuation";
  k(Resume::fast);  // posts to a stopped io_context, which is still there
  k = nullptr;
  t.join();
  EXPECT_TRUE(destroyed);
}

// ------------------------------------------------------------------------------------------------ request log

// One line per answer, whoever gave it: the fast path (with the client it names), a deferred request, the pool,
// and the transport's own 413, 431 and 503. The pattern is reduced to the message; durations vary, so they are
// replaced by "D".
TEST(HttpServerAccessLog, EveryKindOfAnswerIsLoggedOnce) {
  auto [logger, sink] = testing::capture_logger();
  Parking parking;
  ServerOptions o = test_options();
  o.pool.read_threads = 1;
  o.pool.queue_depth = 1;
  o.access_log = std::make_shared<AccessLog>(AccessLogOptions{}, logger);
  logger->set_pattern("%v");
  o.fast_handler = [&parking](const Request& req, Deferral& later) -> std::optional<Response> {
    if (req.path == "/fast") return Response{200, "text/plain", {}, "fast!", "acme"};
    return parking.handler()(req, later);
  };
  Gate gate;
  TestServer s(o, gated_handler(gate));
  ReleaseOnExit release{gate};
  const auto logged = [&] {
    std::vector<std::string> out;
    for (std::string line : sink->lines())
      out.push_back(std::regex_replace(line, std::regex(R"( \d+\.\d{3}ms )"), " Dms "));
    return out;
  };

  RawConn c(s.port());
  c.send(get("/fast"));
  EXPECT_EQ(c.read_reply().body, "fast!");
  c.send("POST /pool?password=x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(c.read_reply().status, 200);
  c.send(get("/later/x"));
  ASSERT_TRUE(eventually([&] { return parking.count() == 1; }));
  parking.take()(Resume::fast);
  EXPECT_EQ(c.read_reply().body, "fast again, seen 2");
  RawConn big(s.port());
  big.send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n");
  EXPECT_EQ(big.read_reply().status, 413);
  RawConn huge(s.port());
  huge.send("GET /h HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(2000, 'p') + "\r\n\r\n");
  EXPECT_EQ(huge.read_reply().status, 431);

  RawConn running(s.port());  // the only read thread, then the read queue, then a 503
  running.send(get("/block"));
  ASSERT_TRUE(gate.wait_entered(1, 2000ms));
  RawConn queued(s.port());
  queued.send(get("/block"));
  ASSERT_TRUE(eventually([&] { return s.server().stats().read_queued == 1; }));
  c.send(get("/shed"));
  EXPECT_EQ(c.read_reply().status, 503);
  gate.release();
  running.read_reply();
  queued.read_reply();

  const auto lines = logged();
  ASSERT_EQ(lines.size(), 8u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0], "GET /fast 200 Dms client=acme in=0 out=5 remote=127.0.0.1");
  EXPECT_TRUE(lines[1].starts_with("POST /pool?password=[redacted] 200 Dms client=- in=2 out=")) << lines[1];
  EXPECT_EQ(lines[2], "GET /later/x 200 Dms client=- in=0 out=18 remote=127.0.0.1");
  EXPECT_EQ(lines[3], "POST /big 413 Dms client=- in=0 out=124 remote=127.0.0.1");  // the body was never read
  EXPECT_EQ(lines[4], "GET /h 431 Dms client=- in=0 out=149 remote=127.0.0.1");
  EXPECT_EQ(lines[5], "GET /shed 503 Dms client=- in=0 out=142 remote=127.0.0.1");
  EXPECT_EQ(lines[6], "GET /block 200 Dms client=- in=0 out=20 remote=127.0.0.1");
  EXPECT_EQ(lines[7], "GET /block 200 Dms client=- in=0 out=20 remote=127.0.0.1");
}

TEST(HttpServerAccessLog, BodiesOnlyWithTheSwitch) {
  auto [logger, sink] = testing::capture_logger();
  ServerOptions o = test_options();
  o.access_log = std::make_shared<AccessLog>(AccessLogOptions{LogFormat::text, true}, logger);
  logger->set_pattern("%v");
  TestServer s(o);
  RawConn c(s.port());
  c.send("POST /p HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc.def\r\nContent-Type: application/json\r\n"
         "Content-Length: 32\r\n\r\n{\"Name\":\"n\",\"Password\":\"hunter\"}");
  EXPECT_EQ(c.read_reply().status, 200);
  ASSERT_TRUE(eventually([&] { return sink->lines().size() == 1; }));
  const std::string line = sink->lines()[0];
  EXPECT_NE(line.find(R"(request_body="{\"Name\":\"n\",\"Password\":\"[redacted]\"}")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"x(response_body="(107 bytes of text/plain; charset=utf-8, not shown)")x"), std::string::npos)
      << line;  // not JSON or a form: only its size
  EXPECT_EQ(line.find("hunter"), std::string::npos);
  EXPECT_EQ(line.find("abc.def"), std::string::npos) << "headers are never logged";
}

// ------------------------------------------------------------------------------------------------ connections

TEST(HttpServerConnections, MaxConnectionsRefusesThenServesAgain) {
  ServerOptions o = test_options();
  o.limits.max_connections = 2;
  o.limits.idle_timeout = 5000ms;
  TestServer s(o);
  EXPECT_EQ(s.server().stats().max_connections, 2u);
  auto c1 = std::make_unique<RawConn>(s.port());
  RawConn c2(s.port());
  for (RawConn* c : {c1.get(), &c2}) {
    c->send(get("/hold"));
    EXPECT_EQ(c->read_reply().status, 200);
  }
  EXPECT_EQ(s.server().stats().connections, 2u);

  RawConn over(s.port());  // the kernel completes the handshake; the server closes it at once
  EXPECT_TRUE(over.closed_within(1000ms));
  EXPECT_TRUE(eventually([&] { return s.server().stats().refused_connections == 1; }));
  EXPECT_EQ(s.server().stats().connections, 2u);
  c2.send(get("/still-served"));  // the connections it has keep working
  EXPECT_EQ(c2.read_reply().status, 200);

  c1.reset();  // frees a slot once the server has seen the close
  ASSERT_TRUE(eventually([&] { return s.server().stats().connections == 1; }));
  RawConn again(s.port());
  again.send(get("/welcome-back"));
  auto r = again.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("path=/welcome-back\n"), std::string::npos);
  EXPECT_EQ(s.server().stats().refused_connections, 1u);
}

TEST(HttpServerConnections, MaxConnectionsIsClampedToTheDescriptorLimit) {
  ServerOptions o = test_options();
  o.limits.max_connections = 1'000'000'000;
  o.limits.fd_reserve = 100;
  TestServer s(o);
  rlimit lim{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &lim), 0);
  if (lim.rlim_cur == RLIM_INFINITY) GTEST_SKIP() << "no descriptor limit";
  EXPECT_EQ(s.server().stats().max_connections, static_cast<size_t>(lim.rlim_cur) - 100);
}

TEST(HttpServerConnections, FirstByteTimeoutClosesASilentConnectionBeforeTheIdleTimeout) {
  ServerOptions o = test_options();
  o.limits.first_byte_timeout = 100ms;
  o.limits.idle_timeout = 3000ms;
  TestServer s(o);
  RawConn used(s.port());  // has sent a request: from now on the idle timeout applies
  used.send(get("/used"));
  EXPECT_EQ(used.read_reply().status, 200);

  RawConn silent(s.port());
  const auto t0 = std::chrono::steady_clock::now();
  std::string extra;
  EXPECT_TRUE(silent.closed_within(1000ms, &extra));
  const auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(extra, "");  // closed without a response
  EXPECT_GE(waited, 80ms);
  EXPECT_LT(waited, 900ms);
  EXPECT_TRUE(eventually([&] { return s.server().stats().connections == 1; }));

  // The keep-alive connection outlived the silent one and still works.
  EXPECT_FALSE(used.closed_within(100ms));
  used.send(get("/still-open"));
  auto r = used.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("path=/still-open\n"), std::string::npos);
}

// ------------------------------------------------------------------------------------------------ TLS

// A fresh self-signed P-256 certificate for "localhost" and its key as PEM files, removed again on destruction.
class TempCert {
 public:
  TempCert() {
    static std::atomic<int> counter{0};  // unique names: ctest may run these tests in parallel processes
    const std::string stem = ::testing::TempDir() + "/norced_http_test_" + std::to_string(::getpid()) + "_" +
                             std::to_string(counter++);
    cert = stem + "_cert.pem";
    key = stem + "_key.pem";
    EVP_PKEY* pkey = EVP_EC_gen("P-256");
    if (!pkey) throw std::runtime_error("EVP_EC_gen");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, pkey);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                               -1, 0);
    X509_set_issuer_name(x, name);
    X509_sign(x, pkey, EVP_sha256());
    FILE* fc = std::fopen(cert.c_str(), "w");
    PEM_write_X509(fc, x);
    std::fclose(fc);
    FILE* fk = std::fopen(key.c_str(), "w");
    PEM_write_PrivateKey(fk, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(fk);
    X509_free(x);
    EVP_PKEY_free(pkey);
  }
  ~TempCert() {
    std::remove(cert.c_str());
    std::remove(key.c_str());
  }
  TempCert(const TempCert&) = delete;
  TempCert& operator=(const TempCert&) = delete;

  std::string cert;
  std::string key;
};

TEST(HttpServerTls, GetOverTlsWithKeepAlive) {
  const TempCert files;
  ServerOptions o = test_options();
  o.tls = TlsFiles{files.cert, files.key};
  TestServer s(o);
  httplib::SSLClient cli("127.0.0.1", s.port());
  cli.enable_server_certificate_verification(false);
  cli.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    auto res = cli.Get("/secure?y=" + std::to_string(i), httplib::Headers{{"X-Test", "tls"}});
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("path=/secure\n"), std::string::npos);
    EXPECT_NE(res->body.find("x-test=tls\n"), std::string::npos);
    EXPECT_NE(res->body.find("y=" + std::to_string(i) + "\n"), std::string::npos);
  }
  auto big = cli.Post("/up", std::string(2000, 'c'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

TEST(HttpServerTls, PlainClientOnTlsPortIsDropped) {
  const TempCert files;
  ServerOptions o = test_options();
  o.tls = TlsFiles{files.cert, files.key};
  TestServer s(o);
  RawConn c(s.port());
  c.send(get("/plain"));
  std::string extra;
  c.closed_within(1000ms, &extra);
  EXPECT_EQ(extra.find("HTTP/1.1 200"), std::string::npos);
  // The server keeps working for real TLS clients.
  httplib::SSLClient cli("127.0.0.1", s.port());
  cli.enable_server_certificate_verification(false);
  auto res = cli.Get("/after");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(HttpServerTls, MissingCertificateThrowsClearly) {
  ServerOptions o = test_options();
  o.tls = TlsFiles{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  Server b(o, make_handler(std::make_shared<Probe>()));
  try {
    b.start();
    FAIL() << "expected start() to throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot load TLS certificate chain '/nonexistent/cert.pem'"),
              std::string::npos)
        << e.what();
  }
}

TEST(HttpServerTls, MismatchedKeyThrows) {
  const TempCert a;
  const TempCert b;  // another pair: b's certificate with a's key must be refused
  ServerOptions o = test_options();
  o.tls = TlsFiles{b.cert, a.key};
  Server server(o, make_handler(std::make_shared<Probe>()));
  EXPECT_THROW(server.start(), std::runtime_error);
}

}  // namespace
}  // namespace norced::http
