// Several norced instances on one PostgreSQL database (the PostgreSQL run of the suite only; one process owns
// a SQLite database): what one answers, the next request to any other sees, caches included; tokens of one are
// accepted by all; races across instances on a unique Code and on a parent cycle end consistently; killing
// one instance during a write load loses no acknowledged write and shows no half-written row; and Connect jobs
// are shared by the instances' workers, each run exactly once, also when an instance dies with jobs in hand.
#include <signal.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "api/harness.hpp"

namespace api {
namespace {

class InstancesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!on_postgres() || !postgres_available()) return;
    for (int i = 0; i < 3; ++i) {
      ServerConfig config = i == 0 ? ServerConfig{} : servers_[0]->same_store();
      // A killed instance's Connect jobs are taken over when their lease runs out: a second, not a minute.
      config.extra_args = {"--connect-lease-ms", "1000", "--connect-chunk-items", "10"};
      auto s = std::make_unique<TestServer>(config);
      std::string error;
      if (!s->start(&error)) {
        ADD_FAILURE() << "instance " << i << " did not start: " << error << "\n" << s->log();
        return;
      }
      servers_.push_back(std::move(s));
    }
  }
  static void TearDownTestSuite() {
    for (auto it = servers_.rbegin(); it != servers_.rend(); ++it) (*it)->stop();  // the database's owner last
    servers_.clear();
  }
  void SetUp() override {
    if (!on_postgres()) GTEST_SKIP() << "several instances share a PostgreSQL database; this run is on SQLite";
    ASSERT_EQ(servers_.size(), 3u) << "the instances are not running";
  }

  static TestServer& at(int i) { return *servers_[i]; }
  // A caller of instance `i` with `s`'s token and headers: the same client, another instance.
  static Session on(int i, const Session& s) { return Session(at(i), s.token(), s.application_id(), s.account_id()); }

  static inline std::vector<std::unique_ptr<TestServer>> servers_;
};

TEST_F(InstancesTest, AWriteOnOneIsSeenByTheNextReadOnEveryOtherThroughTheirCaches) {
  Session a = at(0).new_tenant("Instances read");
  const Session b = on(1, a), c = on(2, a);
  int64_t id = a.create("/api/category", {{"Code", "SEEN"}, {"Name", "Before"}});
  const std::string path = "/api/category/" + std::to_string(id);
  for (const Session* s : {&b, &c}) {  // read twice: the second answer comes from the response cache
    EXPECT_EQ(s->fetch(path)["Name"], "Before");
    EXPECT_EQ(s->fetch(path)["Name"], "Before");
    ASSERT_EQ(s->get("/api/category").status, 200);
  }
  for (int round = 0; round < 5; ++round) {
    const std::string name = "After " + std::to_string(round);
    a.update(path, {{"Id", id}, {"Code", "SEEN"}, {"Name", name}});
    EXPECT_EQ(b.fetch(path)["Name"], name) << "round " << round;
    EXPECT_EQ(c.fetch(path)["Name"], name) << "round " << round;
  }
  int64_t other = c.create("/api/category", {{"Code", "FROM-C"}, {"Name", "From C"}});
  bool listed = false;
  for (const auto& item : a.fetch("/api/category")) listed |= item["Id"] == other;
  EXPECT_TRUE(listed) << "A's cached list must show what C created";
}

TEST_F(InstancesTest, TokensOfOneInstanceAreAcceptedByTheOthers) {
  for (int issuer = 0; issuer < 3; ++issuer) {
    const std::string token = at(issuer).token(kClientId, kClientSecret);
    ASSERT_FALSE(token.empty());
    for (int i = 0; i < 3; ++i) {
      Session s(at(i), token, 1, 1);
      EXPECT_EQ(s.get("/api/category").status, 200) << "token of instance " << issuer << " on instance " << i;
    }
  }
}

TEST_F(InstancesTest, TheSameCodePostedToAllThreeAtOnceIsTakenExactlyOnce) {
  Session a = at(0).new_tenant("Instances unique");
  const Session sessions[] = {a, on(1, a), on(2, a)};
  for (int round = 0; round < 10; ++round) {
    const std::string code = "RACE-" + std::to_string(round);
    std::barrier start(3);
    int status[3] = {0, 0, 0};
    std::string bodies[3];
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; ++i)
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        // The same Code in three letter cases: unique keys ignore case.
        const std::string mine = i == 0 ? code : i == 1 ? "race-" + std::to_string(round) : "Race-" + std::to_string(round);
        auto r = sessions[i].post("/api/category", {{"Code", mine}, {"Name", "Racer " + std::to_string(i)}});
        status[i] = r.status;
        bodies[i] = r.body;
      });
    for (auto& t : threads) t.join();
    int ok = 0, conflict = 0;
    for (int i = 0; i < 3; ++i) {
      ok += status[i] == 200;
      conflict += status[i] == 409;
      if (status[i] == 409) EXPECT_NE(bodies[i].find("\"Code\""), std::string::npos) << bodies[i];
    }
    EXPECT_EQ(ok, 1) << "round " << round << ": " << status[0] << " " << status[1] << " " << status[2];
    EXPECT_EQ(conflict, 2) << "round " << round;
  }
  EXPECT_EQ(a.fetch("/api/category").size(), 10u) << "one category per round, whatever the letter case";
}

TEST_F(InstancesTest, TwoMovesThatTogetherWouldMakeACycleNeverBothSucceed) {
  Session a = at(0).new_tenant("Instances cycle");
  const Session b = on(1, a);
  for (int round = 0; round < 10; ++round) {
    const std::string r = std::to_string(round);
    int64_t x = a.create("/api/category", {{"Code", "X" + r}, {"Name", "X"}});
    int64_t y = a.create("/api/category", {{"Code", "Y" + r}, {"Name", "Y"}});
    std::barrier start(2);
    int status_x = 0, status_y = 0;
    std::thread tx([&] {
      start.arrive_and_wait();
      status_x = a.put("/api/category/" + std::to_string(x), {{"Id", x}, {"Code", "X" + r}, {"Name", "X"}, {"ParentId", y}})
                     .status;
    });
    std::thread ty([&] {
      start.arrive_and_wait();
      status_y = b.put("/api/category/" + std::to_string(y), {{"Id", y}, {"Code", "Y" + r}, {"Name", "Y"}, {"ParentId", x}})
                     .status;
    });
    tx.join();
    ty.join();
    EXPECT_FALSE(status_x == 200 && status_y == 200) << "round " << round << ": both moves succeeded";
    EXPECT_TRUE(status_x == 200 || status_y == 200) << "round " << round << ": one of them must succeed";
    const auto px = a.fetch("/api/category/" + std::to_string(x))["ParentId"];
    const auto py = a.fetch("/api/category/" + std::to_string(y))["ParentId"];
    EXPECT_FALSE(px == y && py == x) << "round " << round << ": a cycle was stored";
  }
}

TEST_F(InstancesTest, KillingOneDuringAWriteLoadLosesNoAcknowledgedWriteAndShowsNoHalfRow) {
  Session a = at(0).new_tenant("Instances kill");
  const Session writers[] = {on(2, a), a};  // instance 2 is killed; instance 0 keeps writing
  std::mutex mu;
  std::map<int64_t, std::string> acknowledged;  // id → Code
  std::atomic<bool> stop{false};
  std::atomic<int> survivor_acks{0};  // acknowledged by instance 0
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w)
    for (int t = 0; t < 2; ++t)
      threads.emplace_back([&, w, t] {
        for (int n = 0; !stop; ++n) {
          const std::string code = "K" + std::to_string(w) + "-" + std::to_string(t) + "-" + std::to_string(n);
          auto r = writers[w].post("/api/category", {{"Code", code}, {"Name", "Name " + code},
                                                     {"Cultures", Json::array({{{"CultureCode", "sv-SE"},
                                                                                {"Name", "Namn " + code}}})}});
          if (r.status == 200) {
            std::lock_guard lock(mu);
            acknowledged.emplace(std::stoll(r.body), code);
            if (w == 1) ++survivor_acks;
          } else if (w == 0 && r.status < 0) {
            return;  // the instance is gone (not acknowledged: the client would retry elsewhere)
          }
        }
      });
  auto wait_for_acks = [&](int n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (survivor_acks < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  wait_for_acks(50);  // both instances are writing
  const int before_kill = survivor_acks;
  ASSERT_EQ(::kill(at(2).pid(), SIGKILL), 0);
  wait_for_acks(before_kill + 50);  // the surviving instance keeps taking writes
  stop = true;
  for (auto& t : threads) t.join();

  const Session reader = on(1, a);
  std::map<int64_t, Json> stored;
  for (const auto& item : reader.fetch("/api/category")) stored.emplace(item["Id"].get<int64_t>(), item);
  std::lock_guard lock(mu);
  ASSERT_GT(acknowledged.size(), 100u);
  EXPECT_GE(survivor_acks, before_kill + 50) << "instance 0 kept taking writes after instance 2 died";
  for (const auto& [id, code] : acknowledged) {
    auto it = stored.find(id);
    ASSERT_NE(it, stored.end()) << "acknowledged write " << id << " (" << code << ") is lost";
    EXPECT_EQ(it->second["Code"], code);
  }
  // Every stored row is whole: its Swedish text came in the same transaction as the row.
  for (const auto& [id, item] : stored) {
    const Json full = reader.fetch("/api/category/" + std::to_string(id));
    bool swedish = false;
    for (const auto& c : full["Cultures"])
      swedish |= c["CultureCode"] == "sv-SE" && c["Name"] == "Namn " + item["Code"].get<std::string>();
    EXPECT_TRUE(swedish) << "row " << id << " without its culture text: " << full.dump();
  }
  EXPECT_EQ(at(0).request("GET", "/readyz").status, 200);
  EXPECT_EQ(at(1).request("GET", "/readyz").status, 200);
  // The killed instance comes back on the same database.
  std::string error;
  ASSERT_TRUE(at(2).restart(&error)) << error << "\n" << at(2).log();
  EXPECT_EQ(on(2, a).get("/api/category/" + std::to_string(acknowledged.begin()->first)).status, 200);
}


// Runs after the kill above (instance 2 is gone): jobs accepted by instance 1, which is killed while its
// workers run them; instance 0 takes them over when their leases run out and every item is applied once.
TEST_F(InstancesTest, ConnectJobsAreSharedAndEachRunsExactlyOnceWhenAnInstanceDiesWithJobsInHand) {
  ClientInfo c = at(0).add_client("Instances connect", "en-US", {"management", "connect"});
  const Session a = at(0).session_for(c);
  const Session b = on(1, a);
  constexpr int kJobs = 8, kItems = 60;
  std::vector<std::string> ids;
  for (int j = 0; j < kJobs; ++j) {
    std::string body = "[";
    for (int i = 0; i < kItems; ++i)
      body += std::string(i ? "," : "") + R"({"Code":"J)" + std::to_string(j) + "-" + std::to_string(i) +
              R"(","Name":"Job list","CurrencyCode":"SEK"})";
    body += "]";
    HeaderList h = {{"Authorization", "Bearer " + b.token()},
                    {"applicationId", std::to_string(b.application_id())},
                    {"X-StormConnect-Header", R"({"AccountId":)" + std::to_string(b.account_id()) +
                                                  R"(,"PriceListFieldsThatAreSet":[0,1]})"}};
    Reply r = at(1).request("POST", "/commerce/connect/4.0/Product/ImportPriceLists", body, "application/json", h);
    ASSERT_EQ(r.status, 200) << r.describe();
    ids.push_back(r.json()["JobId"].get<std::string>());
  }
  ASSERT_EQ(::kill(at(1).pid(), SIGKILL), 0);  // with jobs queued and, likely, one in hand

  HeaderList h = {{"Authorization", "Bearer " + a.token()}, {"applicationId", std::to_string(a.application_id())}};
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (const auto& id : ids) {
    Json job;
    for (;;) {
      Reply r = at(0).request("GET", "/commerce/connect/4.0/Job/Get?id=" + id, "", "", h);
      ASSERT_EQ(r.status, 200) << r.describe();
      job = r.json();
      if (job["IsFinished"] == true || std::chrono::steady_clock::now() > give_up) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process
    }
    EXPECT_EQ(job["StatusId"], 2) << id << " " << job.dump();
    EXPECT_EQ(job["Totals"], kItems);
    EXPECT_EQ(job["Fail"], 0);
    Reply log = at(0).request("GET", "/commerce/connect/4.0/Job/GetLog?id=" + id, "", "", h);
    int starts = 0, ends = 0;
    for (const auto& e : log.json()) {
      starts += e["Message"] == "Starting import.";
      ends += e["Message"] == "Import finished.";
    }
    EXPECT_EQ(starts, 1) << id;
    EXPECT_EQ(ends, 1) << id;
  }
  std::set<std::string> codes;
  int lists = 0;
  for (const auto& pl : a.fetch("/api/pricing/pricelist")) {
    const std::string code = pl["Code"].get<std::string>();
    if (code.rfind("J", 0) != 0) continue;
    ++lists;
    codes.insert(code);
  }
  EXPECT_EQ(lists, kJobs * kItems) << "every item applied";
  EXPECT_EQ(codes.size(), static_cast<size_t>(kJobs * kItems)) << "and none twice";
}

}  // namespace
}  // namespace api
