// The set of resources a server serves. Routing, storage and the OpenAPI document iterate it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/model.hpp"

namespace norced::registry {

// Mistakes in a description that would otherwise surface at request time: a path parameter bound to no
// member, a unique key or reference naming no member. Empty when the description is sound.
std::vector<std::string> description_errors(const Resource& r);

class Catalog {
 public:
  explicit Catalog(std::vector<const Resource*> resources) : resources_(std::move(resources)) {}
  const std::vector<const Resource*>& all() const { return resources_; }
  const Resource* find(std::string_view name) const {
    for (const Resource* r : resources_)
      if (r->name == name) return r;
    return nullptr;
  }

 private:
  std::vector<const Resource*> resources_;
};

}  // namespace norced::registry
