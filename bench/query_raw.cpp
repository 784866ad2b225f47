// The raw-SQL side of bench/query.sh: the SQL a hand-written program would send for the Query API request the
// benchmark measures, run over and over on norced's own database with nothing else to do (no HTTP, no token,
// no JSON): THREADS threads, each with its own connection and one prepared statement, for SECONDS seconds.
// Every row's every column is read as text, as a server has to before it can write it out.
//
//   query_raw (--sqlite FILE | --postgres CONNINFO) --sql SQL [--param VALUE]... [--threads 2] [--seconds 10]
//             [--warmup 200] [--expect-rows N] [--measure TEXT]
//
// SQL numbers its parameters $1, $2, ... on both engines (SQLite reads "$1" as a named parameter); each --param
// is bound in order, as an integer when it is one, else as text. FILE is a data folder's norced.db, opened
// read-only (WAL readers beside a running norced are fine). --expect-rows makes a query that returns another
// number of rows an error, so the figure is known to be of the same page the server answered.
//
// Prints one JSON line: {"measure", "engine", "threads", "queries", "seconds", "queries_per_s", "rows_per_query",
// "p50_ms", "p90_ms", "p99_ms", "max_ms"}.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string sqlite, postgres, sql, measure = "raw SQL";
  std::vector<std::string> params;
  int threads = 2, warmup = 200;
  double seconds = 10;
  long expect_rows = -1;
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "query_raw: %s\nusage: query_raw (--sqlite FILE | --postgres CONNINFO) --sql SQL [--param VALUE]... "
               "[--threads 2] [--seconds 10] [--warmup 200] [--expect-rows N] [--measure TEXT]\n",
               why.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(a + " needs a value");
    const std::string v = argv[++i];
    if (a == "--sqlite") o.sqlite = v;
    else if (a == "--postgres") o.postgres = v;
    else if (a == "--sql") o.sql = v;
    else if (a == "--param") o.params.push_back(v);
    else if (a == "--threads") o.threads = std::max(1, std::atoi(v.c_str()));
    else if (a == "--seconds") o.seconds = std::atof(v.c_str());
    else if (a == "--warmup") o.warmup = std::atoi(v.c_str());
    else if (a == "--expect-rows") o.expect_rows = std::atol(v.c_str());
    else if (a == "--measure") o.measure = v;
    else usage("unknown option " + a);
  }
  if (o.sqlite.empty() == o.postgres.empty()) usage("one of --sqlite and --postgres");
  if (o.sql.empty()) usage("--sql is required");
  return o;
}

bool is_integer(const std::string& s, long long& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

// One connection with the statement prepared; run() executes it once and returns the rows it read.
class Runner {
 public:
  virtual ~Runner() = default;
  virtual long run() = 0;
};

class SqliteRunner : public Runner {
 public:
  SqliteRunner(const Options& o) {
    if (sqlite3_open_v2(o.sqlite.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    if (sqlite3_prepare_v3(db_, o.sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
    for (size_t i = 0; i < o.params.size(); ++i) {
      const int at = sqlite3_bind_parameter_index(stmt_, ("$" + std::to_string(i + 1)).c_str());
      if (at == 0) throw std::runtime_error("sqlite: the SQL has no $" + std::to_string(i + 1));
      long long n = 0;
      if (is_integer(o.params[i], n)) sqlite3_bind_int64(stmt_, at, n);
      else sqlite3_bind_text(stmt_, at, o.params[i].c_str(), -1, SQLITE_TRANSIENT);
    }
  }
  ~SqliteRunner() override {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }
  long run() override {
    long rows = 0;
    size_t bytes = 0;
    const int columns = sqlite3_column_count(stmt_);
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
      ++rows;
      for (int c = 0; c < columns; ++c) {
        sqlite3_column_text(stmt_, c);
        bytes += static_cast<size_t>(sqlite3_column_bytes(stmt_, c));
      }
    }
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite step: ") + sqlite3_errmsg(db_));
    sqlite3_reset(stmt_);
    sink_ += bytes;
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  size_t sink_ = 0;
};

class PostgresRunner : public Runner {
 public:
  PostgresRunner(const Options& o) : params_(o.params) {
    conn_ = PQconnectdb(o.postgres.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("postgres: ") + PQerrorMessage(conn_));
    PGresult* r = PQprepare(conn_, "q", o.sql.c_str(), static_cast<int>(params_.size()), nullptr);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) throw std::runtime_error(std::string("postgres prepare: ") + PQerrorMessage(conn_));
    for (const auto& p : params_) values_.push_back(p.c_str());
  }
  ~PostgresRunner() override { PQfinish(conn_); }
  long run() override {
    PGresult* r = PQexecPrepared(conn_, "q", static_cast<int>(values_.size()), values_.data(), nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      const std::string why = PQerrorMessage(conn_);
      PQclear(r);
      throw std::runtime_error("postgres: " + why);
    }
    const int rows = PQntuples(r), columns = PQnfields(r);
    size_t bytes = 0;
    for (int i = 0; i < rows; ++i)
      for (int c = 0; c < columns; ++c) bytes += std::strlen(PQgetvalue(r, i, c));
    PQclear(r);
    sink_ += bytes;
    return rows;
  }

 private:
  PGconn* conn_ = nullptr;
  std::vector<std::string> params_;
  std::vector<const char*> values_;
  size_t sink_ = 0;
};

std::unique_ptr<Runner> connect(const Options& o) {
  if (!o.sqlite.empty()) return std::make_unique<SqliteRunner>(o);
  return std::make_unique<PostgresRunner>(o);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::vector<std::vector<double>> latencies(static_cast<size_t>(o.threads));  // milliseconds
  std::vector<long> rows_seen(static_cast<size_t>(o.threads), -1);
  std::atomic<bool> failed{false};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  Clock::time_point deadline;
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      try {
        auto runner = connect(o);
        for (int i = 0; i < o.warmup; ++i) rows_seen[t] = runner->run();
        ++ready;
        while (!go.load()) std::this_thread::yield();
        auto& mine = latencies[static_cast<size_t>(t)];
        for (;;) {
          const auto t0 = Clock::now();
          if (t0 >= deadline) break;
          const long rows = runner->run();
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          if (o.expect_rows >= 0 && rows != o.expect_rows)
            throw std::runtime_error("a query returned " + std::to_string(rows) + " rows, not " +
                                     std::to_string(o.expect_rows));
          rows_seen[t] = rows;
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "query_raw: %s\n", e.what());
        failed = true;
        ++ready;
      }
    });
  }
  while (ready.load() < o.threads) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  go = true;
  for (auto& th : threads) th.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (failed) return 1;

  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  if (all.empty()) {
    std::fprintf(stderr, "query_raw: no query finished\n");
    return 1;
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all[std::min(all.size() - 1, static_cast<size_t>(p / 100.0 * all.size()))]; };
  std::printf(
      "{\"measure\":\"%s\",\"engine\":\"%s\",\"threads\":%d,\"queries\":%zu,\"seconds\":%.2f,\"queries_per_s\":%.0f,"
      "\"rows_per_query\":%ld,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
      o.measure.c_str(), o.sqlite.empty() ? "postgres" : "sqlite", o.threads, all.size(), elapsed,
      static_cast<double>(all.size()) / elapsed, rows_seen[0], pct(50), pct(90), pct(99), all.back());
  return 0;
}
