// Server-driven paging by key, not by offset: a page's @odata.nextLink carries a $skiptoken holding the last
// row's values of the order's keys and its id, and the next page is the rows after that row in the same total
// order (the keys, then the id). Rows inserted or removed meanwhile therefore never shift a page: no row is
// skipped or repeated, whatever happened between two requests. The token is base64url of a small JSON array,
// opaque to clients; one that does not decode, or does not fit the request's order, is a 400.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"
#include "registry/model.hpp"

namespace norced::query {

// The order a page is read in: `order`, then the id unless a key already is the id (a total order).
std::vector<registry::OrderKey> total_order(const registry::Resource& r, std::vector<registry::OrderKey> order);

// The $skiptoken after `last`, for the keys of a total order.
std::string encode_skiptoken(const registry::Resource& r, const std::vector<registry::OrderKey>& keys,
                             const registry::Entity& last);
// The key values a $skiptoken holds, one per key of the total order.
Result<std::vector<registry::Cell>> decode_skiptoken(std::string_view token, const registry::Resource& r,
                                                     const std::vector<registry::OrderKey>& keys);

// The rows strictly after `values` in the total order `keys` (nulls sort first: ListQuery::order).
registry::Expr after(const registry::Resource& r, const std::vector<registry::OrderKey>& keys,
                     const std::vector<registry::Cell>& values);

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace norced::query
