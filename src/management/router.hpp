// The Management API's routes, generated from the catalog: for a resource at api/<path>
//   GET <path>/{id} Get · PUT <path>/{id} Update · GET <path> List · POST <path> Insert ·
//   GET <path>/compact Compact · GET <path>/deleted ListDeleted
// as its Operations allow. Paths match without regard to letter case (as ASP.NET routing does); literal
// segments win over {id}. A path that exists with another method answers 405 with Allow.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"
#include "registry/catalog.hpp"

namespace norced::management {

enum class Op { Get, Update, List, Insert, Compact, Deleted };

struct Route {
  const registry::Resource* resource;
  Op op;
  std::string method;
  std::string path;  // "/api/category/{id}"
  std::vector<std::string> segments;  // after "api", lower case; "{id}" for the id
};

struct Match {
  const Route* route = nullptr;
  std::string id;  // raw {id} segment, when the route has one
};

class Router {
 public:
  explicit Router(const registry::Catalog& catalog);
  // `path` is relative to the API root and starts with "/api/". 404 or 405 Problems when nothing matches.
  Result<Match> match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

const char* op_name(Op op);

}  // namespace norced::management
