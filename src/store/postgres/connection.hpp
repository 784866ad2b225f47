// A thin RAII layer over libpq: one connection with its session settings and a cache of prepared statements
// (PQprepare once per connection and SQL text, then PQexecPrepared), text parameters, and results as an RAII
// handle. Failures throw DatabaseError, a StoreError whose kind says what the caller can do (by SQLSTATE:
// errors.cpp); a connection that was lost is marked broken, so the pool drops it instead of reusing it.
//
// Threading: a Connection is used by one thread at a time (the pool hands it to one transaction).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <deque>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/postgres/values.hpp"
#include "store/store.hpp"

namespace norced::store::postgres {

// A failure reported by PostgreSQL or libpq, with what the server said about it.
struct DatabaseError : StoreError {
  std::string sqlstate;    // "23505"; empty when the connection failed without one
  std::string constraint;  // the violated constraint or unique index, when the server names one
  DatabaseError(const std::string& what, StoreErrorKind kind, std::string state, std::string constraint_name)
      : StoreError(what, kind), sqlstate(std::move(state)), constraint(std::move(constraint_name)) {}
};

// What the caller can do about a SQLSTATE (store.hpp, StoreErrorKind). See errors.cpp for the table.
StoreErrorKind kind_of_sqlstate(std::string_view sqlstate);

// How connections are opened and set up.
struct ConnectionSettings {
  std::string conninfo;  // any libpq connection string or postgres:// URL
  std::chrono::seconds connect_timeout{5};
  std::chrono::milliseconds statement_timeout{30'000};
};

// The parameters of one statement, in order ($1, $2, ...), as text or NULL.
class Params {
 public:
  Params& add(Text v) {
    values_.push_back(std::move(v));
    return *this;
  }
  Params& add(int64_t v) { return add(Text(to_text(v))); }
  Params& add_cell(const registry::Cell& v, Binding how) { return add(cell_text(v, how)); }
  Params& add(std::string_view v, Binding how) { return add(to_text(v, how)); }
  Params& add_null() { return add(Text()); }
  size_t size() const { return values_.size(); }
  const std::vector<Text>& values() const { return values_; }
  // Appends the elements of `more`'s array parameters, from the `from`-th on, to this one's: two set-based
  // statements with the same text (ResourceSql::insert_set and the like) made one.
  void append_arrays(const Params& more, size_t from);

 private:
  std::vector<Text> values_;
};

// One statement's result; rows and columns from 0. Texts are views into the result: copy them to keep them.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&& o) noexcept {
    std::swap(r_, o.r_);
    return *this;
  }
  Result(const Result&) = delete;
  ~Result() { PQclear(r_); }

  int rows() const { return PQntuples(r_); }
  bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view text(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col))};
  }
  std::string str(int row, int col) const { return std::string(text(row, col)); }
  int64_t int64(int row, int col) const { return parse_int(text(row, col)); }
  std::optional<int64_t> opt_int64(int row, int col) const {
    return is_null(row, col) ? std::nullopt : std::optional<int64_t>(int64(row, col));
  }
  bool boolean(int row, int col) const { return text(row, col) == "t"; }
  int64_t instant(int row, int col) const { return parse_instant(text(row, col)); }
  Decimal decimal(int row, int col) const { return std::get<Decimal>(from_text(text(row, col), registry::Type::Decimal)); }
  // cell() without the copy: a text borrows the result's memory.
  CellView view(int row, int col, registry::Type type) const {
    if (is_null(row, col)) return std::monostate{};
    switch (type) {
      case registry::Type::Int:
      case registry::Type::Bool:
      case registry::Type::Decimal:
      case registry::Type::DateTime:
        return view_of(from_text(text(row, col), type));
      default:
        return text(row, col);  // from_text's default: the text as it is
    }
  }
  registry::Cell cell(int row, int col, registry::Type type) const {
    return is_null(row, col) ? registry::Cell{} : from_text(text(row, col), type);
  }
  int64_t affected() const;  // rows an INSERT/UPDATE/DELETE changed

 private:
  PGresult* r_;
};

// One statement of a pipeline (Connection::pipeline): prepared with its parameters, or, when `prepare` is
// false, sent as it is (transaction control such as COMMIT, which has no plan worth keeping).
struct Statement {
  const std::string* sql;
  Params params;
  bool prepare = true;
};

class Connection {
 public:
  // Connects and applies the session settings (UTC, ISO dates, UTF-8, the statement timeout). Throws
  // DatabaseError{Unavailable} when the server cannot be reached.
  explicit Connection(const ConnectionSettings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` as a prepared statement of this connection (prepared on first use) with `params`.
  Result exec(const std::string& sql, const Params& params = {});
  // Runs `sql` with `params` as an unnamed statement, planned for these values every time. For a statement over
  // a table that grows fast (the change log): a prepared statement's generic plan, once chosen while the table
  // was small, is kept until the table is next analysed, and a sequential scan chosen then reads the whole
  // table on every run while an import adds thousands of rows a second.
  Result exec_planned(const std::string& sql, const Params& params);
  // Runs one or more statements without parameters through the simple query protocol (BEGIN, COMMIT, DDL).
  void run(const std::string& sql);
  // Sends every statement at once and then reads their results, in order: one round trip to the server
  // instead of one per statement (libpq's pipeline mode). Statements after a failed one are not run; the
  // failure is thrown, as exec() would throw it, once every result has been read.
  std::vector<Result> pipeline(const std::vector<Statement>& statements);
  // The same pipeline, sent without reading its results: the caller goes on with its own work while the server
  // runs the statements (writes whose answers nobody needs at once). finish_sent() reads them, and throws the
  // first failure as pipeline() would; any other use of the connection reads them first too.
  void send_pipeline(std::vector<Statement> statements);
  void finish_sent();
  // Reads what send_pipeline() sent and forgets a failure (the transaction is being rolled back anyway). A
  // lost connection is still marked broken.
  void discard_sent() noexcept;
  bool has_sent() const { return !sent_.empty(); }
  // Sends `sql` (one parameterless statement) in front of the next statement, in its round trip. For a step
  // whose outcome nobody waits for (a savepoint for the request that comes next); a failure of it fails that
  // next statement.
  void defer(std::string sql) { deferred_.push_back(std::move(sql)); }
  // Begins a transaction that only reads with `begin` deferred into its first round trip (one round trip fewer
  // per read). That round trip is where a pooled connection the server has ended since its last use (a
  // restart, a failover) is found out: then, since nothing of the transaction has run, the connection is
  // opened again and the round trip sent again, once, so the read succeeds as Pool::begin's retry makes it.
  void defer_read_begin(std::string begin) {
    defer(std::move(begin));
    reopen_once_ = true;
  }
  // Forgets what was deferred (the transaction it was for is being rolled back).
  void drop_deferred() {
    deferred_.clear();
    reopen_once_ = false;
  }
  // Sends `sql` (one parameterless statement: the ROLLBACK that ends a read) without waiting for its answer,
  // which the connection's next use reads first. A request's response then need not wait for the round trip
  // that ends its transaction. False when it could not be sent (the connection is then broken).
  bool send_without_waiting(const std::string& sql);
  // Whether what send_without_waiting() sent is still unread.
  bool sending() const { return sending_; }

  // The connection was lost or failed in a way that makes it unusable: drop it.
  bool broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  // A statement of the open transaction failed: only a rollback (to a savepoint) is accepted now.
  bool in_error() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  // Forgets the prepared statements when there are more than `limit` (only outside a transaction).
  void trim_statements(size_t limit);
  PGconn* handle() const { return conn_; }

 private:
  Result check(PGresult* r, std::string_view sql);
  [[noreturn]] void fail(const PGresult* r, std::string_view sql);
  const std::string& prepared(const std::string& sql);
  // Reads the results of the statements `sent` in pipeline mode (the first `deferred` of them defer()'s) and
  // the sync after them; leaves pipeline mode.
  std::vector<Result> read_pipeline(const std::vector<Statement>& sent, size_t deferred);
  [[noreturn]] void lost(std::string_view sql);
  // Connects and applies the session settings (the constructor's work; reopen()'s again).
  void open();
  // The pipeline of pipeline(), once.
  std::vector<Result> run_pipeline(const std::vector<Statement>& statements);
  // Sends `all` (after the deferred statements) in pipeline mode and the sync after them; returns how many of the
  // statements sent were deferred ones.
  size_t write_pipeline(std::vector<Statement>& all);
  // Reads the answer to what send_without_waiting() sent, if any; a failure marks the connection broken.
  // Every use of the connection begins with it; after it, a broken connection throws Unavailable.
  void settle(std::string_view next_sql);

  const ConnectionSettings settings_;
  PGconn* conn_ = nullptr;
  bool broken_ = false;
  bool reopen_once_ = false;  // defer_read_begin(): the next round trip may reopen a lost connection
  bool sending_ = false;  // send_without_waiting()'s answer is unread
  std::unordered_map<std::string, std::string> statements_;  // SQL text → prepared statement name
  std::vector<std::string> deferred_;                         // sent before the next statement (defer())
  // What send_pipeline() sent and nobody has read yet (their texts and no parameters: for error messages),
  // and how many of them were deferred statements.
  std::vector<Statement> sent_;
  size_t sent_deferred_ = 0;
  // The texts of the deferred statements in the pipeline being read (sent_'s, or run_pipeline's): its
  // statements point at them for messages.
  std::deque<std::string> deferred_texts_;
};

}  // namespace norced::store::postgres
