// `norced serve`: opens the store, raises the descriptor limit, starts the HTTP server with the application
// as its handler (and its fast path), and drains on SIGINT/SIGTERM.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>
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

// Each connection is a descriptor, and the usual soft limit (1024) is far below what a server needs, while
// the hard limit is what the administrator allows: take all of it. The server clamps --max-connections to
// what is left.
void raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    spdlog::warn("cannot read the descriptor limit (RLIMIT_NOFILE): {}", std::strerror(errno));
    return;
  }
  const auto text = [](rlim_t v) { return v == RLIM_INFINITY ? std::string("unlimited") : std::to_string(v); };
  const rlim_t soft = lim.rlim_cur;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &lim) != 0) {
      spdlog::warn("descriptor limit: cannot raise the soft limit {} to the hard limit {}: {}", text(soft),
                   text(lim.rlim_max), std::strerror(errno));
      return;
    }
  }
  spdlog::info("descriptor limit: soft {} (was {}), hard {}", text(lim.rlim_cur), text(soft), text(lim.rlim_max));
}

}  // namespace

int serve(const ServeOptions& given) {
  ServeOptions o = given;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (!o.store.database.empty()) {
    // On PostgreSQL a read handler spends much of a request waiting for the database's answer, a round trip
    // away: with one thread per core the cores idled (GET of a Query API page of 500 rows: 7 % idle CPU with
    // 2 threads, 17 % more requests/s with 4). On SQLite a read is CPU work in this process: one per core.
    if (o.pool.read_threads == 0) o.pool.read_threads = 2 * cores;
    // A write handler on PostgreSQL mostly waits for its group's COMMIT (store/postgres/group_commit.hpp), and
    // a group holds the writes whose threads queued meanwhile: more threads, bigger groups, fewer commits per
    // write (POST /api/category on 2 cores: 3,064-3,237/s with 8 threads, 3,274-3,821/s with 24).
    if (o.pool.write_threads == 0) o.pool.write_threads = 12 * cores;
    // A handler holds at most two connections at once (the tenancy look-up reads while its system
    // transaction is open) and the change follower one; connections are opened only when needed.
    if (o.store.postgres.pool_size == 0) o.store.postgres.pool_size = o.pool.read_threads + o.pool.write_threads + 2;
  }
  // Block the stop signals in every thread; one thread waits for them and drains the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  raise_descriptor_limit();

  Application app(open_store(o.store), o.app);

  http::ServerOptions so;
  std::tie(so.host, so.port) = split_listen(o.listen);
  so.workers = o.workers;
  so.limits = o.limits;
  // Connect imports may carry a whole catalog: their own body limit (--connect-max-body-bytes).
  so.limits.large_body = [](std::string_view target) { return connect::ConnectApi::owns(target); };
  so.pool = o.pool;
  so.access_log = std::make_shared<http::AccessLog>(
      o.access_log, http::AccessLog::stderr_logger(spdlog::get_level()));
  so.cors = o.cors;
  so.fast_handler = [&app](const http::Request& req, http::Deferral& later) { return app.handle_fast(req, &later); };
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    if (o.tls_cert.empty() || o.tls_key.empty()) throw std::invalid_argument("--tls-cert and --tls-key go together");
    so.tls = http::TlsFiles{o.tls_cert, o.tls_key};
  }
  http::Server server(so, [&app](const http::Request& req) { return app.handle(req); });
  server.start();
  // Only now that the port is bound: a start that fails never consumes the one-time secret or seeds data for
  // a server that is not running. Connections wait in the listen backlog until run().
  bootstrap(app.store());
  if (o.demo) seed_demo(app);
  if (!o.seed_file.empty()) spdlog::info("seeded {}: {}", o.seed_file, seed_file(app, 1, std::nullopt, o.seed_file));
  const http::ServerStats st = server.stats();
  spdlog::info("norced listening on {}://{}:{} (store: {}, workers: {}, handler threads: {} read + {} write, "
               "queue: {} per lane, max connections: {})",
               so.tls ? "https" : "http", so.host, server.port(), app.store().describe(),
               so.workers ? so.workers : cores, st.read_threads,
               st.write_threads, so.pool.queue_depth, st.max_connections);
  // A handler holds at most two PostgreSQL connections at once (the tenancy look-up reads while its system
  // transaction is open) and the change follower one: a smaller pool can leave threads waiting for each other
  // until --db-pool-wait-ms runs out, and requests get 503.
  const size_t needed = static_cast<size_t>(st.read_threads + st.write_threads) + 2;
  if (!o.store.database.empty() && o.store.postgres.pool_size < needed)
    spdlog::warn("--db-pool-size {} is below the {} handler threads + 2; under load, requests may wait for a "
                 "connection and answer 503 (use --db-pool-size {} or more)",
                 o.store.postgres.pool_size, st.read_threads + st.write_threads, needed);

  app.jobs().start();  // Connect import jobs, also those a previous run left unfinished

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
  app.jobs().stop();  // each worker finishes the chunk at hand; the rest resumes at the next start
  spdlog::info("stopped");
  return 0;
}

}  // namespace norced::app
