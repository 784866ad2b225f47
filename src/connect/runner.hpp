// The job runner: workers that take accepted Connect jobs from the store's queue (store/jobs.hpp) and run
// them chunk by chunk. A worker claims a job under a lease and applies each chunk through the import of the
// job's type (connect/import.hpp) in one write transaction that also records the chunk's counters and log
// entries (which extends the lease): a chunk is applied and recorded together or not at all. Between chunks
// the tenant's writer is free, so the Management API stays responsive during a large import. A full feed is
// checked against the deactivation limit before its first chunk and deactivates what it left out after its
// last one.
// A job whose worker died (the process was killed) keeps its lease until it expires; then any worker, in this
// process after a restart or in another instance on the same PostgreSQL, claims it again and resumes at its
// first unrecorded chunk. Time comes only from the injected clock: tests drive run_once() with a ManualClock
// and never sleep.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "connect/chunk_prefetch.hpp"
#include "connect/import.hpp"
#include "core/clock.hpp"
#include "store/jobs.hpp"
#include "store/store.hpp"

namespace norced::connect {

struct RunnerOptions {
  const Clock* clock = &system_clock();
  // A full feed (FullFile = true) that would deactivate more than this share of the client's active rows of
  // its kind fails validation (status 4) before anything is applied. 1 = no limit.
  double full_file_max_share = 0.5;
  // Called after each committed chunk with the change-log entries it appended (the Management API's caches
  // follow them at once). Must be thread-safe.
  std::function<void(const std::vector<store::Change>&)> on_commit;
  // Worker names are "<name>-<n>". They fence a job's progress, so they must be unique across processes
  // sharing a database: empty = "<host>-<pid>-<random>".
  std::string name;
  int workers = 1;                                    // threads started by start()
  // The workers run this many nice steps below the process, so that on a machine short of cores the requests
  // (and their tail latency) come before the import, which only takes longer (serve's --connect-nice).
  int nice = 0;
  std::chrono::milliseconds lease{60'000};           // renewed after every chunk
  std::chrono::milliseconds idle_poll{500};           // a worker with nothing to do looks again after this
  // Payloads of jobs finished longer ago than this are dropped (Job/Restart is refused for them); the first
  // worker checks at start and then hourly.
  std::chrono::hours payload_retention{14 * 24};
  // Chunk text of accepted jobs kept in memory to be parsed ahead of the worker (connect/chunk_prefetch.hpp);
  // 0 = none, every chunk is read from the store when its turn comes.
  size_t prefetch_bytes = 64u << 20;
};

class JobRunner {
 public:
  // `imports`: the job types it runs (connect/import.hpp); a job of another type fails.
  JobRunner(store::Store& store, std::vector<const ImportKind*> imports, RunnerOptions options);
  ~JobRunner();  // stop()s
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Claims one job as `worker` and runs it to its end (or until the lease is lost). Returns whether a job was
  // claimed. Thread-safe; what the worker threads call in a loop.
  bool run_once(const std::string& worker);

  // Starts the worker threads; stop() asks them to finish the chunk at hand and joins them (a job cut off
  // keeps its recorded progress and is resumed when its lease expires).
  void start();
  void stop();
  // A job was accepted: wakes an idle worker at once instead of at its next poll.
  void notify();
  // A job was stored with these chunks: kept to be parsed ahead (see RunnerOptions::prefetch_bytes).
  void stored(int64_t client_id, int64_t job_id, int64_t created, const std::vector<std::string>& chunks);
  // Drops the payloads older than the retention; returns how many. What the workers call hourly.
  int64_t purge_expired_payloads();

 private:
  void loop(int n);

  store::Store& store_;
  const ImportKind* find(std::string_view type) const;
  // Runs the claimed `job` from its next chunk to its end; see run_once.
  void run(const std::string& worker, const store::JobRow& job);

  std::vector<const ImportKind*> imports_;
  RunnerOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  uint64_t notified_ = 0;  // guarded by mu_
  int64_t next_purge_ = 0;  // guarded by mu_: when a worker next purges expired payloads (clock micros)
  std::vector<std::thread> threads_;
  std::unique_ptr<ChunkPrefetch> prefetch_;  // null when prefetch_bytes is 0
};

}  // namespace norced::connect
