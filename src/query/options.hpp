// The OData system query options of a request on an entity set, parsed and checked against the set's
// properties before anything is read: $filter (query/filter.hpp), $select, $orderby, $top, $skip, $count and
// $skiptoken (query/continuation.hpp), and $expand with nested options (`Nav($select=...;$filter=...)`). Names are matched exactly as OData v4 spells them; an unknown $ option,
// a malformed value or an unknown property or navigation is a 400 naming it. $search, $apply and $compute are
// refused with a 400 saying they are not served. Parameters without a leading $ are not options and are ignored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "http/message.hpp"
#include "query/entity_sets.hpp"
#include "registry/model.hpp"

namespace norced::query {

// The bounds a query must stay within (each a `serve` option).
struct Limits {
  int64_t page_size = 500;     // rows per page; more are reached through @odata.nextLink
  int64_t max_top = 500;       // a larger $top is lowered to it, as Norce does
  int max_filter_depth = 32;   // nesting of $filter
  size_t max_order_keys = 8;   // keys of $orderby
  int max_expand_depth = 3;    // nesting of $expand (an expansion's own $expand counts one more)
};

struct Expansion;

struct QueryOptions {
  registry::Expr filter;                          // Op::True without $filter
  std::vector<const registry::Field*> select;     // empty = every property
  std::vector<registry::OrderKey> order;          // as given; paging adds the row id
  std::optional<int64_t> top;                     // lowered to Limits::max_top
  int64_t skip = 0;
  bool count = false;
  std::optional<std::string> skiptoken;           // decoded once the order is known
  std::vector<Expansion> expand;                  // $expand, in the order given
};

// One navigation of $expand with its own options (`Skus($select=PartNo;$top=2;$expand=PriceLists)`), checked
// against the navigation's target set. $top/$skip of a collection apply to each parent's rows.
struct Expansion {
  const Navigation* navigation = nullptr;
  QueryOptions options;
};

Result<QueryOptions> parse_options(const http::Request& req, const EntitySet& set, const Limits& limits);

// The options of `query` (name, value pairs; those without a leading $ ignored) on `set`; `depth` is the $expand
// nesting they are at (0 for the request's own).
Result<QueryOptions> parse_options(const std::vector<std::pair<std::string, std::string>>& query, const EntitySet& set,
                                   const Limits& limits, int depth = 0);

}  // namespace norced::query
