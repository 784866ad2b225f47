// Resetting a client to its seeded state (POST /admin/reset, norced reset; docs/decisions.md "Seed, export and
// reset"). A seed saves a snapshot of every row of the client (management/snapshot.hpp) as a setting of the
// client, in the seed's own transaction; a reset compares the client's rows with it in one write transaction and writes only the differences: rows
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

// Saves `snapshot` (snapshot::encode) as the client's seeded state, replacing any earlier one, in `tx`: it
// commits with the rows it describes.
void save(store::WriteTx& tx, const std::string& snapshot);

struct Restored {
  int64_t inserted = 0, updated = 0, removed = 0;
  std::vector<store::Change> changes;  // what the commit appended; the caller applies them to its caches
};

// Restores the client's seeded state. 409 when the client has none (it was never seeded).
Result<Restored> restore(store::Store& store, const registry::Catalog& catalog, int64_t client,
                         const store::Author& author);

}  // namespace norced::management::reset
