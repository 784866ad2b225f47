#include "query/entity_sets.hpp"

#include "core/ascii.hpp"

namespace norced::query {

using registry::Field;
using registry::Resource;
using registry::Role;

namespace {

// Type names the spec gives where the rule would give another (platform.md §5: Application/ClientManufacturers).
constexpr std::pair<std::string_view, std::string_view> kNamedTypes[] = {{"Manufacturer", "ClientManufacturer"}};

// Sets keyed by a natural key rather than the Id (platform.md §5: ProductSkus by PartNo).
constexpr std::pair<std::string_view, std::string_view> kNaturalKeys[] = {{"Sku", "PartNo"}};

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

EntitySet entity_set(const Resource& r) {
  EntitySet s;
  s.type_name = type_name(r);
  s.name = plural(s.type_name);
  s.resource = &r;
  for (const Field& f : r.fields)
    if (is_property(r, f)) s.properties.push_back(&f);
  std::string_view key = "Id";
  for (auto [resource, natural] : kNaturalKeys)
    if (r.name == resource) key = natural;
  s.key = r.field(key);
  // A resource without an Id member (an application's culture) is keyed by its unique member.
  if (!s.key && !r.unique.empty()) s.key = r.field(r.unique.front());
  return s;
}

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
    if (f->name == name) return f;
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
  namespaces_ = {std::move(application), std::move(products)};
}

const Namespace* Model::find(std::string_view name) const {
  for (const auto& n : namespaces_)
    if (ascii::iequals(n.name, name)) return &n;
  return nullptr;
}

}  // namespace norced::query
