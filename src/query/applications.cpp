#include "query/applications.hpp"

namespace norced::query {

namespace {
// Bounds the map against callers naming many ids; the applications a server sees are few.
constexpr size_t kMaxKnown = 10'000;
}  // namespace

std::optional<store::ApplicationRow> ApplicationLookup::find(int64_t id) {
  const timeutil::Micros now = clock_.now();
  {
    std::lock_guard lock(mu_);
    if (auto it = known_.find(id); it != known_.end() && it->second.expires > now) return it->second.app;
  }
  auto app = store_.system()->application(id);
  if (!app) return std::nullopt;
  std::lock_guard lock(mu_);
  if (known_.size() >= kMaxKnown) known_.clear();
  known_[id] = Known{*app, now + ttl_};
  return app;
}

}  // namespace norced::query
