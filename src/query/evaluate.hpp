// A list query (registry::ListQuery: the compiled $filter, the order, the page) evaluated over rows held in
// memory, with the semantics the store's SQL gives it (store/sql/generator.cpp) on both engines: a comparison
// with a null is false (and `Ne` holds for a null member), `Not` is two-valued, strings compare bytewise (the
// engines' C collation), a `fold_field` comparison reads the member through store::fold_case, decimals compare
// as numbers, nulls sort first ascending and last descending, and the row id breaks ties last. It serves the
// derived sets (query/derived_reader.hpp: the Core sets and CategoryHierarchy) through the same compiled
// expressions as every other set; tests/query/evaluate_agrees_test.cpp runs the same $filter and $orderby
// texts through both and the store on each engine to prove they agree.
#pragma once

#include <vector>

#include "registry/model.hpp"

namespace norced::query {

// Whether `row` (of `r`) satisfies `where`.
bool matches(const registry::Resource& r, const registry::Expr& where, const registry::Entity& row);

// The rows of `rows` that match `q.where`, in `q.order` (then the row id), from `q.offset`, at most `q.limit`.
std::vector<registry::Entity> evaluate(const registry::Resource& r, const registry::ListQuery& q,
                                       std::vector<registry::Entity> rows);

// How many of `rows` match `where`.
int64_t count_matching(const registry::Resource& r, const registry::Expr& where, const std::vector<registry::Entity>& rows);

}  // namespace norced::query
