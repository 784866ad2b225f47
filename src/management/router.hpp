// The Management API's routes: every operation of every resource in the catalog (registry/operation.hpp),
// under /api/. Paths match without regard to letter case (as ASP.NET routing does); a literal segment wins
// over a parameter, so `category/compact` is never read as an id. A path that exists with another method
// answers 405 with Allow listing the methods it has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"
#include "registry/catalog.hpp"

namespace norced::management {

struct Route {
  const registry::Resource* resource;
  const registry::Operation* op;
  std::string path;                   // "/api/category/{id}", as the OpenAPI document lists it
  std::vector<std::string> segments;  // after "api", lower case; "{}" for a parameter
};

struct Match {
  const Route* route = nullptr;
  std::vector<std::string> values;  // raw value of each of route->op->params, in order
};

// The non-empty segments of a path, as written: "/api//category/5/" → {"api", "category", "5"}.
std::vector<std::string_view> split_path(std::string_view path);

class Router {
 public:
  explicit Router(const registry::Catalog& catalog);
  // `path` is relative to the API root and starts with "/api/". 404 or 405 Problems when nothing matches.
  Result<Match> match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace norced::management
