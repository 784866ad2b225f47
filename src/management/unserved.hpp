// Known Norce paths that norced does not serve yet. A request the router answers 404 but whose path is a
// Management API operation of the Norce catalog answers 501 naming that operation, so a client learns "not
// implemented here yet" rather than "typo". The table is generated from the catalog
// (scripts/norce-catalog.cmake → norce_operations.inc).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace norced::management {

struct NorceOperation {
  std::string_view group;      // "CategoryParametric"
  std::string_view name;       // "CategoryParametricApi_CopyToChildren"; empty when the catalog does not say
  std::string_view method;     // "GET"
  std::string_view path;       // "/api/category/{categoryId}/parametric"
  std::string_view summary;
};

// Every catalog operation with a known method and path.
const std::vector<NorceOperation>& norce_operations();

// The catalog operation at `path` (relative to the API root, "/api/...") for `method`, else the first at that
// path with another method; nullopt when the catalog has nothing there. Segments match without regard to
// case; a catalog parameter matches any segment.
const NorceOperation* find_norce_operation(std::string_view method, std::string_view path);

// The 501 for a request the router refused with `refused` (a 404 only), or nullopt to keep the router's answer.
std::optional<Problem> not_implemented(std::string_view method, std::string_view path, const Problem& refused);

}  // namespace norced::management
