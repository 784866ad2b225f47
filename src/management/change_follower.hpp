// Keeps this process's caches true to the change log (store.hpp, Change), the one record of what changed.
// A write of this process is applied as soon as it commits (applied_locally), before its response goes out, so
// a client always reads its own writes. Writes of other processes on the same database (a `norced client add`,
// another instance) are found by poll(), which the follower's thread calls every `interval` and whenever a
// request waits to be caught up (several instances on one database): it reads the entries after the last one
// seen, leaving out those already applied here, as a digest (store::ChangeDigest: one query, a few lines even
// after an import's chunk of tens of thousands of entries) and applies it. A missed wake-up only delays
// an invalidation; the sequence numbers make sure none is lost.
//
// Applying a change retires the cached responses that read the changed row or its whole resource
// (response_cache.hpp); past kMaxIds entries of one client and resource in one digest, every response that read
// any row of the resource. When the resource feeds the client's reference data (cultures, currencies, sales
// areas...), the client's cached reference data and every cached response of the client.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "management/response_cache.hpp"
#include "management/tenancy.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

class ChangeFollower {
 public:
  using Instant = std::chrono::steady_clock::time_point;
  // Called with nullptr once caught up, or with the poll's failure (a StoreError: the database cannot be read).
  using Waiter = std::function<void(std::exception_ptr failed)>;

  // interval 0 = no periodic poll (poll() is then only called explicitly, as tests do, or for a waiter).
  ChangeFollower(store::Store& store, const registry::Catalog& catalog, ResponseCache& cache, Tenancy& tenancy,
                 std::chrono::milliseconds interval);
  ~ChangeFollower();
  ChangeFollower(const ChangeFollower&) = delete;
  ChangeFollower& operator=(const ChangeFollower&) = delete;

  // Rows listed per client and resource in a digest; past this, the resource is retired as a whole.
  static constexpr size_t kMaxIds = 64;

  void applied_locally(const std::vector<store::Change>& changes);
  // Applies the entries other processes appended since the last poll; returns how many it applied.
  size_t poll();

  // Catching up with other instances. "Caught up since t": a poll that began at or after t has finished, so
  // every change committed before t is applied here, and a read from now on sees, through the caches too,
  // every write any instance had answered by t. t is when a request arrived (http::Request::received); the
  // default Instant{} means now.
  bool caught_up_since(Instant since) const;
  // Never blocks: calls `then` at once when caught up since `since`, otherwise on the follower's thread after
  // the next poll. Every waiter that arrives while a poll runs is served by the one after it, so under load
  // one query serves many requests. `then` must be short (it runs on the thread that polls).
  void when_caught_up(Instant since, Waiter then);
  // The blocking form, for handler threads. Throws the poll's StoreError.
  void catch_up(Instant since = {});

 private:
  void apply(const store::ChangedRows& rows);
  void loop();
  void serve(std::vector<Waiter>& waiters);  // one poll, then every waiter

  store::Store& store_;
  const registry::Catalog& catalog_;
  ResponseCache& cache_;
  Tenancy& tenancy_;
  std::chrono::milliseconds interval_;

  std::mutex poll_mu_;                  // one poll at a time
  std::mutex mu_;                       // guards polled_ and local_; held only for bookkeeping
  int64_t polled_ = 0;                  // every entry up to this seq has been read by poll()
  // Seqs applied locally and not yet passed by poll(), as ranges first -> last: a commit's entries are
  // consecutive, so a chunk of an import is one range.
  std::map<int64_t, int64_t> local_;
  // The start (steady clock, nanoseconds) of the latest poll that finished without error.
  std::atomic<int64_t> covered_since_{std::numeric_limits<int64_t>::min()};

  std::mutex wait_mu_;                  // guards waiters_ and stopping_
  std::condition_variable wake_;
  std::vector<Waiter> waiters_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace norced::management
