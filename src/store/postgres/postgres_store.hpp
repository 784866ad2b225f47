// The PostgreSQL backend (libpq): for teams that run several stateless norced instances on one database.
// The same store.hpp contract as the embedded SQLite backend, with the same SQL generator (PostgreSQL
// dialect) and the same migrations, so both engines answer alike:
// - a pool of connections, each with its prepared statements (pool.hpp, connection.hpp);
// - a read transaction is one REPEATABLE READ READ ONLY snapshot;
// - the write transactions of tenant C in one process share a group transaction (group_commit.hpp), each in
//   its own savepoint: READ COMMITTED holding pg_advisory_xact_lock(kTenantLocks, C) from the group's start, so
//   the writes of one tenant are serialised across every instance, while other tenants write in parallel, and
//   one COMMIT (one WAL flush) serves every write that queued meanwhile;
// - their change-log entries are buffered and appended when the group commits, all in one statement, under a
//   global transaction lock taken then and held until COMMIT, so Change::seq is strictly increasing in commit
//   order (a follower reading changes_since never skips a commit); the same statement sends NOTIFY
//   norced_changes with the last seq, to wake followers;
// - system writes (clients, settings) run one at a time across instances, under a global transaction lock;
// - set-based writes are one statement per batch (column arrays expanded by unnest).
// docs/decisions.md ("PostgreSQL backend") gives the reasons and the measurements.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace norced::store::postgres {

// The channel commit() notifies with the last committed seq (as text), for LISTEN in followers.
inline constexpr const char* kChangesChannel = "norced_changes";

struct Options {
  size_t pool_size = 16;                                // connections at most, opened when needed
  std::chrono::milliseconds statement_timeout{30'000};  // per statement, lock waits included, and per wait
                                                        // for the tenant's writer (group_commit.hpp)
  std::chrono::milliseconds pool_wait{5'000};           // for a free connection, then Retryable (503)
  std::chrono::seconds connect_timeout{5};              // libpq connect_timeout for each new connection
  std::chrono::milliseconds analyze_interval{1000};     // statistics_keeper.hpp: how often at most (0 = never)
};

// Connects to `conninfo` (a libpq connection string or postgres:// URL), migrates the database to the
// current schema for `resources` (once, under an advisory lock, however many instances start together) and
// returns the store. Throws StoreError{Unavailable} when the database cannot be reached.
std::unique_ptr<Store> open(const std::string& conninfo, std::vector<const registry::Resource*> resources,
                            Options options = {});

// Write requests of `client` waiting in `store` for the tenant's writer, while another holds it; 0 for a
// store open() did not make. Tests use it to line writers up into one group.
int waiting_writers(Store& store, int64_t client);

// ANALYZEs the tables of `store` that have grown enough since their last analysis (statistics_keeper.hpp), now,
// and returns their names; nothing for a store open() did not make. Tests use it with analyze_interval 0.
std::vector<std::string> analyze_grown_tables(Store& store);

}  // namespace norced::store::postgres
