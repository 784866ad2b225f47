// What a Query API read needs of each row, so the store reads that and no more (registry::Projection): the
// columns of the properties written, the references their lookups and single-valued expansions go through, the
// order's keys (a page's continuation holds the last row's), and the culture texts only when one is written.
// Never the registry's collections (child rows): no property or navigation shows them.
#pragma once

#include <vector>

#include "query/options.hpp"
#include "registry/model.hpp"

namespace norced::query {

// The projection of rows of `set` written with `properties` (each one of set.properties), read in `order`
// and expanded by `expand`.
registry::Projection projection(const EntitySet& set, const std::vector<const registry::Field*>& properties,
                                const std::vector<registry::OrderKey>& order, const std::vector<Expansion>& expand);

}  // namespace norced::query
