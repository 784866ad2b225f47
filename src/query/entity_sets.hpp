// The Query API's namespaces and entity sets, derived from the registry: every resource with a table of its own
// becomes one entity set, so a resource added to the catalog is queryable without code here. The commerce data
// Connect imports (tag Products) is the Products namespace, everything else the Management API stores the
// Application namespace. Names: a Products type is "Product" + the resource name unless it starts with
// "Product" (Sku → ProductSku); an Application type is the resource name, except where the spec names a set
// otherwise (Manufacturer → ClientManufacturer); a set is its type's English plural (Category → Categories).
// The properties are the resource's columns (the Id and the Stored and Audit members) and its stored culture
// texts (Role::Text: shown in the caller's application's culture) under their JSON names; Scope members (the application a row belongs to) are not properties, they narrow every query instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/catalog.hpp"

namespace norced::query {

// A culture text property (Name): served in the application's culture, falling back to the client's default
// one, as the Management API shows it. It lives in the resource's culture table, so it may be selected but not
// (yet) filtered or ordered by.
bool is_text(const registry::Field& f);

struct EntitySet {
  std::string name;       // "ProductSkus"
  std::string type_name;  // "ProductSku"
  const registry::Resource* resource = nullptr;
  const registry::Field* key = nullptr;  // Id, or the set's natural key (ProductSkus: PartNo)
  std::vector<const registry::Field*> properties;  // in the resource's member order

  // The property named exactly `name` (OData names are case-sensitive), or nullptr.
  const registry::Field* property(std::string_view name) const;
};

struct Namespace {
  std::string name;  // "Products"
  std::vector<EntitySet> sets;
  const EntitySet* find(std::string_view set) const;
};

class Model {
 public:
  explicit Model(const registry::Catalog& catalog);
  const std::vector<Namespace>& namespaces() const { return namespaces_; }
  // Namespace names match in any letter case, as URL segments of the other APIs do.
  const Namespace* find(std::string_view name) const;

 private:
  std::vector<Namespace> namespaces_;
};

// English plural of a type name: Category → Categories, Status → Statuses, Sku → Skus.
std::string plural(std::string_view name);

}  // namespace norced::query
