// The PostgreSQL transactions (tenant_tx.cpp, system_tx.cpp) and what they share with their store. Each
// transaction owns one pooled connection for its life, with the transaction already begun on it; a
// transaction that ends without commit() is rolled back when its connection goes back to the pool.
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>

#include "store/postgres/pool.hpp"
#include "store/sql/generator.hpp"
#include "store/store.hpp"

namespace norced::store::postgres {

struct StoreState {
  StoreState(ConnectionSettings settings, size_t pool_size, std::chrono::milliseconds pool_wait)
      : pool(std::move(settings), pool_size, pool_wait) {}
  Pool pool;
  std::unordered_map<const registry::Resource*, sql::ResourceSql> sql;  // per registered resource

  const sql::ResourceSql& sql_of(const registry::Resource& r) const;
};

// One tenant's transaction on `conn`: a write transaction when `author` is given (its tenant lock already
// taken), else a read transaction.
std::unique_ptr<WriteTx> tenant_tx(StoreState& store, Pool::Lease conn, int64_t client_id,
                                   std::optional<Author> author);

// Change-log entries with seq > `after`, oldest first, at most `limit`, on `db` (in a transaction or not).
std::vector<Change> read_changes(Connection& db, int64_t after, int limit);

// Identity, tenancy, settings and the change log; `write` allows the SystemWriteTx calls.
std::unique_ptr<SystemWriteTx> system_tx(Pool::Lease conn, bool write);

}  // namespace norced::store::postgres
