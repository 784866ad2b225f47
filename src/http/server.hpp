// The HTTP/1.1 transport: Boost.Beast, one io_context per worker thread, each with its own SO_REUSEPORT
// acceptor, keep-alive, explicit limits and timeouts, optional TLS, and a graceful drain on stop().
// It calls one Handler per complete request; the handler runs on the worker thread that read the request.
// Beast lives only in server.cpp (it is slow to compile), behind this interface.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace norced::http {

struct TlsFiles {
  std::string certificate_chain_file;  // PEM
  std::string private_key_file;        // PEM
};

struct ServerLimits {
  size_t max_body_bytes = 4 * 1024 * 1024;  // larger bodies get 413 before they are read
  size_t max_header_bytes = 16 * 1024;      // request line + headers; larger gets 431
  std::chrono::milliseconds read_timeout{30'000};   // to receive one whole request once it has started
  std::chrono::milliseconds write_timeout{30'000};  // to send one response
  std::chrono::milliseconds idle_timeout{60'000};   // keep-alive connection with no request in flight
  size_t max_requests_per_connection = 0;           // 0 = unlimited keep-alive
  std::chrono::milliseconds drain_timeout{10'000};  // stop(): how long in-flight requests may take to finish
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port; see Server::port()
  unsigned workers = 0;  // 0 = std::thread::hardware_concurrency()
  ServerLimits limits;
  std::optional<TlsFiles> tls;  // HTTPS when set, plain HTTP otherwise
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error with a clear message on failure (port in use, bad cert).
  void start();
  uint16_t port() const;  // the bound port (after start)

  // Runs the worker threads; blocks until stop() has drained every connection.
  void run();

  // Thread-safe and async-signal-friendly to call from another thread: stops accepting, lets requests in
  // flight finish (up to drain_timeout), closes idle keep-alive connections, then run() returns.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace norced::http
