#include "management/response_cache.hpp"

#include <mutex>

namespace norced::management {

uint64_t ResponseCache::generation(int64_t client) {
  std::shared_lock lock(mu_);
  auto it = clients_.find(client);
  return it == clients_.end() ? 1 : it->second.generation;
}

std::optional<std::string> ResponseCache::get(int64_t client, const std::string& key, timeutil::Micros now) {
  if (!enabled()) return std::nullopt;
  std::shared_ptr<const std::string> body;
  {
    std::shared_lock lock(mu_);
    auto c = clients_.find(client);
    if (c == clients_.end()) return std::nullopt;
    auto e = c->second.entries.find(key);
    if (e == c->second.entries.end() || e->second.valid_until <= now) return std::nullopt;
    body = e->second.body;
  }
  return *body;
}

void ResponseCache::put(int64_t client, uint64_t generation, const std::string& key, const std::string& body,
                        timeutil::Micros valid_until) {
  if (!enabled() || body.size() > max_bytes_ / 4) return;
  auto shared = std::make_shared<const std::string>(body);  // the copy, before the lock
  std::unique_lock lock(mu_);
  auto& c = clients_[client];
  if (c.generation != generation) return;  // a write committed meanwhile: this body may be stale
  if (bytes_ + body.size() > max_bytes_) {
    // Simple and bounded: start over rather than track recency on the read path.
    for (auto& [id, entries] : clients_) entries.entries.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = c.entries.try_emplace(key, Entry{shared, valid_until});
  if (!inserted) {
    bytes_ -= it->second.body->size();
    it->second = Entry{std::move(shared), valid_until};
  }
  bytes_ += body.size();
}

void ResponseCache::invalidate(int64_t client) {
  std::unique_lock lock(mu_);
  auto& c = clients_[client];
  ++c.generation;
  for (auto& [key, e] : c.entries) bytes_ -= e.body->size();
  c.entries.clear();
}

}  // namespace norced::management
