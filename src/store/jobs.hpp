// The durable queue of Connect import jobs (Connect API 4.0, docs/decisions.md "Connect"). An accepted import
// is a job row plus its payload, split into chunks of items, committed before the client hears the job id; a
// worker claims a job under a lease, applies it chunk by chunk and records the progress of each chunk, so a
// job survives a restart and is resumed from its next chunk. Every method is one transaction of its own.
//
// Concurrency contract. claim() hands a job to one worker at a time on every backend, also across processes
// sharing one PostgreSQL database (FOR UPDATE SKIP LOCKED): a job is claimable when it is not finished, nobody
// holds an unexpired lease on it, and no earlier unfinished job of the same client exists (a client's jobs run
// in the order they were accepted). progress() and finish() are fenced: they change the job only while the
// caller still holds the lease and (progress) only for the chunk that is next, so a worker whose lease ran out
// and was taken over can never record a chunk twice. Times are micros since the epoch, from the caller's
// clock (core/clock.hpp): the store never reads the time itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace norced::store {

// Connect's JobDto StatusId (connect.json, job_status_ids): 1 Initialized (accepted, queued or running),
// 2 Succeeded, 3 Failed, 4 Validation failed.
enum class JobStatus : uint8_t { Initialized = 1, Succeeded = 2, Failed = 3, ValidationFailed = 4 };

// JobLogDto SeverityId: 1 Information, 2 Warning (part of the record skipped), 3 Error (record not imported).
enum class JobSeverity : uint8_t { Information = 1, Warning = 2, Error = 3 };

struct JobLogEntry {
  JobSeverity severity = JobSeverity::Information;
  std::string message;
  int64_t at = 0;
  std::optional<std::string> imported_row;  // the offending input record, truncated by the caller
};

struct NewJob {
  int64_t client_id = 0;
  int64_t application_id = 0;
  int64_t account_id = 0;
  std::string type;    // the import: "Product/ImportOnhands"
  std::string header;  // the X-StormConnect-Header as received (one line of JSON)
  // The payload, in order: each chunk one JSON array of items, applied in one transaction.
  std::vector<std::string> chunks;
  int64_t totals = 0;  // items in the payload (JobDto Totals)
  int64_t at = 0;      // accepted
};

struct JobRow {
  int64_t id = 0;
  int64_t client_id = 0;
  int64_t application_id = 0;
  int64_t account_id = 0;
  std::string type;
  JobStatus status = JobStatus::Initialized;
  std::string header;
  int64_t totals = 0;
  int64_t inserts = 0;
  int64_t updates = 0;
  int64_t fail = 0;
  int64_t chunks = 0;      // chunks in the payload
  int64_t next_chunk = 0;  // chunks before it are applied and recorded
  int64_t created = 0;
  std::optional<int64_t> started;  // first claimed (reset by a restart)
  std::optional<int64_t> stopped;  // finished
  int64_t last_updated = 0;
  bool finished = false;
  bool payload_kept = true;  // false once purge_payloads() dropped it: no restart possible
  std::string worker;        // the lease holder, empty when none
  int64_t lease_until = 0;
};

// Job/List: newest first. Every filter optional; `created` bounds are inclusive.
struct JobQuery {
  std::optional<JobStatus> status;
  std::optional<bool> finished;
  std::optional<int64_t> created_from;
  std::optional<int64_t> created_to;
  int64_t offset = 0;
  int64_t limit = 100;
};

// One applied chunk: the counters it adds and its log entries.
struct JobProgress {
  int64_t job_id = 0;
  std::string worker;
  int64_t chunk = 0;  // must be the job's next_chunk
  int64_t inserts = 0;
  int64_t updates = 0;
  int64_t fail = 0;
  std::vector<JobLogEntry> log;
  int64_t at = 0;
  int64_t lease_until = 0;  // the lease is extended to this
};

struct JobFinish {
  int64_t job_id = 0;
  std::string worker;
  JobStatus status = JobStatus::Succeeded;
  std::vector<JobLogEntry> log;
  int64_t at = 0;
};

enum class RestartOutcome : uint8_t { Restarted, NotFound, NotFinished, PayloadExpired };

class JobStore {
 public:
  virtual ~JobStore() = default;
  // Stores the job and its payload; durable when it returns. Returns the job id (positive, increasing).
  virtual int64_t submit(const NewJob& job) = 0;
  // The client's job; another client's job does not exist here.
  virtual std::optional<JobRow> get(int64_t client_id, int64_t id) = 0;
  virtual std::vector<JobRow> list(int64_t client_id, const JobQuery& query) = 0;
  virtual int64_t count(int64_t client_id, const JobQuery& query) = 0;  // list()'s total, ignoring offset/limit
  // The client's job's log, oldest first (empty for an unknown job).
  virtual std::vector<JobLogEntry> log(int64_t client_id, int64_t id) = 0;
  // Chunk `n` of a job's payload; nullopt when purged or out of range.
  virtual std::optional<std::string> chunk(int64_t job_id, int64_t n) = 0;
  // The next job for `worker` (see the contract above), leased until `lease_until`; its first claim sets
  // `started`. A job whose lease expired is claimed again, to resume at its next_chunk.
  virtual std::optional<JobRow> claim(std::string_view worker, int64_t now, int64_t lease_until) = 0;
  // Records an applied chunk; false (and nothing changed) when `worker` no longer holds the lease or the
  // chunk is not the next one.
  virtual bool progress(const JobProgress& p) = 0;
  // Ends the job: status, stop time, log; releases the lease. False as for progress().
  virtual bool finish(const JobFinish& f) = 0;
  // Job/Restart: a finished job whose payload is kept goes back to the queue with its counters and log
  // cleared.
  virtual RestartOutcome restart(int64_t client_id, int64_t id, int64_t now) = 0;
  // Drops the payload of jobs that finished before `finished_before` (the retention); returns how many.
  virtual int64_t purge_payloads(int64_t finished_before) = 0;
};

}  // namespace norced::store
