// The set of resources a server serves. Routing, storage and the OpenAPI document iterate it.
#pragma once

#include <string_view>
#include <vector>

#include "registry/model.hpp"

namespace norced::registry {

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
