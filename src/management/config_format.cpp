#include "management/config_format.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace norced::management::config {

using registry::Resource;

namespace {

bool written_by_clients(const Resource& r) {
  if (r.table.empty()) return false;
  return std::any_of(r.operations.begin(), r.operations.end(), [](const registry::Operation& op) {
    return op.kind == registry::OpKind::Insert || op.kind == registry::OpKind::Update;
  });
}

}  // namespace

std::vector<const Resource*> resources(const registry::Catalog& catalog) {
  std::vector<const Resource*> out;
  for (bool feeds : {true, false})
    for (const Resource* r : catalog.all())
      if (written_by_clients(*r) && natural_key(*r) && r->unique_within.empty() && r->feeds_reference_data == feeds)
        out.push_back(r);
  // Children last, so that their parents are written first: a file names a child by its parent's Code and its
  // own key within that parent.
  for (const Resource* r : catalog.all())
    if (written_by_clients(*r) && is_child_in_files(catalog, *r)) out.push_back(r);
  return out;
}

bool is_child_in_files(const registry::Catalog& catalog, const Resource& r) {
  if (r.unique_within.empty() || !natural_key(r)) return false;
  for (std::string_view parent : r.unique_within) {
    const registry::Field* f = r.field(parent);
    if (!f || !code_reference(catalog, *f)) return false;
  }
  return true;
}

std::vector<const Resource*> snapshot_resources(const registry::Catalog& catalog) {
  std::vector<const Resource*> out = resources(catalog);
  for (const Resource* r : catalog.all())
    if (written_by_clients(*r) && !r->unique_within.empty() && std::find(out.begin(), out.end(), r) == out.end())
      out.push_back(r);
  return out;
}

const registry::Field* natural_key(const Resource& r) { return r.unique.empty() ? nullptr : r.field(r.unique.front()); }

const Resource* code_reference(const registry::Catalog& catalog, const registry::Field& f) {
  if (f.references.empty()) return nullptr;
  const Resource* target = catalog.find(f.references);
  if (!target || std::find(target->unique.begin(), target->unique.end(), "Code") == target->unique.end()) return nullptr;
  return target;
}

const registry::Field* member(const Resource& r, std::string_view name) {
  for (const auto& f : r.fields)
    if (ascii::iequals(f.name, name)) return &f;
  return nullptr;
}

namespace {

ScalarType scalar_of(registry::Type t) {
  switch (t) {
    case registry::Type::Int:
    case registry::Type::Decimal: return ScalarType::Number;
    case registry::Type::Bool: return ScalarType::Bool;
    case registry::Type::String:
    case registry::Type::DateTime:
    case registry::Type::Guid: return ScalarType::Text;
    case registry::Type::Array: return ScalarType::Any;
  }
  return ScalarType::Any;
}

// A member of a Cultures[] entry: CultureCode and the texts are text, the Is...Inherited flags and
// IsTranslated booleans (registry/members.hpp lists them).
ScalarType culture_scalar(const Resource& r, std::string_view name) {
  if (ascii::iequals(name, "CultureCode")) return ScalarType::Text;
  for (const auto& t : r.texts)
    if (ascii::iequals(t.name, name)) return ScalarType::Text;
  return ascii::istarts_with(name, "Is") ? ScalarType::Bool : ScalarType::Any;
}

}  // namespace

ScalarType scalar_type(const registry::Catalog& catalog, std::span<const std::string> path) {
  if (path.size() < 2 || path.size() > 3) return ScalarType::Any;
  const Resource* r = catalog.find(path[0]);
  const registry::Field* f = r ? member(*r, path[1]) : nullptr;
  if (!f || code_reference(catalog, *f)) return ScalarType::Any;
  if (path.size() == 2) return scalar_of(f->type);
  if (f->role == registry::Role::Cultures) return culture_scalar(*r, path[2]);
  for (const auto& m : r->nested_models)
    if (m.name == f->item_model)
      for (const auto& nested : m.fields)
        if (ascii::iequals(nested.name, path[2])) return scalar_of(nested.type);
  return ScalarType::Any;
}

void SourceLines::add(std::string_view path, int line) { lines_.insert_or_assign(ascii::to_lower(path), line); }

int SourceLines::line_of(std::string_view path) const {
  std::string at = ascii::to_lower(path);
  while (!at.empty()) {
    if (auto it = lines_.find(at); it != lines_.end()) return it->second;
    const size_t cut = at.find_last_of(".[");  // Category[1].Name → Category[1] → Category
    at.resize(cut == std::string::npos ? 0 : cut);
  }
  return 0;
}

std::optional<std::string> key_text(const registry::Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* n = std::get_if<int64_t>(&c)) return std::to_string(*n);
  return std::nullopt;
}

std::optional<int64_t> first_application(store::ReadTx& tx, const registry::Catalog& catalog) {
  const Resource* apps = catalog.find("Application");
  if (!apps) return std::nullopt;
  registry::ListQuery q;
  q.limit = 1;
  auto rows = tx.list(*apps, q);  // ordered by id
  if (rows.empty()) return std::nullopt;
  return rows.front().id;
}

}  // namespace norced::management::config
