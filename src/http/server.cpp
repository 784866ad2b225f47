// Boost.Beast HTTP/1.1 transport. Layout:
//   Server::Impl  - options, handler, the stop flag, one Worker per socket thread and the HandlerPool.
//   Worker        - its own io_context{1}, its own SO_REUSEPORT acceptor and the list of its live sessions.
//   Session<S>    - one connection; S is the plain stream or an ssl_stream over it (one template for both).
// Everything a session touches lives on its worker's thread, so the I/O path takes no locks. A complete request
// leaves that thread only as a job on a pool lane; the job calls the Handler and posts the response back to
// the worker's io_context, where the session writes it. One request per connection is in flight at a time, so
// keep-alive and pipelining keep their order. stop() only sets an atomic flag and writes one byte to a pipe
// that every worker watches, which makes it safe even from a signal handler; each worker then drains itself
// on its own thread.

#include "http/server.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <openssl/ssl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"
#include "http/access_log.hpp"
#include "http/handler_pool.hpp"
#include "json/escape.hpp"

namespace norced::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

// Bind every type to the concrete io_context executor: no type-erased any_io_executor on the hot path.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using PlainStream = beast::basic_stream<tcp, Executor, beast::unlimited_rate_policy>;
using TlsStream = beast::ssl_stream<PlainStream>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor>;
using Descriptor = asio::posix::basic_stream_descriptor<Executor>;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr size_t kReadChunk = 8 * 1024;
constexpr size_t kBufferKeep = 64 * 1024;                    // shrink the read buffer above this when idle
constexpr std::chrono::milliseconds kLinger{2'000};          // max time to drain input before closing
constexpr std::chrono::milliseconds kDrainLinger{200};     // the same while stopping
constexpr size_t kLingerBytes = 1024 * 1024;                 // max bytes discarded while lingering
constexpr std::chrono::milliseconds kAcceptRetry{50};        // back-off after EMFILE & co.
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::chrono::seconds kWarnInterval{10};             // rate limit of overload warnings

bool debug_enabled() { return spdlog::default_logger_raw()->should_log(spdlog::level::debug); }

template <class Stream>
void set_expiry(Stream& stream, std::chrono::milliseconds d) {
  auto& layer = beast::get_lowest_layer(stream);
  if (d.count() > 0) {
    layer.expires_after(d);
  } else {
    layer.expires_never();
  }
}

Response transport_problem(int status, std::string_view title, std::string_view detail) {
  Response res;
  res.status = status;
  res.content_type = "application/problem+json";
  std::string& b = res.body;
  b.reserve(96 + title.size() + detail.size());
  b += R"({"type":"about:blank","title":)";
  json::append_quoted(b, title);
  b += R"(,"status":)";
  b += std::to_string(status);
  b += R"(,"detail":)";
  json::append_quoted(b, detail);
  b += '}';
  return res;
}

// Beast 1.74 uses boost::string_view.
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool has_crlf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// Splits the request-target into path and query; accepts origin-form and absolute-form.
std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  if (target.size() > 7 && (iequals(target.substr(0, 7), "http://") || iequals(target.substr(0, 8), "https://"))) {
    const size_t authority = target.find("//") + 2;
    const size_t slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? std::string_view{"/"} : target.substr(slash);
  }
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::string peer_address(const Socket& socket) {
  error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return {};
  auto addr = ep.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6()).to_string();
  }
  return addr.to_string();
}

// An overload warning at most once per kWarnInterval, from any thread, with the count of events it stands for:
// under a flood the log must not become the next bottleneck.
class RateLimitedWarning {
 public:
  // Counts one event; returns how many events the warning due now reports, or 0 if none is due.
  size_t note() {
    pending_.fetch_add(1, std::memory_order_relaxed);
    const int64_t now = Clock::now().time_since_epoch().count();
    int64_t next = next_.load(std::memory_order_relaxed);
    if (now < next) return 0;
    const int64_t after = now + std::chrono::duration_cast<Clock::duration>(kWarnInterval).count();
    if (!next_.compare_exchange_strong(next, after, std::memory_order_relaxed)) return 0;
    return pending_.exchange(0, std::memory_order_relaxed);
  }

 private:
  std::atomic<int64_t> next_{0};
  std::atomic<size_t> pending_{0};
};

// ---------------------------------------------------------------------------------------------------------------

struct Shared {
  Handler handler;
  FastHandler fast_handler;
  std::shared_ptr<const AccessLog> access_log;  // may be null
  CorsOptions cors;
  ServerLimits limits;  // max_connections already clamped to the descriptor limit
  unsigned retry_after_seconds = 1;
  HandlerPool* pool = nullptr;  // set by start(); its threads run between run() and its return
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};  // reserved at accept, released by ~SessionBase
  std::atomic<size_t> refused{0};
  std::atomic<size_t> shed{0};
  RateLimitedWarning refuse_warning;
  RateLimitedWarning shed_warning;

  // Continuations of parked requests still held by someone (deferral.hpp). The workers' io_contexts must
  // outlive them, even after a drain timeout stopped those io_contexts: ~Impl waits for them.
  std::mutex parked_mu;
  std::condition_variable parked_done;
  size_t parked = 0;
  void park() {
    std::lock_guard lock(parked_mu);
    ++parked;
  }
  void unpark() {
    std::lock_guard lock(parked_mu);
    if (--parked == 0) parked_done.notify_all();
  }
  void wait_unparked() {
    std::unique_lock lock(parked_mu);
    while (!parked_done.wait_for(lock, std::chrono::seconds(10), [this] { return parked == 0; }))
      spdlog::warn("http: waiting for {} parked request(s) to be resumed before the server goes away", parked);
  }
};

struct Worker;

class SessionBase {
 public:
  explicit SessionBase(Worker& worker);
  virtual ~SessionBase();
  SessionBase(const SessionBase&) = delete;
  SessionBase& operator=(const SessionBase&) = delete;

  // Called on the worker thread when the server starts draining.
  virtual void drain() = 0;

  SessionBase* prev = nullptr;
  SessionBase* next = nullptr;

 protected:
  Worker& worker_;
};

struct Worker {
  explicit Worker(Shared& s) : shared(s) {}
  ~Worker() { destroying = true; }  // runs before the members below are destroyed

  Shared& shared;
  // Live sessions (intrusive list, only touched on this worker's thread). Declared before `ioc` so that it
  // outlives the sessions that ioc's destructor frees together with their pending handlers.
  SessionBase* sessions = nullptr;
  size_t session_count = 0;
  bool draining = false;
  bool destroying = false;
  std::time_t date_time = 0;
  std::string date;  // cached IMF-fixdate for the Date header

  asio::io_context ioc{1};
  Acceptor acceptor{ioc.get_executor()};
  Timer retry_timer{ioc.get_executor()};
  Timer drain_timer{ioc.get_executor()};
  std::optional<Descriptor> stop_watch;

  bool stopping() const { return draining || shared.stopping.load(std::memory_order_relaxed); }

  const std::string& http_date() {
    const std::time_t now = std::time(nullptr);
    if (now != date_time || date.empty()) {
      static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
      static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      std::tm tm{};
      gmtime_r(&now, &tm);
      char buf[40];
      std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7], tm.tm_mday,
                    kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
      date = buf;
      date_time = now;
    }
    return date;
  }
};

SessionBase::SessionBase(Worker& worker) : worker_(worker) {
  next = worker_.sessions;
  if (next != nullptr) next->prev = this;
  worker_.sessions = this;
  ++worker_.session_count;
}

SessionBase::~SessionBase() {
  if (prev != nullptr) {
    prev->next = next;
  } else {
    worker_.sessions = next;
  }
  if (next != nullptr) next->prev = prev;
  --worker_.session_count;
  worker_.shared.connections.fetch_sub(1, std::memory_order_relaxed);
  if (!worker_.destroying && worker_.draining && worker_.session_count == 0) worker_.drain_timer.cancel();
}

// ---------------------------------------------------------------------------------------------------------------

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, PlainStream>;

 public:
  Session(Worker& worker, Socket&& socket)
    requires(!kTls)
      : SessionBase(worker), stream_(std::move(socket)) {
    remote_ = peer_address(beast::get_lowest_layer(stream_).socket());
  }

  Session(Worker& worker, Socket&& socket, asio::ssl::context& ssl)
    requires(kTls)
      : SessionBase(worker), stream_(std::move(socket), ssl) {
    remote_ = peer_address(beast::get_lowest_layer(stream_).socket());
  }

  void start() {
    if constexpr (kTls) {
      state_ = State::handshake;
      set_expiry(stream_, limits().first_byte_timeout);  // a silent TLS client is as costly as a plain one
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) { self->on_handshake(ec); });
    } else {
      wait_request();
    }
  }

  void drain() override {
    // Idle connections close now; a request in progress finishes (its response says Connection: close).
    if (state_ == State::idle || state_ == State::handshake) beast::get_lowest_layer(stream_).cancel();
  }

 private:
  enum class State { handshake, idle, reading, handling, writing, closing, closed };

  const ServerLimits& limits() const { return worker_.shared.limits; }

  void on_handshake(error_code ec) {
    if (ec) return fail("tls handshake", ec);
    wait_request();
  }

  // Waits for the first byte of the next request, unless bytes are already buffered: first_byte_timeout on a
  // new connection, idle_timeout between keep-alive requests.
  void wait_request() {
    if (worker_.stopping()) return close_now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(limits().max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // The largest any request may carry; on_header narrows it to the request's own limit.
    parser_->body_limit(static_cast<std::uint64_t>(std::max(limits().max_body_bytes, limits().large_body_bytes)));
    if (buffer_.size() > 0) return read_header();
    if (buffer_.capacity() > kBufferKeep) buffer_.shrink_to_fit();
    state_ = State::idle;
    set_expiry(stream_, served_ == 0 ? limits().first_byte_timeout : limits().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](error_code ec, size_t n) { self->on_first_bytes(ec, n); });
  }

  void on_first_bytes(error_code ec, size_t n) {
    if (ec) return fail("idle read", ec);
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    state_ = State::reading;
    started_ = Clock::now();
    log_method_.clear();
    log_target_.clear();
    log_in_ = 0;
    set_expiry(stream_, limits().read_timeout);  // covers the whole request: headers and body
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](error_code ec, size_t) { self->on_header(ec); });
  }

  // The body limit of this request: large_body_bytes for the targets the option names (smaller than
  // max_body_bytes too: an operator may cap imports lower than other requests), else max_body_bytes.
  size_t body_limit_of(std::string_view target) const {
    const auto& l = limits();
    if (l.large_body && l.large_body_bytes > 0 && l.large_body(target)) return l.large_body_bytes;
    return l.max_body_bytes;
  }

  void on_header(error_code ec) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return handle();
    const auto& msg = parser_->get();
    const size_t body_limit = body_limit_of(sv(msg.target()));
    if (auto length = parser_->content_length(); length && *length > body_limit) {
      if (logging()) {
        log_method_.assign(sv(msg.method_string()));
        log_target_.assign(sv(msg.target()));
      }
      return send_error(413, "Payload Too Large",
                        "The request body exceeds the limit of " + std::to_string(body_limit) + " bytes.");
    }
    parser_->body_limit(static_cast<std::uint64_t>(body_limit));
    if (msg.version() >= 11 && iequals(sv(msg[bhttp::field::expect]), "100-continue")) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](error_code wec, size_t) {
                          if (wec) return self->fail("write 100-continue", wec);
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](error_code ec, size_t) { self->on_body(ec); });
  }

  void on_body(error_code ec) {
    if (ec) return on_read_error(ec);
    handle();
  }

  void on_read_error(error_code ec) {
    // A 413 names what it refused: the request line is parsed before the header that exceeds a limit.
    if (parser_ && logging()) {
      const auto& msg = parser_->get();
      log_method_.assign(sv(msg.method_string()));
      log_target_.assign(sv(msg.target()));
    }
    if (ec == bhttp::error::body_limit) {
      const size_t limit = parser_ ? body_limit_of(sv(parser_->get().target())) : limits().max_body_bytes;
      return send_error(413, "Payload Too Large",
                        "The request body exceeds the limit of " + std::to_string(limit) + " bytes.");
    }
    if (ec == bhttp::error::header_limit) {
      return send_error(431, "Request Header Fields Too Large",
                        "The request line and headers exceed the limit of " +
                            std::to_string(limits().max_header_bytes) + " bytes.");
    }
    static const auto& http_category = bhttp::make_error_code(bhttp::error::bad_method).category();
    if (ec.category() == http_category && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message && ec != bhttp::error::need_more) {
      return send_error(400, "Bad Request", "Malformed HTTP request: " + ec.message() + ".");
    }
    fail("read", ec);  // peer closed, reset, timed out or TLS failure: nothing useful to answer
  }

  // What write_response needs to know about the request it answers.
  struct Reply {
    unsigned version;
    bool keep_alive;
    bool head;
    std::string origin;  // the Origin header, kept only when CORS is on (cors.hpp)
  };

  void handle() {
    state_ = State::handling;
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(sv(msg.method_string()));
    req.target = std::string(sv(msg.target()));
    const auto [path, query] = split_target(req.target);
    req.path = percent_decode(path, false);
    if (!query.empty()) req.query = parse_query(query);
    for (const auto& field : msg) req.headers.add(std::string(sv(field.name_string())), std::string(sv(field.value())));
    req.body = std::move(msg.body());
    req.remote_address = remote_;
    req.tls = kTls;
    req.received = std::chrono::steady_clock::now();
    if (logging()) note_request(req);
    Reply reply{msg.version(), msg.keep_alive(), msg.method() == bhttp::verb::head, {}};
    if (worker_.shared.cors.enabled()) reply.origin = std::string(sv(msg[bhttp::field::origin]));
    parser_.reset();
    dispatch(std::move(req), reply);
  }

  bool logging() const {
    const AccessLog* log = worker_.shared.access_log.get();
    return log != nullptr && log->enabled();
  }

  // What the request log needs after the request has moved on to a handler. The strings keep their capacity
  // from one request of the connection to the next.
  void note_request(const Request& req) {
    log_method_.assign(req.method);
    log_target_.assign(req.target);
    log_in_ = req.body.size();
    if (worker_.shared.access_log->bodies()) {
      log_body_.assign(req.body);
      const std::string* type = req.headers.find("Content-Type");
      log_type_.assign(type ? *type : std::string());
    }
  }

  void log_exchange(const Response& res, int status) {
    Exchange e;
    e.method = log_method_.empty() ? std::string_view("-") : std::string_view(log_method_);
    e.target = log_target_.empty() ? std::string_view("-") : std::string_view(log_target_);
    e.remote = remote_;
    e.status = status;
    e.duration = Clock::now() - started_;
    e.bytes_in = log_in_;
    e.bytes_out = body_.size();
    e.client = res.client_id;
    e.request_body = log_body_;
    e.request_type = log_type_;
    e.response_body = body_;
    e.response_type = res.content_type;
    worker_.shared.access_log->record(e);
    log_body_.clear();
  }

  // The fast handler first (on this thread), then the pool. A request the fast handler defers is parked here
  // until its continuation brings it back (deferral.hpp).
  void dispatch(Request&& req, Reply reply) {
    const Shared& shared = worker_.shared;
    // A CORS preflight is the transport's to answer: the API has no OPTIONS operations.
    if (auto preflight = cors_preflight(shared.cors, req)) return respond(std::move(*preflight), reply);
    if (shared.fast_handler) {
      SessionDeferral later(*this);
      std::optional<Response> fast;
      try {
        fast = shared.fast_handler(req, later);
      } catch (...) {
        if (!later.taken) fast = handler_failed(req, std::current_exception());
        else spdlog::error("http: fast handler failed after deferring {} {}", req.method, req.target);
      }
      if (later.taken) {
        parked_.emplace(std::move(req));
        parked_reply_ = reply;
        return;
      }
      if (fast) return respond(std::move(*fast), reply);
    }
    to_pool(std::move(req), reply);
  }

  // Back on this thread from a continuation (posted, so dispatch() that parked the request has returned).
  void unpark(Resume how) {
    if (!parked_) return;
    Request req = std::move(*parked_);
    parked_.reset();
    if (how == Resume::fast) return dispatch(std::move(req), parked_reply_);
    to_pool(std::move(req), parked_reply_);
  }

  using TrackedExecutor = decltype(asio::prefer(std::declval<asio::io_context&>().get_executor(),
                                                asio::execution::outstanding_work.tracked));

  // What a continuation holds: the session and its socket thread. The tracked executor keeps the worker's
  // run() from returning while a request is parked (a drain waits for it). Dropped uncalled, it resumes to
  // the pool, so a parked request is always answered.
  struct Parked {
    std::shared_ptr<Session> self;
    TrackedExecutor io;
    Shared& shared;
    std::mutex mu;
    Parked(std::shared_ptr<Session> s, TrackedExecutor e) : self(std::move(s)), io(std::move(e)), shared(self->worker_.shared) {
      shared.park();
    }
    ~Parked() {
      resume(Resume::pool);
      shared.unpark();
    }
    void resume(Resume how) {
      std::shared_ptr<Session> s;
      {
        std::lock_guard lock(mu);
        s = std::move(self);
      }
      if (!s) return;  // called before: a continuation resumes once
      // The session reference travels to the socket thread and dies there, as a session's last one must.
      asio::post(io, [s = std::move(s), how]() mutable {
        auto session = std::move(s);
        session->unpark(how);
      });
    }
  };

  struct SessionDeferral final : Deferral {
    explicit SessionDeferral(Session& s) : session(s) {}
    Continuation defer() override {
      taken = true;
      auto parked = std::make_shared<Parked>(
          session.shared_from_this(),
          asio::prefer(session.worker_.ioc.get_executor(), asio::execution::outstanding_work.tracked));
      return [parked](Resume how) { parked->resume(how); };
    }
    Session& session;
    bool taken = false;
  };

  void to_pool(Request&& req, Reply reply) {
    const Shared& shared = worker_.shared;
    // The job owns the session until the response is posted back. It must hand its reference over (std::move)
    // rather than drop it: the last reference of a session has to die on the worker's thread, which owns the
    // session list. The tracked executor keeps the io_context's run() from returning while the job is out,
    // which matters during a drain, when no socket operation may be pending on this worker.
    const Lane lane = lane_for(req.method);
    WorkLane& work = shared.pool->lane(lane);
    auto io = asio::prefer(worker_.ioc.get_executor(), asio::execution::outstanding_work.tracked);
    auto self = this->shared_from_this();
    WorkLane::Job job = [self, io, reply, req = std::move(req)]() mutable {
      Response res = self->call_handler(req);
      asio::post(io, [self = std::move(self), reply, res = std::move(res)]() mutable {
        self->respond(std::move(res), reply);
      });
    };
    if (work.try_submit(std::move(job))) return;
    // job still holds its captures here and releases them on this thread.

    worker_.shared.shed.fetch_add(1, std::memory_order_relaxed);
    if (const size_t n = worker_.shared.shed_warning.note()) {
      spdlog::warn("http: {} lane full ({} queued, {} thread(s)): answered 503 to {} request(s) since the last warning",
                   lane_name(lane), work.queue_depth(), work.threads(), n);
    }
    const unsigned retry = shared.retry_after_seconds;
    Response busy = transport_problem(503, "Service Unavailable",
                                      std::string("The server is busy: the ") + lane_name(lane) +
                                          " queue is full. Retry after " + std::to_string(retry) + " second" +
                                          (retry == 1 ? "" : "s") + ".");
    busy.headers.emplace_back("Retry-After", std::to_string(retry));
    respond(std::move(busy), reply);
  }

  // Runs on a handler thread: touches nothing of the session but the shared, read-only Handler.
  Response call_handler(const Request& req) const {
    try {
      return worker_.shared.handler(req);
    } catch (...) {
      return handler_failed(req, std::current_exception());
    }
  }

  static Response handler_failed(const Request& req, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      spdlog::error("http: handler failed on {} {}: {}", req.method, req.target, e.what());
    } catch (...) {
      spdlog::error("http: handler failed on {} {}: unknown exception", req.method, req.target);
    }
    return transport_problem(500, "Internal Server Error", "An unexpected error occurred.");
  }

  // Back on the worker's thread with the response to a request.
  void respond(Response&& res, const Reply& reply) {
    add_cors_headers(worker_.shared.cors, reply.origin, res);
    ++served_;
    const size_t max_requests = limits().max_requests_per_connection;
    bool keep_alive = reply.keep_alive;
    if (worker_.stopping() || (max_requests != 0 && served_ >= max_requests)) keep_alive = false;
    write_response(std::move(res), reply.version, keep_alive, reply.head);
  }

  // Transport-level failure: answer with a problem document, then close.
  void send_error(int status, std::string_view title, const std::string& detail) {
    if (debug_enabled()) spdlog::debug("http: {} from {}: {}", status, remote_, detail);
    Response res = transport_problem(status, title, detail);
    // A body too large (413) is refused once the headers are read: a page that sent it should see the status.
    // (The fields read so far are in the message even when the header failed.)
    if (worker_.shared.cors.enabled() && parser_)
      add_cors_headers(worker_.shared.cors, sv(parser_->get()[bhttp::field::origin]), res);
    write_response(std::move(res), 11, false, false);
  }

  void write_response(Response&& res, unsigned version, bool keep_alive, bool head) {
    int status = res.status;
    if (status < 100 || status > 999) status = 500;
    const bool bodiless = status < 200 || status == 204 || status == 304;

    std::string& h = head_;
    h.clear();
    h += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    char digits[4];
    std::to_chars(digits, digits + 3, status);
    h.append(digits, 3);
    h += ' ';
    const auto known = bhttp::int_to_status(static_cast<unsigned>(status));
    if (known == bhttp::status::unknown) {
      h += "Unknown";
    } else {
      const auto reason = bhttp::obsolete_reason(known);
      h.append(reason.data(), reason.size());
    }
    h += "\r\nServer: norced\r\nDate: ";
    h += worker_.http_date();
    h += "\r\n";
    if (!res.content_type.empty() && !bodiless && !has_crlf(res.content_type)) {
      h += "Content-Type: ";
      h += res.content_type;
      h += "\r\n";
    }
    for (const auto& [name, value] : res.headers) {
      if (name.empty() || has_crlf(name) || name.find(':') != std::string::npos || has_crlf(value)) {
        spdlog::warn("http: dropping invalid response header '{}'", name);
        continue;
      }
      if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding")) continue;  // ours
      if (iequals(name, "Connection")) {
        if (iequals(value, "close")) keep_alive = false;
        continue;
      }
      h += name;
      h += ": ";
      h += value;
      h += "\r\n";
    }
    if (!bodiless) {
      char len[24];
      const auto [end, errc] = std::to_chars(len, len + sizeof len, res.body.size());
      h += "Content-Length: ";
      h.append(len, end);
      h += "\r\n";
    }
    if (!keep_alive) {
      h += "Connection: close\r\n";
    } else if (version == 10) {
      h += "Connection: keep-alive\r\n";
    }
    h += "\r\n";
    if (head || bodiless) {
      body_.clear();
    } else {
      body_ = std::move(res.body);
    }
    if (logging()) log_exchange(res, status);

    state_ = State::writing;
    set_expiry(stream_, limits().write_timeout);
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
    asio::async_write(stream_, buffers,
                      [self = this->shared_from_this(), keep_alive](error_code ec, size_t) {
                        self->on_write(ec, keep_alive);
                      });
  }

  void on_write(error_code ec, bool keep_alive) {
    if (ec) return fail("write", ec);
    if (body_.capacity() > kBufferKeep) std::string().swap(body_);
    if (!keep_alive || worker_.stopping()) return graceful_close();
    wait_request();
  }

  // Closes after a response: TLS close_notify, or for plain TCP a half-close followed by draining whatever the
  // client still sends (so an unread request body does not turn into a RST that destroys our response).
  void graceful_close() {
    state_ = State::closing;
    auto linger = std::min(limits().read_timeout.count() > 0 ? limits().read_timeout : kLinger, kLinger);
    if (worker_.stopping()) linger = std::min(linger, kDrainLinger);  // do not hold up the drain
    if constexpr (kTls) {
      set_expiry(stream_, linger);
      stream_.async_shutdown([self = this->shared_from_this()](error_code) { self->close_now(); });
    } else {
      error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) return close_now();
      set_expiry(stream_, linger);
      linger_read();
    }
  }

  void linger_read() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(kReadChunk), [self = this->shared_from_this()](error_code ec, size_t n) {
      self->lingered_ += n;
      if (ec || self->lingered_ > kLingerBytes) return self->close_now();
      self->buffer_.commit(n);
      self->linger_read();
    });
  }

  void fail(const char* what, error_code ec) {
    if (debug_enabled() && ec != asio::error::eof && ec != asio::error::operation_aborted &&
        ec != bhttp::error::end_of_stream) {
      spdlog::debug("http: {} from {}: {}", what, remote_, ec.message());
    }
    close_now();
  }

  void close_now() {
    state_ = State::closed;
    beast::get_lowest_layer(stream_).close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string head_;  // serialized status line + headers, reused
  std::string body_;
  std::string remote_;
  size_t served_ = 0;
  size_t lingered_ = 0;
  State state_ = State::idle;
  std::optional<Request> parked_;  // a request the fast handler deferred (deferral.hpp)
  Reply parked_reply_{};
  // For the request log (access_log.hpp).
  Clock::time_point started_{};  // the request's first byte
  std::string log_method_, log_target_, log_body_, log_type_;
  size_t log_in_ = 0;
};

// ---------------------------------------------------------------------------------------------------------------

std::string endpoint_text(const std::string& host, uint16_t port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Shared shared;
  std::optional<asio::ssl::context> ssl;
  std::vector<std::unique_ptr<Worker>> workers;
  std::unique_ptr<HandlerPool> pool;
  uint16_t bound_port = 0;
  bool started = false;
  int stop_pipe[2] = {-1, -1};  // stop() writes one byte; every worker waits for the read end to turn readable

  ~Impl() {
    // The pool first: a dropped job may hold a session, whose destructor needs its worker.
    if (pool) pool->stop();
    // A parked request's continuation posts to its worker's io_context: none may be left when they go.
    shared.wait_unparked();
    workers.clear();
    for (int fd : stop_pipe) {
      if (fd >= 0) ::close(fd);
    }
  }

  void accept(Worker& w) {
    w.acceptor.async_accept([this, &w](error_code ec, Socket socket) { on_accept(w, ec, std::move(socket)); });
  }

  void on_accept(Worker& w, error_code ec, Socket socket) {
    if (!w.acceptor.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) {
      if (debug_enabled()) spdlog::debug("http: accept: {}", ec.message());
      // Out of descriptors or memory: back off instead of spinning on the error.
      w.retry_timer.expires_after(kAcceptRetry);
      w.retry_timer.async_wait([this, &w](error_code tec) {
        if (!tec && w.acceptor.is_open()) accept(w);
      });
      return;
    }
    if (w.stopping()) {
      error_code ignored;
      socket.close(ignored);
      return;
    }
    error_code ignored;
    // Accept and close at once above the limit: the kernel's backlog stays short, and the client learns now
    // instead of waiting in a queue it cannot see. The reservation is released by ~SessionBase.
    if (shared.connections.fetch_add(1, std::memory_order_relaxed) >= shared.limits.max_connections) {
      shared.connections.fetch_sub(1, std::memory_order_relaxed);
      shared.refused.fetch_add(1, std::memory_order_relaxed);
      socket.close(ignored);
      if (const size_t n = shared.refuse_warning.note()) {
        spdlog::warn("http: {} connection(s) refused since the last warning: --max-connections {} reached",
                     n, shared.limits.max_connections);
      }
      return accept(w);
    }
    socket.set_option(tcp::no_delay(true), ignored);
    if (ssl) {
      std::make_shared<Session<TlsStream>>(w, std::move(socket), *ssl)->start();
    } else {
      std::make_shared<Session<PlainStream>>(w, std::move(socket))->start();
    }
    accept(w);
  }

  void watch_stop(Worker& w) {
    const int fd = ::fcntl(stop_pipe[0], F_DUPFD_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("http server: dup failed: ") + std::strerror(errno));
    w.stop_watch.emplace(w.ioc.get_executor(), fd);
    w.stop_watch->async_wait(Descriptor::wait_read, [this, &w](error_code ec) {
      if (ec == asio::error::operation_aborted) return;
      begin_drain(w);
    });
  }

  void begin_drain(Worker& w) {
    if (w.draining) return;
    w.draining = true;
    error_code ignored;
    w.acceptor.close(ignored);
    w.retry_timer.cancel();
    if (w.stop_watch) w.stop_watch->close(ignored);
    for (SessionBase* s = w.sessions; s != nullptr;) {
      SessionBase* next = s->next;  // drain() only cancels; sessions are freed later by their handlers
      s->drain();
      s = next;
    }
    if (w.session_count == 0) return;  // nothing left: io_context runs out of work and run() returns
    w.drain_timer.expires_after(shared.limits.drain_timeout);
    w.drain_timer.async_wait([&w](error_code ec) {
      if (ec) return;  // cancelled: the last session finished in time
      spdlog::warn("http: drain timeout, closing {} connection(s)", w.session_count);
      w.ioc.stop();
    });
  }

  static void run_worker(Worker& w) {
    for (;;) {
      try {
        w.ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: worker: unhandled exception: {}", e.what());
      } catch (...) {
        spdlog::error("http: worker: unhandled exception");
      }
    }
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->shared.handler = std::move(handler);
  impl_->shared.fast_handler = impl_->options.fast_handler;
  impl_->shared.access_log = impl_->options.access_log;
  impl_->shared.cors = impl_->options.cors;
  impl_->shared.limits = impl_->options.limits;
  impl_->shared.retry_after_seconds = impl_->options.pool.retry_after_seconds;
  if (::pipe2(impl_->stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::runtime_error(std::string("http server: pipe failed: ") + std::strerror(errno));
  }
}

Server::~Server() = default;

void Server::start() {
  Impl& im = *impl_;
  if (im.started) throw std::runtime_error("http server: start() called twice");
  const ServerOptions& o = im.options;

  if (o.tls) {
    im.ssl.emplace(asio::ssl::context::tls_server);
    auto& ctx = *im.ssl;
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                    asio::ssl::context::single_dh_use);
    error_code ec;
    ctx.use_certificate_chain_file(o.tls->certificate_chain_file, ec);
    if (ec) {
      throw std::runtime_error("cannot load TLS certificate chain '" + o.tls->certificate_chain_file +
                               "': " + ec.message());
    }
    ctx.use_private_key_file(o.tls->private_key_file, asio::ssl::context::pem, ec);
    if (ec) {
      throw std::runtime_error("cannot load TLS private key '" + o.tls->private_key_file + "': " + ec.message());
    }
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
      throw std::runtime_error("TLS private key '" + o.tls->private_key_file + "' does not match certificate '" +
                               o.tls->certificate_chain_file + "'");
    }
  }

  // Resolve the listen address.
  asio::io_context setup;
  tcp::endpoint endpoint;
  {
    error_code ec;
    const auto address = asio::ip::make_address(o.host, ec);
    if (!ec) {
      endpoint = tcp::endpoint(address, o.port);
    } else {
      tcp::resolver resolver(setup);
      auto results = resolver.resolve(o.host, std::to_string(o.port), tcp::resolver::passive, ec);
      if (ec || results.empty()) {
        throw std::runtime_error("cannot resolve listen host '" + o.host + "': " +
                                 (ec ? ec.message() : std::string("no address")));
      }
      endpoint = results.begin()->endpoint();
    }
  }

  auto listen_error = [&](uint16_t port, const error_code& ec) {
    return std::runtime_error("cannot listen on " + endpoint_text(o.host, port) + ": " + ec.message());
  };

  // SO_REUSEPORT would silently share a port with another process of the same user; probe it first without
  // SO_REUSEPORT so that "port in use" is reported as an error.
  if (o.port != 0) {
    error_code ec;
    tcp::acceptor probe(setup);
    probe.open(endpoint.protocol(), ec);
    if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(endpoint, ec);
    if (ec) throw listen_error(o.port, ec);
  }

  unsigned n = o.workers != 0 ? o.workers : std::thread::hardware_concurrency();
  if (n == 0) n = 1;

  // Every connection is a descriptor: keep max_connections below what the process may open.
  size_t& max_connections = im.shared.limits.max_connections;
  if (rlimit nofile{}; ::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY) {
    const size_t reserve = o.limits.fd_reserve;
    const size_t room = nofile.rlim_cur > reserve ? static_cast<size_t>(nofile.rlim_cur) - reserve : 1;
    if (max_connections > room) {
      spdlog::warn("http: --max-connections {} lowered to {}: the descriptor limit is {} and {} are kept in reserve",
                   max_connections, room, static_cast<size_t>(nofile.rlim_cur), reserve);
      max_connections = room;
    }
  }
  if (max_connections == 0) max_connections = 1;

  std::vector<std::unique_ptr<Worker>> workers;
  workers.reserve(n);
  uint16_t port = o.port;
  for (unsigned i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>(im.shared);
    error_code ec;
    auto& a = w->acceptor;
    tcp::endpoint ep(endpoint.address(), port);
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.set_option(ReusePort(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw listen_error(port, ec);
    if (port == 0) {
      port = a.local_endpoint(ec).port();
      if (ec) throw listen_error(port, ec);
    }
    workers.push_back(std::move(w));
  }

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  im.pool = std::make_unique<HandlerPool>(o.pool.read_threads != 0 ? o.pool.read_threads : cores,
                                          o.pool.write_threads != 0 ? o.pool.write_threads : 4 * cores,
                                          o.pool.queue_depth, o.pool.write_nice, o.pool.realtime_reads);
  im.shared.pool = im.pool.get();

  im.workers = std::move(workers);
  im.bound_port = port;
  for (auto& w : im.workers) {
    im.watch_stop(*w);
    im.accept(*w);
  }
  im.started = true;
  spdlog::debug("http: listening on {} ({} worker(s), {}+{} handler threads, queues of {}, max {} connections{})",
                endpoint_text(o.host, port), n, im.pool->lane(Lane::read).threads(),
                im.pool->lane(Lane::write).threads(), o.pool.queue_depth, max_connections, o.tls ? ", TLS" : "");
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::run() {
  Impl& im = *impl_;
  if (!im.started) throw std::runtime_error("http server: run() called before start()");
  // Handler threads first, so the first request finds them; joined after the last socket thread, when no
  // new job can come (stop() drops what a drain timeout left queued).
  im.pool->start();
  std::vector<std::thread> threads;
  threads.reserve(im.workers.size());
  try {
    for (size_t i = 1; i < im.workers.size(); ++i) {
      Worker* w = im.workers[i].get();
      threads.emplace_back([w, i, realtime = im.options.pool.realtime_reads] {
        name_this_thread("norced-io-" + std::to_string(i + 1));
        if (realtime) run_this_thread_realtime();
        Impl::run_worker(*w);
      });
    }
  } catch (...) {
    stop();
    for (auto& t : threads) t.join();
    im.pool->stop();
    throw;
  }
  // The first socket thread is the caller's: back to its own class when the server is done.
  int policy = 0;
  sched_param param{};
  const bool restore = im.options.pool.realtime_reads && ::pthread_getschedparam(::pthread_self(), &policy, &param) == 0;
  if (im.options.pool.realtime_reads) run_this_thread_realtime();
  Impl::run_worker(*im.workers[0]);
  if (restore) ::pthread_setschedparam(::pthread_self(), policy, &param);
  for (auto& t : threads) t.join();
  im.pool->stop();
}

ServerStats Server::stats() const {
  const Impl& im = *impl_;
  ServerStats st;
  st.connections = im.shared.connections.load(std::memory_order_relaxed);
  st.max_connections = im.shared.limits.max_connections;
  st.refused_connections = im.shared.refused.load(std::memory_order_relaxed);
  st.shed_requests = im.shared.shed.load(std::memory_order_relaxed);
  if (im.pool) {
    st.read_queued = im.pool->lane(Lane::read).queued();
    st.write_queued = im.pool->lane(Lane::write).queued();
    st.read_threads = im.pool->lane(Lane::read).threads();
    st.write_threads = im.pool->lane(Lane::write).threads();
  }
  return st;
}

void Server::stop() {
  // Only an atomic exchange and a write(2): safe from any thread, and even from a signal handler.
  if (impl_->shared.stopping.exchange(true)) return;
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(impl_->stop_pipe[1], &byte, 1);
}

}  // namespace norced::http
