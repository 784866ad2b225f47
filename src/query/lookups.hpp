// Lookup properties (EntitySet::lookups: a ProductSkuPriceList's PartNo, its SKU's) over the store's one-resource
// reads, with no join in the store seam: selecting one reads the referenced rows of a page in one batch; a
// $filter comparison on one becomes "the reference is one of the ids of the referenced rows that match", those
// ids read first in the caller's transaction and scope. Ordering by one is refused (options.cpp): a join would
// be needed. A comparison matching more than kMaxLookupIds referenced rows is a 400 asking for a narrower one.
#pragma once

#include <functional>
#include <vector>

#include "core/problem.hpp"
#include "query/render.hpp"
#include "store/store.hpp"

namespace norced::query {

inline constexpr size_t kMaxLookupIds = 10'000;

// The caller's rows of a set (its application's where rows belong to one): what every read is narrowed by.
using ScopeOf = std::function<registry::Expr(const EntitySet&)>;

// `where` with every comparison on a lookup of `set` replaced by the reference being one of the matching ids.
Result<registry::Expr> resolve_lookups(const registry::Expr& where, const EntitySet& set, store::EntityReader& tx,
                                       const ScopeOf& scope);

// The values of the lookups among `properties` for `rows`, read once per lookup.
LookedUp read_lookups(store::EntityReader& tx, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                      const std::vector<registry::Entity>& rows, const ScopeOf& scope);

// An Or of the member's being each id (a page's ids at most per statement: one statement).
registry::Expr one_of(std::string_view field, const std::vector<int64_t>& ids);

}  // namespace norced::query
