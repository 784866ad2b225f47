// Brings a PostgreSQL database to the current schema: the numbered migrations (the same versions, tables,
// seed rows and ids as the SQLite backend's, store/sqlite/schema.cpp, in PostgreSQL types: bigint identity
// keys, numeric decimals, timestamptz instants, boolean flags), then the resource tables, whose DDL the
// generator writes from the registry (store/sql/generator.hpp, PostgreSQL dialect), reconciled additively.
//
// Several norced instances may start on one database at once: the whole migration runs under a session
// advisory lock, so exactly one of them migrates and the others find the work done. Each migration commits
// with its schema_migration row, so a crash leaves the database at a whole version.
#pragma once

#include <vector>

#include "registry/model.hpp"
#include "store/postgres/connection.hpp"

namespace norced::store::postgres {

// Advisory lock keys (pg_advisory_lock). Two-int keys and bigint keys are separate spaces in PostgreSQL.
inline constexpr int64_t kMigrationLock = 0x6E6F7263'65640001;  // bigint key: "norced" + 1
inline constexpr int32_t kTenantLocks = 0x6E6F7263;             // (kTenantLocks, client id): one tenant's writes
inline constexpr int32_t kChangeLogLock = 0x6E6F7264;           // (kChangeLogLock, 0): change-log appends
inline constexpr int32_t kSystemLock = 0x6E6F7265;              // (kSystemLock, 0): system writes

// Throws StoreError when the database cannot hold norced's data as it must: text is UTF-8 and lower() folds
// letter case beyond ASCII (a UTF-8 LC_CTYPE such as C.UTF-8), which searches rely on.
void migrate(Connection& db, const std::vector<const registry::Resource*>& resources);

}  // namespace norced::store::postgres
