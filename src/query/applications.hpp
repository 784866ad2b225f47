// The applications callers name in their application header, remembered for a short time (ttl) so that a Query
// API request does not open a system transaction (on PostgreSQL a round trip of its own, beside the read's) to
// look one up every time. The Management API's Tenancy remembers its callers the same way and for the same
// time: an application's client and culture change rarely, and a change is seen within ttl.
//
// Threading: thread-safe. The lock guards only the map; no store access happens while it is held.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/clock.hpp"
#include "store/store.hpp"

namespace norced::query {

class ApplicationLookup {
 public:
  ApplicationLookup(store::Store& store, std::chrono::milliseconds ttl, const Clock& clock = system_clock())
      : store_(store), ttl_(std::chrono::duration_cast<std::chrono::microseconds>(ttl).count()), clock_(clock) {}

  // The application with `id`, as the store had it at most ttl ago; nullopt when there is none (not
  // remembered: a new application is found at once).
  std::optional<store::ApplicationRow> find(int64_t id);

 private:
  struct Known {
    store::ApplicationRow app;
    timeutil::Micros expires = 0;
  };
  store::Store& store_;
  timeutil::Micros ttl_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<int64_t, Known> known_;
};

}  // namespace norced::query
