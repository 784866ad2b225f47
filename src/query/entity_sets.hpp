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

struct EntitySet;

// A navigation property, generated from a reference member (Field::references) and never written per resource.
// The referencing set gets a single-valued one named by the member without its "Id" (SkuPriceList.SkuId → Sku);
// the referenced set gets a collection of the referencing rows, named by the spec where it names one, else the
// referencing type's name without the referenced one's as a prefix, in the plural (ProductSkuPriceList on
// ProductSku → PriceLists, ProductSkuOnhand → Onhands, ProductSku on Product → Skus; no prefix: its set's name).
//
// A link collection of the registry (registry::Collection::references: a product's Categories, stored with the
// product) gives the source set a collection navigation of the same name to the rows its key column names.
struct Navigation {
  std::string name;
  const EntitySet* target = nullptr;  // the set the navigation leads to (possibly another namespace's)
  const registry::Field* via = nullptr;  // the reference member: the source's (single) or the target's (collection); null for a link
  bool collection = false;
  std::string target_namespace;  // the target set's namespace: its qualified type name in $metadata
  int link = -1;  // a link collection's index in the source resource's collections (via is then null)
};

// A property read through a reference member (Field::references): a ProductSkuPriceList's PartNo is its SKU's.
// Its Field is the referenced resource's; selecting it reads the referenced rows in one batch per page, and a
// $filter on it becomes the reference being one of the ids of the referenced rows that match (query/lookups.hpp).
struct Lookup {
  const registry::Field* via = nullptr;    // the set's own reference member (SkuId)
  const registry::Field* field = nullptr;  // the referenced resource's member (Sku.PartNo)
  const EntitySet* target = nullptr;       // the referenced set, narrowed by its own scope when read
};

struct EntitySet {
  std::string name;       // "ProductSkus"
  std::string type_name;  // "ProductSku"
  const registry::Resource* resource = nullptr;
  const registry::Field* key = nullptr;  // Id, or the set's natural key (ProductSkus: PartNo)
  std::vector<const registry::Field*> properties;  // in the resource's member order
  std::vector<Navigation> navigations;
  std::vector<Lookup> lookups;  // their fields are among `properties` too
  // Norce's names for members the registry spells otherwise (SkuPriceList.QuantityBreak is QtyBreak).
  std::vector<std::pair<const registry::Field*, std::string_view>> aliases;

  const Navigation* navigation(std::string_view name) const;
  // The lookup whose field `f` is, or nullptr for one of the set's own members.
  const Lookup* lookup(const registry::Field* f) const;
  // The name `f` has in this set: its alias, else its member name.
  std::string_view name_of(const registry::Field* f) const;

  // The property named exactly `name` (OData names are case-sensitive, and an alias replaces the member's name), or nullptr.
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
  // The sets hold pointers into each other (Navigation::target): a Model is neither copied nor moved.
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  const std::vector<Namespace>& namespaces() const { return namespaces_; }
  // Namespace names match in any letter case, as URL segments of the other APIs do.
  const Namespace* find(std::string_view name) const;

 private:
  void link_navigations();
  std::vector<Namespace> namespaces_;
};

// The entity set of one resource, before navigations are linked: its names, key, properties and aliases.
EntitySet entity_set(const registry::Resource& r);

// English plural of a type name: Category → Categories, Status → Statuses, Sku → Skus.
std::string plural(std::string_view name);

}  // namespace norced::query
