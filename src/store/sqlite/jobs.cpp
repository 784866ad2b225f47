#include "store/sqlite/jobs.hpp"

namespace norced::store::sqlite {

namespace {

const std::string kColumns =
    "id, client_id, application_id, account_id, type, status, header, totals, inserts, updates, fail, chunks, "
    "next_chunk, created, started, stopped, last_updated, finished, payload_kept, worker, lease_until";

JobRow read_job(const Cursor& c) {
  JobRow j;
  j.id = c.int64(0);
  j.client_id = c.int64(1);
  j.application_id = c.int64(2);
  j.account_id = c.int64(3);
  j.type = c.text(4);
  j.status = static_cast<JobStatus>(c.int64(5));
  j.header = c.text(6);
  j.totals = c.int64(7);
  j.inserts = c.int64(8);
  j.updates = c.int64(9);
  j.fail = c.int64(10);
  j.chunks = c.int64(11);
  j.next_chunk = c.int64(12);
  j.created = c.int64(13);
  j.started = c.opt_int64(14);
  j.stopped = c.opt_int64(15);
  j.last_updated = c.int64(16);
  j.finished = c.int64(17) != 0;
  j.payload_kept = c.int64(18) != 0;
  j.worker = c.text(19);
  j.lease_until = c.int64(20);
  return j;
}

// The WHERE of a job list after "client_id = ?1": the filters of `q` that are set, bound from ?2 on.
std::string list_where(const JobQuery& q) {
  std::string w = "client_id = ?1";
  if (q.status) w += " AND status = ?2";
  if (q.finished) w += " AND finished = ?3";
  if (q.created_from) w += " AND created >= ?4";
  if (q.created_to) w += " AND created <= ?5";
  return w;
}

void bind_list(Cursor& c, int64_t client_id, const JobQuery& q) {
  c.bind(1, client_id);
  if (q.status) c.bind(2, static_cast<int64_t>(*q.status));
  if (q.finished) c.bind(3, int64_t{*q.finished ? 1 : 0});
  if (q.created_from) c.bind(4, *q.created_from);
  if (q.created_to) c.bind(5, *q.created_to);
}

// REQUIRES: a transaction. `worker` holds the unfinished job's lease (and `chunk`, when given, is its next chunk).
bool lease_held(Connection& db, int64_t job_id, std::string_view worker, std::optional<int64_t> chunk) {
  auto c = db.query("SELECT next_chunk FROM connect_job WHERE id = ?1 AND worker = ?2 AND finished = 0");
  c.bind_all(job_id, worker);
  if (!c.step()) return false;
  return !chunk || c.int64(0) == *chunk;
}

void append_job_log(Connection& db, int64_t job_id, const std::vector<JobLogEntry>& entries) {
  for (const auto& e : entries) {
    auto c = db.query("INSERT INTO connect_job_log (job_id, severity, message, at, imported_row) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)");
    c.bind_all(job_id, static_cast<int64_t>(e.severity), e.message, e.at);
    if (e.imported_row) c.bind(5, *e.imported_row); else c.bind_null(5);
    c.run();
  }
}

}  // namespace

bool record_progress(Connection& db, const JobProgress& p) {
  if (!lease_held(db, p.job_id, p.worker, p.chunk)) return false;
  db.query("UPDATE connect_job SET next_chunk = next_chunk + 1, inserts = inserts + ?2, "
           "updates = updates + ?3, fail = fail + ?4, last_updated = ?5, lease_until = ?6 WHERE id = ?1")
      .bind_all(p.job_id, p.inserts, p.updates, p.fail, p.at, p.lease_until)
      .run();
  append_job_log(db, p.job_id, p.log);
  return true;
}

namespace {

class SqliteJobs final : public JobStore {
 public:
  SqliteJobs(Connection& db, GroupCommit& group) : db_(db), group_(group) {}

 private:
  // Runs `work` as one member of the writer's group commit: kept when it returns, undone when it throws.
  template <class Work>
  auto in_tx(Work&& work) {
    group_.enter();
    try {
      auto out = work();
      group_.leave(true);
      return out;
    } catch (...) {
      group_.leave(false);
      throw;
    }
  }

 public:
  int64_t submit(const NewJob& job) override {
    return in_tx([&] {
      db_.query("INSERT INTO connect_job (client_id, application_id, account_id, type, status, header, totals, "
                "chunks, created, last_updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)")
          .bind_all(job.client_id, job.application_id, job.account_id, job.type,
                    static_cast<int64_t>(JobStatus::Initialized), job.header, job.totals,
                    static_cast<int64_t>(job.chunks.size()), job.at)
          .run();
      const int64_t id = db_.last_insert_id();
      for (size_t n = 0; n < job.chunks.size(); ++n)
        db_.query("INSERT INTO connect_job_chunk (job_id, n, items) VALUES (?1, ?2, ?3)")
            .bind_all(id, static_cast<int64_t>(n), job.chunks[n])
            .run();
      return id;
    });
  }

  std::optional<JobRow> get(int64_t client_id, int64_t id) override {
    return in_tx([&]() -> std::optional<JobRow> {
      auto c = db_.query("SELECT " + kColumns + " FROM connect_job WHERE id = ?1 AND client_id = ?2");
      c.bind_all(id, client_id);
      if (!c.step()) return std::nullopt;
      return read_job(c);
    });
  }

  std::vector<JobRow> list(int64_t client_id, const JobQuery& q) override {
    return in_tx([&] {
      auto c = db_.query("SELECT " + kColumns + " FROM connect_job WHERE " + list_where(q) +
                         " ORDER BY id DESC LIMIT ?6 OFFSET ?7");
      bind_list(c, client_id, q);
      c.bind(6, q.limit).bind(7, q.offset);
      std::vector<JobRow> out;
      while (c.step()) out.push_back(read_job(c));
      return out;
    });
  }

  int64_t count(int64_t client_id, const JobQuery& q) override {
    return in_tx([&] {
      auto c = db_.query("SELECT count(*) FROM connect_job WHERE " + list_where(q));
      bind_list(c, client_id, q);
      c.step();
      return c.int64(0);
    });
  }

  std::vector<JobLogEntry> log(int64_t client_id, int64_t id) override {
    return in_tx([&] {
      auto c = db_.query("SELECT l.severity, l.message, l.at, l.imported_row FROM connect_job_log l "
                         "JOIN connect_job j ON j.id = l.job_id WHERE l.job_id = ?1 AND j.client_id = ?2 "
                         "ORDER BY l.id");
      c.bind_all(id, client_id);
      std::vector<JobLogEntry> out;
      while (c.step())
        out.push_back({static_cast<JobSeverity>(c.int64(0)), c.text(1), c.int64(2), c.opt_text(3)});
      return out;
    });
  }

  std::optional<std::string> chunk(int64_t job_id, int64_t n) override {
    return in_tx([&]() -> std::optional<std::string> {
      auto c = db_.query("SELECT items FROM connect_job_chunk WHERE job_id = ?1 AND n = ?2");
      c.bind_all(job_id, n);
      if (!c.step()) return std::nullopt;
      return c.text(0);
    });
  }

  std::optional<JobRow> claim(std::string_view worker, int64_t now, int64_t lease_until) override {
    return in_tx([&]() -> std::optional<JobRow> {
      int64_t id = 0;
      {
        auto c = db_.query(
            "SELECT c.id FROM connect_job c WHERE c.finished = 0 AND (c.worker = '' OR c.lease_until < ?1) "
            "AND NOT EXISTS (SELECT 1 FROM connect_job o WHERE o.client_id = c.client_id AND o.id < c.id "
            "AND o.finished = 0) ORDER BY c.id LIMIT 1");
        c.bind(1, now);
        if (!c.step()) return std::nullopt;
        id = c.int64(0);
      }
      db_.query("UPDATE connect_job SET worker = ?2, lease_until = ?3, started = coalesce(started, ?4), "
                "last_updated = ?4 WHERE id = ?1")
          .bind_all(id, worker, lease_until, now)
          .run();
      auto c = db_.query("SELECT " + kColumns + " FROM connect_job WHERE id = ?1");
      c.bind(1, id);
      c.step();
      return read_job(c);
    });
  }

  bool progress(const JobProgress& p) override {
    return in_tx([&] { return record_progress(db_, p); });
  }

  bool finish(const JobFinish& f) override {
    return in_tx([&] {
      if (!holds(f.job_id, f.worker, std::nullopt)) return false;
      db_.query("UPDATE connect_job SET status = ?2, finished = 1, stopped = ?3, last_updated = ?3, worker = '', "
                "lease_until = 0 WHERE id = ?1")
          .bind_all(f.job_id, static_cast<int64_t>(f.status), f.at)
          .run();
      append_log(f.job_id, f.log);
      return true;
    });
  }

  RestartOutcome restart(int64_t client_id, int64_t id, int64_t now) override {
    return in_tx([&] {
      auto c = db_.query("SELECT finished, payload_kept FROM connect_job WHERE id = ?1 AND client_id = ?2");
      c.bind_all(id, client_id);
      if (!c.step()) return RestartOutcome::NotFound;
      if (c.int64(0) == 0) return RestartOutcome::NotFinished;
      if (c.int64(1) == 0) return RestartOutcome::PayloadExpired;
      db_.query("DELETE FROM connect_job_log WHERE job_id = ?1").bind(1, id).run();
      db_.query("UPDATE connect_job SET status = ?2, inserts = 0, updates = 0, fail = 0, next_chunk = 0, "
                "started = NULL, stopped = NULL, finished = 0, last_updated = ?3, worker = '', lease_until = 0 "
                "WHERE id = ?1")
          .bind_all(id, static_cast<int64_t>(JobStatus::Initialized), now)
          .run();
      return RestartOutcome::Restarted;
    });
  }

  int64_t purge_payloads(int64_t finished_before) override {
    return in_tx([&] {
      std::vector<int64_t> ids;
      {
        auto c = db_.query("SELECT id FROM connect_job WHERE finished = 1 AND payload_kept = 1 AND stopped < ?1");
        c.bind(1, finished_before);
        while (c.step()) ids.push_back(c.int64(0));
      }
      for (int64_t id : ids) {
        db_.query("DELETE FROM connect_job_chunk WHERE job_id = ?1").bind(1, id).run();
        db_.query("UPDATE connect_job SET payload_kept = 0 WHERE id = ?1").bind(1, id).run();
      }
      return static_cast<int64_t>(ids.size());
    });
  }

 private:
  bool holds(int64_t job_id, std::string_view worker, std::optional<int64_t> chunk) {
    return lease_held(db_, job_id, worker, chunk);
  }
  void append_log(int64_t job_id, const std::vector<JobLogEntry>& entries) { append_job_log(db_, job_id, entries); }

  Connection& db_;
  GroupCommit& group_;
};

}  // namespace

std::unique_ptr<JobStore> job_store(Connection& writer, GroupCommit& group) {
  return std::make_unique<SqliteJobs>(writer, group);
}

}  // namespace norced::store::sqlite
