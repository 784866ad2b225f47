#include "store/postgres/postgres_store.hpp"

#include "store/postgres/conninfo.hpp"
#include "store/postgres/jobs.hpp"
#include "store/postgres/schema.hpp"
#include "store/postgres/transactions.hpp"

namespace norced::store::postgres {

using registry::Resource;

namespace {

// A read sees one snapshot of the whole database, taken at its first statement.
const std::string kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
// System writes (a new client, a setting) run one at a time across every instance, as on SQLite's single
// writer, in READ COMMITTED: a check made after system_write() begins ("is there a client yet?", "is there a
// signing key yet?") sees what the previous one committed, so instances that start together create the
// first client and the token signing key once.
const std::string kBeginSystemWrite =
    "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kSystemLock) + ", 0)";

class PostgresStore final : public Store {
 public:
  PostgresStore(const std::string& conninfo, std::vector<const Resource*> resources, const Options& o)
      : state_(ConnectionSettings{conninfo, o.connect_timeout, o.statement_timeout}, o.pool_size, o.pool_wait,
               StatisticsKeeper::Settings{.interval = o.analyze_interval}),
        describe_(redacted(conninfo) + " (pool " + std::to_string(o.pool_size) + ", statement timeout " +
                  std::to_string(o.statement_timeout.count()) + " ms)") {
    {
      // Migrations on a connection of their own, closed afterwards (a failure leaves no session lock behind),
      // without a statement timeout: waiting for another instance's migration, or a long one, is not an error.
      Connection db(ConnectionSettings{conninfo, o.connect_timeout, std::chrono::milliseconds(0)});
      migrate(db, resources);
    }
    for (const Resource* r : resources)
      if (!r->table.empty()) state_.sql.emplace(r, sql::build(*r, sql::postgres_dialect()));
    jobs_ = job_store(state_.pool);
  }

  std::unique_ptr<ReadTx> read(int64_t client_id) override {
    return tenant_read_tx(state_, state_.pool.begin_read(kBeginRead), client_id);
  }
  // A member of the tenant's group commit (group_commit.hpp): its own savepoint in the group's READ COMMITTED
  // transaction, which holds the tenant's lock, so the tenant's writes run one at a time on every instance.
  std::unique_ptr<WriteTx> write(int64_t client_id, Author author) override {
    return tenant_write_tx(state_, state_.groups.enter(client_id), client_id, std::move(author));
  }
  std::unique_ptr<SystemReadTx> system() override { return system_tx(state_.pool.begin_read(kBeginRead), false); }
  std::unique_ptr<SystemWriteTx> system_write() override { return system_tx(state_.pool.begin(kBeginSystemWrite), true); }

  ChangeDigest change_digest(int64_t after, const std::vector<SeqRange>& skip, size_t max_ids) override {
    return state_.pool.outside_transaction(
        [&](Connection& db) { return read_change_digest(db, after, skip, max_ids); });
  }

  bool ready() override {
    try {
      state_.pool.begin("SELECT 1");
      return true;
    } catch (const StoreError&) {
      return false;
    }
  }

  // Other norced instances may write the same database at any moment: caches follow the change log.
  bool shared() const override { return true; }
  JobStore& jobs() override { return *jobs_; }
  std::string describe() const override { return describe_; }
  int waiting_writers(int64_t client_id) { return state_.groups.waiting(client_id); }
  std::vector<std::string> analyze_grown_tables() { return state_.statistics.analyze_due(); }

 private:
  StoreState state_;
  std::string describe_;
  std::unique_ptr<JobStore> jobs_;  // on state_.pool
};

}  // namespace

std::unique_ptr<Store> open(const std::string& conninfo, std::vector<const Resource*> resources, Options options) {
  return std::make_unique<PostgresStore>(conninfo, std::move(resources), options);
}

int waiting_writers(Store& store, int64_t client) {
  auto* pg = dynamic_cast<PostgresStore*>(&store);
  return pg ? pg->waiting_writers(client) : 0;
}

std::vector<std::string> analyze_grown_tables(Store& store) {
  auto* pg = dynamic_cast<PostgresStore*>(&store);
  return pg ? pg->analyze_grown_tables() : std::vector<std::string>{};
}

}  // namespace norced::store::postgres
