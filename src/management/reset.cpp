#include "management/reset.hpp"

#include <unordered_map>

#include "management/config_format.hpp"
#include "management/snapshot.hpp"

namespace norced::management::reset {

using registry::Entity;
using registry::Resource;

namespace {

// A value no client can have written (a control character leads it), unique per row: what a unique member
// holds for a moment while rows trade values (A's Code goes to B and B's to A).
std::string parked(int64_t id) { return "\x01norced-reset-" + std::to_string(id); }

// The rows of one resource put back to `want`, the snapshot's.
void restore_resource(store::WriteTx& tx, const Resource& r, const std::vector<Entity>& want, Restored& out) {
  std::vector<Entity> have = tx.list(r, registry::ListQuery{});
  std::unordered_map<int64_t, const Entity*> wanted;
  for (const auto& e : want) wanted.emplace(e.id, &e);
  std::unordered_map<int64_t, const Entity*> present;
  for (const auto& e : have) present.emplace(e.id, &e);

  // Removed first, so their unique values are free for the rows below.
  for (const auto& e : have)
    if (!wanted.count(e.id)) {
      tx.remove(r, e.id);
      ++out.removed;
    }
  std::vector<const Entity*> changed;
  for (const auto& e : want)
    if (auto it = present.find(e.id); it != present.end() && !snapshot::same_row(r, *it->second, e, true))
      changed.push_back(&e);
  // A unique member that changes is parked first: the value it returns to may be held by another changed row.
  std::vector<int> uniques;
  for (auto name : r.unique)
    if (r.field(name)->type == registry::Type::String) uniques.push_back(r.field_index(name));
  for (const Entity* e : changed) {
    Entity now = *present.at(e->id);
    bool park = false;
    for (int u : uniques)
      if (now.cells[u] != e->cells[u] && !registry::is_null(now.cells[u])) {
        now.cells[u] = parked(e->id);
        park = true;
      }
    if (park) tx.update(r, now);
  }
  for (const Entity* e : changed) {
    tx.update(r, *e);
    ++out.updated;
  }
  for (const auto& e : want)
    if (!present.count(e.id)) {
      tx.insert(r, e);  // a new id: rows the API removes (links, assortments) have no id worth keeping
      ++out.inserted;
    }
}

}  // namespace

// The client's setting that holds its snapshot ("seed_snapshot.client.N").
constexpr std::string_view kSnapshotSetting = "seed_snapshot";

void save(store::WriteTx& tx, const std::string& text) { tx.put_tenant_setting(kSnapshotSetting, text); }

Result<Restored> restore(store::Store& store, const registry::Catalog& catalog, int64_t client,
                         const store::Author& author) {
  std::optional<std::string> text = store.system()->setting(store::tenant_setting_key(kSnapshotSetting, client));
  if (!text)
    return Problem{409, "Conflict",
                   "Client " + std::to_string(client) +
                       " has no seeded state to reset to: seed it first (norced seed, or serve --seed; a file "
                       "holding {} records the client's current state).",
                   {},
                   {}};
  auto rows = snapshot::decode(catalog, *text);
  if (!rows) return rows.take_problem();
  Restored out;
  auto tx = store.write(client, author);
  for (const Resource* r : config::snapshot_resources(catalog)) {
    auto it = rows->find(r->name);
    if (it == rows->end()) continue;  // not in the snapshot (served since): left as it is
    restore_resource(*tx, *r, it->second, out);
  }
  out.changes = tx->commit();
  return out;
}

}  // namespace norced::management::reset
