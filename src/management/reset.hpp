// Resetting a client to its seeded state (POST /admin/reset, norced reset; docs/decisions.md "Seed, export and
// reset"). A seed saves a snapshot of every row of the client (management/snapshot.hpp) as a system setting;
// a reset compares the client's rows with it in one write transaction and writes only the differences: rows
// changed since are put back, rows added since are removed, rows removed since are inserted again. Every such
// write appends its change-log entry, so every instance's caches retire exactly what the reset changed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management::reset {

// The setting that holds a client's snapshot.
std::string snapshot_key(int64_t client);

// Saves `snapshot` (snapshot::encode) as the client's seeded state, replacing any earlier one.
void save(store::Store& store, int64_t client, const std::string& snapshot);

struct Restored {
  int64_t inserted = 0, updated = 0, removed = 0;
  std::vector<store::Change> changes;  // what the commit appended; the caller applies them to its caches
};

// Restores the client's seeded state. 409 when the client has none (it was never seeded).
Result<Restored> restore(store::Store& store, const registry::Catalog& catalog, int64_t client,
                         const store::Author& author);

}  // namespace norced::management::reset
