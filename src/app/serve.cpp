#include <pthread.h>
#include <signal.h>

#include <thread>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"

namespace norced::app {

namespace {

std::pair<std::string, uint16_t> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT, got " + listen);
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::invalid_argument("port out of range in --listen " + listen);
  return {host, static_cast<uint16_t>(port)};
}

}  // namespace

int serve(const ServeOptions& o) {
  // Block the stop signals in every thread; one thread waits for them and drains the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto store = open_store(o.data_dir);
  bootstrap(*store);
  Application app(std::move(store), o.app);
  if (o.demo) seed_demo(app);

  http::ServerOptions so;
  std::tie(so.host, so.port) = split_listen(o.listen);
  so.workers = o.workers;
  so.limits = o.limits;
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    if (o.tls_cert.empty() || o.tls_key.empty()) throw std::invalid_argument("--tls-cert and --tls-key go together");
    so.tls = http::TlsFiles{o.tls_cert, o.tls_key};
  }
  http::Server server(so, [&app](const http::Request& req) { return app.handle(req); });
  server.start();
  spdlog::info("norced listening on {}://{}:{} (data: {}, workers: {})", so.tls ? "https" : "http", so.host,
               server.port(), app.store().describe(),
               so.workers ? so.workers : std::max(1u, std::thread::hardware_concurrency()));

  std::thread waiter([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("signal {} received: draining in-flight requests", sig);
    server.stop();
  });
  server.run();
  // run() also returns if the server stopped for another reason; wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace norced::app
