#include "query/derived_reader.hpp"

#include <algorithm>

#include "query/category_hierarchy.hpp"
#include "query/core_sets.hpp"
#include "query/evaluate.hpp"

namespace norced::query {

using registry::Entity;
using registry::Resource;

bool DerivedReadTx::is_derived(const Resource& r) { return is_core(r) || &r == &category_hierarchy(); }

const std::vector<Entity>& DerivedReadTx::rows(const Resource& r) {
  for (const auto& [resource, held] : rows_)
    if (resource == &r) return held;
  if (is_core(r)) {
    if (!catalog_) catalog_ = tx_->reference_data().system;
    return rows_.emplace_back(&r, core_rows(r, *catalog_)).second;
  }
  return rows_.emplace_back(&r, category_hierarchy_rows(*tx_)).second;
}

std::optional<Entity> DerivedReadTx::get(const Resource& r, int64_t id) {
  if (!is_derived(r)) return tx_->get(r, id);
  for (const Entity& e : rows(r))
    if (e.id == id) return e;
  return std::nullopt;
}

std::vector<Entity> DerivedReadTx::get_many(const Resource& r, const std::vector<int64_t>& ids) {
  if (!is_derived(r)) return tx_->get_many(r, ids);
  std::vector<Entity> out;
  for (const Entity& e : rows(r))  // in id order, as the store answers
    if (std::find(ids.begin(), ids.end(), e.id) != ids.end()) out.push_back(e);
  return out;
}

std::vector<Entity> DerivedReadTx::list(const Resource& r, const registry::ListQuery& query) {
  if (!is_derived(r)) return tx_->list(r, query);
  return evaluate(r, query, rows(r));
}

void DerivedReadTx::scan(const Resource& r, const registry::ListQuery& query, store::RowSink& sink) {
  if (!is_derived(r)) return tx_->scan(r, query, sink);
  store::ReadTx::scan(r, query, sink);  // through list(): the rows are in memory already
}

int64_t DerivedReadTx::count(const Resource& r, const registry::Expr& where) {
  if (!is_derived(r)) return tx_->count(r, where);
  return count_matching(r, where, rows(r));
}

bool DerivedReadTx::exists(const Resource& r, int64_t id) {
  if (!is_derived(r)) return tx_->exists(r, id);
  return get(r, id).has_value();
}

std::vector<int64_t> DerivedReadTx::existing(const Resource& r, const std::vector<int64_t>& ids) {
  if (!is_derived(r)) return tx_->existing(r, ids);
  std::vector<int64_t> out;
  for (const Entity& e : get_many(r, ids)) out.push_back(e.id);
  return out;
}

}  // namespace norced::query
