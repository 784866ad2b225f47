#include "query/expand.hpp"

#include <algorithm>
#include <cassert>

#include "query/continuation.hpp"
#include "query/projection.hpp"

namespace norced::query {

using registry::Entity;
using registry::Expr;
using registry::Field;

namespace {

// Ids per statement: a page's worth by default, below every engine's bound on parameters.
constexpr size_t kIdsPerStatement = 1000;

size_t index_of(const registry::Resource& r, const Field* f) { return static_cast<size_t>(f - r.fields.data()); }

std::optional<int64_t> reference(const registry::Resource& r, const Field* f, const Entity& e) {
  if (const auto* v = std::get_if<int64_t>(&e.cells[index_of(r, f)])) return *v;
  return std::nullopt;
}

// The rows of `set` whose `field` is one of `ids`, read in statements of kIdsPerStatement ids.
Result<std::vector<Entity>> read_by(store::EntityReader& tx, const EntitySet& set, std::string_view field,
                                    const std::vector<int64_t>& ids, const QueryOptions& o, const ScopeOf& scope) {
  auto filter = resolve_lookups(o.filter, set, tx, scope);
  if (!filter) return filter.problem();
  std::vector<Entity> out;
  for (size_t start = 0; start < ids.size(); start += kIdsPerStatement) {
    const auto end = ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + kIdsPerStatement));
    registry::ListQuery q;
    q.where = Expr::all_of({scope(set), *filter, one_of(field, std::vector<int64_t>(ids.begin() + static_cast<std::ptrdiff_t>(start), end))});
    q.order = total_order(*set.resource, o.order);
    q.only = projection(set, o.select.empty() ? set.properties : o.select, q.order, o.expand);
    if (field != registry::kRowId) q.only->members.push_back(field);  // a collection's rows are grouped by it
    auto rows = tx.list(*set.resource, q);
    std::move(rows.begin(), rows.end(), std::back_inserter(out));
  }
  return out;
}

const std::vector<const Field*>& selected(const EntitySet& set, const QueryOptions& o) {
  return o.select.empty() ? set.properties : o.select;
}

// The ids each parent's link collection (Navigation::link) holds in its key column, by parent id. The parents
// were read by projection (query/projection.hpp), which never reads collections, so their links are read here,
// in one statement for all of them.
std::unordered_map<int64_t, std::vector<int64_t>> linked_ids(store::EntityReader& tx, const EntitySet& parent_set,
                                                            const std::vector<Entity>& parents, size_t link) {
  std::unordered_map<int64_t, std::vector<int64_t>> out;
  std::vector<int64_t> ids;
  ids.reserve(parents.size());
  for (const Entity& p : parents) ids.push_back(p.id);
  for (const Entity& p : tx.get_many(*parent_set.resource, ids)) {
    auto& linked = out[p.id];
    if (p.collections.size() > link)
      for (const auto& row : p.collections[link])
        if (!row.empty()) linked.push_back(row.front());
  }
  return out;
}

// A link collection's rows (a product's Categories): the target rows the parents' links name, read once in the
// expansion's order, then each parent's in that order with its $skip and $top.
Result<Expanded> read_linked(store::EntityReader& tx, const EntitySet& parent_set, const std::vector<Entity>& parents,
                             const Expansion& x, const ScopeOf& scope) {
  const Navigation& nav = *x.navigation;
  Expanded out;
  out.expansion = &x;
  const auto links = linked_ids(tx, parent_set, parents, static_cast<size_t>(nav.link));
  std::vector<int64_t> ids;
  for (const auto& [parent, linked] : links) ids.insert(ids.end(), linked.begin(), linked.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return out;
  auto read = read_by(tx, *nav.target, registry::kRowId, ids, x.options, scope);
  if (!read) return read.problem();
  out.rows = std::move(*read);
  for (const Entity& p : parents) {
    auto it = links.find(p.id);
    if (it == links.end() || out.groups.contains(p.id)) continue;
    const std::vector<int64_t>& linked = it->second;
    int64_t n = 0;
    for (size_t i = 0; i < out.rows.size(); ++i) {
      if (std::find(linked.begin(), linked.end(), out.rows[i].id) == linked.end()) continue;
      const int64_t at = n++;
      if (at < x.options.skip || (x.options.top && at - x.options.skip >= *x.options.top)) continue;
      out.groups[p.id].push_back(i);
    }
  }
  auto nested = read_expansions(tx, *nav.target, out.rows, x.options.expand, scope);
  if (!nested) return nested.problem();
  out.nested = std::move(*nested);
  out.looked = read_lookups(tx, *nav.target, selected(*nav.target, x.options), out.rows, scope);
  return out;
}

Result<Expanded> read_one(store::EntityReader& tx, const EntitySet& parent_set, const std::vector<Entity>& parents,
                  const Expansion& x, const ScopeOf& scope) {
  const Navigation& nav = *x.navigation;
  if (nav.link >= 0) return read_linked(tx, parent_set, parents, x, scope);
  const EntitySet& target = *nav.target;
  Expanded out;
  out.expansion = &x;
  std::vector<int64_t> ids;
  if (nav.collection) {
    for (const Entity& p : parents) ids.push_back(p.id);
  } else {
    for (const Entity& p : parents)
      if (auto id = reference(*parent_set.resource, nav.via, p)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return out;
  const std::string_view field = nav.collection ? nav.via->name : registry::kRowId;
  auto read = read_by(tx, target, field, ids, x.options, scope);
  if (!read) return read.problem();
  std::vector<Entity> rows = std::move(*read);
  // $skip and $top of a collection count each parent's rows: the statement read them all in order.
  std::unordered_map<int64_t, int64_t> seen;
  for (Entity& row : rows) {
    const std::optional<int64_t> key = nav.collection ? reference(*target.resource, nav.via, row) : std::optional(row.id);
    if (!key) continue;
    const int64_t n = seen[*key]++;
    if (nav.collection && (n < x.options.skip || (x.options.top && n - x.options.skip >= *x.options.top))) continue;
    out.groups[*key].push_back(out.rows.size());
    out.rows.push_back(std::move(row));
  }
  auto nested = read_expansions(tx, target, out.rows, x.options.expand, scope);
  if (!nested) return nested.problem();
  out.nested = std::move(*nested);
  out.looked = read_lookups(tx, target, selected(target, x.options), out.rows, scope);
  return out;
}

}  // namespace

Result<std::vector<Expanded>> read_expansions(store::EntityReader& tx, const EntitySet& set,
                                              const std::vector<Entity>& parents,
                                              const std::vector<Expansion>& expansions, const ScopeOf& scope) {
  std::vector<Expanded> out;
  for (const Expansion& x : expansions) {
    auto one = read_one(tx, set, parents, x, scope);
    if (!one) return one.problem();
    out.push_back(std::move(*one));
  }
  return out;
}

std::string context_select_list(const EntitySet& set, const QueryOptions& options) {
  std::string list;
  for (const Field* f : options.select) list += (list.empty() ? "" : ",") + std::string(set.name_of(f));
  for (const Expansion& x : options.expand) {
    const std::string nested = context_select_list(*x.navigation->target, x.options);
    list += (list.empty() ? "" : ",") + x.navigation->name + (nested.empty() ? "()" : nested);
  }
  return list.empty() ? list : "(" + list + ")";
}

void write_expanded_entity(json::Writer& w, const EntitySet& set, const std::vector<const Field*>& properties,
                           const Entity& e, const std::vector<Expanded>& expanded, const TextCultures* cultures,
                           const LookedUp* looked, std::string_view context) {
  w.begin_object_without_id();
  if (!context.empty()) w.member("@odata.context", context);
  write_properties(w, set, properties, e, cultures, looked);
  for (const Expanded& x : expanded) {
    const Navigation& nav = *x.expansion->navigation;
    const EntitySet& target = *nav.target;
    const auto& props = selected(target, x.expansion->options);
    w.key(nav.name);
    const std::optional<int64_t> key = nav.collection ? std::optional(e.id) : reference(*set.resource, nav.via, e);
    const auto group = key ? x.groups.find(*key) : x.groups.end();
    if (!nav.collection) {
      if (group == x.groups.end()) w.null();  // no reference, or one the caller may not see
      else write_expanded_entity(w, target, props, x.rows[group->second.front()], x.nested, cultures, &x.looked);
      continue;
    }
    w.begin_array();
    if (group != x.groups.end())
      for (size_t i : group->second) write_expanded_entity(w, target, props, x.rows[i], x.nested, cultures, &x.looked);
    w.end_array();
  }
  w.end_object();
}

}  // namespace norced::query
