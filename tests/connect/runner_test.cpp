// The job runner (connect/runner.hpp) on every backend, driven with run_once() and a ManualClock: a job runs
// chunk by chunk with "Starting import." and "Import finished."; a job cut off by a dead worker resumes at its
// first unrecorded chunk once the lease expires; a worker that lost its lease records nothing more; an
// unknown import or a failing one fails the job, not the runner.
#include "connect/runner.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "../store/contract_support.hpp"

namespace norced::connect {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kSecond = 1'000'000;

class JobRunnerTest : public contract::BackendFixture {
 protected:
  void SetUp() override {
    BackendFixture::SetUp();
    if (IsSkipped()) return;
    a_ = contract::new_client(*store_, "a");
  }
  void TearDown() override {
    runner_.reset();
    BackendFixture::TearDown();
  }

  // A runner whose "Test/Count" import counts the chunks it sees (and advances the clock a second per chunk).
  JobRunner& runner() {
    if (!runner_) {
      RunnerOptions o;
      o.clock = &clock_;
      o.lease = std::chrono::milliseconds(10'000);
      std::map<std::string, ChunkImporter, std::less<>> importers;
      importers["Test/Count"] = [this](store::Store&, const store::JobRow&, std::string_view items, int64_t) {
        seen_.emplace_back(items);
        clock_.advance(kSecond);
        if (on_chunk_) on_chunk_();
        ChunkOutcome out;
        out.inserts = 2;
        out.updates = 1;
        if (items == "[\"bad\"]") {
          out.fail = 1;
          out.log.push_back({store::JobSeverity::Error, "Item 'bad': refused", clock_.now(), "\"bad\""});
        }
        return out;
      };
      importers["Test/Throw"] = [](store::Store&, const store::JobRow&, std::string_view, int64_t) -> ChunkOutcome {
        throw std::runtime_error("boom");
      };
      runner_ = std::make_unique<JobRunner>(*store_, std::move(importers), o);
    }
    return *runner_;
  }

  int64_t submit(std::string type, std::vector<std::string> chunks) {
    store::NewJob j;
    j.client_id = a_.client_id;
    j.application_id = a_.application_id;
    j.account_id = a_.account_id;
    j.type = std::move(type);
    j.header = "{}";
    j.totals = static_cast<int64_t>(chunks.size());
    j.chunks = std::move(chunks);
    j.at = clock_.now();
    return store_->jobs().submit(j);
  }
  std::vector<std::string> messages(int64_t id) {
    std::vector<std::string> out;
    for (const auto& e : store_->jobs().log(a_.client_id, id)) out.push_back(e.message);
    return out;
  }

  ManualClock clock_{kT0};
  store::CreatedClient a_;
  std::unique_ptr<JobRunner> runner_;
  std::vector<std::string> seen_;
  std::function<void()> on_chunk_;
};

TEST_P(JobRunnerTest, AJobRunsChunkByChunkAndFinishes) {
  const int64_t id = submit("Test/Count", {"[1]", "[\"bad\"]", "[3]"});
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_FALSE(runner().run_once("w")) << "nothing left";
  EXPECT_EQ(seen_, (std::vector<std::string>{"[1]", "[\"bad\"]", "[3]"}));
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_TRUE(job->finished);
  EXPECT_EQ(job->status, store::JobStatus::Succeeded);
  EXPECT_EQ(job->inserts, 6);
  EXPECT_EQ(job->updates, 3);
  EXPECT_EQ(job->fail, 1);
  EXPECT_EQ(job->started, kT0);
  EXPECT_EQ(job->stopped, kT0 + 3 * kSecond);
  EXPECT_EQ(messages(id), (std::vector<std::string>{"Starting import.", "Item 'bad': refused", "Import finished."}));
}

TEST_P(JobRunnerTest, AJobOfADeadWorkerResumesAtItsFirstUnrecordedChunkAfterTheLease) {
  const int64_t id = submit("Test/Count", {"[1]", "[2]", "[3]"});
  // A worker of a process that was killed after recording chunk 0.
  ASSERT_TRUE(store_->jobs().claim("dead", kT0, kT0 + 10 * kSecond));
  ASSERT_TRUE(store_->jobs().progress({id, "dead", 0, 2, 1, 0, {{store::JobSeverity::Information, "Starting import.",
                                                                  kT0, std::nullopt}}, kT0, kT0 + 10 * kSecond}));
  EXPECT_FALSE(runner().run_once("w")) << "the lease still holds";
  clock_.set(kT0 + 11 * kSecond);
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_EQ(seen_, (std::vector<std::string>{"[2]", "[3]"}));
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_TRUE(job->finished);
  EXPECT_EQ(job->inserts, 6);
  EXPECT_EQ(messages(id), (std::vector<std::string>{"Starting import.", "Import finished."})) << "started once";
}

TEST_P(JobRunnerTest, AWorkerThatLostItsLeaseRecordsNothingMore) {
  const int64_t id = submit("Test/Count", {"[1]", "[2]"});
  // While "slow" applies chunk 0 its lease runs out and "fast" takes the job over and finishes it.
  bool once = true;
  on_chunk_ = [&] {
    if (!once) return;
    once = false;
    clock_.advance(20 * kSecond);
    EXPECT_TRUE(runner().run_once("fast"));
  };
  EXPECT_TRUE(runner().run_once("slow"));
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_TRUE(job->finished);
  EXPECT_EQ(job->inserts, 4) << "each chunk counted once";
  EXPECT_EQ(seen_, (std::vector<std::string>{"[1]", "[1]", "[2]"})) << "chunk 0 applied twice: imports are idempotent";
}

TEST_P(JobRunnerTest, AnUnknownOrFailingImportFailsTheJobNotTheRunner) {
  const int64_t unknown = submit("Test/Nope", {"[1]"});
  const int64_t throws = submit("Test/Throw", {"[1]"});
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_TRUE(runner().run_once("w"));
  for (int64_t id : {unknown, throws}) {
    auto job = store_->jobs().get(a_.client_id, id);
    EXPECT_TRUE(job->finished);
    EXPECT_EQ(job->status, store::JobStatus::Failed);
    auto log = store_->jobs().log(a_.client_id, id);
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.back().message, "Import finished.");
  }
  EXPECT_EQ(messages(throws)[1], "The import stopped: boom");
}

TEST_P(JobRunnerTest, WorkerThreadsRunAcceptedJobs) {
  RunnerOptions o;  // the system clock: leases are real, but nothing here waits for one
  o.workers = 2;
  o.idle_poll = std::chrono::milliseconds(5);
  std::mutex mu;
  std::condition_variable done;
  int chunks = 0;
  std::map<std::string, ChunkImporter, std::less<>> importers;
  importers["Test/Count"] = [&](store::Store&, const store::JobRow&, std::string_view, int64_t) {
    {
      std::lock_guard lock(mu);
      ++chunks;
    }
    done.notify_all();
    return ChunkOutcome{1, 0, 0, {}};
  };
  clock_.set(timeutil::now());
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(submit("Test/Count", {"[1]", "[2]"}));
  JobRunner threads(*store_, importers, o);
  threads.start();
  threads.notify();
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(done.wait_for(lock, std::chrono::seconds(30), [&] { return chunks == 10; }));  // woken per chunk
  }
  threads.stop();  // the last chunk's job is finished before its worker stops
  EXPECT_EQ(chunks, 10);
  for (int64_t id : ids) EXPECT_TRUE(store_->jobs().get(a_.client_id, id)->finished);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobRunnerTest, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace norced::connect
