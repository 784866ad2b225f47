// What a write transaction of a Connect chunk (WriteTx::write_in_batches) knows about the tenant's rows without
// asking SQLite again: whether a row exists and who holds a unique key. Filled by what the transaction reads
// (exists, existing, find_unique, find_unique_many, prefetch) and writes, and kept for its life: each write
// updates the answers it changes (sqlite_store.cpp), so an answer is always what the statement would return
// now. That holds because the transaction is the only writer while it runs (SQLite has one writer) and no row
// of one resource changes a row of another (no cascades between resource tables).
//
// One more exact answer needs no statement: a unique key scoped by a row this transaction inserted is held only
// by a row this transaction wrote (nobody else can refer to a row it made), so it is known without asking.
//
// Why: an import checks every reference and unique key of every row it writes (management::save), mostly of
// rows it has just written or looked up; a point query costs a few microseconds, and a 5,000-SKU chunk asked
// about 40,000 of them.
//
// Threading: owned by one transaction, used by its thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "registry/model.hpp"

namespace norced::store::sqlite {

class KnownRows {
 public:
  // A row of a resource, by the resource's name (a reference member names its resource).
  struct Row {
    std::string_view resource;
    int64_t id = 0;
    bool operator==(const Row&) const = default;
  };

  std::optional<bool> exists(const registry::Resource& r, int64_t id) const {
    auto it = exists_.find({r.name, id});
    return it == exists_.end() ? std::nullopt : std::optional<bool>(it->second);
  }
  void put_exists(const registry::Resource& r, int64_t id, bool found) { exists_[{r.name, id}] = found; }

  void inserted(const registry::Resource& r, int64_t id) {
    exists_[{r.name, id}] = true;
    new_rows_.insert({r.name, id});
  }
  void removed(const registry::Resource& r, int64_t id) {
    exists_[{r.name, id}] = false;
    new_rows_.erase({r.name, id});
    forget_holder(r, id);
  }
  bool is_new(std::string_view resource, int64_t id) const { return new_rows_.contains({resource, id}); }

  // `key` is the caller's encoding of resource, member, folded value and scope (unique_key in sqlite_store.cpp).
  std::optional<std::optional<int64_t>> unique(const std::string& key) const {
    auto it = unique_.find(key);
    if (it == unique_.end()) return std::nullopt;
    return it->second;
  }
  void put_unique(const registry::Resource& r, std::string key, std::optional<int64_t> holder) {
    if (holder) held_by_[{r.name, *holder}].push_back(key);
    unique_[std::move(key)] = holder;
  }
  // Forgets every unique key row `id` of `r` held: its row changed or went away.
  void forget_holder(const registry::Resource& r, int64_t id) {
    auto it = held_by_.find({r.name, id});
    if (it == held_by_.end()) return;
    for (const auto& key : it->second)
      if (auto u = unique_.find(key); u != unique_.end() && u->second == id) unique_.erase(u);
    held_by_.erase(it);
  }

 private:
  struct RowHash {
    size_t operator()(const Row& k) const {
      return std::hash<std::string_view>()(k.resource) * 31 + std::hash<int64_t>()(k.id);
    }
  };
  std::unordered_map<Row, bool, RowHash> exists_;
  std::unordered_set<Row, RowHash> new_rows_;
  std::unordered_map<std::string, std::optional<int64_t>> unique_;
  std::unordered_map<Row, std::vector<std::string>, RowHash> held_by_;  // the keys of unique_ a row holds
};

}  // namespace norced::store::sqlite
