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

#include <array>
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
// the maps with tens of thousands of entries: freeing them one by one, and then destroying the maps node by node,
// was about a tenth of the chunk, so the maps themselves live in the arena and are never destroyed (their nodes
// own nothing but arena memory). They start at the sizes the previous transaction reached, so a chunk like the
// last one does not rehash as it grows.
class KnownRows {
 public:
  struct Row {
    std::string_view resource;
    int64_t id = 0;
    bool operator==(const Row&) const = default;
  };

  KnownRows() : m_(new(arena_.allocate(sizeof(Maps), alignof(Maps))) Maps(&arena_, last_sizes())) {}
  ~KnownRows() {
    last_sizes() = {m_->exists.size(), m_->new_rows.size(), m_->unique.size(), m_->held_by.size()};
  }
  KnownRows(const KnownRows&) = delete;
  KnownRows& operator=(const KnownRows&) = delete;

  std::optional<bool> exists(const registry::Resource& r, int64_t id) const {
    auto it = m_->exists.find({r.name, id});
    return it == m_->exists.end() ? std::nullopt : std::optional<bool>(it->second);
  }
  void put_exists(const registry::Resource& r, int64_t id, bool found) { m_->exists[{r.name, id}] = found; }

  void inserted(const registry::Resource& r, int64_t id) {
    m_->exists[{r.name, id}] = true;
    m_->new_rows.insert({r.name, id});
  }
  void removed(const registry::Resource& r, int64_t id) {
    m_->exists[{r.name, id}] = false;
    m_->new_rows.erase({r.name, id});
    forget_holder(r, id);
  }
  bool is_new(std::string_view resource, int64_t id) const { return m_->new_rows.contains({resource, id}); }

  std::optional<std::optional<int64_t>> unique(const std::string& key) const {
    auto it = m_->unique.find(std::string_view(key));
    if (it == m_->unique.end()) return std::nullopt;
    return it->second;
  }
  void put_unique(const registry::Resource& r, const std::string& key, std::optional<int64_t> holder) {
    auto it = m_->unique.find(std::string_view(key));
    if (it == m_->unique.end()) it = m_->unique.emplace(Text(key, &arena_), holder).first;
    else it->second = holder;
    if (holder) m_->held_by[{r.name, *holder}].push_back(it->first);
  }
  void forget_holder(const registry::Resource& r, int64_t id) {
    auto it = m_->held_by.find({r.name, id});
    if (it == m_->held_by.end()) return;
    for (const auto& key : it->second)
      if (auto u = m_->unique.find(std::string_view(key)); u != m_->unique.end() && u->second == id) m_->unique.erase(u);
    m_->held_by.erase(it);
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
  using Sizes = std::array<size_t, 4>;  // exists, new_rows, unique, held_by
  // The sizes this thread's last transaction's maps reached: a hint (a worker thread runs chunk after chunk).
  static Sizes& last_sizes() {
    static thread_local Sizes sizes{};
    return sizes;
  }
  struct Maps {
    Maps(std::pmr::memory_resource* arena, const Sizes& hint)
        : exists(hint[0], arena), new_rows(hint[1], arena), unique(hint[2], arena), held_by(hint[3], arena) {}
    std::pmr::unordered_map<Row, bool, RowHash> exists;
    std::pmr::unordered_set<Row, RowHash> new_rows;
    std::pmr::unordered_map<Text, std::optional<int64_t>, TextHash, std::equal_to<>> unique;
    std::pmr::unordered_map<Row, std::pmr::vector<Text>, RowHash> held_by;  // the keys of unique a row holds
  };

  std::pmr::monotonic_buffer_resource arena_;  // declared first: it outlives m_, whose memory it is
  Maps* m_;
};

}  // namespace norced::store::sqlite
