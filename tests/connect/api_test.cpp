// The Connect pipeline without a socket (connect/api.hpp): routing under both prefixes and any letter case,
// the token's "connect" resource, the application header in each spelling, and the Job service over a real
// SQLite store whose jobs are put there through the store, as an import will.
#include "connect/api.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/jobs.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace norced::connect {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kSecond = 1'000'000;

class ConnectApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("norced-connect-api-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = store::sqlite::open((dir_ / "norced.db").string(), {});
    a_ = client("a");
    b_ = client("b");
    ConnectOptions o;
    o.clock = &clock_;
    api_ = std::make_unique<ConnectApi>(*store_, tokens_, o);
  }
  void TearDown() override {
    api_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::CreatedClient client(const std::string& name) {
    auto tx = store_->system_write();
    store::NewClient c;
    c.name = name;
    c.oauth_client_id = "connect-" + name;
    c.oauth_secret_hash = "x";
    c.resources = {"management", "connect"};
    auto created = tx->create_client(c);
    tx->commit();
    return created;
  }
  std::string token(const store::CreatedClient& c, std::vector<std::string> resources = {"connect"}) {
    return tokens_.issue("connect-test", c.client_id, resources, "");
  }
  http::Response send(const std::string& method, const std::string& target, const store::CreatedClient& c,
                      std::string application_header = "application-id", std::optional<std::string> tok = {}) {
    http::Request req;
    req.method = method;
    const auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string_view rest = std::string_view(target).substr(q + 1);
      while (!rest.empty()) {
        auto amp = rest.find('&');
        auto pair = rest.substr(0, amp);
        auto eq = pair.find('=');
        req.query.emplace_back(std::string(pair.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      }
    }
    req.headers.add("Authorization", "Bearer " + tok.value_or(token(c)));
    if (!application_header.empty()) req.headers.add(application_header, std::to_string(c.application_id));
    return api_->handle(req);
  }
  int64_t submit(const store::CreatedClient& c, int64_t at = kT0) {
    store::NewJob j;
    j.client_id = c.client_id;
    j.application_id = c.application_id;
    j.account_id = c.account_id;
    j.type = "Product/ImportOnhands";
    j.header = "{}";
    j.chunks = {"[1]"};
    j.totals = 1;
    j.at = at;
    return store_->jobs().submit(j);
  }

  std::filesystem::path dir_;
  ManualClock clock_{kT0};
  identity::TokenService tokens_{"a-signing-key-of-at-least-32-characters!", std::chrono::seconds(3600), clock_};
  std::unique_ptr<store::Store> store_;
  store::CreatedClient a_, b_;
  std::unique_ptr<ConnectApi> api_;
};

TEST_F(ConnectApiTest, OwnsOnlyItsPrefix) {
  EXPECT_TRUE(ConnectApi::owns("/commerce/connect/4.0/Job/Ping"));
  EXPECT_TRUE(ConnectApi::owns("/COMMERCE/Connect/4.0/api/job/ping"));
  EXPECT_TRUE(ConnectApi::owns("/commerce/connect/4.0"));
  EXPECT_FALSE(ConnectApi::owns("/commerce/connect/4.01/Job/Ping"));
  EXPECT_FALSE(ConnectApi::owns("/commerce/management/1.0/api/x"));
}

TEST_F(ConnectApiTest, PingAnswersUnderBothPrefixesInAnyCase) {
  for (const std::string path : {"/commerce/connect/4.0/Job/Ping", "/commerce/connect/4.0/api/Job/Ping",
                                 "/commerce/connect/4.0/job/ping", "/COMMERCE/CONNECT/4.0/API/JOB/PING/"}) {
    auto r = send("GET", path, a_);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
  }
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/Nope", a_).status, 404);
  auto wrong = send("POST", "/commerce/connect/4.0/Job/Ping", a_);
  EXPECT_EQ(wrong.status, 405);
  ASSERT_FALSE(wrong.headers.empty());
}

TEST_F(ConnectApiTest, TheTokenMustCarryTheConnectResource) {
  http::Request req;
  req.method = "GET";
  req.path = "/commerce/connect/4.0/Job/Ping";
  EXPECT_EQ(api_->handle(req).status, 401);
  req.headers.add("Authorization", "Bearer nonsense");
  EXPECT_EQ(api_->handle(req).status, 401);
  auto r = send("GET", "/commerce/connect/4.0/Job/Ping", a_, "application-id", token(a_, {"management"}));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("Connect"), std::string::npos) << r.body;
}

TEST_F(ConnectApiTest, TheApplicationHeaderInEverySpellingAndOnlyTheCallersOwn) {
  for (const std::string h : {"application-id", "applicationId", "ApplicationId", "APPLICATIONID"})
    EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/Ping", a_, h).status, 200) << h;
  auto missing = send("GET", "/commerce/connect/4.0/Job/Ping", a_, "");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("application-id"), std::string::npos) << missing.body;
  // a's token with b's application.
  http::Request req;
  req.method = "GET";
  req.path = "/commerce/connect/4.0/Job/Ping";
  req.headers.add("Authorization", "Bearer " + token(a_));
  req.headers.add("applicationId", std::to_string(b_.application_id));
  EXPECT_EQ(api_->handle(req).status, 403);
  http::Request bad = req;
  bad.headers = {};
  bad.headers.add("Authorization", "Bearer " + token(a_));
  bad.headers.add("applicationId", "1x");
  EXPECT_EQ(api_->handle(bad).status, 400);
}

TEST_F(ConnectApiTest, GetAndGetLogAnswerTheCallersJobsOnly) {
  const int64_t id = submit(a_);
  auto r = send("GET", "/commerce/connect/4.0/Job/Get?id=" + std::to_string(id), a_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.rfind("{\"JobId\":" + std::to_string(id) + ",\"StatusId\":1,", 0), 0u) << r.body;
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/Get?id=" + std::to_string(id), b_).status, 404);
  auto log = send("GET", "/commerce/connect/4.0/api/Job/GetLog?id=" + std::to_string(id), a_);
  EXPECT_EQ(log.status, 200);
  EXPECT_EQ(log.body, "[]");
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/GetLog?id=" + std::to_string(id), b_).status, 404);
  for (const std::string q : {"", "?id=", "?id=x", "?id=0", "?id=99999999999"}) {
    auto bad = send("GET", "/commerce/connect/4.0/Job/Get" + q, a_);
    EXPECT_EQ(bad.status, 400) << q;
    EXPECT_NE(bad.body.find("\"id\""), std::string::npos) << bad.body;
  }
}

TEST_F(ConnectApiTest, ListIsNewestFirstPagedAndFiltered) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(submit(a_, kT0 + i * kSecond));
  submit(b_);
  auto all = send("GET", "/commerce/connect/4.0/Job/List", a_);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body.rfind("[{\"JobId\":" + std::to_string(ids[2]), 0), 0u) << all.body;
  auto page = send("GET", "/commerce/connect/4.0/Job/List?page=2&pageSize=2", a_);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.rfind("[{\"JobId\":" + std::to_string(ids[0]) + ",", 0), 0u) << page.body;
  bool total = false;
  for (const auto& [k, v] : page.headers) total |= (k == "X-Total-Count" && v == "3");
  EXPECT_TRUE(total);
  auto window = send("GET", "/commerce/connect/4.0/Job/List?from=2026-01-01T00:00:01Z&to=2026-01-01T00:00:01Z", a_);
  EXPECT_EQ(window.body.rfind("[{\"JobId\":" + std::to_string(ids[1]) + ",", 0), 0u) << window.body;
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/List?statusId=2", a_).body, "[]");
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/List?statusId=9", a_).status, 400);
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/List?pageSize=501", a_).status, 400);
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/List?from=yesterday", a_).status, 400);
  EXPECT_EQ(send("GET", "/commerce/connect/4.0/Job/List?isFinished=maybe", a_).status, 400);
}

TEST_F(ConnectApiTest, RestartOnlyAFinishedJob) {
  const int64_t id = submit(a_);
  const std::string path = "/commerce/connect/4.0/Job/Restart?id=" + std::to_string(id);
  EXPECT_EQ(send("POST", path, a_).status, 400);
  ASSERT_TRUE(store_->jobs().claim("w", kT0, kT0 + 60 * kSecond));
  ASSERT_TRUE(store_->jobs().finish({id, "w", store::JobStatus::Failed, {}, kT0 + kSecond}));
  EXPECT_EQ(send("POST", path, b_).status, 404);
  auto r = send("POST", path, a_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"JobId\":\"" + std::to_string(id) + "\""), std::string::npos) << r.body;
  EXPECT_FALSE(store_->jobs().get(a_.client_id, id)->finished);
  ASSERT_TRUE(store_->jobs().claim("w", kT0, kT0 + 60 * kSecond));
  ASSERT_TRUE(store_->jobs().finish({id, "w", store::JobStatus::Succeeded, {}, kT0 + 2 * kSecond}));
  store_->jobs().purge_payloads(kT0 + 3 * kSecond);
  auto expired = send("POST", path, a_);
  EXPECT_EQ(expired.status, 400);
  EXPECT_NE(expired.body.find("no longer kept"), std::string::npos) << expired.body;
}

}  // namespace
}  // namespace norced::connect
