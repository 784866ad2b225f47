// The embedded default backend: one SQLite database file in WAL mode. Reads run on a pool of read-only
// connections (one per concurrent request, so readers never wait for each other or for the writer); writes
// run on the single writer connection, one request at a time behind an in-process mutex (SQLite's own busy
// handler sleeps in millisecond steps, which would cap write throughput), each in its own savepoint of a
// group transaction that commits once for the requests that queued up meanwhile (group_commit.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace norced::store::sqlite {

// Opens (creating if needed) the database at `path` and migrates it to the current schema.
std::unique_ptr<Store> open(const std::string& path, std::vector<const registry::Resource*> resources);

}  // namespace norced::store::sqlite
