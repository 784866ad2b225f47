#include "management/change_follower.hpp"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"

namespace norced::management {

namespace {
constexpr int kBatch = 1'000;  // entries read per query while catching up
}

ChangeFollower::ChangeFollower(store::Store& store, const registry::Catalog& catalog, ResponseCache& cache,
                               Tenancy& tenancy, std::chrono::milliseconds interval)
    : store_(store), catalog_(catalog), cache_(cache), tenancy_(tenancy), interval_(interval) {
  polled_ = store_.system()->last_change();  // caches start empty: older entries need no applying
  if (interval_.count() > 0)
    thread_ = std::thread([this] {
      name_this_thread("norced-changes");
      loop();
    });
}

ChangeFollower::~ChangeFollower() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void ChangeFollower::apply(const store::Change& c) {
  const registry::Resource* r = catalog_.find(c.resource);
  if (r && !r->feeds_reference_data) {
    cache_.invalidate(c.client_id, r->name, c.entity_id);
    return;
  }
  // Reference data (or a resource this build does not know): every response of the client may depend on it.
  cache_.invalidate_client(c.client_id);
  tenancy_.forget_reference_data(c.client_id);
}

void ChangeFollower::applied_locally(const std::vector<store::Change>& changes) {
  for (const auto& c : changes) apply(c);
  std::lock_guard lock(mu_);
  for (const auto& c : changes)
    if (c.seq > polled_) local_.insert(c.seq);
}

size_t ChangeFollower::poll() {
  size_t applied = 0;
  std::lock_guard one_poll(poll_mu_);
  // The store is read without mu_, so writers' applied_locally never waits for a query. An entry a writer has
  // committed but not yet recorded is applied here once more: an extra invalidation, never a missed one.
  int64_t from;
  {
    std::lock_guard lock(mu_);
    from = polled_;
  }
  for (;;) {
    auto batch = store_.system()->changes_since(from, kBatch);
    for (const auto& c : batch) {
      bool local;
      {
        std::lock_guard lock(mu_);
        local = local_.erase(c.seq) > 0;
        polled_ = c.seq;
      }
      if (!local) {
        apply(c);
        ++applied;
      }
      from = c.seq;
    }
    if (batch.size() < static_cast<size_t>(kBatch)) break;
  }
  return applied;
}

void ChangeFollower::catch_up() {
  std::unique_lock lock(catch_up_mu_);
  const uint64_t mine = ++tickets_;
  while (covered_ < mine) {
    if (polling_) {
      // A poll is running, but it may have started before this caller arrived: wait for it, then look again.
      caught_up_.wait(lock, [&] { return !polling_ || covered_ >= mine; });
      continue;
    }
    polling_ = true;
    const uint64_t covers = tickets_;  // everyone who arrived before this poll starts
    lock.unlock();
    std::exception_ptr failed;
    try {
      poll();
    } catch (...) {
      failed = std::current_exception();
    }
    lock.lock();
    polling_ = false;
    if (!failed) covered_ = std::max(covered_, covers);
    caught_up_.notify_all();
    if (failed) std::rethrow_exception(failed);  // the others try again themselves
  }
}

void ChangeFollower::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    try {
      poll();
    } catch (const std::exception& e) {
      spdlog::warn("change log: poll failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace norced::management
