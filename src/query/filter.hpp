// $filter: an OData v4 boolean expression compiled to a registry::Expr over an entity set's properties, which
// the store turns into parameterised SQL (store/sql/generator.cpp): no value of the filter is ever spliced into
// SQL text. Served: eq ne gt ge lt le, and or not, parentheses, null, string/number/boolean literals, date-time
// literals (unquoted, as OData writes them: 2024-05-01T00:00:00Z; a bare date is midnight UTC; the older
// datetime'...' form too), contains/startswith/endswith, and tolower(Property) as a comparison's or a string
// function's operand. One side of a comparison is a property, the other a literal; a Boolean property alone is
// "eq true". Any other function or operator is a 400 naming it, as is an unknown property or a literal the
// property's type cannot hold. Nesting is bounded (max_depth), so a filter cannot exhaust the stack.
#pragma once

#include <string_view>

#include "core/problem.hpp"
#include "query/entity_sets.hpp"
#include "registry/model.hpp"

namespace norced::query {

inline constexpr int kDefaultMaxFilterDepth = 32;

// The Expr's member names point into the set's registry description, which outlives it.
Result<registry::Expr> parse_filter(std::string_view text, const EntitySet& set, int max_depth = kDefaultMaxFilterDepth);

// A literal of `text` (as a $filter writes it, or as it appears in a key segment) for a property of `type`;
// nullopt when the text is no such literal. Null is not a value here.
std::optional<registry::Cell> literal_value(std::string_view text, bool quoted, registry::Type type);

}  // namespace norced::query
