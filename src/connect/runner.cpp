#include "connect/runner.hpp"

#include <unistd.h>

#include <cstdio>
#include <random>

#include <spdlog/spdlog.h>

#include "connect/items.hpp"
#include "core/thread_name.hpp"
#include "core/thread_priority.hpp"
#include "json/value.hpp"

namespace norced::connect {

namespace {

int64_t micros(std::chrono::milliseconds d) { return static_cast<int64_t>(d.count()) * 1000; }

store::JobLogEntry info(std::string message, int64_t at) {
  return {store::JobSeverity::Information, std::move(message), at, std::nullopt};
}

}  // namespace

namespace {

std::string process_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  char tail[16];
  std::snprintf(tail, sizeof tail, "%08x", random());
  return std::string(host[0] ? host : "norced") + "-" + std::to_string(::getpid()) + "-" + tail;
}

}  // namespace

JobRunner::JobRunner(store::Store& store, std::vector<const ImportKind*> imports, RunnerOptions options)
    : store_(store), imports_(std::move(imports)), options_(std::move(options)) {
  if (options_.name.empty()) options_.name = process_name();
  if (options_.prefetch_bytes > 0)
    prefetch_ = std::make_unique<ChunkPrefetch>(ChunkPrefetch::Options{options_.prefetch_bytes, options_.nice});
}

void JobRunner::stored(int64_t client_id, int64_t job_id, int64_t created, const std::vector<std::string>& chunks) {
  if (prefetch_) prefetch_->offer(client_id, job_id, created, chunks);
}

JobRunner::~JobRunner() { stop(); }

const ImportKind* JobRunner::find(std::string_view type) const {
  for (const ImportKind* k : imports_)
    if (k->method == type) return k;
  return nullptr;
}

bool JobRunner::run_once(const std::string& worker) {
  const Clock& clock = *options_.clock;
  auto job = store_.jobs().claim(worker, clock.now(), clock.now() + micros(options_.lease));
  if (!job) return false;
  run(worker, *job);
  return true;
}

void JobRunner::run(const std::string& worker, const store::JobRow& job) {
  store::JobStore& jobs = store_.jobs();
  const Clock& clock = *options_.clock;
  const int64_t lease = micros(options_.lease);
  std::vector<store::JobLogEntry> pending;  // entries not recorded yet
  auto end_job = [&](store::JobStatus status, std::string message) {
    if (!message.empty()) pending.push_back({store::JobSeverity::Error, std::move(message), clock.now(), std::nullopt});
    pending.push_back(info("Import finished.", clock.now()));
    jobs.finish({job.id, worker, status, std::move(pending), clock.now()});
  };
  const ImportKind* kind = find(job.type);
  if (!kind) return end_job(store::JobStatus::Failed, "This import is not supported: " + job.type + ".");
  auto app = store_.system()->application(job.application_id);
  if (!app) return end_job(store::JobStatus::Failed, "The job's application no longer exists.");
  std::string author = "Connect";
  if (auto account = store_.system()->account_for_application(job.account_id, job.application_id))
    author = account->name;
  auto header = parse_header(job.header, kind->header());
  if (!header) return end_job(store::JobStatus::ValidationFailed, header.problem().detail);
  const bool full_file = header->full_file && kind->full_file;

  // Every item of the job, chunk by chunk: what a full feed's step reads. The chunks are read before the step's
  // transaction opens (on SQLite the job store shares the one writer that the transaction holds).
  std::vector<std::string> payload;
  auto load_payload = [&] {
    if (!payload.empty() || job.chunks == 0) return;
    for (int64_t n = 0; n < job.chunks; ++n) {
      auto items = jobs.chunk(job.id, n);
      if (!items) throw std::runtime_error("The payload of this job is no longer kept.");
      payload.push_back(std::move(*items));
    }
  };
  const JobItems all_items = [&](const ItemVisitor& visit) {
    for (const auto& chunk : payload) {
      auto scanned = scan_items(chunk, [&](std::string_view raw, json::Value& v) { visit({raw, std::move(v)}); });
      if (!scanned) throw std::runtime_error("A stored chunk no longer reads: " + scanned.problem().detail);
    }
  };
  // One step in one transaction with its progress record (chunk `n`); false when the lease was lost.
  auto step = [&](int64_t n, const std::function<ChunkOutcome(store::WriteTx&)>& work) {
    auto tx = store_.write(job.client_id, {author, clock.now()});
    tx->write_in_batches();
    ChunkOutcome out = work(*tx);
    pending.insert(pending.end(), std::make_move_iterator(out.log.begin()), std::make_move_iterator(out.log.end()));
    const int64_t now = clock.now();
    if (!tx->record_job_progress({job.id, worker, n, out.inserts, out.updates, out.fail, pending, now, now + lease}))
      return false;  // another worker has the job; dropping tx undoes the step
    auto changes = tx->commit();
    pending.clear();
    if (options_.on_commit && !changes.empty()) options_.on_commit(changes);
    return true;
  };

  try {
    if (job.next_chunk == 0) {
      pending.push_back(info("Starting import.", clock.now()));
      if (full_file) {
        // Counted in a transaction that is dropped: nothing is written before the limit is checked.
        load_payload();
        auto tx = store_.write(job.client_id, {author, clock.now()});
        ChunkOutcome ignored;
        FullFileScope scope = full_file_step(*kind, *tx, *app, job, all_items, clock.now(), false, ignored);
        tx.reset();
        if (scope.active > 0 && static_cast<double>(scope.deactivate) >
                                    options_.full_file_max_share * static_cast<double>(scope.active)) {
          return end_job(store::JobStatus::ValidationFailed,
                         "FullFile: this feed would deactivate " + std::to_string(scope.deactivate) + " of " +
                             std::to_string(scope.active) + " " + scope.what +
                             ", more than the allowed share; nothing was imported (norced serve "
                             "--connect-full-file-max-share changes the limit).");
        }
      }
    }
    for (int64_t n = job.next_chunk; n < job.chunks; ++n) {
      // Kept and parsed ahead while the previous chunk was applied, or else read from the store now.
      std::unique_ptr<PreparedChunk> chunk = prefetch_ ? prefetch_->take(job.client_id, job.id, job.created, n) : nullptr;
      if (prefetch_) prefetch_->prepare_next(job.client_id, job.id, n);
      if (!chunk) {
        auto text = jobs.chunk(job.id, n);
        if (!text) return end_job(store::JobStatus::Failed, "The payload of this job is no longer kept.");
        chunk = std::make_unique<PreparedChunk>();
        chunk->text = std::move(*text);
      }
      if (!chunk->parsed) parse_chunk(*chunk);
      if (!step(n, [&](store::WriteTx& tx) { return apply_chunk(*kind, tx, *app, job, chunk->items, clock.now()); }))
        return;
      if (prefetch_) prefetch_->dispose(std::move(chunk));  // its parse tree is freed on the prefetch thread
    }
    // The full feed's deactivation is one more step, recorded as chunk `chunks`: done once, also on a resume.
    if (full_file && job.next_chunk <= job.chunks) {
      load_payload();
      const bool done = step(job.chunks, [&](store::WriteTx& tx) {
        ChunkOutcome out;
        full_file_step(*kind, tx, *app, job, all_items, clock.now(), true, out);
        return out;
      });
      if (!done) return;
    }
  } catch (const store::StoreError& e) {
    if (e.kind == store::StoreErrorKind::Retryable || e.kind == store::StoreErrorKind::Unavailable)
      return;  // the lease runs out and the step is tried again, here or elsewhere
    return end_job(store::JobStatus::Failed, std::string("The import stopped: ") + e.what());
  } catch (const std::exception& e) {
    return end_job(store::JobStatus::Failed, std::string("The import stopped: ") + e.what());
  }
  end_job(store::JobStatus::Succeeded, {});
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

int64_t JobRunner::purge_expired_payloads() {
  const int64_t retention = static_cast<int64_t>(options_.payload_retention.count()) * 3'600'000'000;
  return store_.jobs().purge_payloads(options_.clock->now() - retention);
}

void JobRunner::loop(int n) {
  const std::string worker = options_.name + "-" + std::to_string(n);
  name_this_thread("norced-import-" + std::to_string(n));
  if (const std::string error = lower_this_thread_priority(options_.nice); !error.empty())
    spdlog::warn("connect: worker {}: cannot change thread priority by {}: {}", n, options_.nice, error);
  for (;;) {
    uint64_t seen = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      seen = notified_;
    }
    bool worked = false;
    try {
      bool purge = false;
      {
        std::lock_guard lock(mu_);
        if (options_.clock->now() >= next_purge_) {
          purge = true;
          next_purge_ = options_.clock->now() + 3'600'000'000;  // hourly
        }
      }
      if (purge) purge_expired_payloads();
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
