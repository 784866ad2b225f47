// Application/CategoryHierarchy (platform.md §5: CategoryId, ParentCategoryId, Hierarchy): the client's category
// tree as one row per category, with the path from its root in the form of SQL Server's hierarchyid text, made
// of category ids: "/1/5/12/" is category 12, under 5, under the root 1. A client finds a subtree with
// `startswith(Hierarchy,'/1/5/')` and a category's depth from the path, which the Categories set (ParentId
// only) cannot answer in one request.
//
// The set stores nothing: its rows are derived, when a read transaction first asks for them, from the
// categories' Id and ParentId (every category, active or not, as Categories lists them), and the Query API's
// generic code evaluates the compiled query over them in memory (query/derived_reader.hpp), as it does the
// Core sets. So the paths are never stale after a category moves: there is nothing to keep up to date.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "registry/model.hpp"
#include "store/store.hpp"

namespace norced::query {

// The set's description: CategoryId (its key and row id), ParentCategoryId (null at a root) and Hierarchy.
// Both ids reference the categories, so each row navigates to its Category and its ParentCategory.
const registry::Resource& category_hierarchy();

// Each category's path ("/1/5/12/"), from each category's parent by id (0 at a root). A chain that reaches no
// root (a parent missing or a cycle: no write makes either) starts its path where it stops.
std::unordered_map<int64_t, std::string> hierarchy_paths(const std::unordered_map<int64_t, int64_t>& parent_of);

// The rows of the client `tx` reads, in CategoryId order.
std::vector<registry::Entity> category_hierarchy_rows(store::ReadTx& tx);

}  // namespace norced::query
