// The connection pool: at most `size` connections, opened when first needed and kept for reuse. A
// transaction leases one connection for its whole life. A connection comes back to the pool only when it is
// healthy and outside a transaction (an open one is rolled back); a broken one is closed, so a server that
// restarts is reconnected to without restarting norced. When every connection is leased, a caller waits up to
// `wait` and then gets StoreError{Retryable} (the HTTP edge answers 503 with Retry-After).
//
// Threading: every member may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace norced::store::postgres {

class Pool {
 public:
  Pool(ConnectionSettings settings, size_t size, std::chrono::milliseconds wait);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A connection leased to one caller; it returns to the pool when the lease ends.
  class Lease {
   public:
    Lease() = default;
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&& o) noexcept;
    ~Lease() { release(); }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }
    bool valid() const { return conn_ != nullptr; }
    void release();

   private:
    Pool* pool_ = nullptr;
    std::unique_ptr<Connection> conn_;
  };

  // A connection with a transaction begun by `begin` (simple-query text such as "BEGIN"). A pooled
  // connection that turns out to be dead (the server restarted since it was last used) is closed together
  // with the other idle ones, which died with it, and the transaction is begun on a new connection: the
  // first request after a database restart succeeds. Throws DatabaseError{Unavailable} when no connection
  // can be made, StoreError{Retryable} when the pool stays full for `wait`.
  Lease begin(const std::string& begin);
  // A connection on which a transaction that only reads begins with its first statement
  // (Connection::defer_read_begin): no round trip of its own, and a dead pooled connection is reopened there.
  // Throws as begin() does when no connection can be had.
  Lease begin_read(const std::string& begin);

  // Runs `work(Connection&)` on a connection outside any transaction: each of its statements commits by
  // itself, so a single read costs one round trip. A pooled connection found dead is replaced once, as in
  // begin(); `work` may then run twice, so it must only read.
  template <class Work>
  auto outside_transaction(Work&& work) {
    for (int attempt = 0;; ++attempt) {
      bool reused = false;
      Lease lease = acquire(reused);
      try {
        return work(*lease);
      } catch (const StoreError& e) {
        if (e.kind != StoreErrorKind::Unavailable || !reused || attempt > 0) throw;
        lease.release();  // broken: closed, not pooled
        drop_idle();
      }
    }
  }

  size_t size() const { return size_; }

 private:
  // A connection: an idle one (`reused` = true) or a new one.
  Lease acquire(bool& reused);
  void give_back(std::unique_ptr<Connection> c);
  void forget(size_t count);  // `count` leased connections were closed
  void drop_idle();

  const ConnectionSettings settings_;
  const size_t size_;
  const std::chrono::milliseconds wait_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  size_t open_ = 0;                                // guarded by mu_: idle + leased + being opened
};

}  // namespace norced::store::postgres
