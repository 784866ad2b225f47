#include "connect/runner.hpp"

namespace norced::connect {

namespace {

int64_t micros(std::chrono::milliseconds d) { return static_cast<int64_t>(d.count()) * 1000; }

store::JobLogEntry info(std::string message, int64_t at) {
  return {store::JobSeverity::Information, std::move(message), at, std::nullopt};
}

}  // namespace

JobRunner::JobRunner(store::Store& store, std::map<std::string, ChunkImporter, std::less<>> importers,
                     RunnerOptions options)
    : store_(store), importers_(std::move(importers)), options_(std::move(options)) {}

JobRunner::~JobRunner() { stop(); }

bool JobRunner::run_once(const std::string& worker) {
  store::JobStore& jobs = store_.jobs();
  const Clock& clock = *options_.clock;
  const int64_t lease = micros(options_.lease);
  auto job = jobs.claim(worker, clock.now(), clock.now() + lease);
  if (!job) return false;

  std::vector<store::JobLogEntry> pending;  // entries not recorded yet
  auto fail_job = [&](std::string message) {
    pending.push_back({store::JobSeverity::Error, std::move(message), clock.now(), std::nullopt});
    pending.push_back(info("Import finished.", clock.now()));
    jobs.finish({job->id, worker, store::JobStatus::Failed, std::move(pending), clock.now()});
  };
  auto importer = importers_.find(job->type);
  if (importer == importers_.end()) {
    fail_job("This import is not supported: " + job->type + ".");
    return true;
  }
  if (job->next_chunk == 0) pending.push_back(info("Starting import.", clock.now()));
  for (int64_t n = job->next_chunk; n < job->chunks; ++n) {
    auto items = jobs.chunk(job->id, n);
    if (!items) {
      fail_job("The payload of this job is no longer kept.");
      return true;
    }
    ChunkOutcome out;
    try {
      out = importer->second(store_, *job, *items, clock.now());
    } catch (const store::StoreError& e) {
      if (e.kind == store::StoreErrorKind::Retryable || e.kind == store::StoreErrorKind::Unavailable)
        return true;  // the lease runs out and the chunk is tried again, here or elsewhere
      fail_job(std::string("The import stopped: ") + e.what());
      return true;
    } catch (const std::exception& e) {
      fail_job(std::string("The import stopped: ") + e.what());
      return true;
    }
    pending.insert(pending.end(), std::make_move_iterator(out.log.begin()), std::make_move_iterator(out.log.end()));
    const int64_t now = clock.now();
    if (!jobs.progress({job->id, worker, n, out.inserts, out.updates, out.fail, std::move(pending), now, now + lease}))
      return true;  // the lease was lost: another worker has the job
    pending.clear();
  }
  pending.push_back(info("Import finished.", clock.now()));
  jobs.finish({job->id, worker, store::JobStatus::Succeeded, std::move(pending), clock.now()});
  return true;
}

void JobRunner::start() {
  std::lock_guard lock(mu_);
  stopping_ = false;
  for (int n = 0; n < options_.workers; ++n) threads_.emplace_back([this, n] { loop(n); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void JobRunner::notify() {
  {
    std::lock_guard lock(mu_);
    ++notified_;
  }
  wake_.notify_one();
}

void JobRunner::loop(int n) {
  const std::string worker = options_.name + "-" + std::to_string(n);
  for (;;) {
    uint64_t seen = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      seen = notified_;
    }
    bool worked = false;
    try {
      worked = run_once(worker);
    } catch (const std::exception&) {
      worked = false;  // the store is unreachable or busy: try again after the poll interval
    }
    if (worked) continue;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, options_.idle_poll, [&] { return stopping_ || notified_ != seen; });
  }
}

}  // namespace norced::connect
