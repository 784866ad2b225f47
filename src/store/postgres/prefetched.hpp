// What a write transaction knows about the tenant's rows without asking again: whether a row exists, who holds
// a unique key, and the ids of a walk up a tree. Filled by prefetch() and by what the transaction reads and
// writes, and kept for its life: each write updates the answers it changes (tenant_tx.cpp), so an answer is
// always what the statement would return now. That holds because only this transaction writes the tenant's
// rows while it runs (the tenant's writes are serialised) and no row of one resource changes a row of another
// (no cascades between resource tables).
//
// Threading: owned by one transaction, used by its thread.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "registry/model.hpp"

namespace norced::store::postgres {

class Prefetched {
 public:
  void clear() {
    exists_.clear();
    unique_.clear();
    chains_.clear();
  }

  void clear_chains() { chains_.clear(); }

  // Forgets every unique key `id` of `r` held: its row changed or went away.
  void forget_holder(const registry::Resource& r, int64_t id) {
    for (auto it = unique_.lower_bound({&r, std::string()}); it != unique_.end() && it->first.first == &r;)
      it = it->second == id ? unique_.erase(it) : std::next(it);
  }

  void put_exists(const registry::Resource& r, int64_t id, bool found) { exists_[{&r, id}] = found; }
  std::optional<bool> exists(const registry::Resource& r, int64_t id) const {
    auto it = exists_.find({&r, id});
    return it == exists_.end() ? std::nullopt : std::optional<bool>(it->second);
  }

  // `key` identifies the unique member, the folded value and the scope (the caller's encoding).
  void put_unique(const registry::Resource& r, std::string key, std::optional<int64_t> holder) {
    unique_[{&r, std::move(key)}] = holder;
  }
  // The holder (or nullopt inside) when fetched; nullopt outside when not.
  std::optional<std::optional<int64_t>> unique(const registry::Resource& r, const std::string& key) const {
    auto it = unique_.find({&r, key});
    if (it == unique_.end()) return std::nullopt;
    return it->second;
  }

  // The first `depth` ids of the walk from `start` (fewer when the chain ended before).
  void put_chain(const registry::Resource& r, std::string_view member, int64_t start, std::vector<int64_t> ids,
                 int depth) {
    chains_[{&r, std::string(member), start}] = Chain{std::move(ids), depth};
  }
  // The walk's first `max_depth` ids, when what was fetched tells them: a request no deeper than the fetch, or
  // a chain that ended before the fetch's depth.
  std::optional<std::vector<int64_t>> chain(const registry::Resource& r, std::string_view member, int64_t start,
                                            int max_depth) const {
    auto it = chains_.find({&r, std::string(member), start});
    if (it == chains_.end()) return std::nullopt;
    const Chain& c = it->second;
    const bool complete = static_cast<int>(c.ids.size()) < c.depth;
    if (max_depth > c.depth && !complete) return std::nullopt;
    const size_t n = std::min(c.ids.size(), static_cast<size_t>(std::max(0, max_depth)));
    return std::vector<int64_t>(c.ids.begin(), c.ids.begin() + static_cast<std::ptrdiff_t>(n));
  }

 private:
  struct Chain {
    std::vector<int64_t> ids;
    int depth = 0;  // the max_depth it was fetched with
  };
  std::map<std::pair<const registry::Resource*, int64_t>, bool> exists_;
  std::map<std::pair<const registry::Resource*, std::string>, std::optional<int64_t>> unique_;
  std::map<std::tuple<const registry::Resource*, std::string, int64_t>, Chain> chains_;
};

}  // namespace norced::store::postgres
