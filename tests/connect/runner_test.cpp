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
#include "management/resources/resources.hpp"

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
  std::vector<const registry::Resource*> store_resources() override {
    return management::resources::catalog().all();  // apply_chunk reads the client's reference data
  }
  void TearDown() override {
    runner_.reset();
    BackendFixture::TearDown();
  }

  static const HeaderSpec& test_header() {
    static const HeaderSpec spec{"TestHeader", true, {}, {}};
    return spec;
  }

  // "Test/Count" counts the chunks it sees (and advances the clock a second per chunk), writing one tenant
  // setting per chunk; "Test/Throw" throws; "Test/Full" has a FullFile step that deactivates `deactivate_` of
  // `active_` rows.
  JobRunner& runner() {
    if (!runner_) {
      RunnerOptions o;
      o.clock = &clock_;
      o.lease = std::chrono::milliseconds(10'000);
      count_ = ImportKind{"Test/Count", &test_header, [this](ImportContext& ctx, const std::vector<ImportItem>& items) {
                            std::string text = "[";
                            for (const auto& i : items) text += (text.size() > 1 ? "," : "") + std::string(i.raw);
                            seen_.push_back(text + "]");
                            ctx.tx.put_tenant_setting("chunk." + std::to_string(seen_.size()), text);
                            clock_.advance(kSecond);
                            ctx.outcome.inserts += 2;
                            ctx.outcome.updates += 1;
                            for (const auto& i : items)
                              if (i.value.find("bad")) ctx.failed(i, "Item 'bad': refused");
                          }};
      throw_ = ImportKind{"Test/Throw", &test_header,
                          [](ImportContext&, const std::vector<ImportItem>&) { throw std::runtime_error("boom"); }};
      full_ = count_;
      full_.method = "Test/Full";
      full_.full_file = [this](ImportContext& ctx, const JobItems& items, bool apply) {
        int64_t n = 0;
        items([&](const ImportItem&) { ++n; });
        full_file_items_ = n;
        if (apply) {
          ctx.outcome.updates += deactivate_;
          ctx.info("FullFile step applied.");
        }
        return FullFileScope{deactivate_, active_, "test rows"};
      };
      runner_ = std::make_unique<JobRunner>(*store_, std::vector<const ImportKind*>{&count_, &throw_, &full_}, o);
    }
    return *runner_;
  }

  int64_t submit(std::string type, std::vector<std::string> chunks) {
    store::NewJob j;
    j.client_id = a_.client_id;
    j.application_id = a_.application_id;
    j.account_id = a_.account_id;
    j.type = std::move(type);
    j.header = header_;
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
  ImportKind count_, throw_, full_;
  std::unique_ptr<JobRunner> runner_;
  std::vector<std::string> seen_;
  std::string header_ = R"({"AccountId":1})";
  int64_t deactivate_ = 0, active_ = 0, full_file_items_ = 0;
};

TEST_P(JobRunnerTest, ChunksKeptAtAcceptAreAppliedWithoutReadingTheStoreBack) {
  const int64_t id = submit("Test/Count", {R"([{"n":1}])", R"([{"n":2}])"});
  // What the accept path hands over is the stored payload; a different text here shows which one was applied.
  runner().stored(a_.client_id, id, clock_.now(), {R"([{"kept":1}])", R"([{"kept":2}])"});
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_EQ(seen_, (std::vector<std::string>{R"([{"kept":1}])", R"([{"kept":2}])"}));
  const int64_t next = submit("Test/Count", {R"([{"n":3}])"});  // not kept: read from the store
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_EQ(seen_.back(), R"([{"n":3}])");
  EXPECT_TRUE(store_->jobs().get(a_.client_id, next)->finished);
}

TEST_P(JobRunnerTest, AJobRunsChunkByChunkAndFinishes) {
  const int64_t id = submit("Test/Count", {R"([{"n":1}])", R"([{"bad":true}])", R"([{"n":3},{"n":4}])"});
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_FALSE(runner().run_once("w")) << "nothing left";
  EXPECT_EQ(seen_, (std::vector<std::string>{R"([{"n":1}])", R"([{"bad":true}])", R"([{"n":3},{"n":4}])"}));
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_TRUE(job->finished);
  EXPECT_EQ(job->status, store::JobStatus::Succeeded);
  EXPECT_EQ(job->inserts, 6);
  EXPECT_EQ(job->updates, 3);
  EXPECT_EQ(job->fail, 1);
  EXPECT_EQ(job->next_chunk, 3);
  EXPECT_EQ(job->started, kT0);
  EXPECT_EQ(job->stopped, kT0 + 3 * kSecond);
  EXPECT_EQ(messages(id), (std::vector<std::string>{"Starting import.", "Item 'bad': refused", "Import finished."}));
  auto log = store_->jobs().log(a_.client_id, id);
  EXPECT_EQ(log[1].severity, store::JobSeverity::Error);
  EXPECT_EQ(log[1].imported_row, R"({"bad":true})");
}

TEST_P(JobRunnerTest, AJobOfADeadWorkerResumesAtItsFirstUnrecordedChunkAfterTheLease) {
  const int64_t id = submit("Test/Count", {R"([{"n":1}])", R"([{"n":2}])", R"([{"n":3}])"});
  // A worker of a process that was killed after recording chunk 0.
  ASSERT_TRUE(store_->jobs().claim("dead", kT0, kT0 + 10 * kSecond));
  ASSERT_TRUE(store_->jobs().progress({id, "dead", 0, 2, 1, 0, {{store::JobSeverity::Information, "Starting import.",
                                                                  kT0, std::nullopt}}, kT0, kT0 + 10 * kSecond}));
  EXPECT_FALSE(runner().run_once("w")) << "the lease still holds";
  clock_.set(kT0 + 11 * kSecond);
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_EQ(seen_, (std::vector<std::string>{R"([{"n":2}])", R"([{"n":3}])"}));
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_TRUE(job->finished);
  EXPECT_EQ(job->inserts, 6);
  EXPECT_EQ(messages(id), (std::vector<std::string>{"Starting import.", "Import finished."})) << "started once";
}

TEST_P(JobRunnerTest, AChunkWhoseProgressCannotBeRecordedLeavesNoTrace) {
  const int64_t id = submit("Test/Count", {R"([{"n":1}])"});
  ASSERT_TRUE(store_->jobs().claim("other", kT0, kT0 + 10 * kSecond));
  {
    auto tx = store_->write(a_.client_id, {"System", kT0});
    tx->put_tenant_setting("chunk.x", "written by a worker without the lease");
    EXPECT_FALSE(tx->record_job_progress({id, "w", 0, 1, 0, 0, {}, kT0, kT0 + kSecond})) << "not w's lease";
  }  // dropped: rolled back
  auto tx = store_->write(a_.client_id, {"System", kT0});
  EXPECT_TRUE(tx->record_job_progress({id, "other", 0, 5, 0, 0, {}, kT0, kT0 + kSecond}));
  tx->put_tenant_setting("chunk.y", "recorded");
  tx->commit();
  auto system = store_->system();
  EXPECT_FALSE(system->setting(store::tenant_setting_key("chunk.x", a_.client_id)));
  EXPECT_EQ(system->setting(store::tenant_setting_key("chunk.y", a_.client_id)), "recorded");
  EXPECT_EQ(store_->jobs().get(a_.client_id, id)->inserts, 5);
  EXPECT_EQ(store_->jobs().get(a_.client_id, id)->next_chunk, 1);
}

TEST_P(JobRunnerTest, AnUnknownOrFailingImportFailsTheJobNotTheRunner) {
  const int64_t unknown = submit("Test/Nope", {R"([{"n":1}])"});
  const int64_t throws = submit("Test/Throw", {R"([{"n":1}])"});
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

TEST_P(JobRunnerTest, AFullFeedAboveTheDeactivationLimitFailsValidationBeforeAnythingIsApplied) {
  header_ = R"({"AccountId":1,"FullFile":true})";
  deactivate_ = 6;
  active_ = 10;
  const int64_t id = submit("Test/Full", {R"([{"n":1},{"n":2}])", R"([{"n":3}])"});
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_TRUE(seen_.empty()) << "no chunk applied";
  EXPECT_EQ(full_file_items_, 3) << "the check read every item";
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_TRUE(job->finished);
  EXPECT_EQ(job->status, store::JobStatus::ValidationFailed);
  auto log = messages(id);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_NE(log[1].find("would deactivate 6 of 10 test rows"), std::string::npos) << log[1];
}

TEST_P(JobRunnerTest, AFullFeedWithinTheLimitDeactivatesAfterItsLastChunkOnce) {
  header_ = R"({"AccountId":1,"FullFile":true})";
  deactivate_ = 5;
  active_ = 10;
  const int64_t id = submit("Test/Full", {R"([{"n":1}])", R"([{"n":2}])"});
  EXPECT_TRUE(runner().run_once("w"));
  auto job = store_->jobs().get(a_.client_id, id);
  EXPECT_EQ(job->status, store::JobStatus::Succeeded);
  EXPECT_EQ(job->updates, 2 + 5) << "two chunks and the deactivation";
  EXPECT_EQ(job->next_chunk, 3) << "the FullFile step is recorded as one more chunk";
  EXPECT_EQ(messages(id),
            (std::vector<std::string>{"Starting import.", "FullFile step applied.", "Import finished."}));
  // Without FullFile the step does not run.
  header_ = R"({"AccountId":1,"FullFile":false})";
  const int64_t delta = submit("Test/Full", {R"([{"n":1}])"});
  EXPECT_TRUE(runner().run_once("w"));
  EXPECT_EQ(store_->jobs().get(a_.client_id, delta)->updates, 1);
}

TEST_P(JobRunnerTest, WorkerThreadsRunAcceptedJobs) {
  RunnerOptions o;  // the system clock: leases are real, but nothing here waits for one
  o.workers = 2;
  o.idle_poll = std::chrono::milliseconds(5);
  std::mutex mu;
  std::condition_variable done;
  int chunks = 0;
  ImportKind kind{"Test/Count", &test_header, [&](ImportContext& ctx, const std::vector<ImportItem>&) {
                    {
                      std::lock_guard lock(mu);
                      ++chunks;
                    }
                    done.notify_all();
                    ctx.outcome.inserts += 1;
                  }};
  clock_.set(timeutil::now());
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(submit("Test/Count", {R"([{"n":1}])", R"([{"n":2}])"}));
  JobRunner threads(*store_, {&kind}, o);
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
