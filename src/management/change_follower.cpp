#include "management/change_follower.hpp"

#include <algorithm>
#include <iterator>

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"

namespace norced::management {

namespace {

int64_t ticks(ChangeFollower::Instant t) { return t.time_since_epoch().count(); }
ChangeFollower::Instant or_now(ChangeFollower::Instant t) {
  return t == ChangeFollower::Instant{} ? std::chrono::steady_clock::now() : t;
}
}  // namespace

ChangeFollower::ChangeFollower(store::Store& store, const registry::Catalog& catalog, ResponseCache& cache,
                               Tenancy& tenancy, std::chrono::milliseconds interval)
    : store_(store), catalog_(catalog), cache_(cache), tenancy_(tenancy), interval_(interval) {
  polled_ = store_.system()->last_change();  // caches start empty: older entries need no applying
  thread_ = std::thread([this] {
    name_this_thread("norced-changes");
    loop();
  });
}

ChangeFollower::~ChangeFollower() {
  {
    std::lock_guard lock(wait_mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void ChangeFollower::apply(const store::ChangedRows& rows) {
  const registry::Resource* r = catalog_.find(rows.resource);
  if (r && !r->feeds_reference_data) {
    if (rows.whole) cache_.invalidate_resource(rows.client_id, r->name);
    for (int64_t id : rows.ids) cache_.invalidate(rows.client_id, r->name, id);
    return;
  }
  // Reference data (or a resource this build does not know): every response of the client may depend on it.
  cache_.invalidate_client(rows.client_id);
  tenancy_.forget_reference_data(rows.client_id);
}

void ChangeFollower::applied_locally(const std::vector<store::Change>& changes) {
  if (changes.empty()) return;
  // Digested as a poll would digest them: a chunk of an import retires its resources once, not row by row.
  store::ChangeDigestBuilder digest(0, kMaxIds);
  for (const auto& c : changes) digest.add(c);
  for (const auto& rows : digest.take().changed) apply(rows);
  std::lock_guard lock(mu_);
  for (const auto& c : changes) {
    if (c.seq <= polled_) continue;
    // Joins the range that ends just before it, or starts one; ranges stay disjoint.
    auto next = local_.upper_bound(c.seq);
    if (next != local_.begin()) {
      auto prev = std::prev(next);
      if (prev->second >= c.seq) continue;  // already in
      if (prev->second == c.seq - 1) {
        prev->second = c.seq;
        if (next != local_.end() && next->first == c.seq + 1) {
          prev->second = next->second;
          local_.erase(next);
        }
        continue;
      }
    }
    if (next != local_.end() && next->first == c.seq + 1) {
      const int64_t last = next->second;
      local_.erase(next);
      local_.emplace(c.seq, last);
    } else {
      local_.emplace(c.seq, c.seq);
    }
  }
}

size_t ChangeFollower::poll() {
  std::lock_guard one_poll(poll_mu_);
  // The store is read without mu_, so writers' applied_locally never waits for a query. An entry a writer has
  // committed but not yet recorded is applied here once more: an extra invalidation, never a missed one.
  int64_t from;
  std::vector<store::SeqRange> skip;
  {
    std::lock_guard lock(mu_);
    from = polled_;
    auto range = local_.begin();
    // A local range right after what was polled holds no other process's entry (seqs are unique): the query
    // starts after it. On one instance importing, the chunk's entries are then not read at all.
    if (range != local_.end() && range->first == from + 1) from = (range++)->second;
    for (; range != local_.end(); ++range) skip.push_back({range->first, range->second});
  }
  store::ChangeDigest digest = store_.change_digest(from, skip, kMaxIds);
  size_t applied = 0;
  for (const auto& rows : digest.changed) {
    apply(rows);
    applied += static_cast<size_t>(rows.entries);
  }
  std::lock_guard lock(mu_);
  polled_ = std::max(polled_, digest.last_seq);
  // Ranges the poll has passed are done with; one it passed in part keeps its rest.
  while (!local_.empty() && local_.begin()->first <= polled_) {
    auto [first, last] = *local_.begin();
    local_.erase(local_.begin());
    if (last > polled_) local_.emplace(polled_ + 1, last);
  }
  return applied;
}

bool ChangeFollower::caught_up_since(Instant since) const {
  return covered_since_.load(std::memory_order_acquire) >= ticks(or_now(since));
}

void ChangeFollower::when_caught_up(Instant since, Waiter then) {
  since = or_now(since);
  if (caught_up_since(since)) return then(nullptr);
  {
    std::lock_guard lock(wait_mu_);
    if (!stopping_) {
      // Any poll that begins from here on began after `since`: the thread's next one serves this waiter.
      waiters_.push_back(std::move(then));
      wake_.notify_one();
      return;
    }
  }
  std::vector<Waiter> one{std::move(then)};  // shutting down: no thread to wait for
  serve(one);
}

void ChangeFollower::catch_up(Instant since) {
  since = or_now(since);
  if (caught_up_since(since)) return;
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::exception_ptr failed;
  when_caught_up(since, [&](std::exception_ptr e) {
    std::lock_guard lock(m);
    failed = e;
    done = true;
    cv.notify_one();
  });
  std::unique_lock lock(m);
  cv.wait(lock, [&] { return done; });
  if (failed) std::rethrow_exception(failed);
}

void ChangeFollower::serve(std::vector<Waiter>& waiters) {
  const Instant start = std::chrono::steady_clock::now();
  std::exception_ptr failed;
  try {
    poll();
    // Raised before any waiter runs: a waiter that looks again (a deferred request) finds itself caught up.
    int64_t seen = covered_since_.load(std::memory_order_relaxed);
    while (seen < ticks(start) && !covered_since_.compare_exchange_weak(seen, ticks(start), std::memory_order_release)) {
    }
  } catch (const std::exception& e) {
    failed = std::current_exception();
    if (waiters.empty()) spdlog::warn("change log: poll failed: {}", e.what());
  }
  for (auto& w : waiters) w(failed);
  waiters.clear();
}

void ChangeFollower::loop() {
  std::vector<Waiter> batch;
  std::unique_lock lock(wait_mu_);
  for (;;) {
    const auto woken = [this] { return stopping_ || !waiters_.empty(); };
    if (interval_.count() > 0) wake_.wait_for(lock, interval_, woken);
    else wake_.wait(lock, woken);
    if (stopping_ && waiters_.empty()) break;
    batch.swap(waiters_);
    lock.unlock();
    serve(batch);  // with no waiter: the periodic poll
    lock.lock();
  }
}

}  // namespace norced::management
