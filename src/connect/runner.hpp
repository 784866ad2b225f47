// The job runner: workers that take accepted Connect jobs from the store's queue (store/jobs.hpp) and run
// them chunk by chunk. A worker claims a job under a lease, applies each chunk through the import of the
// job's type, records the chunk's counters and log entries (which extends the lease), and finishes the job.
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
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "store/jobs.hpp"
#include "store/store.hpp"

namespace norced::connect {

// What one chunk did: counters for the JobDto and log entries for Job/GetLog.
struct ChunkOutcome {
  int64_t inserts = 0;
  int64_t updates = 0;
  int64_t fail = 0;
  std::vector<store::JobLogEntry> log;
};

// Applies one chunk (a JSON array of items, as accepted) of `job` to the store, in the job's client, and
// says what it did. Must be idempotent: a chunk whose progress was not recorded (a crash between the two) is
// applied again. A Problem-free failure of an item is an outcome (fail + a log entry), never an exception;
// an exception fails the whole job (a store failure or a bug).
using ChunkImporter =
    std::function<ChunkOutcome(store::Store& store, const store::JobRow& job, std::string_view items, int64_t now)>;

struct RunnerOptions {
  const Clock* clock = &system_clock();
  std::string name = "norced";                        // worker names are "<name>-<n>": unique per process
  int workers = 1;                                    // threads started by start()
  std::chrono::milliseconds lease{60'000};           // renewed after every chunk
  std::chrono::milliseconds idle_poll{500};           // a worker with nothing to do looks again after this
};

class JobRunner {
 public:
  JobRunner(store::Store& store, std::map<std::string, ChunkImporter, std::less<>> importers, RunnerOptions options);
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

 private:
  void loop(int n);

  store::Store& store_;
  std::map<std::string, ChunkImporter, std::less<>> importers_;
  RunnerOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  uint64_t notified_ = 0;  // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace norced::connect
