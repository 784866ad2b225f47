#include "query/category_hierarchy.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"

namespace norced::query {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Type;

namespace {

Resource describe() {
  Resource r;
  r.name = "CategoryHierarchy";
  r.model = "CategoryHierarchy";
  r.tag = "Application";
  r.soft_delete = false;
  r.unique = {"CategoryId"};  // the key: a set without an Id member is keyed by its unique member
  Field category_id = management::fields::ref("CategoryId", "Category", "The category.");
  category_id.nullable = false;
  r.fields = {
      category_id,
      management::fields::ref("ParentCategoryId", "Category", "Its parent; null at a root."),
      management::fields::col("Hierarchy", Type::String, false,
                              "The path from its root, of category ids: /1/5/12/ is 12 under 5 under 1."),
  };
  return r;
}

// Each category's parent (0 at a root), by id.
std::unordered_map<int64_t, int64_t> parents(store::ReadTx& tx) {
  const Resource& category = management::resources::category();
  const int parent = category.field_index("ParentId");
  registry::ListQuery q;
  q.only = registry::Projection{{"Id", "ParentId"}, false};
  std::unordered_map<int64_t, int64_t> out;
  for (const Entity& e : tx.list(category, q)) {
    const auto* p = std::get_if<int64_t>(&e.cells[static_cast<size_t>(parent)]);
    out.emplace(e.id, p ? *p : 0);
  }
  return out;
}

// The path of `id`, its ancestors' made first and remembered in `paths`.
const std::string& path_of(int64_t id, const std::unordered_map<int64_t, int64_t>& parent_of,
                           std::unordered_map<int64_t, std::string>& paths) {
  if (auto known = paths.find(id); known != paths.end()) return known->second;
  // The chain up to the first category whose path is known, or to a root.
  std::vector<int64_t> chain{id};
  std::unordered_set<int64_t> on_chain{id};
  std::string path = "/";
  for (;;) {
    auto up = parent_of.find(chain.back());
    if (up == parent_of.end() || up->second == 0 || !parent_of.contains(up->second)) break;
    if (!on_chain.insert(up->second).second) break;  // a cycle: the path starts where it closes
    if (auto known = paths.find(up->second); known != paths.end()) {
      path = known->second;
      break;
    }
    chain.push_back(up->second);
  }
  // Down again from the top of the chain, remembering each path on the way.
  const std::string* last = nullptr;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    path += std::to_string(*it);
    path += '/';
    last = &paths.try_emplace(*it, path).first->second;
  }
  return *last;
}

}  // namespace

const Resource& category_hierarchy() {
  static const Resource r = describe();
  return r;
}

std::unordered_map<int64_t, std::string> hierarchy_paths(const std::unordered_map<int64_t, int64_t>& parent_of) {
  std::unordered_map<int64_t, std::string> paths;
  for (const auto& entry : parent_of) path_of(entry.first, parent_of, paths);
  return paths;
}

std::vector<Entity> category_hierarchy_rows(store::ReadTx& tx) {
  const auto parent_of = parents(tx);
  auto paths = hierarchy_paths(parent_of);
  std::vector<Entity> out;
  out.reserve(parent_of.size());
  for (const auto& [id, parent] : parent_of) {
    Entity e;
    e.id = id;
    e.cells = {Cell{id}, parent ? Cell{parent} : Cell{}, Cell{std::move(paths[id])}};
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) { return a.id < b.id; });
  return out;
}

}  // namespace norced::query
