#include "store/postgres/jobs.hpp"

#include "store/postgres/values.hpp"

namespace norced::store::postgres {

namespace {

const std::string kColumns =
    "id, client_id, application_id, account_id, type, status, header, totals, inserts, updates, fail, chunks, "
    "next_chunk, created, started, stopped, last_updated, finished, payload_kept, worker, lease_until";

const std::string kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
const std::string kBeginWrite = "BEGIN";

JobRow read_job(const Result& r, int i) {
  JobRow j;
  j.id = r.int64(i, 0);
  j.client_id = r.int64(i, 1);
  j.application_id = r.int64(i, 2);
  j.account_id = r.int64(i, 3);
  j.type = r.str(i, 4);
  j.status = static_cast<JobStatus>(r.int64(i, 5));
  j.header = r.str(i, 6);
  j.totals = r.int64(i, 7);
  j.inserts = r.int64(i, 8);
  j.updates = r.int64(i, 9);
  j.fail = r.int64(i, 10);
  j.chunks = r.int64(i, 11);
  j.next_chunk = r.int64(i, 12);
  j.created = r.instant(i, 13);
  if (!r.is_null(i, 14)) j.started = r.instant(i, 14);
  if (!r.is_null(i, 15)) j.stopped = r.instant(i, 15);
  j.last_updated = r.instant(i, 16);
  j.finished = r.boolean(i, 17);
  j.payload_kept = r.boolean(i, 18);
  j.worker = r.str(i, 19);
  j.lease_until = r.is_null(i, 20) ? 0 : r.instant(i, 20);
  return j;
}

std::string instant(int64_t micros) { return format_instant(micros); }

// A job list's WHERE and parameters: $1 the client, then one numbered parameter per filter that is set.
std::string list_where(int64_t client_id, const JobQuery& q, Params& p) {
  p.add(client_id);
  std::string w = "client_id = $1";
  auto next = [&] { return "$" + std::to_string(p.size()); };
  if (q.status) {
    p.add(static_cast<int64_t>(*q.status));
    w += " AND status = " + next();
  }
  if (q.finished) {
    p.add(*q.finished ? "true" : "false", Binding::Stored);
    w += " AND finished = " + next() + "::boolean";
  }
  if (q.created_from) {
    p.add(instant(*q.created_from), Binding::Stored);
    w += " AND created >= " + next() + "::timestamptz";
  }
  if (q.created_to) {
    p.add(instant(*q.created_to), Binding::Stored);
    w += " AND created <= " + next() + "::timestamptz";
  }
  return w;
}

void append_job_log(Connection& db, int64_t job_id, const std::vector<JobLogEntry>& entries) {
  static const std::string kLog =
      "INSERT INTO connect_job_log (job_id, severity, message, at, imported_row) VALUES ($1, $2, $3, $4, $5)";
  if (entries.empty()) return;
  std::vector<Statement> statements;
  for (const auto& e : entries) {
    Params p;
    p.add(job_id).add(static_cast<int64_t>(e.severity)).add(e.message, Binding::Stored).add(instant(e.at), Binding::Stored);
    if (e.imported_row) p.add(*e.imported_row, Binding::Stored); else p.add_null();
    statements.push_back({&kLog, std::move(p)});
  }
  db.pipeline(statements);
}

}  // namespace

bool record_progress(Connection& db, const JobProgress& p) {
  Result r = db.exec("UPDATE connect_job SET next_chunk = next_chunk + 1, inserts = inserts + $4, "
                     "updates = updates + $5, fail = fail + $6, last_updated = $7, lease_until = $8 "
                     "WHERE id = $1 AND worker = $2 AND next_chunk = $3 AND NOT finished RETURNING id",
                     Params()
                         .add(p.job_id)
                         .add(p.worker, Binding::Stored)
                         .add(p.chunk)
                         .add(p.inserts)
                         .add(p.updates)
                         .add(p.fail)
                         .add(instant(p.at), Binding::Stored)
                         .add(instant(p.lease_until), Binding::Stored));
  if (r.rows() == 0) return false;
  append_job_log(db, p.job_id, p.log);
  return true;
}

namespace {

class PostgresJobs final : public JobStore {
 public:
  explicit PostgresJobs(Pool& pool) : pool_(pool) {}

 private:
  // `work` in a transaction of its own (a snapshot for reads), committed when it returns; rolled back (by
  // the pool) when it throws.
  template <class Work>
  auto in_tx(const std::string& begin, Work&& work) {
    Pool::Lease conn = pool_.begin(begin);
    auto out = work(*conn);
    conn->run("COMMIT");
    return out;
  }
  template <class Work>
  auto read(Work&& work) { return in_tx(kBeginRead, std::forward<Work>(work)); }
  template <class Work>
  auto write(Work&& work) { return in_tx(kBeginWrite, std::forward<Work>(work)); }

 public:
  int64_t submit(const NewJob& job) override {
    return write([&](Connection& db) {
      const std::string at = instant(job.at);
      const int64_t id =
          db.exec("INSERT INTO connect_job (client_id, application_id, account_id, type, status, header, totals, "
                  "chunks, created, last_updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                  Params()
                      .add(job.client_id)
                      .add(job.application_id)
                      .add(job.account_id)
                      .add(job.type, Binding::Stored)
                      .add(static_cast<int64_t>(JobStatus::Initialized))
                      .add(job.header, Binding::Stored)
                      .add(job.totals)
                      .add(static_cast<int64_t>(job.chunks.size()))
                      .add(at, Binding::Stored))
              .int64(0, 0);
      static const std::string kChunk = "INSERT INTO connect_job_chunk (job_id, n, items) VALUES ($1, $2, $3)";
      std::vector<Statement> chunks;
      chunks.reserve(job.chunks.size());
      for (size_t n = 0; n < job.chunks.size(); ++n)
        chunks.push_back({&kChunk, Params().add(id).add(static_cast<int64_t>(n)).add(job.chunks[n], Binding::Stored)});
      if (!chunks.empty()) db.pipeline(chunks);
      return id;
    });
  }

  std::optional<JobRow> get(int64_t client_id, int64_t id) override {
    return read([&](Connection& db) -> std::optional<JobRow> {
      Result r = db.exec("SELECT " + kColumns + " FROM connect_job WHERE id = $1 AND client_id = $2",
                         Params().add(id).add(client_id));
      if (r.rows() == 0) return std::nullopt;
      return read_job(r, 0);
    });
  }

  std::vector<JobRow> list(int64_t client_id, const JobQuery& q) override {
    return read([&](Connection& db) {
      Params p;
      const std::string where = list_where(client_id, q, p);
      p.add(q.limit).add(q.offset);
      const std::string limit = " LIMIT $" + std::to_string(p.size() - 1) + " OFFSET $" + std::to_string(p.size());
      Result r = db.exec("SELECT " + kColumns + " FROM connect_job WHERE " + where + " ORDER BY id DESC" + limit, p);
      std::vector<JobRow> out;
      for (int i = 0; i < r.rows(); ++i) out.push_back(read_job(r, i));
      return out;
    });
  }

  int64_t count(int64_t client_id, const JobQuery& q) override {
    return read([&](Connection& db) {
      Params p;
      const std::string where = list_where(client_id, q, p);
      return db.exec("SELECT count(*) FROM connect_job WHERE " + where, p).int64(0, 0);
    });
  }

  std::vector<JobLogEntry> log(int64_t client_id, int64_t id) override {
    return read([&](Connection& db) {
      Result r = db.exec("SELECT l.severity, l.message, l.at, l.imported_row FROM connect_job_log l "
                         "JOIN connect_job j ON j.id = l.job_id WHERE l.job_id = $1 AND j.client_id = $2 "
                         "ORDER BY l.id",
                         Params().add(id).add(client_id));
      std::vector<JobLogEntry> out;
      for (int i = 0; i < r.rows(); ++i)
        out.push_back({static_cast<JobSeverity>(r.int64(i, 0)), r.str(i, 1), r.instant(i, 2),
                       r.is_null(i, 3) ? std::nullopt : std::optional<std::string>(r.str(i, 3))});
      return out;
    });
  }

  std::optional<std::string> chunk(int64_t job_id, int64_t n) override {
    return read([&](Connection& db) -> std::optional<std::string> {
      Result r = db.exec("SELECT items FROM connect_job_chunk WHERE job_id = $1 AND n = $2", Params().add(job_id).add(n));
      if (r.rows() == 0) return std::nullopt;
      return r.str(0, 0);
    });
  }

  // The candidate is locked with SKIP LOCKED, so a concurrent claimer passes over it instead of waiting;
  // after the lock is taken PostgreSQL re-checks the row's own conditions against its latest version, so a
  // job claimed and committed meanwhile by another instance is not claimed again.
  std::optional<JobRow> claim(std::string_view worker, int64_t now, int64_t lease_until) override {
    return write([&](Connection& db) -> std::optional<JobRow> {
      Result r = db.exec(
          "UPDATE connect_job SET worker = $1, lease_until = $3, started = coalesce(started, $2), last_updated = $2 "
          "WHERE id = (SELECT c.id FROM connect_job c WHERE NOT c.finished "
          "AND (c.worker = '' OR c.lease_until < $2) AND NOT EXISTS (SELECT 1 FROM connect_job o "
          "WHERE o.client_id = c.client_id AND o.id < c.id AND NOT o.finished) "
          "ORDER BY c.id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + kColumns,
          Params().add(worker, Binding::Stored).add(instant(now), Binding::Stored).add(instant(lease_until), Binding::Stored));
      if (r.rows() == 0) return std::nullopt;
      return read_job(r, 0);
    });
  }

  bool progress(const JobProgress& p) override {
    return write([&](Connection& db) { return record_progress(db, p); });
  }

  bool finish(const JobFinish& f) override {
    return write([&](Connection& db) {
      Result r = db.exec("UPDATE connect_job SET status = $3, finished = true, stopped = $4, last_updated = $4, "
                         "worker = '', lease_until = NULL WHERE id = $1 AND worker = $2 AND NOT finished RETURNING id",
                         Params()
                             .add(f.job_id)
                             .add(f.worker, Binding::Stored)
                             .add(static_cast<int64_t>(f.status))
                             .add(instant(f.at), Binding::Stored));
      if (r.rows() == 0) return false;
      append_log(db, f.job_id, f.log);
      return true;
    });
  }

  RestartOutcome restart(int64_t client_id, int64_t id, int64_t now) override {
    return write([&](Connection& db) {
      Result r = db.exec("SELECT finished, payload_kept FROM connect_job WHERE id = $1 AND client_id = $2 FOR UPDATE",
                         Params().add(id).add(client_id));
      if (r.rows() == 0) return RestartOutcome::NotFound;
      if (!r.boolean(0, 0)) return RestartOutcome::NotFinished;
      if (!r.boolean(0, 1)) return RestartOutcome::PayloadExpired;
      db.exec("DELETE FROM connect_job_log WHERE job_id = $1", Params().add(id));
      db.exec("UPDATE connect_job SET status = $2, inserts = 0, updates = 0, fail = 0, next_chunk = 0, "
              "started = NULL, stopped = NULL, finished = false, last_updated = $3, worker = '', lease_until = NULL "
              "WHERE id = $1",
              Params().add(id).add(static_cast<int64_t>(JobStatus::Initialized)).add(instant(now), Binding::Stored));
      return RestartOutcome::Restarted;
    });
  }

  int64_t purge_payloads(int64_t finished_before) override {
    return write([&](Connection& db) {
      Result r = db.exec("UPDATE connect_job SET payload_kept = false WHERE finished AND payload_kept "
                         "AND stopped < $1 RETURNING id",
                         Params().add(instant(finished_before), Binding::Stored));
      if (r.rows() > 0)
        db.exec("DELETE FROM connect_job_chunk c USING connect_job j WHERE j.id = c.job_id AND NOT j.payload_kept");
      return static_cast<int64_t>(r.rows());
    });
  }

 private:
  static void append_log(Connection& db, int64_t job_id, const std::vector<JobLogEntry>& entries) {
    append_job_log(db, job_id, entries);
  }

  Pool& pool_;
};

}  // namespace

std::unique_ptr<JobStore> job_store(Pool& pool) { return std::make_unique<PostgresJobs>(pool); }

}  // namespace norced::store::postgres
