// Strict mode: what a request sends that the operation does not read. Norce ignores unknown JSON members and
// query parameters without a word, so a typo ("Nmae", "Parent_Id", "page_size") loses data silently. norced
// names each one: as a `Warning: 299 norced "..."` header on the response, or, when the server runs with
// --strict or the request says `norced-strict: true`, as a 400 validation problem naming every one.
// Everything is derived from the description (registry/members.hpp). Member names match without regard to
// letter case, as input.cpp reads them (json::Value::find), so "name" is Name, not unknown; "$id" members,
// which Norce writes on every object and clients send back, are ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"
#include "http/message.hpp"
#include "json/value.hpp"
#include "registry/model.hpp"

namespace norced::management {

struct Unknown {
  std::string path;        // "Nmae", "Cultures[0].Nmae", or a query parameter's name
  std::string_view model;  // "CategoryModel"; empty for a query parameter
  std::string suggestion;  // the closest known name, or empty
};

// Members of `body` (an object of r's model) and of its nested models that the model does not have.
std::vector<Unknown> unknown_members(const registry::Resource& r, const json::Value& body);
// Query parameters the operation does not read (none for a Custom operation, which is not checked).
std::vector<Unknown> unknown_query_params(const registry::Resource& r, const registry::Operation& op,
                                          const std::vector<std::pair<std::string, std::string>>& query);

// The closest of `known` to `name`: the same letters ignoring case and '_' / '-', else the smallest edit
// distance (with transpositions) within about a third of the name's length; empty when none is close.
std::string closest(std::string_view name, const std::vector<std::string>& known);

// Whether this request asks for strict mode: the header norced-strict: true (any letter case).
bool strict_requested(const http::Request& req);
// The 400 naming every unknown member and parameter.
Problem strict_problem(const std::vector<Unknown>& unknown);
// Adds one Warning header per unknown (at most kMaxWarnings, then one that counts the rest).
void add_warnings(http::Response& res, const std::vector<Unknown>& unknown);
inline constexpr size_t kMaxWarnings = 20;

}  // namespace norced::management
