// The HTTP/1.1 transport: Boost.Beast, one io_context per socket thread ("worker"), each with its own
// SO_REUSEPORT acceptor, keep-alive, explicit limits and timeouts, optional TLS, and a graceful drain on stop().
// Socket threads only do I/O: each complete request goes first to the optional fast handler (on the socket
// thread, for answers that never block; it may also park a request and resume it later, deferral.hpp), then to the Handler on a bounded pool of handler threads in two lanes
// (read: GET/HEAD/OPTIONS, write: the rest; see handler_pool.hpp). The response is written by the socket thread.
// A full lane is answered 503 with Retry-After, without calling the Handler. Connections are bounded too.
// Beast lives only in server.cpp (it is slow to compile), behind this interface.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <optional>
#include <string>

#include "http/cors.hpp"
#include "http/deferral.hpp"
#include "http/message.hpp"

namespace norced::http {

class AccessLog;  // access_log.hpp

struct TlsFiles {
  std::string certificate_chain_file;  // PEM
  std::string private_key_file;        // PEM
};

struct ServerLimits {
  size_t max_body_bytes = 4 * 1024 * 1024;  // larger bodies get 413 before they are read
  // Requests whose target `large_body` accepts may carry up to large_body_bytes instead (Connect imports: a
  // catalog in one request). Decided from the request line, before any of the body is read.
  size_t large_body_bytes = 0;
  std::function<bool(std::string_view target)> large_body;
  size_t max_header_bytes = 16 * 1024;      // request line + headers; larger gets 431
  std::chrono::milliseconds read_timeout{30'000};   // to receive one whole request once it has started
  std::chrono::milliseconds write_timeout{30'000};  // to send one response
  std::chrono::milliseconds idle_timeout{60'000};   // keep-alive connection with no request in flight
  // A new connection (or a TLS handshake) with no byte yet: much shorter than idle_timeout, so silent
  // connections cannot hold descriptors and lock real clients out.
  std::chrono::milliseconds first_byte_timeout{10'000};
  // Open connections across all workers; above it a new connection is accepted and closed at once. Clamped at
  // start to the RLIMIT_NOFILE soft limit minus fd_reserve, so the process never runs out of descriptors.
  size_t max_connections = 10'000;
  size_t fd_reserve = 256;  // descriptors kept for everything but client sockets: SQLite files, logs, epoll
  size_t max_requests_per_connection = 0;           // 0 = unlimited keep-alive
  std::chrono::milliseconds drain_timeout{10'000};  // stop(): how long in-flight requests may take to finish
};

// The handler threads (see handler_pool.hpp). Each lane has its own threads and its own queue.
struct HandlerPoolOptions {
  unsigned read_threads = 0;   // GET/HEAD/OPTIONS handlers; 0 = one per core
  unsigned write_threads = 0;  // handlers of every other method; 0 = four per core
  size_t queue_depth = 1024;   // requests waiting per lane; a request that finds its lane full gets 503
  unsigned retry_after_seconds = 1;  // the Retry-After of that 503
  // CPU priority of the write lane's threads relative to the rest (Linux nice, 0..19; 0 = equal). When the
  // cores are short, reads get the CPU first and writes a smaller share; on free cores it changes nothing.
  int write_nice = 10;
  // The socket threads and the read lane's in the real-time class (core/thread_priority.hpp): a read is
  // served the moment it arrives, even while imports and writes keep every core busy, where nice only gives
  // it a larger share and it may wait a scheduler slice or several (docs/decisions.md, "Reads during an
  // import"). Off by default: it needs a privilege, and it is a choice an operator makes for the machine.
  bool realtime_reads = false;
};

// The fast path, called on the socket thread for every complete request before the pool. It returns a
// response to write at once, or nullopt to send the request to the pool, or takes the request over with
// `later.defer()` to finish it without blocking (deferral.hpp).
// Contract: it must never block (no store access, no locks that a handler may hold for long, no I/O) and must
// be cheap: while it runs, every connection of that socket thread waits. It may be called from several socket
// threads at once. An exception it throws becomes a 500.
using FastHandler = std::function<std::optional<Response>(const Request&, Deferral& later)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port; see Server::port()
  unsigned workers = 0;  // 0 = std::thread::hardware_concurrency()
  ServerLimits limits;
  HandlerPoolOptions pool;
  FastHandler fast_handler;     // empty: every request goes to the pool
  std::optional<TlsFiles> tls;  // HTTPS when set, plain HTTP otherwise
  // The request log: one line per response the server writes, whoever made it (fast path, pool, transport
  // errors). Null: none.
  std::shared_ptr<const AccessLog> access_log;
  CorsOptions cors;             // off unless origins are listed (cors.hpp)
};

// Runs on a handler thread, possibly on several at once: it must be thread-safe.
using Handler = std::function<Response(const Request&)>;

// A snapshot for logs and tests; each figure is read separately, so they need not add up exactly.
struct ServerStats {
  size_t connections = 0;          // open now, all workers
  size_t max_connections = 0;      // the effective limit (after the descriptor clamp)
  size_t refused_connections = 0;  // closed at accept because of max_connections, since start
  size_t read_queued = 0;          // requests waiting in the read lane
  size_t write_queued = 0;         // requests waiting in the write lane
  size_t shed_requests = 0;        // answered 503 because their lane was full, since start
  unsigned read_threads = 0;       // resolved thread counts (after "0 = one per core")
  unsigned write_threads = 0;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error with a clear message on failure (port in use, bad cert).
  void start();
  uint16_t port() const;  // the bound port (after start)

  // Runs the socket threads and the handler threads; blocks until stop() has drained every connection.
  // Handlers that are running are waited for; requests still queued after a drain timeout are dropped.
  void run();

  ServerStats stats() const;  // thread-safe

  // Thread-safe and async-signal-friendly to call from another thread: stops accepting, lets requests in
  // flight finish (up to drain_timeout), closes idle keep-alive connections, then run() returns.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace norced::http
