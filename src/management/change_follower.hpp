// Keeps this process's caches true to the change log (store.hpp, Change), the one record of what changed.
// A write of this process is applied as soon as it commits (applied_locally), before its response goes out, so
// a client always reads its own writes. Writes of other processes on the same database (a `norced client add`,
// another instance) are found by poll(), which a background thread calls every `interval`: it reads the
// entries after the last one seen and applies those not already applied here. A missed wake-up only delays
// an invalidation; the sequence numbers make sure none is lost.
//
// Applying a change retires the cached responses that read the changed row or its whole resource
// (response_cache.hpp) and, when the resource feeds the client's reference data (cultures, currencies, sales
// areas...), the client's cached reference data and every cached response of the client.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "management/response_cache.hpp"
#include "management/tenancy.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

class ChangeFollower {
 public:
  // interval 0 = no background thread (poll() is then only called explicitly, as tests do).
  ChangeFollower(store::Store& store, const registry::Catalog& catalog, ResponseCache& cache, Tenancy& tenancy,
                 std::chrono::milliseconds interval);
  ~ChangeFollower();
  ChangeFollower(const ChangeFollower&) = delete;
  ChangeFollower& operator=(const ChangeFollower&) = delete;

  void applied_locally(const std::vector<store::Change>& changes);
  // Applies the entries other processes appended since the last poll; returns how many it applied.
  size_t poll();
  // Returns once every change committed before the call is applied here: a read after it sees, through the
  // caches too, every write any instance answered before the request arrived. Concurrent callers share one
  // poll: a caller waits for the first poll that starts after it arrived, so under load one query serves
  // many requests. Throws StoreError when the database cannot be read.
  void catch_up();

 private:
  void apply(const store::Change& c);
  void loop();

  store::Store& store_;
  const registry::Catalog& catalog_;
  ResponseCache& cache_;
  Tenancy& tenancy_;
  std::chrono::milliseconds interval_;

  std::mutex poll_mu_;                  // one poll at a time
  std::mutex mu_;                       // guards polled_ and local_; held only for bookkeeping
  int64_t polled_ = 0;                  // every entry up to this seq has been read by poll()
  std::unordered_set<int64_t> local_;   // seqs applied locally and not yet passed by poll()
  // catch_up(): tickets handed out, and the highest ticket a finished poll covers.
  std::mutex catch_up_mu_;
  std::condition_variable caught_up_;
  uint64_t tickets_ = 0;
  uint64_t covered_ = 0;
  bool polling_ = false;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace norced::management
