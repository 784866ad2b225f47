// $expand: the rows a request's navigations add to a page, read in batches — one statement per navigation per
// page (`SkuId` equal to one of the page's ids, or the row id one of the references the page holds), never one
// per row — and written inside each parent row. Every read goes through the caller's transaction and is
// narrowed by `scope` as the request's own set is, so expanded rows are the tenant's and application's too. A
// collection's $filter and $orderby apply in the statement; its $skip and $top apply to each parent's rows.
#pragma once

#include <functional>
#include <unordered_map>
#include <vector>

#include "query/lookups.hpp"
#include "query/options.hpp"
#include "query/render.hpp"
#include "store/store.hpp"

namespace norced::query {

// The rows of one expansion over a list of parents, and of its own expansions over those rows.
struct Expanded {
  const Expansion* expansion = nullptr;
  std::vector<registry::Entity> rows;
  // Collection: parent id → its rows' indices, in order. Single: referenced id → the row's index.
  std::unordered_map<int64_t, std::vector<size_t>> groups;
  std::vector<Expanded> nested;
  LookedUp looked;  // the rows' selected lookup properties
};

// Reads the expansions of `parents` (rows of `set`). A Problem only for a $filter on a lookup matching too much.
Result<std::vector<Expanded>> read_expansions(store::EntityReader& tx, const EntitySet& set,
                                      const std::vector<registry::Entity>& parents,
                                      const std::vector<Expansion>& expansions, const ScopeOf& scope);

// The select list of an @odata.context (OData v4 JSON §10): "(A,B,Nav(C),Other())" — the $select'ed properties,
// then each expanded navigation with its own list (empty parentheses when it selects and expands nothing
// itself); empty when the request neither selects nor expands.
std::string context_select_list(const EntitySet& set, const QueryOptions& options);

// Writes one row of `set` with its selected properties and its expanded navigations (a collection as an array,
// a single-valued one as an object or null). `cultures` is given when any written property is a text.
void write_expanded_entity(json::Writer& w, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                           const registry::Entity& e, const std::vector<Expanded>& expanded,
                           const TextCultures* cultures, const LookedUp* looked, std::string_view context = {});

}  // namespace norced::query
