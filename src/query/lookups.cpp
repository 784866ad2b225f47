#include "query/lookups.hpp"

#include <algorithm>

#include "query/error.hpp"

namespace norced::query {

using registry::Entity;
using registry::Expr;
using registry::Field;

namespace {

// The set's lookup named by a comparison's member, or nullptr for its own member.
const Lookup* lookup_named(const EntitySet& set, std::string_view member) {
  if (set.resource->field(member)) return nullptr;
  for (const Lookup& l : set.lookups)
    if (l.field->name == member) return &l;
  return nullptr;
}

}  // namespace

Expr one_of(std::string_view field, const std::vector<int64_t>& ids) {
  std::vector<Expr> any;
  any.reserve(ids.size());
  for (int64_t id : ids) any.push_back(Expr::cmp(Expr::Op::Eq, field, id));
  return Expr::any_of(std::move(any));
}

Result<Expr> resolve_lookups(const Expr& where, const EntitySet& set, store::EntityReader& tx, const ScopeOf& scope) {
  if (set.lookups.empty()) return where;
  if (where.fields.size() == 1) {
    const Lookup* l = lookup_named(set, where.fields.front());
    if (!l) return where;
    // The same comparison on the referenced set, then the reference being one of what matched.
    registry::ListQuery q;
    q.where = Expr::all_of({scope(*l->target), where});
    q.limit = static_cast<int64_t>(kMaxLookupIds) + 1;
    q.only = registry::Projection{};  // the ids alone
    std::vector<int64_t> ids;
    for (const Entity& e : tx.list(*l->target->resource, q)) ids.push_back(e.id);
    if (ids.size() > kMaxLookupIds)
      return bad_request("NotSupported", "The condition on " + std::string(set.name_of(l->field)) + " matches more than " +
                                             std::to_string(kMaxLookupIds) + " rows; narrow it.",
                         std::string(set.name_of(l->field)));
    return one_of(l->via->name, ids);
  }
  Expr out = where;
  for (Expr& arg : out.args) {
    auto resolved = resolve_lookups(arg, set, tx, scope);
    if (!resolved) return resolved.problem();
    arg = std::move(*resolved);
  }
  return out;
}

LookedUp read_lookups(store::EntityReader& tx, const EntitySet& set, const std::vector<const Field*>& properties,
                      const std::vector<Entity>& rows, const ScopeOf& scope) {
  LookedUp out;
  for (const Field* f : properties) {
    const Lookup* l = set.lookup(f);
    if (!l) continue;
    const auto via = static_cast<size_t>(l->via - set.resource->fields.data());
    std::vector<int64_t> ids;
    for (const Entity& e : rows)
      if (const auto* id = std::get_if<int64_t>(&e.cells[via])) ids.push_back(*id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto& values = out.values.emplace_back(f, std::unordered_map<int64_t, registry::Cell>{}).second;
    if (ids.empty()) continue;
    registry::ListQuery q;
    q.where = Expr::all_of({scope(*l->target), one_of(registry::kRowId, ids)});
    const auto index = static_cast<size_t>(f - l->target->resource->fields.data());
    q.only = registry::Projection{{f->name}};
    for (Entity& e : tx.list(*l->target->resource, q)) values.emplace(e.id, std::move(e.cells[index]));
  }
  return out;
}

}  // namespace norced::query
