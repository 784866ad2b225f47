#include "management/response_cache.hpp"

#include <algorithm>
#include <mutex>

namespace norced::management {

namespace {
// The resources a response read, each once: the keys of its by_touched entries.
std::vector<std::string_view> touched(const ReadSet& reads) {
  std::vector<std::string_view> out(reads.resources.begin(), reads.resources.end());
  for (const auto& row : reads.rows) out.push_back(row.first);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void drop(std::vector<std::string>& keys, const std::string& key) {
  auto it = std::find(keys.begin(), keys.end(), key);
  if (it == keys.end()) return;
  *it = std::move(keys.back());
  keys.pop_back();
}
}  // namespace

void ResponseCache::ClientEntries::erase(const std::string& key, size_t& bytes) {
  auto it = entries.find(key);
  if (it == entries.end()) return;
  for (const auto& row : it->second.reads.rows)
    if (auto k = by_row.find(row); k != by_row.end()) {
      drop(k->second, key);
      if (k->second.empty()) by_row.erase(k);
    }
  for (auto resource : it->second.reads.resources)
    if (auto k = by_resource.find(resource); k != by_resource.end()) {
      drop(k->second, key);
      if (k->second.empty()) by_resource.erase(k);
    }
  for (auto resource : touched(it->second.reads))
    if (auto k = by_touched.find(resource); k != by_touched.end()) {
      k->second.erase(key);
      if (k->second.empty()) by_touched.erase(k);
    }
  bytes -= it->second.body->size();
  entries.erase(it);
}

void ResponseCache::ClientEntries::clear(size_t& bytes) {
  for (auto& [key, e] : entries) bytes -= e.body->size();
  entries.clear();
  by_row.clear();
  by_resource.clear();
  by_touched.clear();
}

uint64_t ResponseCache::stamp(int64_t client) {
  std::shared_lock lock(mu_);
  auto it = clients_.find(client);
  return it == clients_.end() ? 1 : it->second.stamp;
}

std::optional<std::string> ResponseCache::get(int64_t client, const std::string& key, timeutil::Micros now,
                                              std::optional<int64_t>* total) {
  if (!enabled()) return std::nullopt;
  std::shared_ptr<const std::string> body;
  {
    std::shared_lock lock(mu_);
    auto c = clients_.find(client);
    if (c == clients_.end()) return std::nullopt;
    auto e = c->second.entries.find(key);
    if (e == c->second.entries.end() || e->second.valid_until <= now) return std::nullopt;
    body = e->second.body;
    if (total) *total = e->second.total;
  }
  return *body;
}

void ResponseCache::put(int64_t client, uint64_t stamp, const std::string& key, const std::string& body,
                        timeutil::Micros valid_until, ReadSet reads, std::optional<int64_t> total) {
  if (!enabled() || body.size() > max_bytes_ / 4) return;
  // Work outside the lock: the copy, and one index entry per row however often the render read it.
  auto shared = std::make_shared<const std::string>(body);
  std::sort(reads.rows.begin(), reads.rows.end());
  reads.rows.erase(std::unique(reads.rows.begin(), reads.rows.end()), reads.rows.end());
  const std::vector<std::string_view> resources = touched(reads);
  std::unique_lock lock(mu_);
  auto& c = clients_[client];
  if (stamp < c.horizon) return;  // changes since the read began are no longer all known
  for (auto it = c.recent.rbegin(); it != c.recent.rend() && it->stamp > stamp; ++it)
    if (it->id == kAnyRow ? reads.touches(it->resource) : reads.depends_on(it->resource, it->id))
      return;  // changed after the read began: may be stale
  c.erase(key, bytes_);
  if (bytes_ + body.size() > max_bytes_) {
    // Simple and bounded: start over rather than track recency on the read path.
    for (auto& [id, entries] : clients_) entries.clear(bytes_);
  }
  for (const auto& row : reads.rows) c.by_row[row].push_back(key);
  for (auto resource : reads.resources) c.by_resource[resource].push_back(key);
  for (auto resource : resources) c.by_touched[resource].insert(key);
  bytes_ += body.size();
  c.entries.emplace(key, Entry{std::move(shared), valid_until, std::move(reads), total});
}

void ResponseCache::remember(ClientEntries& c, std::string_view resource, int64_t id) {
  ++c.stamp;
  c.recent.push_back(Recent{c.stamp, std::string(resource), id});
  if (c.recent.size() > kRecent) {
    c.horizon = c.recent.front().stamp;
    c.recent.pop_front();
  }
}

void ResponseCache::invalidate(int64_t client, std::string_view resource, int64_t id) {
  std::unique_lock lock(mu_);
  auto& c = clients_[client];
  remember(c, resource, id);
  Keys stale;
  if (auto k = c.by_row.find({resource, id}); k != c.by_row.end()) stale = k->second;
  if (auto k = c.by_resource.find(resource); k != c.by_resource.end())
    stale.insert(stale.end(), k->second.begin(), k->second.end());
  for (const auto& key : stale) c.erase(key, bytes_);
}

void ResponseCache::invalidate_resource(int64_t client, std::string_view resource) {
  std::unique_lock lock(mu_);
  auto& c = clients_[client];
  remember(c, resource, kAnyRow);
  auto k = c.by_touched.find(resource);
  if (k == c.by_touched.end()) return;
  const Keys stale(k->second.begin(), k->second.end());  // erase() edits the set
  for (const auto& key : stale) c.erase(key, bytes_);
}

void ResponseCache::invalidate_client(int64_t client) {
  std::unique_lock lock(mu_);
  auto& c = clients_[client];
  ++c.stamp;
  c.horizon = c.stamp;  // no response read before now may be stored
  c.recent.clear();
  c.clear(bytes_);
}

size_t ResponseCache::entries(int64_t client) {
  std::shared_lock lock(mu_);
  auto it = clients_.find(client);
  return it == clients_.end() ? 0 : it->second.entries.size();
}

}  // namespace norced::management
