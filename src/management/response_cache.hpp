// Rendered GET responses, per client. Any committed write of a client bumps that client's generation and so
// retires every response cached for it; a response whose content depends on the clock (a price list that
// starts or ends) also carries the instant it stops being true. Bounded in bytes; 0 disables it.
//
// Correctness argument: a reader takes the generation *before* it reads the store and stores its response
// under that generation. A write that commits after that read bumps the generation, so the stale response
// is never served; one that committed before is visible to the read.
//
// Threading: every method is thread-safe, and none blocks for long, so get() may run on a socket thread
// (ManagementApi::handle_fast). get() and generation() take the lock shared and copy only a pointer under it
// (a body is immutable once stored and shared); put() and invalidate() take it exclusively for a few map
// operations. No caller does I/O while holding it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"

namespace norced::management {

class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }
  uint64_t generation(int64_t client);
  std::optional<std::string> get(int64_t client, const std::string& key, timeutil::Micros now);
  void put(int64_t client, uint64_t generation, const std::string& key, const std::string& body,
           timeutil::Micros valid_until);
  void invalidate(int64_t client);

 private:
  struct Entry {
    std::shared_ptr<const std::string> body;  // shared, so get() copies the text outside the lock
    timeutil::Micros valid_until;
  };
  struct ClientEntries {
    uint64_t generation = 1;
    std::unordered_map<std::string, Entry> entries;
  };
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::shared_mutex mu_;
  std::unordered_map<int64_t, ClientEntries> clients_;
};

}  // namespace norced::management
