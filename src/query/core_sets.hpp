// The Core namespace: Norce's global master lists (platform.md §5: Countries, Currencies, VatCodes, SalesAreas;
// here also Cultures and PriceListTypes). In norced they are the system-wide reference data
// (store::SystemCatalog: seeded by migrations, the same ids on every database, no client's rows), not registry
// resources. Each set is described once, as a registry::Resource of its members with their types beside the
// function reading each member from the catalog, so the Query API's generic code serves it — entity set,
// $filter compiled to the same Expr, $select, $orderby, paging by key, $metadata — and only the reading differs:
// the rows are built from the catalog in memory and the compiled query is evaluated there (query/evaluate.hpp)
// rather than in SQL. No set has an ApplicationId (they belong to no application) or a culture text.
#pragma once

#include <vector>

#include "registry/model.hpp"
#include "store/store.hpp"

namespace norced::query {

// The Core sets' descriptions (tag "Core", no table), in the service document's order.
const std::vector<const registry::Resource*>& core_resources();

// Whether `r` is one of core_resources().
bool is_core(const registry::Resource& r);

// The rows of the Core resource `r` in the system catalog, in row id order. A culture, keyed by its code, has
// its position in code order as its row id (the continuation of a page needs one).
// REQUIRES: is_core(r).
std::vector<registry::Entity> core_rows(const registry::Resource& r, const store::SystemCatalog& catalog);

}  // namespace norced::query
