// A thin RAII layer over the sqlite3 C API: a connection with a cache of prepared statements, and a cursor
// that binds, steps and resets one of them. Errors throw store::StoreError with SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/decimal.hpp"
#include "store/fold_case.hpp"

namespace norced::store::sqlite {

class Connection;

// One use of a cached prepared statement; resets it (and clears bindings) when it goes out of scope.
class Cursor {
 public:
  Cursor(Connection& conn, sqlite3_stmt* stmt) : conn_(&conn), stmt_(stmt) {}
  Cursor(Cursor&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Cursor(const Cursor&) = delete;
  ~Cursor();

  Cursor& bind(int index, int64_t v);
  Cursor& bind(int index, std::string_view v);
  Cursor& bind_null(int index);
  // Binds 1..n in order.
  template <class... A>
  Cursor& bind_all(const A&... args) {
    int i = 1;
    (bind_one(i++, args), ...);
    return *this;
  }

  bool step();  // true while there is a row
  void run();   // steps a statement that returns no row

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // The column as the engine holds it, for the sqlite3_value_* calls: one column lookup where both a value's
  // type and its contents are read (each sqlite3_column_* call looks the column up again), as pages of rows do.
  // Valid until the next step.
  sqlite3_value* value(int col) const { return sqlite3_column_value(stmt_, col); }
  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string text(int col) const;
  std::string_view text_view(int col) const;  // valid until the next step; empty for NULL
  std::optional<std::string> opt_text(int col) const;
  std::optional<int64_t> opt_int64(int col) const;
  Decimal decimal(int col) const;  // stored as canonical text

 private:
  void bind_one(int i, int64_t v) { bind(i, v); }
  void bind_one(int i, int v) { bind(i, static_cast<int64_t>(v)); }
  void bind_one(int i, std::string_view v) { bind(i, v); }
  void bind_one(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind_one(int i, const char* v) { bind(i, std::string_view(v)); }
  Connection* conn_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  enum class Mode { ReadWrite, ReadOnly };
  Connection(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cursor over the statement for `sql`, prepared once per connection and kept.
  Cursor query(const std::string& sql);
  void exec(const std::string& sql);  // one or more statements, no results
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  [[noreturn]] void fail(const char* what) const;
  sqlite3* handle() const { return db_; }

 private:
  // Hashes the length and the two ends of a statement's text: statements differ there (their table near the
  // start, their columns and conditions at the end), and hashing all of a long INSERT's text on every use was
  // a few percent of an import. Equal hashes are still compared in full.
  struct SqlHash {
    size_t operator()(const std::string& sql) const {
      constexpr size_t kEnd = 48;
      std::hash<std::string_view> h;
      if (sql.size() <= 2 * kEnd) return h(sql);
      const std::string_view v(sql);
      return sql.size() ^ (h(v.substr(0, kEnd)) * 31) ^ h(v.substr(sql.size() - kEnd));
    }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash> statements_;
};

// Case folding (store/fold_case.hpp), also registered as the SQL function norced_fold on every connection.
using store::fold_case;

}  // namespace norced::store::sqlite
