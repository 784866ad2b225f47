#include "query/entity_sets.hpp"

#include <array>
#include <optional>

#include "core/ascii.hpp"
#include "query/category_hierarchy.hpp"
#include "query/core_sets.hpp"

namespace norced::query {

using registry::Field;
using registry::Resource;
using registry::Role;

namespace {

// Type names the spec gives where the rule would give another (platform.md §5: Application/ClientManufacturers).
constexpr std::pair<std::string_view, std::string_view> kNamedTypes[] = {{"Manufacturer", "ClientManufacturer"}};

// Set names the spec gives where the plural would give another (platform.md §5: Application/CategoryHierarchy).
constexpr std::pair<std::string_view, std::string_view> kSetNames[] = {{"CategoryHierarchy", "CategoryHierarchy"}};

// Sets keyed by a natural key rather than the Id (platform.md §5: ProductSkus by PartNo).
constexpr std::pair<std::string_view, std::string_view> kNaturalKeys[] = {{"Sku", "PartNo"}};

// Norce's names for members (the spec's example filters ProductSkuPriceLists by QtyBreak): resource, member, name.
constexpr std::array<std::array<std::string_view, 3>, 1> kAliases = {{{"SkuPriceList", "QuantityBreak", "QtyBreak"}}};

// Properties read through a reference (the spec's example selects a price row's PartNo): resource, reference
// member, the referenced resource's member.
constexpr std::array<std::array<std::string_view, 3>, 1> kLookups = {{{"SkuPriceList", "SkuId", "PartNo"}}};

bool in_products_namespace(const Resource& r) { return r.tag == "Products" || r.name == "SkuOnhand"; }

std::string type_name(const Resource& r) {
  for (auto [resource, type] : kNamedTypes)
    if (r.name == resource) return std::string(type);
  if (in_products_namespace(r) && !r.name.starts_with("Product")) return "Product" + std::string(r.name);
  return std::string(r.name);
}

bool is_property(const Resource& r, const Field& f) {
  if (f.role == Role::Text) {
    const int slot = r.text_index(f.text);
    return slot >= 0 && r.texts[slot].stored;  // a computed text (FullName) is the rules' to make
  }
  return f.role == Role::Id || f.role == Role::Stored || f.role == Role::Audit;
}

}  // namespace

EntitySet entity_set(const Resource& r) {
  EntitySet s;
  s.type_name = type_name(r);
  s.name = plural(s.type_name);
  for (auto [type, name] : kSetNames)
    if (s.type_name == type) s.name = name;
  s.resource = &r;
  for (const Field& f : r.fields)
    if (is_property(r, f)) s.properties.push_back(&f);
  std::string_view key = "Id";
  for (auto [resource, natural] : kNaturalKeys)
    if (r.name == resource) key = natural;
  s.key = r.field(key);
  for (const auto& [resource, member, alias] : kAliases)
    if (r.name == resource)
      if (const Field* f = r.field(member)) s.aliases.emplace_back(f, alias);
  // A resource without an Id member (an application's culture) is keyed by its unique member.
  if (!s.key && !r.unique.empty()) s.key = r.field(r.unique.front());
  return s;
}

namespace {

// The member's name without its "Id": SkuId → Sku, ParentPriceListId → ParentPriceList.
std::string single_name(const Field& f) {
  std::string_view n = f.name;
  if (n.ends_with("Id") && n.size() > 2) n.remove_suffix(2);
  return std::string(n);
}

std::string collection_name(const EntitySet& from, const EntitySet& to) {
  // The spec's names (platform.md §5: a product's Skus, a SKU's PriceLists) are what this rule gives.
  std::string_view rest = from.type_name;
  if (rest.starts_with(to.type_name) && rest.size() > to.type_name.size()) {
    rest.remove_prefix(to.type_name.size());
    return plural(rest);
  }
  return from.name;
}

bool taken(const EntitySet& s, std::string_view name) { return s.property(name) || s.navigation(name); }

}  // namespace

bool is_text(const Field& f) { return f.role == Role::Text; }

std::string plural(std::string_view name) {
  std::string out(name);
  auto vowel = [](char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; };
  if (out.size() > 1 && out.back() == 'y' && !vowel(out[out.size() - 2])) return out.substr(0, out.size() - 1) + "ies";
  if (out.ends_with("s") || out.ends_with("x") || out.ends_with("ch") || out.ends_with("sh")) return out + "es";
  return out + "s";
}

const Field* EntitySet::property(std::string_view name) const {
  for (const Field* f : properties)
    if (name_of(f) == name) return f;
  return nullptr;
}

std::string_view EntitySet::name_of(const Field* f) const {
  for (const auto& [field, alias] : aliases)
    if (field == f) return alias;
  return f->name;
}

const Lookup* EntitySet::lookup(const Field* f) const {
  for (const auto& l : lookups)
    if (l.field == f) return &l;
  return nullptr;
}

const Navigation* EntitySet::navigation(std::string_view name) const {
  for (const auto& n : navigations)
    if (n.name == name) return &n;
  return nullptr;
}

const EntitySet* Namespace::find(std::string_view set) const {
  for (const auto& s : sets)
    if (s.name == set) return &s;
  return nullptr;
}

Model::Model(const registry::Catalog& catalog) {
  Namespace products{"Products", {}}, application{"Application", {}};
  for (const Resource* r : catalog.all()) {
    if (r->table.empty()) continue;  // a view of reference data: no table to query
    EntitySet set = entity_set(*r);
    if (!set.key) continue;  // nothing to address one row by (none today: tests/query check every resource)
    (in_products_namespace(*r) ? products : application).sets.push_back(std::move(set));
  }
  // Derived from the categories when read (query/category_hierarchy.cpp).
  application.sets.push_back(entity_set(category_hierarchy()));
  // Core: the system-wide reference data, described in query/core_sets.cpp and read from the system catalog.
  Namespace core{"Core", {}};
  for (const Resource* r : core_resources()) core.sets.push_back(entity_set(*r));
  namespaces_ = {std::move(application), std::move(products), std::move(core)};
  link_navigations();
}

void Model::link_navigations() {
  struct Located {
    EntitySet* set;
    const Namespace* ns;
  };
  auto locate = [&](std::string_view resource) -> std::optional<Located> {
    for (auto& n : namespaces_)
      for (auto& s : n.sets)
        if (s.resource->name == resource) return Located{&s, &n};
    return std::nullopt;
  };
  for (const auto& [resource, via, member] : kLookups) {
    auto from = locate(resource);
    const Field* ref = from ? from->set->resource->field(via) : nullptr;
    auto to = ref ? locate(ref->references) : std::nullopt;
    const Field* f = to ? to->set->resource->field(member) : nullptr;
    if (!f || taken(*from->set, member)) continue;  // tests/query check each one is there
    from->set->lookups.push_back({ref, f, to->set});
    from->set->properties.push_back(f);
  }
  for (auto& n : namespaces_) {
    for (auto& from : n.sets) {
      for (const Field* f : from.properties) {
        if (from.lookup(f)) continue;
        if (f->role != Role::Stored || f->references.empty()) continue;
        auto to = locate(f->references);
        if (!to) continue;  // a reference to a resource without a table (reference data views)
        // A name already taken (a member, or a second reference to the same set) gets "By" and the member.
        std::string single = single_name(*f);
        if (!taken(from, single)) from.navigations.push_back({single, to->set, f, false, to->ns->name});
        std::string many = collection_name(from, *to->set);
        if (taken(*to->set, many)) many += "By" + single_name(*f);
        if (!taken(*to->set, many)) to->set->navigations.push_back({many, &from, f, true, n.name});
      }
      // Link collections (a product's Categories): named as the registry's member that shows them.
      const auto& collections = from.resource->collections;
      for (size_t i = 0; i < collections.size(); ++i) {
        if (collections[i].references.empty() || taken(from, collections[i].field)) continue;
        auto to = locate(collections[i].references);
        if (!to) continue;
        from.navigations.push_back({std::string(collections[i].field), to->set, nullptr, true, to->ns->name, static_cast<int>(i)});
      }
    }
  }
}

const Namespace* Model::find(std::string_view name) const {
  for (const auto& n : namespaces_)
    if (ascii::iequals(n.name, name)) return &n;
  return nullptr;
}

}  // namespace norced::query
