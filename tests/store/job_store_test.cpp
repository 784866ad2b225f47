// The job queue's contract (store/jobs.hpp), run against every backend like the store contract suite: a
// submitted job is durable and belongs to its client; claims follow the acceptance order per client, one
// worker per job, also with several workers (and, on PostgreSQL, several store instances) claiming at once;
// progress and finish are fenced by the lease; restart and the payload retention.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "contract_support.hpp"
#include "store/jobs.hpp"
#include "store/postgres/postgres_store.hpp"

namespace norced {
namespace {

using store::JobLogEntry;
using store::JobSeverity;
using store::JobStatus;
using store::JobStore;
using store::NewJob;

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kSecond = 1'000'000;

class JobStoreContract : public contract::BackendFixture {
 protected:
  void SetUp() override {
    BackendFixture::SetUp();
    if (IsSkipped()) return;
    a_ = contract::new_client(*store_, "a");
    b_ = contract::new_client(*store_, "b");
  }
  JobStore& jobs() { return store_->jobs(); }

  NewJob job(const store::CreatedClient& c, std::vector<std::string> chunks = {"[{\"PartNo\":\"A\"}]"},
             int64_t at = kT0) {
    NewJob j;
    j.client_id = c.client_id;
    j.application_id = c.application_id;
    j.account_id = c.account_id;
    j.type = "Product/ImportOnhands";
    j.header = R"({"AccountId":1,"FullFile":false})";
    j.totals = static_cast<int64_t>(chunks.size());
    j.chunks = std::move(chunks);
    j.at = at;
    return j;
  }

  store::CreatedClient a_, b_;
};

TEST_P(JobStoreContract, ASubmittedJobIsReadBackByItsClientOnly) {
  const int64_t id = jobs().submit(job(a_, {"[1,2]", "[3]"}));
  EXPECT_GT(id, 0);
  auto got = jobs().get(a_.client_id, id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->client_id, a_.client_id);
  EXPECT_EQ(got->application_id, a_.application_id);
  EXPECT_EQ(got->account_id, a_.account_id);
  EXPECT_EQ(got->type, "Product/ImportOnhands");
  EXPECT_EQ(got->header, R"({"AccountId":1,"FullFile":false})");
  EXPECT_EQ(got->status, JobStatus::Initialized);
  EXPECT_EQ(got->totals, 2);
  EXPECT_EQ(got->chunks, 2);
  EXPECT_EQ(got->next_chunk, 0);
  EXPECT_EQ(got->created, kT0);
  EXPECT_EQ(got->last_updated, kT0);
  EXPECT_FALSE(got->started);
  EXPECT_FALSE(got->stopped);
  EXPECT_FALSE(got->finished);
  EXPECT_TRUE(got->payload_kept);
  EXPECT_EQ(got->worker, "");
  EXPECT_EQ(jobs().chunk(id, 0), "[1,2]");
  EXPECT_EQ(jobs().chunk(id, 1), "[3]");
  EXPECT_FALSE(jobs().chunk(id, 2));
  EXPECT_FALSE(jobs().get(b_.client_id, id));
  EXPECT_TRUE(jobs().list(b_.client_id, {}).empty());
  EXPECT_EQ(jobs().count(b_.client_id, {}), 0);
  EXPECT_TRUE(jobs().log(a_.client_id, id).empty());
  EXPECT_EQ(jobs().restart(b_.client_id, id, kT0), store::RestartOutcome::NotFound);
  EXPECT_GT(jobs().submit(job(b_)), id);  // ids increase
}

TEST_P(JobStoreContract, ASubmittedJobSurvivesReopeningTheStore) {
  if (GetParam().name != "sqlite") GTEST_SKIP() << "a test database lives as long as its store";
  const int64_t id = jobs().submit(job(a_, {"[1]"}));
  store_.reset();
  store_ = GetParam().open(dir_, contract::resources());
  ASSERT_TRUE(jobs().get(a_.client_id, id));
  EXPECT_EQ(jobs().chunk(id, 0), "[1]");
  auto claimed = jobs().claim("w", kT0, kT0 + 60 * kSecond);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
}

TEST_P(JobStoreContract, ClaimsFollowTheOrderOfEachClientOneWorkerAtATime) {
  const int64_t a1 = jobs().submit(job(a_));
  const int64_t a2 = jobs().submit(job(a_));
  const int64_t b1 = jobs().submit(job(b_));
  const int64_t lease = kT0 + 60 * kSecond;
  auto first = jobs().claim("w1", kT0 + kSecond, lease);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, a1);
  EXPECT_EQ(first->worker, "w1");
  EXPECT_EQ(first->lease_until, lease);
  EXPECT_EQ(first->started, kT0 + kSecond);
  auto second = jobs().claim("w2", kT0 + kSecond, lease);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, b1) << "a2 waits for a1";
  EXPECT_FALSE(jobs().claim("w3", kT0 + kSecond, lease));
  ASSERT_TRUE(jobs().finish({a1, "w1", JobStatus::Succeeded, {}, kT0 + 2 * kSecond}));
  auto third = jobs().claim("w3", kT0 + 2 * kSecond, lease);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->id, a2);
  auto done = jobs().get(a_.client_id, a1);
  EXPECT_TRUE(done->finished);
  EXPECT_EQ(done->status, JobStatus::Succeeded);
  EXPECT_EQ(done->stopped, kT0 + 2 * kSecond);
  EXPECT_EQ(done->worker, "");
}

TEST_P(JobStoreContract, ProgressAndFinishAreFencedByTheLeaseAndTheNextChunk) {
  const int64_t id = jobs().submit(job(a_, {"[1]", "[2]"}));
  ASSERT_TRUE(jobs().claim("w1", kT0, kT0 + 10 * kSecond));
  const JobLogEntry start{JobSeverity::Information, "Starting import.", kT0, std::nullopt};
  EXPECT_FALSE(jobs().progress({id, "w1", 1, 1, 0, 0, {}, kT0, kT0 + 10 * kSecond})) << "chunk 0 comes first";
  EXPECT_FALSE(jobs().progress({id, "w2", 0, 1, 0, 0, {}, kT0, kT0 + 10 * kSecond})) << "w2 holds no lease";
  ASSERT_TRUE(jobs().progress({id, "w1", 0, 2, 1, 1, {start, {JobSeverity::Error, "PartNo 'X': unknown", kT0, "{\"PartNo\":\"X\"}"}},
                               kT0 + kSecond, kT0 + 10 * kSecond}));
  EXPECT_FALSE(jobs().progress({id, "w1", 0, 2, 1, 1, {}, kT0 + kSecond, kT0 + 10 * kSecond})) << "recorded once";
  auto mid = jobs().get(a_.client_id, id);
  EXPECT_EQ(mid->next_chunk, 1);
  EXPECT_EQ(mid->inserts, 2);
  EXPECT_EQ(mid->updates, 1);
  EXPECT_EQ(mid->fail, 1);
  EXPECT_EQ(mid->last_updated, kT0 + kSecond);
  EXPECT_FALSE(mid->finished);

  // w1 stalls past its lease: nobody may take the job before it expires, w2 takes it afterwards and resumes
  // at chunk 1; w1 can then record nothing.
  EXPECT_FALSE(jobs().claim("w2", kT0 + 5 * kSecond, kT0 + 20 * kSecond));
  auto taken = jobs().claim("w2", kT0 + 11 * kSecond, kT0 + 20 * kSecond);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->id, id);
  EXPECT_EQ(taken->next_chunk, 1);
  EXPECT_EQ(taken->started, kT0) << "started is the first claim";
  EXPECT_FALSE(jobs().progress({id, "w1", 1, 5, 0, 0, {}, kT0 + 12 * kSecond, kT0 + 30 * kSecond}));
  EXPECT_FALSE(jobs().finish({id, "w1", JobStatus::Failed, {}, kT0 + 12 * kSecond}));
  ASSERT_TRUE(jobs().progress({id, "w2", 1, 1, 0, 0, {}, kT0 + 12 * kSecond, kT0 + 30 * kSecond}));
  ASSERT_TRUE(jobs().finish({id, "w2", JobStatus::Succeeded,
                             {{JobSeverity::Information, "Import finished.", kT0 + 13 * kSecond, std::nullopt}},
                             kT0 + 13 * kSecond}));
  EXPECT_FALSE(jobs().finish({id, "w2", JobStatus::Succeeded, {}, kT0 + 14 * kSecond})) << "finished once";
  auto done = jobs().get(a_.client_id, id);
  EXPECT_EQ(done->inserts, 3);
  EXPECT_EQ(done->status, JobStatus::Succeeded);
  EXPECT_EQ(done->stopped, kT0 + 13 * kSecond);
  auto log = jobs().log(a_.client_id, id);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].message, "Starting import.");
  EXPECT_EQ(log[0].severity, JobSeverity::Information);
  EXPECT_FALSE(log[0].imported_row);
  EXPECT_EQ(log[1].severity, JobSeverity::Error);
  EXPECT_EQ(log[1].message, "PartNo 'X': unknown");
  EXPECT_EQ(log[1].imported_row, "{\"PartNo\":\"X\"}");
  EXPECT_EQ(log[1].at, kT0);
  EXPECT_EQ(log[2].message, "Import finished.");
  EXPECT_TRUE(jobs().log(b_.client_id, id).empty());
  EXPECT_FALSE(jobs().claim("w3", kT0 + 100 * kSecond, kT0 + 200 * kSecond)) << "a finished job is never claimed";
}

TEST_P(JobStoreContract, ListIsNewestFirstFilteredAndPaged) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(jobs().submit(job(a_, {"[1]"}, kT0 + i * kSecond)));
  jobs().submit(job(b_));
  auto claimed = jobs().claim("w", kT0 + 10 * kSecond, kT0 + 70 * kSecond);
  ASSERT_EQ(claimed->id, ids[0]);
  ASSERT_TRUE(jobs().finish({ids[0], "w", JobStatus::Failed, {}, kT0 + 11 * kSecond}));

  auto all = jobs().list(a_.client_id, {});
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all.front().id, ids[4]);
  EXPECT_EQ(all.back().id, ids[0]);
  EXPECT_EQ(jobs().count(a_.client_id, {}), 5);

  store::JobQuery page;
  page.offset = 1;
  page.limit = 2;
  auto second = jobs().list(a_.client_id, page);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].id, ids[3]);
  EXPECT_EQ(second[1].id, ids[2]);
  EXPECT_EQ(jobs().count(a_.client_id, page), 5);

  store::JobQuery failed;
  failed.status = JobStatus::Failed;
  auto f = jobs().list(a_.client_id, failed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].id, ids[0]);

  store::JobQuery open;
  open.finished = false;
  EXPECT_EQ(jobs().count(a_.client_id, open), 4);

  store::JobQuery window;
  window.created_from = kT0 + kSecond;
  window.created_to = kT0 + 3 * kSecond;
  auto w = jobs().list(a_.client_id, window);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].id, ids[3]);
  EXPECT_EQ(w[2].id, ids[1]);
}

TEST_P(JobStoreContract, RestartNeedsAFinishedJobWhosePayloadIsKept) {
  const int64_t id = jobs().submit(job(a_, {"[1]"}));
  EXPECT_EQ(jobs().restart(a_.client_id, id, kT0), store::RestartOutcome::NotFinished);
  ASSERT_TRUE(jobs().claim("w", kT0, kT0 + 60 * kSecond));
  ASSERT_TRUE(jobs().progress({id, "w", 0, 1, 0, 0, {{JobSeverity::Information, "Starting import.", kT0, {}}}, kT0,
                               kT0 + 60 * kSecond}));
  ASSERT_TRUE(jobs().finish({id, "w", JobStatus::Succeeded, {}, kT0 + kSecond}));

  EXPECT_EQ(jobs().restart(a_.client_id, id, kT0 + 2 * kSecond), store::RestartOutcome::Restarted);
  auto again = jobs().get(a_.client_id, id);
  EXPECT_EQ(again->status, JobStatus::Initialized);
  EXPECT_FALSE(again->finished);
  EXPECT_FALSE(again->started);
  EXPECT_FALSE(again->stopped);
  EXPECT_EQ(again->next_chunk, 0);
  EXPECT_EQ(again->inserts, 0);
  EXPECT_EQ(again->last_updated, kT0 + 2 * kSecond);
  EXPECT_TRUE(jobs().log(a_.client_id, id).empty());
  auto claimed = jobs().claim("w2", kT0 + 3 * kSecond, kT0 + 60 * kSecond);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
  ASSERT_TRUE(jobs().finish({id, "w2", JobStatus::Succeeded, {}, kT0 + 4 * kSecond}));

  // The retention: payloads of jobs finished before the cut are dropped, once.
  const int64_t later = jobs().submit(job(a_, {"[2]"}));
  EXPECT_EQ(jobs().purge_payloads(kT0 + 4 * kSecond), 0) << "finished at the cut, not before";
  EXPECT_EQ(jobs().purge_payloads(kT0 + 5 * kSecond), 1);
  EXPECT_EQ(jobs().purge_payloads(kT0 + 5 * kSecond), 0);
  EXPECT_FALSE(jobs().chunk(id, 0));
  EXPECT_FALSE(jobs().get(a_.client_id, id)->payload_kept);
  EXPECT_EQ(jobs().chunk(later, 0), "[2]") << "an unfinished job keeps its payload";
  EXPECT_EQ(jobs().restart(a_.client_id, id, kT0 + 6 * kSecond), store::RestartOutcome::PayloadExpired);
}

// Many workers claim at once, on SQLite from one store, on PostgreSQL from two store instances on one
// database (two norced processes): every job is claimed by exactly one of them.
TEST_P(JobStoreContract, ConcurrentClaimsTakeEachJobExactlyOnce) {
  constexpr int kClients = 12;
  std::vector<int64_t> submitted;
  for (int i = 0; i < kClients; ++i) {
    auto c = contract::new_client(*store_, "c" + std::to_string(i));
    submitted.push_back(jobs().submit(job(c)));
  }
  std::unique_ptr<store::Store> other;
  if (auto* pg = dynamic_cast<pgtest::StoreOnTestDatabase*>(store_.get()))
    other = store::postgres::open(pg->database().conninfo(), contract::resources());
  JobStore* queues[2] = {&jobs(), other ? &other->jobs() : &jobs()};

  std::mutex mu;
  std::vector<int64_t> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 6; ++w)
    workers.emplace_back([&, w] {
      JobStore& q = *queues[w % 2];
      const std::string name = "w" + std::to_string(w);
      while (auto j = q.claim(name, kT0, kT0 + 600 * kSecond)) {
        std::lock_guard lock(mu);
        claimed.push_back(j->id);
      }
    });
  for (auto& t : workers) t.join();
  std::sort(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed, submitted);
  other.reset();
}

INSTANTIATE_TEST_SUITE_P(Backends, JobStoreContract, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace norced
