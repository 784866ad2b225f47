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
#include <functional>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "registry/model.hpp"

namespace norced::store::sqlite {

// Memory: every node and key lives in one arena, given back at once when the transaction ends. A chunk fills
// the maps with tens of thousands of entries, and freeing them one by one was about a tenth of the chunk.
class KnownRows {
 public:
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

  std::optional<std::optional<int64_t>> unique(const std::string& key) const {
    auto it = unique_.find(std::string_view(key));
    if (it == unique_.end()) return std::nullopt;
    return it->second;
  }
  void put_unique(const registry::Resource& r, const std::string& key, std::optional<int64_t> holder) {
    auto it = unique_.find(std::string_view(key));
    if (it == unique_.end()) it = unique_.emplace(Text(key, &arena_), holder).first;
    else it->second = holder;
    if (holder) held_by_[{r.name, *holder}].push_back(it->first);
  }
  void forget_holder(const registry::Resource& r, int64_t id) {
    auto it = held_by_.find({r.name, id});
    if (it == held_by_.end()) return;
    for (const auto& key : it->second)
      if (auto u = unique_.find(std::string_view(key)); u != unique_.end() && u->second == id) unique_.erase(u);
    held_by_.erase(it);
  }

 private:
  using Text = std::pmr::string;
  // Equal rows hash equally (the name's length and first letter, and the id); the names themselves are compared
  // only on a hash match, where hashing every name's bytes cost more than the rare collision.
  struct RowHash {
    size_t operator()(const Row& k) const {
      const size_t name = k.resource.size() * 131 + (k.resource.empty() ? 0 : static_cast<unsigned char>(k.resource[0]));
      return std::hash<int64_t>()(k.id) * 0x9E3779B97F4A7C15ull ^ name;
    }
  };
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::pmr::monotonic_buffer_resource arena_;
  std::pmr::unordered_map<Row, bool, RowHash> exists_{&arena_};
  std::pmr::unordered_set<Row, RowHash> new_rows_{&arena_};
  std::pmr::unordered_map<Text, std::optional<int64_t>, TextHash, std::equal_to<>> unique_{&arena_};
  std::pmr::unordered_map<Row, std::pmr::vector<Text>, RowHash> held_by_{&arena_};  // the keys of unique_ a row holds
};

}  // namespace norced::store::sqlite
