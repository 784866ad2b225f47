// The PostgreSQL transactions (tenant_tx.cpp, system_tx.cpp) and what they share with their store. A read or
// system transaction owns one pooled connection for its life, with the transaction already begun on it; one
// that ends without commit() is rolled back when its connection goes back to the pool. A tenant's write
// transaction is a member of the tenant's group (group_commit.hpp): it runs in its own savepoint on the
// group's connection, which it does not own.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/postgres/group_commit.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/statistics_keeper.hpp"
#include "store/sql/generator.hpp"
#include "store/store.hpp"

namespace norced::store::postgres {

// Ids for the new rows of batched write transactions, from the tables' sequences, on a connection of its own.
// A sequence stands outside every transaction, so a transaction that has sent writes without waiting for
// them (TenantTx::flush_without_waiting) need not wait for them to reserve more ids, as it would on its own
// connection, where answers come in order. Opened on first use; one caller at a time.
class IdReserver {
 public:
  explicit IdReserver(ConnectionSettings settings) : settings_(std::move(settings)) {}
  // The `allocate_ids` statement for `n` ids → the ids, ascending.
  std::vector<int64_t> reserve(const std::string& allocate_ids, int64_t n);

 private:
  const ConnectionSettings settings_;
  std::mutex mu_;
  std::unique_ptr<Connection> conn_;  // GUARDED_BY(mu_)
};

struct StoreState {
  StoreState(ConnectionSettings settings, size_t pool_size, std::chrono::milliseconds pool_wait,
             StatisticsKeeper::Settings statistics_settings)
      : pool(settings, pool_size, pool_wait),
        groups(pool, settings.statement_timeout),
        statistics(pool, statistics_settings),
        ids(settings) {}
  Pool pool;
  GroupCommit groups;           // after the pool: ended before it
  StatisticsKeeper statistics;  // told of every committed write
  IdReserver ids;
  std::unordered_map<const registry::Resource*, sql::ResourceSql> sql;  // per registered resource

  const sql::ResourceSql& sql_of(const registry::Resource& r) const;
};

// One tenant's read transaction on `conn`.
std::unique_ptr<ReadTx> tenant_read_tx(StoreState& store, Pool::Lease conn, int64_t client_id);
// One tenant's write transaction, as `member` of the tenant's group.
std::unique_ptr<WriteTx> tenant_write_tx(StoreState& store, std::unique_ptr<GroupCommit::Member> member,
                                         int64_t client_id, Author author);

// Change-log entries with seq > `after`, oldest first, at most `limit`, on `db` (in a transaction or not).
std::vector<Change> read_changes(Connection& db, int64_t after, int limit);

// The change log after `after` as a digest (Store::change_digest), in one statement on `db`.
ChangeDigest read_change_digest(Connection& db, int64_t after, const std::vector<SeqRange>& skip, size_t max_ids);

// Identity, tenancy, settings and the change log; `write` allows the SystemWriteTx calls.
std::unique_ptr<SystemWriteTx> system_tx(Pool::Lease conn, bool write);

}  // namespace norced::store::postgres
