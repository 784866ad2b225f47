// What only the PostgreSQL backend has, beyond the contract suite (contract_test.cpp): several instances on
// one database (migrations run once, one tenant's writes serialised across stores, the change log in commit
// order under concurrent tenants, NOTIFY), the Management catalog's schema in PostgreSQL types, case folding
// beyond ASCII in unique keys, text PostgreSQL cannot hold, and a database that goes away and comes back
// (Unavailable, ready(), recovery without a restart). Skipped without NORCED_TEST_DATABASE.
#include "store/postgres/postgres_store.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include "contract_support.hpp"
#include "management/resources/resources.hpp"
#include "pg_test_database.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/conninfo.hpp"
#include "store/postgres/transactions.hpp"
#include "store/postgres/values.hpp"
#include "store/sql/generator.hpp"
#include "tcp_proxy.hpp"

using namespace norced;
using registry::Cell;
using registry::Entity;
using registry::Expr;
using contract::new_client;
using store::StoreError;
using store::StoreErrorKind;

namespace {

// One libpq connection for the test's own look at the database.
class Peek {
 public:
  explicit Peek(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(c_) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c_));
  }
  ~Peek() { PQfinish(c_); }
  // The first column of every row of `sql`.
  std::vector<std::string> column(const std::string& sql) {
    PGresult* r = PQexec(c_, sql.c_str());
    std::vector<std::string> out;
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
      std::string e = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql + ": " + e);
    }
    for (int i = 0; i < PQntuples(r); ++i) out.emplace_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return out;
  }
  std::string value(const std::string& sql) { return column(sql).at(0); }
  PGconn* handle() { return c_; }

 private:
  PGconn* c_;
};

Entity widget_entity(const std::string& code, int64_t count = 0) {
  const auto& r = contract::widget();
  Entity e;
  e.cells.resize(r.fields.size());
  e.collections.resize(r.collections.size());
  e.cells[r.field_index("Code")] = code;
  e.cells[r.field_index("Count")] = count;
  e.cells[r.field_index("Flag")] = false;
  e.cells[r.field_index("IsActive")] = true;
  return e;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (pgtest::admin_conninfo().empty()) GTEST_SKIP() << pgtest::kSkipMessage;
    db_ = std::make_unique<pgtest::TestDatabase>();
  }
  std::unique_ptr<store::Store> open(store::postgres::Options o = {}) {
    return store::postgres::open(db_->conninfo(), contract::resources(), o);
  }
  std::unique_ptr<pgtest::TestDatabase> db_;
};

}  // namespace

TEST_F(PostgresStoreTest, MigrationsRunOnceWhenInstancesStartTogether) {
  constexpr int kInstances = 4;
  std::vector<std::unique_ptr<store::Store>> stores(kInstances);
  std::vector<std::string> errors(kInstances);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < kInstances) std::this_thread::yield();  // start together
      try {
        stores[i] = open();
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kInstances; ++i) EXPECT_EQ(errors[i], "") << "instance " << i;
  EXPECT_TRUE(stores[0]->shared()) << "other instances write too: caches must follow the change log";
  Peek peek(db_->conninfo());
  EXPECT_EQ(peek.column("SELECT version || ' ' || name FROM schema_migration ORDER BY version"),
            (std::vector<std::string>{"1 identity, tenancy and reference data", "2 change log", "3 settings groups",
                                      "4 connect jobs"}));
  EXPECT_EQ(peek.value("SELECT string_agg(code, ',' ORDER BY id) FROM currency"), "SEK,EUR,NOK,DKK,USD,GBP,CHF,PLN")
      << "the seed rows once, with SQLite's ids";
  EXPECT_EQ(peek.value("SELECT count(*) FROM pg_indexes WHERE indexname = 'contract_widget_code_key'"), "1");
  // Every instance serves the same data.
  const auto a = new_client(*stores[0], "a");
  {
    auto tx = stores[1]->write(a.client_id, {"t", 0});
    tx->insert(contract::widget(), widget_entity("SHARED"));
    tx->commit();
  }
  EXPECT_TRUE(stores[3]->read(a.client_id)->find_unique(contract::widget(), "Code", "shared"));
  stores.clear();
  EXPECT_NO_THROW(open()) << "a later start finds nothing to do";
}

TEST_F(PostgresStoreTest, TheManagementCatalogsColumnsHaveTheGeneratorsTypes) {
  // The settings tables are created by migration 3, the others by reconcile(): all must carry the type the
  // PostgreSQL dialect gives their members, or values would not round-trip alike.
  const auto& catalog = management::resources::catalog();
  auto s = store::postgres::open(db_->conninfo(), catalog.all());
  Peek peek(db_->conninfo());
  const std::map<std::string, std::string> spelled = {{"bigint", "bigint"},   {"boolean", "boolean"},
                                                      {"text", "text"},       {"numeric", "numeric"},
                                                      {"timestamptz", "timestamp with time zone"}};
  int checked = 0;
  for (const registry::Resource* r : catalog.all()) {
    if (r->table.empty()) continue;
    for (const auto& f : r->fields) {
      if (!store::sql::is_column(f)) continue;
      const std::string col = registry::column_of(f);
      SCOPED_TRACE(std::string(r->table) + "." + col);
      const auto type = peek.column("SELECT data_type FROM information_schema.columns WHERE table_name = '" +
                                    std::string(r->table) + "' AND column_name = '" + col + "'");
      ASSERT_EQ(type.size(), 1u);
      EXPECT_EQ(type[0], spelled.at(store::sql::postgres_dialect().column_type(f.type)));
      ++checked;
    }
    for (auto u : r->unique)
      EXPECT_EQ(peek.value("SELECT count(*) FROM pg_indexes WHERE indexname = '" + store::sql::unique_index(*r, u) + "'"),
                "1") << r->table;
  }
  EXPECT_GT(checked, 50);
}

TEST_F(PostgresStoreTest, ResourceTablesAndTheChangeLogKeepNoForeignKeyToClientOrCulture) {
  // Each would be checked per written row (a fifth of an import chunk's time); norced sets both values itself.
  // An owner's texts and collections keep theirs.
  const char* kRetired =
      "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid IN ('client'::regclass, "
      "'culture'::regclass) AND conrelid::regclass::text IN ('change_log', 'contract_widget', "
      "'contract_widget_culture', 'contract_link')";
  open();
  Peek peek(db_->conninfo());
  EXPECT_EQ(peek.value(kRetired), "0");
  EXPECT_EQ(peek.value("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND "
                       "conrelid = 'contract_widget_culture'::regclass AND confrelid = 'contract_widget'::regclass"),
            "1");
  // A database an earlier norced created has them: the next start drops them, and the one after finds none.
  peek.column("ALTER TABLE contract_widget ADD FOREIGN KEY (client_id) REFERENCES client(id)");
  peek.column("ALTER TABLE contract_widget_culture ADD FOREIGN KEY (culture) REFERENCES culture(code)");
  peek.column("ALTER TABLE change_log ADD FOREIGN KEY (client_id) REFERENCES client(id)");
  EXPECT_EQ(peek.value(kRetired), "3");
  open();
  EXPECT_EQ(peek.value(kRetired), "0");
  EXPECT_NO_THROW(open());
}

TEST_F(PostgresStoreTest, UniqueKeysFoldCaseBeyondAsciiAndAConflictNamesTheMember) {
  auto s = open();
  const auto a = new_client(*s, "a");
  const auto& r = contract::widget();
  {
    auto tx = s->write(a.client_id, {"t", 0});
    tx->insert_many(r, {widget_entity("Ångström"), widget_entity("Éclair")});
    tx->commit();
  }
  for (const std::string code : {"ångström", "ÅNGSTRÖM", "éclair", "ÉCLAIR"}) {
    SCOPED_TRACE(code);
    auto tx = s->write(a.client_id, {"t", 0});
    try {
      tx->insert(r, widget_entity(code));
      ADD_FAILURE() << "expected a Conflict";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
      EXPECT_EQ(e.field, "Code");
    }
  }
  // The database's own lower() agrees with the store's fold (searches fold in SQL, keys in the store).
  auto read = s->read(a.client_id);
  auto found = read->list(r, {Expr::contains_folded({"Code"}, "ÅNG"), std::nullopt, 0});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(std::get<std::string>(found[0].cells[r.field_index("Code")]), "Ångström");
  EXPECT_EQ(read->find_unique(r, "Code", "ÉCLAIR"), read->find_unique(r, "Code", "éclair"));
  // Two rows of one batch that collide are a Conflict too, named alike.
  auto tx = s->write(a.client_id, {"t", 0});
  try {
    tx->insert_many(r, {widget_entity("Øre"), widget_entity("øRE")});
    ADD_FAILURE() << "expected a Conflict";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
    EXPECT_EQ(e.field, "Code");
  }
}

TEST_F(PostgresStoreTest, TextPostgresCannotHoldMatchesNothingAndIsNeverCutShort) {
  auto s = open();
  const auto a = new_client(*s, "a");
  const auto& r = contract::widget();
  {
    auto tx = s->write(a.client_id, {"t", 0});
    tx->insert(r, widget_entity("AB"));
    tx->commit();
  }
  auto read = s->read(a.client_id);
  const std::string nul("A\0B", 3), bad = "A\xC3";
  EXPECT_EQ(read->find_unique(r, "Code", nul), std::nullopt) << "not cut to \"A\" at the NUL";
  EXPECT_EQ(read->find_unique(r, "Code", bad), std::nullopt);
  EXPECT_TRUE(read->find_unique_many(r, "Code", {nul, bad}).empty());
  EXPECT_TRUE(read->list(r, {Expr::contains_folded({"Code"}, nul), std::nullopt, 0}).empty());
  EXPECT_TRUE(read->list(r, {Expr::contains_folded({"Code"}, bad), std::nullopt, 0}).empty());
  EXPECT_EQ(read->list(r, {Expr::any_of({Expr::cmp(Expr::Op::Eq, "Code", bad), Expr::cmp(Expr::Op::Eq, "Code", std::string("AB"))}),
                           std::nullopt, 0}).size(), 1u) << "an unmatchable value only drops its own comparison";
  auto tx = s->write(a.client_id, {"t", 0});
  EXPECT_THROW(tx->insert(r, widget_entity(nul)), StoreError) << "a value would lose its tail: refused";
  EXPECT_THROW(tx->commit(), StoreError);
}

TEST_F(PostgresStoreTest, OneTenantsWritesAreSerialisedAcrossInstances) {
  auto one = open(), two = open();  // two norced instances on one database
  const auto a = new_client(*one, "a");
  const auto& r = contract::widget();
  int64_t id;
  {
    auto tx = one->write(a.client_id, {"t", 0});
    id = tx->insert(r, widget_entity("COUNTER"));
    tx->commit();
  }
  constexpr int kIncrements = 60;
  auto work = [&](store::Store& s) {
    for (int i = 0; i < kIncrements; ++i) {
      auto tx = s.write(a.client_id, {"t", 0});
      Entity e = *tx->get(r, id);  // read-modify-write: lost if two transactions interleaved
      e.cells[r.field_index("Count")] = std::get<int64_t>(e.cells[r.field_index("Count")]) + 1;
      tx->update(r, e);
      tx->commit();
    }
  };
  std::thread t1(work, std::ref(*one)), t2(work, std::ref(*two));
  t1.join();
  t2.join();
  auto got = two->read(a.client_id)->get(r, id);
  EXPECT_EQ(std::get<int64_t>(got->cells[r.field_index("Count")]), 2 * kIncrements);
}

TEST_F(PostgresStoreTest, AFollowerMissesNoCommitWhileTenantsCommitConcurrently) {
  // Writers of different tenants commit at the same time on two instances while a follower reads
  // changes_since(last seen) in a loop, as a cache follower does. A seq that became visible after a larger one
  // would be skipped for good; the follower must see every committed entry exactly once, in order.
  auto one = open(), two = open();
  constexpr int kTenants = 4, kCommits = 40;
  std::vector<store::CreatedClient> tenants;
  for (int t = 0; t < kTenants; ++t) tenants.push_back(new_client(*one, "t" + std::to_string(t)));
  const int64_t start = one->system()->last_change();
  std::atomic<int> writing{kTenants};
  std::vector<std::vector<int64_t>> committed(kTenants);
  std::vector<std::thread> writers;
  for (int t = 0; t < kTenants; ++t)
    writers.emplace_back([&, t] {
      store::Store& s = (t % 2) ? *two : *one;
      try {
        for (int i = 0; i < kCommits; ++i) {
          auto tx = s.write(tenants[t].client_id, {"t", 0});
          tx->insert_many(contract::widget(), {widget_entity("W" + std::to_string(i) + "a"),
                                               widget_entity("W" + std::to_string(i) + "b")});
          for (const auto& c : tx->commit()) committed[t].push_back(c.seq);
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << "tenant " << t << ": " << e.what();
      }
      --writing;
    });
  std::vector<int64_t> seen;
  int64_t after = start;
  auto follow = [&] {
    for (const auto& c : one->system()->changes_since(after, 1000)) {
      seen.push_back(c.seq);
      after = c.seq;
    }
  };
  while (writing > 0) follow();
  for (auto& w : writers) w.join();
  follow();
  std::vector<int64_t> all;
  for (const auto& c : committed) all.insert(all.end(), c.begin(), c.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kTenants * kCommits * 2));
  EXPECT_EQ(seen, all) << "every committed entry, once, in seq order";
  EXPECT_EQ(all.front(), start + 1);
  EXPECT_EQ(all.back(), start + static_cast<int64_t>(all.size())) << "no gaps";
}

namespace {

// Waits until `n` write requests of `client` wait for the writer in `s`: when the holder leaves, they join its
// group one after another. Only lines threads up; a test's assertions do not depend on how long it takes.
void line_up(store::Store& s, int64_t client, int n) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (store::postgres::waiting_writers(s, client) < n) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "writers did not line up";
    std::this_thread::yield();
  }
}

// How one writer ended: its committed entries, or its error.
struct Ended {
  std::vector<store::Change> changes;
  std::optional<StoreErrorKind> error;
  std::string field;
};

template <class F>
Ended run_writer(F&& body) {
  Ended out;
  try {
    out.changes = body();
  } catch (const StoreError& e) {
    out.error = e.kind;
    out.field = e.field;
  }
  return out;
}

std::vector<std::string> codes(store::Store& s, int64_t client) {
  std::vector<std::string> out;
  const auto& r = contract::widget();
  for (const auto& e : s.read(client)->list(r, {})) out.push_back(std::get<std::string>(e.cells[r.field_index("Code")]));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_F(PostgresStoreTest, WritersLinedUpShareOneCommitAndAFailedMemberUndoesOnlyItsOwnPart) {
  auto s = open();
  const auto a = new_client(*s, "a");
  const auto& r = contract::widget();
  {
    auto tx = s->write(a.client_id, {"t", 0});
    tx->insert(r, widget_entity("TAKEN"));
    tx->commit();
  }
  const int64_t before = s->system()->last_change();
  constexpr int kWriters = 7;
  auto first = s->write(a.client_id, {"first", 1});  // holds the tenant's writer: the others wait in line
  first->insert(r, widget_entity("FIRST"));
  std::vector<Ended> ended(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      ended[w] = run_writer([&] {
        auto tx = s->write(a.client_id, {"writer-" + std::to_string(w), 100 + w});
        EXPECT_TRUE(tx->find_unique(r, "Code", "FIRST")) << "an earlier member's write, not committed yet, is seen";
        tx->insert(r, widget_entity("W" + std::to_string(w)));
        // Writers 1 and 4 then take a code held by the group's first member or by a committed row: the unique
        // violation undoes their own writes (W1, W4) and nobody else's.
        if (w % 3 == 1) tx->insert(r, widget_entity(w == 1 ? "first" : "taken"));
        return tx->commit();
      });
    });
  line_up(*s, a.client_id, kWriters);
  const auto first_changes = first->commit();  // hands the group on, returns once the last member committed it
  first.reset();
  for (auto& t : writers) t.join();

  for (int w = 0; w < kWriters; ++w) {
    SCOPED_TRACE("writer " + std::to_string(w));
    if (w % 3 == 1) {
      EXPECT_EQ(ended[w].error, StoreErrorKind::Conflict);
      EXPECT_EQ(ended[w].field, "Code");
    } else {
      EXPECT_EQ(ended[w].error, std::nullopt);
      ASSERT_EQ(ended[w].changes.size(), 1u);
      EXPECT_EQ(ended[w].changes[0].account, "writer-" + std::to_string(w));
      EXPECT_EQ(ended[w].changes[0].at, 100 + w);
    }
  }
  EXPECT_EQ(codes(*s, a.client_id), (std::vector<std::string>{"FIRST", "TAKEN", "W0", "W2", "W3", "W5", "W6"}));
  Peek peek(db_->conninfo());
  // (Each member's rows carry the xid of its savepoint, but the group's entries were appended by one statement.)
  EXPECT_EQ(peek.value("SELECT count(DISTINCT xmin::text) FROM change_log WHERE seq > " + std::to_string(before)), "1")
      << "the eight requests were committed together";

  // Seqs: the first member's come first, each member's are contiguous, the whole group's have no gap, and the
  // members' order is the order they ran in (row ids are drawn in that order).
  ASSERT_EQ(first_changes.size(), 1u);
  EXPECT_EQ(first_changes[0].seq, before + 1);
  std::vector<store::Change> all = first_changes;
  for (const auto& e : ended) all.insert(all.end(), e.changes.begin(), e.changes.end());
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.seq < y.seq; });
  const auto logged = s->system()->changes_since(before, 100);
  ASSERT_EQ(logged.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, before + 1 + static_cast<int64_t>(i));
    if (i) EXPECT_GT(all[i].entity_id, all[i - 1].entity_id) << "seq order is the order the members ran in";
    EXPECT_EQ(logged[i].seq, all[i].seq);
    EXPECT_EQ(logged[i].entity_id, all[i].entity_id);
    EXPECT_EQ(logged[i].account, all[i].account) << "each entry keeps its own request's author";
    EXPECT_EQ(logged[i].at, all[i].at);
    EXPECT_EQ(logged[i].client_id, a.client_id);
  }
}

TEST_F(PostgresStoreTest, AGroupHasAtMostThirtyTwoMembers) {
  auto s = open();
  const auto a = new_client(*s, "a");
  const auto& r = contract::widget();
  constexpr int kWriters = 40;
  auto first = s->write(a.client_id, {"t", 0});
  first->insert(r, widget_entity("FIRST"));
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      try {
        auto tx = s->write(a.client_id, {"t", 0});
        tx->insert(r, widget_entity("W" + std::to_string(w)));
        tx->commit();
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  line_up(*s, a.client_id, kWriters);
  first->commit();
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  Peek peek(db_->conninfo());
  EXPECT_EQ(peek.column("SELECT count(*) FROM change_log WHERE client_id = " + std::to_string(a.client_id) +
                        " GROUP BY xmin::text ORDER BY count(*) DESC"),
            (std::vector<std::string>{"32", "9"}))
      << "the 32nd member commits although others wait; they form the next group";
}

TEST_F(PostgresStoreTest, ConcurrentWritersOfOneTenantCommitEveryKeptWriteOnceInSeqOrder) {
  // No lining up here: threads write as fast as they can, so groups form and end at random. Some writes take a
  // code of their own that is committed already, and every round all threads race for one SHARED code.
  auto s = open();
  const auto a = new_client(*s, "a");
  const auto& r = contract::widget();
  const int64_t before = s->system()->last_change();
  constexpr int kThreads = 8, kRounds = 25;
  std::vector<std::vector<Ended>> ended(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        ended[t].push_back(run_writer([&] {
          for (int attempt = 0;; ++attempt) {
            try {
              auto tx = s->write(a.client_id, {"t" + std::to_string(t), i});
              tx->insert(r, widget_entity("T" + std::to_string(t) + "-" + std::to_string(i)));
              if (i % 5 == 4) tx->insert(r, widget_entity("T" + std::to_string(t) + "-" + std::to_string(i - 1)));
              else if (i % 5 == 2) tx->insert(r, widget_entity("SHARED-" + std::to_string(i)));
              return tx->commit();
            } catch (const StoreError& e) {
              if (e.kind != StoreErrorKind::Retryable || attempt > 20) throw;
            }
          }
        }));
      }
    });
  for (auto& th : threads) th.join();

  std::vector<std::string> expected;
  std::vector<store::Change> all;
  std::map<int, int> shared_winners;  // round → threads whose SHARED code was committed
  for (int t = 0; t < kThreads; ++t) {
    int64_t last_seq = 0;
    for (int i = 0; i < kRounds; ++i) {
      SCOPED_TRACE("thread " + std::to_string(t) + " round " + std::to_string(i));
      const Ended& e = ended[t][i];
      if (i % 5 == 4) {
        EXPECT_EQ(e.error, StoreErrorKind::Conflict) << "its own code of the round before";
        continue;
      }
      if (i % 5 == 2 && e.error) {
        EXPECT_EQ(e.error, StoreErrorKind::Conflict) << "another thread took the shared code";
        continue;
      }
      ASSERT_EQ(e.error, std::nullopt);
      expected.push_back("T" + std::to_string(t) + "-" + std::to_string(i));
      if (i % 5 == 2) {
        expected.push_back("SHARED-" + std::to_string(i));
        ++shared_winners[i];
      }
      for (const auto& c : e.changes) {
        EXPECT_GT(c.seq, last_seq) << "a thread's commits follow each other in seq";
        last_seq = c.seq;
        all.push_back(c);
      }
    }
  }
  for (int i = 2; i < kRounds; i += 5) EXPECT_EQ(shared_winners[i], 1) << "round " << i;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(codes(*s, a.client_id), expected) << "every kept write, no rolled-back one";
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.seq < y.seq; });
  const auto logged = s->system()->changes_since(before, 10'000);
  ASSERT_EQ(logged.size(), all.size()) << "a change-log entry for each committed row, none for a rolled-back one";
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(logged[i].seq, all[i].seq);
    EXPECT_EQ(logged[i].entity_id, all[i].entity_id);
    EXPECT_EQ(logged[i].account, all[i].account);
    if (i) EXPECT_GT(all[i].entity_id, all[i - 1].entity_id) << "seq order is the order the writes ran in";
  }
  EXPECT_EQ(all.back().seq, before + static_cast<int64_t>(all.size())) << "no gaps";
}

namespace {

// A one-shot signal between threads; sending it again does nothing.
class Signal {
 public:
  void send() {
    if (!sent_.exchange(true)) latch_.count_down();
  }
  void wait() { latch_.wait(); }

 private:
  std::latch latch_{1};
  std::atomic<bool> sent_{false};
};

// A store reached through a TCP proxy that a test can cut.
struct ProxiedStore {
  explicit ProxiedStore(const pgtest::TestDatabase& db)
      : admin(db.conninfo()),
        proxy(PQhost(admin.handle()), static_cast<uint16_t>(std::stoi(PQport(admin.handle())))),
        store(store::postgres::open(db.conninfo() + " host=127.0.0.1 port=" + std::to_string(proxy.port()),
                                    contract::resources())) {}
  Peek admin;
  test_support::TcpProxy proxy;
  std::unique_ptr<store::Store> store;
};

}  // namespace

TEST_F(PostgresStoreTest, AConnectionLostMidGroupFailsEveryMemberAndTheNextWriteSucceeds) {
  // The first member hands the group on to the second and waits for its COMMIT; then the connection is cut
  // while the second holds it. The second either commits (the append fails) or is destroyed without commit
  // (its rollback fails): either way neither write is kept, both members hear Unavailable, and the next
  // write opens a new group on a new connection.
  for (const bool second_commits : {true, false}) {
    SCOPED_TRACE(second_commits ? "the second member commits" : "the second member is destroyed");
    ProxiedStore p(*db_);
    store::Store& s = *p.store;
    const auto a = new_client(s, second_commits ? "a" : "b");
    const auto& r = contract::widget();
    const int64_t before = s.system()->last_change();
    Signal first_in, go_first, second_in, cut;
    Ended first_ended, second_ended;
    std::thread first([&] {
      first_ended = run_writer([&] {
        auto tx = s.write(a.client_id, {"t", 0});
        tx->insert(r, widget_entity("K1"));
        first_in.send();
        go_first.wait();
        return tx->commit();
      });
      first_in.send();  // also when it failed before, so that the test fails instead of hanging
    });
    first_in.wait();
    std::thread second([&] {
      second_ended = run_writer([&]() -> std::vector<store::Change> {
        auto tx = s.write(a.client_id, {"t", 0});
        tx->insert(r, widget_entity("K2"));
        second_in.send();
        cut.wait();
        if (second_commits) return tx->commit();
        return {};
      });
      second_in.send();
    });
    line_up(s, a.client_id, 1);
    go_first.send();  // the first hands the group on to the second, which is waiting for the writer
    second_in.wait();
    p.proxy.stop();
    cut.send();
    first.join();
    second.join();
    EXPECT_EQ(first_ended.error, StoreErrorKind::Unavailable);
    if (second_commits) EXPECT_EQ(second_ended.error, StoreErrorKind::Unavailable);
    else EXPECT_EQ(second_ended.error, std::nullopt) << "destroyed without commit: nothing to report";

    p.proxy.start();
    {
      auto tx = s.write(a.client_id, {"t", 0});
      tx->insert(r, widget_entity("AFTER"));
      const auto changes = tx->commit();
      ASSERT_EQ(changes.size(), 1u);
      EXPECT_EQ(changes[0].seq, before + 1) << "nothing of the lost group was logged";
    }
    EXPECT_EQ(codes(s, a.client_id), std::vector<std::string>{"AFTER"});
  }
}

TEST_F(PostgresStoreTest, SystemWritesOfInstancesStartingTogetherRunOneAtATime) {
  // What bootstrap and the token signing key do at start-up: check, then write if missing. Four instances
  // doing it at once must create one client and keep one key, as on SQLite's single writer.
  constexpr int kInstances = 4;
  std::vector<std::unique_ptr<store::Store>> stores;
  for (int i = 0; i < kInstances; ++i) stores.push_back(open());
  std::atomic<int> ready{0};
  std::vector<std::string> keys(kInstances), errors(kInstances);
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < kInstances) std::this_thread::yield();
      try {
        auto tx = stores[i]->system_write();
        if (tx->client_count() == 0) {
          store::NewClient c;
          c.name = "first";
          c.oauth_client_id = "first-" + std::to_string(i);
          c.oauth_secret_hash = "x";
          tx->create_client(c);
        }
        if (!tx->setting("token_signing_key")) tx->put_setting("token_signing_key", "key-" + std::to_string(i));
        keys[i] = *tx->setting("token_signing_key");
        tx->commit();
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kInstances; ++i) {
    EXPECT_EQ(errors[i], "") << "instance " << i;
    EXPECT_EQ(keys[i], keys[0]) << "instance " << i << " kept another key";
  }
  EXPECT_EQ(stores[0]->system()->client_count(), 1);
}

TEST_F(PostgresStoreTest, ACommitNotifiesTheLastSeq) {
  auto s = open();
  const auto a = new_client(*s, "a");
  Peek listener(db_->conninfo());
  listener.column(std::string("LISTEN ") + store::postgres::kChangesChannel);
  int64_t last;
  {
    auto tx = s->write(a.client_id, {"t", 0});
    tx->insert_many(contract::widget(), {widget_entity("N1"), widget_entity("N2")});
    last = tx->commit().back().seq;
  }
  // The notification is delivered when the commit is: wait for it on the listener's socket.
  PGnotify* n = nullptr;
  for (int i = 0; i < 100 && !n; ++i) {
    pollfd p{PQsocket(listener.handle()), POLLIN, 0};
    ::poll(&p, 1, 100);
    PQconsumeInput(listener.handle());
    n = PQnotifies(listener.handle());
  }
  ASSERT_NE(n, nullptr);
  EXPECT_STREQ(n->relname, store::postgres::kChangesChannel);
  EXPECT_EQ(std::string(n->extra), std::to_string(last));
  PQfreemem(n);
}

TEST_F(PostgresStoreTest, AnUnreachableDatabaseIsUnavailable) {
  // A port nobody listens on: bound, then closed.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  const std::string closed = "host=127.0.0.1 port=" + std::to_string(ntohs(a.sin_port)) + " dbname=norced";
  try {
    store::postgres::open(closed, contract::resources());
    ADD_FAILURE() << "expected Unavailable";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Unavailable) << e.what();
  }
}

TEST_F(PostgresStoreTest, ADatabaseThatGoesAwayIsUnavailableAndIsUsedAgainWhenItReturns) {
  Peek admin(db_->conninfo());
  test_support::TcpProxy proxy(PQhost(admin.handle()), static_cast<uint16_t>(std::stoi(PQport(admin.handle()))));
  const std::string via_proxy =
      db_->conninfo() + " host=127.0.0.1 port=" + std::to_string(proxy.port());  // later keywords win
  auto s = store::postgres::open(via_proxy, contract::resources());
  const auto a = new_client(*s, "a");
  EXPECT_TRUE(s->ready());

  auto open_write = s->write(a.client_id, {"t", 0});
  open_write->insert(contract::widget(), widget_entity("BEFORE"));
  proxy.stop();  // the database goes away
  EXPECT_FALSE(s->ready());
  try {
    open_write->insert(contract::widget(), widget_entity("DURING"));
    ADD_FAILURE() << "expected Unavailable";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Unavailable) << e.what();
  }
  open_write.reset();
  try {
    s->read(a.client_id);
    ADD_FAILURE() << "expected Unavailable";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Unavailable) << e.what();
  }

  proxy.start();  // it comes back, on the same address: no restart of the store
  EXPECT_TRUE(s->ready());
  {
    auto tx = s->write(a.client_id, {"t", 0});
    tx->insert(contract::widget(), widget_entity("AFTER"));
    tx->commit();
  }
  auto read = s->read(a.client_id);
  EXPECT_TRUE(read->find_unique(contract::widget(), "Code", "AFTER"));
  EXPECT_FALSE(read->find_unique(contract::widget(), "Code", "BEFORE")) << "the cut transaction was not committed";
}

TEST_F(PostgresStoreTest, ConnectionsEndedByTheServerAreReplacedUnnoticed) {
  auto s = open();
  const auto a = new_client(*s, "a");
  { auto warm = s->read(a.client_id); }  // a pooled, idle connection
  // As after a server restart or a failover: every session of the database ends.
  Peek admin(pgtest::admin_conninfo());
  admin.column("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '" + db_->name() + "'");
  auto tx = s->write(a.client_id, {"t", 0});
  tx->insert(contract::widget(), widget_entity("X"));
  EXPECT_EQ(tx->commit().size(), 1u) << "the dead connection was dropped and a new one made";
  EXPECT_TRUE(s->ready());
}

TEST_F(PostgresStoreTest, AFullPoolAndALockWaitBeyondTheTimeoutAreRetryable) {
  store::postgres::Options o;
  o.pool_size = 2;
  o.pool_wait = std::chrono::milliseconds(1);
  o.statement_timeout = std::chrono::milliseconds(100);
  auto s = open(o);
  const auto a = new_client(*s, "a");
  auto holder = s->write(a.client_id, {"t", 0});  // holds the tenant's writer (and its lock)
  try {
    s->write(a.client_id, {"t", 0});  // waits for the writer past the statement timeout
    ADD_FAILURE() << "expected Retryable";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Retryable) << e.what();
  }
  auto second = s->read(a.client_id);  // the pool's last connection
  try {
    s->read(a.client_id);
    ADD_FAILURE() << "expected Retryable";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Retryable) << e.what();
  }
}

namespace {

// What a client sees of a row, for comparing engines: every cell (instants only as set or not: they hold the
// moment of creation; GUIDs only as set or not: they are random), texts and collections.
std::string render(const registry::Resource& r, const Entity& e) {
  std::string out = std::to_string(e.id) + ":";
  for (size_t i = 0; i < e.cells.size(); ++i) {
    out += " " + std::string(r.fields[i].name) + "=";
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) out += "null";
          else if constexpr (std::is_same_v<T, int64_t>) out += std::to_string(x);
          else if constexpr (std::is_same_v<T, bool>) out += x ? "true" : "false";
          else if constexpr (std::is_same_v<T, std::string>) out += r.fields[i].type == registry::Type::Guid ? "guid" : x;
          else if constexpr (std::is_same_v<T, Decimal>) out += x.to_string();
          else out += "instant";
        },
        e.cells[i]);
  }
  for (const auto& t : e.cultures) {
    out += " [" + t.culture;
    for (const auto& v : t.texts) out += "|" + v.value_or("null");
    out += "]";
  }
  for (const auto& rows : e.collections)
    for (const auto& row : rows) {
      out += " (";
      for (int64_t v : row) out += std::to_string(v) + ",";
      out += ")";
    }
  return out;
}

// Everything a new client of a store reads: the system catalog, its reference data and every resource row.
std::vector<std::string> snapshot(store::Store& s, int64_t client) {
  std::vector<std::string> out;
  auto tx = s.read(client);
  const auto ref = tx->reference_data();
  out.push_back("default " + ref.default_culture);
  for (const auto& c : ref.cultures) out.push_back("culture " + c.code + " " + c.name);
  for (const auto& c : ref.system.cultures) out.push_back("system culture " + c.code + " " + c.name);
  for (const auto& c : ref.system.currencies)
    out.push_back("currency " + std::to_string(c.id) + " " + c.code + " " + c.name + " " + c.inherited_exchange_rate.to_string());
  for (const auto& a : ref.system.sales_areas) {
    out.push_back("area " + std::to_string(a.id) + " " + a.code + " " + a.name + " " + std::to_string(a.primary_vat_code_id));
    for (const auto& v : a.vat_codes) out.push_back("  vat " + std::to_string(v.id) + " " + v.name + " " + v.value.to_string());
  }
  for (const auto& c : ref.system.countries) out.push_back("country " + std::to_string(c.id) + " " + c.code + " " + c.name);
  for (const auto& t : ref.system.price_list_types)
    out.push_back("type " + std::to_string(t.id) + " " + t.code + " " + t.name + " " + t.description);
  for (const registry::Resource* r : management::resources::catalog().all()) {
    if (r->table.empty()) continue;
    for (const auto& e : tx->list(*r, {})) out.push_back(std::string(r->name) + " " + render(*r, e));
  }
  auto sys = s.system();
  for (int64_t id = 1; id <= 2; ++id)
    if (auto app = sys->application(id))
      out.push_back("application " + std::to_string(app->id) + " " + std::to_string(app->client_id) + " " + app->name +
                    " " + app->culture + " " + std::to_string(app->sales_area_id));
  if (auto o = sys->oauth_client("contract-b")) out.push_back("oauth " + o->client_id + " " + std::to_string(o->tenant_id));
  return out;
}

}  // namespace

TEST_F(PostgresStoreTest, ANewDatabaseAndClientLookAlikeOnBothEngines) {
  // The two engines' migrations are written apart (each in its own DDL); this holds their seed rows, ids and
  // a new client's rows to each other.
  const auto dir = std::filesystem::temp_directory_path() / ("norced-engines-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto& catalog = management::resources::catalog();
  auto lite = store::sqlite::open((dir / "norced.db").string(), catalog.all());
  auto pg = store::postgres::open(db_->conninfo(), catalog.all());
  for (store::Store* s : {lite.get(), pg.get()}) {
    new_client(*s, "a");
    new_client(*s, "b");
  }
  const auto expected = snapshot(*lite, 2);
  EXPECT_GT(expected.size(), 40u);
  EXPECT_EQ(snapshot(*pg, 2), expected);
  lite.reset();
  std::filesystem::remove_all(dir);
}

// A change follower reads the log many times while it is small (a new database), and then while an import adds
// thousands of entries a second. A prepared statement's cached generic plan, chosen on the small log, was a
// sequential scan that then read the whole log on every poll until the next ANALYZE.
TEST_F(PostgresStoreTest, TheChangeLogIsReadThroughItsIndexHoweverSmallItWasWhenFirstRead) {
  auto s = open();
  store::postgres::Connection c({db_->conninfo()});
  const auto add_entries = [&](int64_t first, int64_t last) {
    c.run("INSERT INTO change_log (seq, client_id, resource, entity_id, kind, at, account) SELECT g, 1, 'Widget', g, "
          "0, now(), 'test' FROM generate_series(" + std::to_string(first) + ", " + std::to_string(last) + ") g");
  };
  add_entries(1, 20);
  c.run("ANALYZE change_log");
  for (int i = 0; i < 12; ++i) {  // past the five runs after which PostgreSQL may settle on a generic plan
    EXPECT_EQ(store::postgres::read_change_digest(c, 10, {}, 100).last_seq, 20);
    EXPECT_EQ(store::postgres::read_changes(c, 10, 100).size(), 10u);
  }
  add_entries(21, 200'000);
  // Rows the server read by sequential scans of the log: flushed when the connection goes idle after a
  // forced flush, and read in a transaction of its own.
  const auto rows_scanned = [&] {
    c.exec("SELECT pg_stat_force_next_flush()");
    return c.exec("SELECT seq_tup_read FROM pg_stat_user_tables WHERE relname = 'change_log'").int64(0, 0);
  };
  const int64_t before = rows_scanned();
  const auto digest = store::postgres::read_change_digest(c, 199'990, {}, 100);
  EXPECT_EQ(digest.last_seq, 200'000);
  ASSERT_EQ(digest.changed.size(), 1u);
  EXPECT_EQ(digest.changed[0].entries, 10);
  const auto changes = store::postgres::read_changes(c, 199'990, 100);
  ASSERT_EQ(changes.size(), 10u);
  EXPECT_EQ(changes.front().seq, 199'991);
  EXPECT_LT(rows_scanned() - before, 1'000) << "the new entries found through the index, not by reading the log";
}

// A table that has doubled since it was last analysed (and grown by 500 rows or more) is analysed, so that
// statements planned while it was small are planned again; one that has not is left alone.
TEST_F(PostgresStoreTest, TablesThatHaveDoubledSinceTheirLastAnalysisAreAnalysed) {
  store::postgres::Options o;
  o.analyze_interval = std::chrono::milliseconds(0);  // no thread: the test asks
  auto s = open(o);
  store::postgres::Connection c({db_->conninfo()});
  int64_t next = 1;
  // `n` more widgets, and this session's table counters sent to the server (they are sent when it goes idle
  // after a forced flush).
  const auto add_widgets = [&](int64_t n) {
    c.run("INSERT INTO contract_widget (client_id, code, code_key, flag, is_active) SELECT 1, 'W' || g, 'w' || g, "
          "false, true FROM generate_series(" + std::to_string(next) + ", " + std::to_string(next + n - 1) + ") g");
    next += n;
    c.exec("SELECT pg_stat_force_next_flush()");
  };
  const auto analyses = [&] {
    return c.exec("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'contract_widget'").int64(0, 0);
  };
  using Names = std::vector<std::string>;

  add_widgets(499);
  EXPECT_EQ(store::postgres::analyze_grown_tables(*s), Names{}) << "fewer than 500 changes: not yet";
  add_widgets(101);
  EXPECT_EQ(store::postgres::analyze_grown_tables(*s), Names{"contract_widget"});
  EXPECT_EQ(analyses(), 1);
  EXPECT_EQ(c.exec("SELECT reltuples::bigint FROM pg_class WHERE relname = 'contract_widget'").int64(0, 0), 600);
  EXPECT_EQ(store::postgres::analyze_grown_tables(*s), Names{}) << "nothing changed since";

  add_widgets(599);
  EXPECT_EQ(store::postgres::analyze_grown_tables(*s), Names{}) << "599 changes to 600 rows: not doubled";
  add_widgets(1);
  EXPECT_EQ(store::postgres::analyze_grown_tables(*s), Names{"contract_widget"});
  EXPECT_EQ(analyses(), 2);
}

TEST_F(PostgresStoreTest, APipelineAnswersInOrderAndAFailureSkipsTheRestButKeepsTheConnection) {
  using store::postgres::Statement;
  store::postgres::Connection c({db_->conninfo()});
  const std::string one = "SELECT $1::int + 1", divide = "SELECT 1 / $1::int", text = "SELECT 'after'";
  const std::string insert = "INSERT INTO pipeline_probe VALUES ($1::int)";
  c.run("CREATE TABLE pipeline_probe (n int)");
  auto results = c.pipeline({{&one, store::postgres::Params().add(int64_t{41})}, {&text, {}}});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].int64(0, 0), 42);
  EXPECT_EQ(results[1].str(0, 0), "after");

  c.run("BEGIN");
  try {
    c.pipeline({{&insert, store::postgres::Params().add(int64_t{1})},
                {&divide, store::postgres::Params().add(int64_t{0})},
                {&insert, store::postgres::Params().add(int64_t{2})}});
    FAIL() << "a division by zero was not reported";
  } catch (const store::postgres::DatabaseError& e) {
    EXPECT_EQ(e.sqlstate, "22012") << e.what();
  }
  EXPECT_FALSE(c.broken());
  EXPECT_TRUE(c.in_error()) << "the statement failed inside the open transaction";
  c.run("ROLLBACK");
  EXPECT_EQ(c.exec("SELECT count(*) FROM pipeline_probe").int64(0, 0), 0) << "nothing after the failure ran";
}

TEST_F(PostgresStoreTest, APipelineSentWithoutWaitingIsReadByTheNextUseAndItsFailureThrownThen) {
  store::postgres::Connection c({db_->conninfo()});
  const std::string insert = "INSERT INTO sent_probe VALUES ($1::int)", divide = "SELECT 1 / $1::int";
  c.run("CREATE TABLE sent_probe (n int)");
  c.run("BEGIN");
  c.defer("SAVEPOINT sent");
  c.send_pipeline({{&insert, store::postgres::Params().add(int64_t{1})},
                   {&insert, store::postgres::Params().add(int64_t{2})}});
  EXPECT_TRUE(c.has_sent());
  // The next statement reads the answers first, and sees the rows.
  EXPECT_EQ(c.exec("SELECT count(*) FROM sent_probe").int64(0, 0), 2);
  EXPECT_FALSE(c.has_sent());

  c.send_pipeline({{&insert, store::postgres::Params().add(int64_t{3})},
                   {&divide, store::postgres::Params().add(int64_t{0})},
                   {&insert, store::postgres::Params().add(int64_t{4})}});
  try {
    c.finish_sent();
    FAIL() << "a division by zero was not reported";
  } catch (const store::postgres::DatabaseError& e) {
    EXPECT_EQ(e.sqlstate, "22012") << e.what();
  }
  EXPECT_FALSE(c.broken());
  EXPECT_TRUE(c.in_error());
  c.run("ROLLBACK TO SAVEPOINT sent");
  EXPECT_EQ(c.exec("SELECT count(*) FROM sent_probe").int64(0, 0), 0) << "rolled back to before the first send";

  // discard_sent() reads a failure and forgets it; the connection goes on.
  c.send_pipeline({{&divide, store::postgres::Params().add(int64_t{0})}});
  c.discard_sent();
  EXPECT_FALSE(c.has_sent());
  EXPECT_FALSE(c.broken());
  c.run("ROLLBACK");
  EXPECT_EQ(c.exec("SELECT 40 + 2").int64(0, 0), 42);
}

TEST_F(PostgresStoreTest, ADeferredStepTravelsWithTheNextStatementAndItsFailureEndsTheConnection) {
  store::postgres::Connection c({db_->conninfo()});
  c.run("BEGIN");
  c.run("CREATE TABLE deferred_probe (n int)");
  c.defer("SAVEPOINT later");
  EXPECT_EQ(c.exec("SELECT 5").int64(0, 0), 5);
  c.run("INSERT INTO deferred_probe VALUES (1)");
  c.run("ROLLBACK TO SAVEPOINT later");  // exists: the deferred SAVEPOINT ran before SELECT 5
  EXPECT_EQ(c.exec("SELECT count(*) FROM deferred_probe").int64(0, 0), 0);
  c.defer("RELEASE SAVEPOINT no_such_savepoint");
  EXPECT_THROW(c.exec("SELECT 6"), store::postgres::DatabaseError);
  EXPECT_TRUE(c.broken()) << "whoever deferred the step counts on it: the connection must not be reused";
}

TEST(PostgresConninfo, DescribedWithoutThePassword) {
  using store::postgres::redacted;
  EXPECT_EQ(redacted("postgres://norced:s3cret@db.example:5433/shop?sslmode=require"),
            "postgres://norced@db.example:5433/shop?sslmode=require");
  EXPECT_EQ(redacted("host=db port=5432 user=u password='x y' dbname=n"), "postgres://u@db:5432/n");
  EXPECT_THROW(redacted("host='unterminated"), StoreError);
  const std::string aimed = store::postgres::with_database("postgres://u:p@h:1/a", "b");
  EXPECT_NE(aimed.find("dbname='b'"), std::string::npos) << aimed;
  EXPECT_NE(aimed.find("password='p'"), std::string::npos) << "still usable: only describe() hides it";
}

TEST(PostgresValues, TextThePostgresServerCanHold) {
  using store::postgres::storable_text;
  EXPECT_TRUE(storable_text("plain åäö € 😀"));
  EXPECT_TRUE(storable_text(""));
  EXPECT_FALSE(storable_text(std::string("a\0b", 3))) << "U+0000";
  EXPECT_FALSE(storable_text("a\xC3")) << "cut short";
  EXPECT_FALSE(storable_text("\xC0\xAF")) << "overlong";
  EXPECT_FALSE(storable_text("\xED\xA0\x80")) << "a surrogate";
  EXPECT_FALSE(storable_text("\xF4\x90\x80\x80")) << "above U+10FFFF";
  EXPECT_FALSE(storable_text("\xFF"));
  using store::postgres::Binding;
  using store::postgres::to_text;
  EXPECT_EQ(to_text(std::string_view("a\xC3"), Binding::Lookup), std::nullopt) << "matches nothing";
  EXPECT_THROW(to_text(std::string_view("a\0b", 3), Binding::Stored), StoreError) << "never cut at the NUL";
}

TEST(PostgresValues, InstantsDecimalsAndArraysKeepTheirExactValue) {
  using namespace store::postgres;
  constexpr int64_t kT = 1'700'000'000'000'123;  // 2023-11-14T22:13:20.000123Z
  EXPECT_EQ(format_instant(kT), "2023-11-14T22:13:20.000123Z");
  EXPECT_EQ(parse_instant("2023-11-14 22:13:20.000123+00"), kT) << "the server's ISO output under UTC";
  EXPECT_EQ(parse_instant("2023-11-14 22:13:20+00"), kT - 123);
  EXPECT_THROW(parse_instant("infinity"), StoreError);
  EXPECT_EQ(std::get<Decimal>(from_text("12.50", registry::Type::Decimal)).to_string(), "12.50");
  EXPECT_EQ(std::get<bool>(from_text("t", registry::Type::Bool)), true);
  EXPECT_EQ(cell_text(Cell{*Decimal::parse("-0.001")}, Binding::Stored), "-0.001");
  EXPECT_EQ(cell_text(Cell{false}, Binding::Stored), "false");
  EXPECT_EQ(cell_text(Cell{}, Binding::Stored), std::nullopt);
  ArrayLiteral a;
  a.add(Text("a\"b\\c, {d}"));
  a.add(Text());
  a.add(int64_t{-5});
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(a.take(), R"({"a\"b\\c, {d}",NULL,-5})");
  EXPECT_EQ(a.take(), "{}") << "ready for the next array";
}
