#include "management/change_follower.hpp"

#include <spdlog/spdlog.h>

namespace norced::management {

namespace {
constexpr int kBatch = 1'000;  // entries read per query while catching up
}

ChangeFollower::ChangeFollower(store::Store& store, const registry::Catalog& catalog, ResponseCache& cache,
                               Tenancy& tenancy, std::chrono::milliseconds interval)
    : store_(store), catalog_(catalog), cache_(cache), tenancy_(tenancy), interval_(interval) {
  polled_ = store_.system()->last_change();  // caches start empty: older entries need no applying
  if (interval_.count() > 0) thread_ = std::thread([this] { loop(); });
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
  cache_.invalidate(c.client_id);
  if (const registry::Resource* r = catalog_.find(c.resource); r && r->feeds_reference_data)
    tenancy_.forget_reference_data(c.client_id);
}

void ChangeFollower::applied_locally(const std::vector<store::Change>& changes) {
  int64_t last_client = -1;
  for (const auto& c : changes) {
    // One invalidation per client is enough for a batch; reference data is checked per entry.
    if (c.client_id != last_client || (catalog_.find(c.resource) && catalog_.find(c.resource)->feeds_reference_data))
      apply(c);
    last_client = c.client_id;
  }
  std::lock_guard lock(mu_);
  for (const auto& c : changes)
    if (c.seq > polled_) local_.insert(c.seq);
}

size_t ChangeFollower::poll() {
  size_t applied = 0;
  std::lock_guard lock(mu_);  // one poll at a time; applied_locally only waits for the bookkeeping
  for (;;) {
    auto batch = store_.system()->changes_since(polled_, kBatch);
    for (const auto& c : batch) {
      if (local_.erase(c.seq) == 0) {
        apply(c);
        ++applied;
      }
      polled_ = c.seq;
    }
    if (batch.size() < static_cast<size_t>(kBatch)) break;
  }
  return applied;
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
