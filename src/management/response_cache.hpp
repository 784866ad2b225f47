// Rendered GET responses, per client, each with the read set it was rendered from (read_set.hpp). A committed
// change retires the responses that read the changed row or read its resource as a whole; a change of the
// client's reference data retires all of the client's responses. A response whose content depends on the
// clock (a price list that starts or ends) also carries the instant it stops being true. Bounded in bytes;
// 0 disables it.
//
// Correctness argument: a reader takes a stamp *before* it reads the store and offers its response with
// that stamp. A change that commits after the read began is applied (invalidate) after its commit, so either
// it is applied before the put — put() finds it among the changes after the stamp and refuses a response
// that read what it changed — or after the put, and then it retires the stored response like any other. A
// change that committed before the read began is visible to the read. The changes after a stamp are kept for
// the last kRecent changes of the client; a put with an older stamp is refused.
//
// Threading: every method is thread-safe, and none blocks for long, so get() may run on a socket thread
// (ManagementApi::handle_fast). get() and stamp() take the lock shared and copy only a pointer under it
// (a body is immutable once stored and shared); put() and the invalidations take it exclusively for a few
// map operations. No caller does I/O while holding it.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/time.hpp"
#include "management/read_set.hpp"

namespace norced::management {

class ResponseCache {
 public:
  static constexpr size_t kRecent = 1024;  // changes per client remembered for put()'s check

  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }
  // Take before reading the store; hand to put() with the response.
  uint64_t stamp(int64_t client);
  // `total`, when given, receives the list total stored with the body (X-Total-Count), if any.
  std::optional<std::string> get(int64_t client, const std::string& key, timeutil::Micros now,
                                 std::optional<int64_t>* total = nullptr);
  void put(int64_t client, uint64_t stamp, const std::string& key, const std::string& body,
           timeutil::Micros valid_until, ReadSet reads, std::optional<int64_t> total = std::nullopt);
  // One committed change of one row.
  void invalidate(int64_t client, std::string_view resource, int64_t id);
  // Any rows of the resource, unnamed (a digest of many changes, store::ChangedRows::whole): every response
  // that read a row of it or the whole of it.
  void invalidate_resource(int64_t client, std::string_view resource);
  // Everything of the client (its reference data changed).
  void invalidate_client(int64_t client);

  size_t entries(int64_t client);  // for tests

 private:
  struct Entry {
    std::shared_ptr<const std::string> body;  // shared, so get() copies the text outside the lock
    timeutil::Micros valid_until;
    ReadSet reads;
    std::optional<int64_t> total;  // a list's X-Total-Count
  };
  static constexpr int64_t kAnyRow = std::numeric_limits<int64_t>::min();  // Recent::id of invalidate_resource
  struct Recent {
    uint64_t stamp;
    std::string resource;
    int64_t id;  // or kAnyRow
  };
  struct RowHash {
    size_t operator()(const std::pair<std::string_view, int64_t>& k) const {
      return std::hash<std::string_view>()(k.first) * 31 + std::hash<int64_t>()(k.second);
    }
  };
  using Keys = std::vector<std::string>;
  struct ClientEntries {
    uint64_t stamp = 1;    // bumped by every change applied
    uint64_t horizon = 1;  // `recent` holds every change with a stamp above this one
    std::deque<Recent> recent;
    std::unordered_map<std::string, Entry> entries;
    // Which cached keys read a row, or a whole resource. Resource names are the registry's views.
    std::unordered_map<std::pair<std::string_view, int64_t>, Keys, RowHash> by_row;
    std::unordered_map<std::string_view, Keys> by_resource;
    // Which cached keys read any row of a resource or the whole of it: invalidate_resource's answer, so that an
    // import's chunk retiring "any product" does not walk every cached category response under the lock.
    std::unordered_map<std::string_view, std::unordered_set<std::string>> by_touched;

    void erase(const std::string& key, size_t& bytes);
    void clear(size_t& bytes);
  };
  void remember(ClientEntries& c, std::string_view resource, int64_t id);

  size_t max_bytes_;
  size_t bytes_ = 0;
  std::shared_mutex mu_;
  std::unordered_map<int64_t, ClientEntries> clients_;
};

}  // namespace norced::management
