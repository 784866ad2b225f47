#include "store/postgres/connection.hpp"

#include <cstdlib>
#include <optional>
#include <utility>

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

Connection::Connection(const ConnectionSettings& settings) : settings_(settings) { open(); }

void Connection::open() {
  // Our defaults first, then the caller's connection string (expanded from "dbname"), which may override them.
  const std::string timeout = std::to_string(std::max<int64_t>(1, settings_.connect_timeout.count()));
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "norced", settings_.conninfo.c_str(), nullptr};
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
      std::to_string(settings_.statement_timeout.count()));
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

void Params::append_arrays(const Params& more, size_t from) {
  for (size_t i = from; i < values_.size() && i < more.values_.size(); ++i) {
    std::string& to = *values_[i];
    const std::string& add = *more.values_[i];
    if (add == "{}") continue;
    if (to == "{}") {
      to = add;
      continue;
    }
    to.pop_back();  // '}'
    to += ',';
    to.append(add, 1);
  }
}

bool Connection::send_without_waiting(const std::string& sql) {
  settle(sql);
  if (PQsendQuery(conn_, sql.c_str()) != 1) {
    broken_ = true;
    return false;
  }
  sending_ = true;
  return true;
}

void Connection::settle(std::string_view next_sql) {
  if (!sent_.empty()) finish_sent();
  if (sending_) {
    sending_ = false;
    while (PGresult* r = PQgetResult(conn_)) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) broken_ = true;
      PQclear(r);
    }
  }
  if (broken_) lost(next_sql);
}

Result Connection::exec(const std::string& sql, const Params& params) {
  settle(sql);
  if (!deferred_.empty()) return std::move(pipeline({Statement{&sql, params}}).back());
  const std::string& name = prepared(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
  return check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
               sql);
}

Result Connection::exec_planned(const std::string& sql, const Params& params) {
  return std::move(pipeline({Statement{&sql, params, false}}).back());
}

void Connection::run(const std::string& sql) {
  settle(sql);
  if (deferred_.empty()) {
    check(PQexec(conn_, sql.c_str()), sql);
    return;
  }
  // The simple query protocol takes several statements in one message and stops at the first that fails.
  std::string all;
  for (const auto& d : deferred_) all += d + "; ";
  deferred_.clear();
  all += sql;
  try {
    check(PQexec(conn_, all.c_str()), all);
  } catch (const DatabaseError&) {
    broken_ = true;  // perhaps a deferred step failed, and the caller cannot know which: drop the connection
    throw;
  }
}

void Connection::lost(std::string_view sql) {
  broken_ = true;
  throw DatabaseError("PostgreSQL: the connection was lost (" + trimmed(PQerrorMessage(conn_)) + ") in: " +
                          std::string(sql.substr(0, 200)),
                      StoreErrorKind::Unavailable, {}, {});
}

std::vector<Result> Connection::pipeline(const std::vector<Statement>& statements) {
  const bool may_reopen = std::exchange(reopen_once_, false);
  std::vector<std::string> deferred;
  if (may_reopen) deferred = deferred_;  // the read's BEGIN, to send again on a new session
  try {
    if (!statements.empty()) settle(*statements.front().sql);
    return run_pipeline(statements);
  } catch (const StoreError& e) {
    if (!may_reopen || e.kind != StoreErrorKind::Unavailable) throw;
  }
  // The session was lost by the transaction's first round trip: a new session, and the same round trip again
  // (it only reads, so running it twice is harmless). A server that cannot be reached now throws from open().
  PQfinish(conn_);
  conn_ = nullptr;
  statements_.clear();
  deferred_.clear();
  broken_ = false;
  sending_ = false;
  open();
  deferred_ = deferred;
  return run_pipeline(statements);
}

size_t Connection::write_pipeline(std::vector<Statement>& all) {
  // Preparing is a round trip of its own, outside the pipeline: once per connection and statement. It comes
  // first, so that a statement that fails to prepare leaves the deferred ones to go with the next pipeline.
  const size_t prefix = deferred_.size();
  std::vector<const std::string*> names(prefix, nullptr);
  for (const auto& st : all) names.push_back(st.prepare ? &prepared(*st.sql) : nullptr);
  // The deferred statements go first. Their texts move to deferred_texts_, which keeps them (at stable
  // addresses) while the answers are read: the messages of a failure name them.
  std::vector<Statement> front;
  front.reserve(prefix);
  for (auto& d : deferred_) front.push_back(Statement{&deferred_texts_.emplace_back(std::move(d)), {}, false});
  deferred_.clear();  // sent below: whatever happens now, they are not sent again
  all.insert(all.begin(), std::make_move_iterator(front.begin()), std::make_move_iterator(front.end()));
  if (PQenterPipelineMode(conn_) != 1) lost(*all.front().sql);
  for (size_t i = 0; i < all.size(); ++i) {
    std::vector<const char*> values;
    for (const auto& v : all[i].params.values()) values.push_back(v ? v->c_str() : nullptr);
    const int n = static_cast<int>(values.size());
    const int sent = names[i] ? PQsendQueryPrepared(conn_, names[i]->c_str(), n, values.data(), nullptr, nullptr, 0)
                              : PQsendQueryParams(conn_, all[i].sql->c_str(), n, nullptr, values.data(), nullptr,
                                                  nullptr, 0);
    if (sent != 1) lost(*all[i].sql);
  }
  if (PQpipelineSync(conn_) != 1) lost(*all.front().sql);
  return prefix;
}

std::vector<Result> Connection::run_pipeline(const std::vector<Statement>& statements) {
  std::vector<Statement> all(statements);
  const size_t prefix = write_pipeline(all);
  std::vector<Result> results;
  try {
    results = read_pipeline(all, prefix);
  } catch (...) {
    deferred_texts_.clear();
    throw;
  }
  deferred_texts_.clear();
  results.erase(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(prefix));
  return results;
}

void Connection::send_pipeline(std::vector<Statement> statements) {
  if (statements.empty()) return;
  settle(*statements.front().sql);
  sent_deferred_ = write_pipeline(statements);
  // Only the texts are needed to read the answers; the parameters (a chunk's column arrays) can go now.
  for (auto& st : statements) st.params = Params();
  sent_ = std::move(statements);
}

void Connection::finish_sent() {
  if (sent_.empty()) return;
  std::vector<Statement> sent = std::move(sent_);
  sent_.clear();
  try {
    read_pipeline(sent, sent_deferred_);
  } catch (...) {
    deferred_texts_.clear();
    throw;
  }
  deferred_texts_.clear();
}

void Connection::discard_sent() noexcept {
  try {
    finish_sent();
  } catch (...) {
    // The failure was the transaction's; a lost connection is marked broken by read_pipeline.
  }
}

std::vector<Result> Connection::read_pipeline(const std::vector<Statement>& sent, size_t deferred) {
  std::vector<Result> results;
  std::optional<DatabaseError> failure;  // the first statement that failed; the later ones were skipped
  for (size_t i = 0; i < sent.size(); ++i) {
    const Statement& st = sent[i];
    PGresult* r = PQgetResult(conn_);
    if (!r) {  // the connection went away
      if (!failure) lost(*st.sql);
      broken_ = true;
      throw *failure;
    }
    const ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      results.emplace_back(r);
    } else {
      Result discard(r);
      if (!failure && status != PGRES_PIPELINE_ABORTED) {
        try {
          fail(r, *st.sql);
        } catch (const DatabaseError& e) {
          failure = e;
        }
        // A deferred step belongs to whoever deferred it, who counts on it: the connection cannot go on.
        if (i < deferred) broken_ = true;
      }
      results.emplace_back(nullptr);
    }
    // Each statement's results end with a null.
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  }
  PGresult* sync = PQgetResult(conn_);
  const bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced || PQexitPipelineMode(conn_) != 1) {
    if (failure) {
      broken_ = true;
      throw *failure;
    }
    lost(*sent.back().sql);
  }
  if (failure) throw *failure;
  return results;
}

void Connection::trim_statements(size_t limit) {
  if (statements_.size() <= limit) return;
  settle("DEALLOCATE ALL");
  if (!idle()) return;
  run("DEALLOCATE ALL");
  statements_.clear();
}

}  // namespace norced::store::postgres
