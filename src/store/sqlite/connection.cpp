#include "store/sqlite/connection.hpp"

#include "store/store.hpp"

namespace norced::store::sqlite {

namespace {

// SQL function norced_fold(text): the same folding as fold_case, so searches ignore case beyond ASCII.
void fold_function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  std::string folded = fold_case(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
  sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

}  // namespace

Connection::Connection(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_NOMUTEX | (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;");
  if (mode == Mode::ReadWrite) exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  sqlite3_create_function(db_, "norced_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, fold_function,
                          nullptr, nullptr);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

namespace {

// What the caller can do about an SQLite result code (store.hpp, StoreErrorKind).
StoreErrorKind kind_of(int extended_code) {
  switch (extended_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return (extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY)
                 ? StoreErrorKind::Conflict
                 : StoreErrorKind::Internal;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreErrorKind::Retryable;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return StoreErrorKind::Unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StoreErrorKind::Corrupt;
    default:
      return StoreErrorKind::Internal;
  }
}

}  // namespace

void Connection::fail(const char* what) const {
  throw StoreError(std::string(what) + ": " + sqlite3_errmsg(db_), kind_of(sqlite3_extended_errcode(db_)));
}

Cursor Connection::query(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
      throw StoreError("cannot prepare [" + sql + "]: " + sqlite3_errmsg(db_));
    }
    it = statements_.emplace(sql, stmt).first;
  }
  return Cursor(*this, it->second);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw StoreError("cannot execute [" + sql.substr(0, 200) + "]: " + msg, kind_of(sqlite3_extended_errcode(db_)));
  }
}

Cursor::~Cursor() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Cursor& Cursor::bind(int index, int64_t v) {
  if (sqlite3_bind_int64(stmt_, index, v) != SQLITE_OK) conn_->fail("bind");
  return *this;
}

Cursor& Cursor::bind(int index, std::string_view v) {
  if (sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    conn_->fail("bind");
  return *this;
}

Cursor& Cursor::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) conn_->fail("bind");
  return *this;
}

bool Cursor::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  conn_->fail("step");
}

void Cursor::run() {
  while (step()) {
  }
}

std::string_view Cursor::text_view(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string Cursor::text(int col) const { return std::string(text_view(col)); }

std::optional<std::string> Cursor::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<int64_t> Cursor::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

Decimal Cursor::decimal(int col) const {
  auto d = Decimal::parse(text(col));
  if (!d) throw StoreError("corrupt decimal in column " + std::to_string(col), StoreErrorKind::Corrupt);
  return *d;
}

}  // namespace norced::store::sqlite
