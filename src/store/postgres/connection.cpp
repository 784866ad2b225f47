#include "store/postgres/connection.hpp"

#include <cstdlib>

namespace norced::store::postgres {

namespace {

std::string trimmed(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_);
  return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
}

Connection::Connection(const ConnectionSettings& settings) {
  // Our defaults first, then the caller's connection string (expanded from "dbname"), which may override them.
  const std::string timeout = std::to_string(std::max<int64_t>(1, settings.connect_timeout.count()));
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "norced", settings.conninfo.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw DatabaseError("cannot connect to PostgreSQL: " + message, StoreErrorKind::Unavailable, {}, {});
  }
  // Server notices ("relation already exists, skipping") are not errors; libpq would print them to stderr.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  // Instants are exchanged as UTC text (values.hpp); texts are UTF-8. The statement timeout bounds every
  // statement, waits for locks included, so a stuck request frees its connection.
  run("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8'; SET statement_timeout = " +
      std::to_string(settings.statement_timeout.count()));
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::fail(const PGresult* r, std::string_view sql) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  std::string message = trimmed(r ? PQresultErrorMessage(r) : nullptr);
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  StoreErrorKind kind = state ? kind_of_sqlstate(state) : StoreErrorKind::Internal;
  // No SQLSTATE and a dead connection: the server went away (libpq reports that without a SQLSTATE).
  if (PQstatus(conn_) != CONNECTION_OK) kind = StoreErrorKind::Unavailable;
  if (kind == StoreErrorKind::Unavailable) broken_ = true;
  std::string what = "PostgreSQL: " + message;
  if (kind == StoreErrorKind::Internal) what += " (in: " + std::string(sql.substr(0, 200)) + ")";
  throw DatabaseError(what, kind, state ? state : "", constraint ? constraint : "");
}

Result Connection::check(PGresult* r, std::string_view sql) {
  Result result(r);
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql);
  return result;
}

const std::string& Connection::prepared(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  std::string name = "n" + std::to_string(statements_.size() + 1);
  check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), sql);
  return statements_.emplace(sql, std::move(name)).first->second;
}

Result Connection::exec(const std::string& sql, const Params& params) {
  const std::string& name = prepared(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
  return check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
               sql);
}

void Connection::run(const std::string& sql) { check(PQexec(conn_, sql.c_str()), sql); }

void Connection::trim_statements(size_t limit) {
  if (statements_.size() <= limit || !idle()) return;
  run("DEALLOCATE ALL");
  statements_.clear();
}

}  // namespace norced::store::postgres
