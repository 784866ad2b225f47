// What a response was rendered from, recorded as it is read, so that a cached response is retired by exactly
// the changes that can alter it and not by every write of its client.
//
// A read of given rows (get, get_many, exists, existing, a walk up a tree) depends on those ids: a change of
// any of them — an update, a delete, or an insert that creates an id asked for earlier — retires the response.
// A read that looks at a set of rows not known in advance (a list, a unique-key search, the next date of
// any row) depends on the whole resource. Reference data (cultures, currencies, sales areas of the client and
// the application) is not recorded here: its resources are marked feeds_reference_data, and a change of
// one retires every cached response of the client (ChangeFollower).
//
// Why not per-client only: an integration that keeps writing (new categories, prices) would otherwise empty
// the cache of every reader of the same client with each write, and reads would fall back to the database
// exactly when the server is busiest.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace norced::management {

struct ReadSet {
  // Resource names are the registry's (static storage), so views are safe to keep.
  std::vector<std::pair<std::string_view, int64_t>> rows;
  std::vector<std::string_view> resources;  // read as a whole

  void row(std::string_view resource, int64_t id) { rows.emplace_back(resource, id); }
  void whole(std::string_view resource);
  bool depends_on(std::string_view resource, int64_t id) const;
  bool touches(std::string_view resource) const;  // read any row of it, or all of it
};

// A ReadTx that passes every call through to `inner` and notes in `reads` what each call depended on.
class ReadRecorder final : public store::ReadTx {
 public:
  ReadRecorder(store::ReadTx& inner, ReadSet& reads) : inner_(inner), reads_(reads) {}

  int64_t client_id() const override { return inner_.client_id(); }
  std::optional<registry::Entity> get(const registry::Resource& r, int64_t id) override;
  std::vector<registry::Entity> get_many(const registry::Resource& r, const std::vector<int64_t>& ids) override;
  std::vector<registry::Entity> list(const registry::Resource& r, const registry::ListQuery& query) override;
  int64_t count(const registry::Resource& r, const registry::Expr& where) override;
  bool exists(const registry::Resource& r, int64_t id) override;
  std::vector<int64_t> existing(const registry::Resource& r, const std::vector<int64_t>& ids) override;
  std::vector<registry::Entity> ancestors(const registry::Resource& r, std::string_view parent_member, int64_t start,
                                          int max_depth) override;
  std::vector<int64_t> ancestor_ids(const registry::Resource& r, std::string_view parent_member, int64_t start,
                                    int max_depth) override;
  std::optional<int64_t> next_instant(const registry::Resource& r, const std::vector<std::string_view>& fields,
                                      int64_t after) override;
  std::optional<int64_t> find_unique(const registry::Resource& r, std::string_view field, std::string_view value,
                                     const std::vector<registry::Cell>& scope) override;
  std::vector<std::pair<std::string, int64_t>> find_unique_many(const registry::Resource& r, std::string_view field,
                                                                const std::vector<std::string>& values,
                                                                const std::vector<registry::Cell>& scope) override;
  store::ReferenceData reference_data() override { return inner_.reference_data(); }
  // Records nothing: the calls that follow record what they read.
  void prefetch(const std::vector<store::Probe>& probes) override { inner_.prefetch(probes); }

 private:
  // A walk up a tree reads `start`, every id it answers, and the parent of the last one (which may be missing).
  void walked(const registry::Resource& r, int64_t start, const std::vector<int64_t>& ids);

  store::ReadTx& inner_;
  ReadSet& reads_;
};

}  // namespace norced::management
