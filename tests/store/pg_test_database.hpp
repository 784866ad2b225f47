// A fresh PostgreSQL database per test, on the server NORCED_TEST_DATABASE names (the connection string of a
// database where the role may CREATE DATABASE; scripts/test.sh starts a throwaway cluster and sets it). The
// database is UTF-8 with the C.UTF-8 ctype, so lower() folds beyond ASCII, and is dropped (forcibly, ending
// any session left) when the test is done. Without NORCED_TEST_DATABASE, PostgreSQL tests skip.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/postgres/conninfo.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/store.hpp"

namespace norced::pgtest {

// The admin connection string, or empty when PostgreSQL tests cannot run here.
inline std::string admin_conninfo() {
  const char* v = std::getenv("NORCED_TEST_DATABASE");
  return v ? v : "";
}

inline const char* kSkipMessage =
    "NORCED_TEST_DATABASE is not set: PostgreSQL tests skipped (scripts/test.sh starts a throwaway cluster and "
    "sets it; or point it at a server where you may CREATE DATABASE, e.g. "
    "NORCED_TEST_DATABASE='host=127.0.0.1 port=5432 user=postgres dbname=postgres')";

// Runs one statement on the admin database (or `conninfo`); throws with the server's message.
inline void admin_exec(const std::string& sql, const std::string& conninfo = admin_conninfo()) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

// A database made for one test and dropped with it.
class TestDatabase {
 public:
  TestDatabase() : name_(next_name()) {
    admin_exec("CREATE DATABASE " + name_ +
               " ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0");
    conninfo_ = store::postgres::with_database(admin_conninfo(), name_);
  }
  ~TestDatabase() {
    try {
      admin_exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // Left behind on a server that went away; the throwaway cluster is removed with it.
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }

 private:
  static std::string next_name() {
    static std::atomic<int> n{0};
    return "norced_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  }
  std::string name_;
  std::string conninfo_;
};

// A store on its own fresh database, which it drops when it is destroyed (after closing its connections).
class StoreOnTestDatabase final : public store::Store {
 public:
  StoreOnTestDatabase(std::vector<const registry::Resource*> resources, store::postgres::Options options = {})
      : store_(store::postgres::open(db_.conninfo(), std::move(resources), options)) {}
  std::unique_ptr<store::ReadTx> read(int64_t c) override { return store_->read(c); }
  std::unique_ptr<store::WriteTx> write(int64_t c, store::Author a) override { return store_->write(c, std::move(a)); }
  std::unique_ptr<store::SystemReadTx> system() override { return store_->system(); }
  std::unique_ptr<store::SystemWriteTx> system_write() override { return store_->system_write(); }
  bool ready() override { return store_->ready(); }
  store::ChangeDigest change_digest(int64_t after, const std::vector<store::SeqRange>& skip, size_t max_ids) override {
    return store_->change_digest(after, skip, max_ids);
  }
  bool shared() const override { return store_->shared(); }
  std::string describe() const override { return store_->describe(); }
  store::JobStore& jobs() override { return store_->jobs(); }
  const TestDatabase& database() const { return db_; }

 private:
  TestDatabase db_;  // declared first: created before the store, dropped after it
  std::unique_ptr<store::Store> store_;
};

}  // namespace norced::pgtest
