#include "management/config_format.hpp"

#include <algorithm>

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
      // A child resource (unique_within a parent) is not in the format yet: its natural key holds only within the
      // parent, which a file would have to name too.
      if (written_by_clients(*r) && natural_key(*r) && r->unique_within.empty() && r->feeds_reference_data == feeds)
        out.push_back(r);
  return out;
}

std::vector<const Resource*> snapshot_resources(const registry::Catalog& catalog) {
  std::vector<const Resource*> out = resources(catalog);
  for (const Resource* r : catalog.all())
    if (written_by_clients(*r) && !r->unique_within.empty()) out.push_back(r);
  return out;
}

const registry::Field* natural_key(const Resource& r) { return r.unique.empty() ? nullptr : r.field(r.unique.front()); }

const Resource* code_reference(const registry::Catalog& catalog, const registry::Field& f) {
  if (f.references.empty()) return nullptr;
  const Resource* target = catalog.find(f.references);
  if (!target || std::find(target->unique.begin(), target->unique.end(), "Code") == target->unique.end()) return nullptr;
  return target;
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
