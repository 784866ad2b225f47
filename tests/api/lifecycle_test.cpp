// The server process: clean exit on SIGTERM (idle connections, a request in flight), data and tokens that
// survive a restart, and the demo seed that only fills an empty database. Each test runs its own server.
#include <signal.h>

#include <chrono>
#include <thread>

#include "api/harness.hpp"

namespace api {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<TestServer> start_server(ServerConfig config = {}) {
  auto s = std::make_unique<TestServer>(std::move(config));
  std::string error;
  if (!s->start(&error)) {
    ADD_FAILURE() << "norced did not start: " << error << "\n" << s->log();
    return nullptr;
  }
  return s;
}

TEST(LifecycleTest, SigtermWithIdleConnectionsExitsCleanlyAndQuickly) {
  auto srv = start_server();
  ASSERT_TRUE(srv);
  // One connection that never sent anything, one keep-alive connection that is idle after a request.
  RawConnection silent(srv->port());
  ASSERT_TRUE(silent.connected());
  httplib::Client keep("127.0.0.1", srv->port());
  keep.set_keep_alive(true);
  auto res = keep.Get("/healthz");
  ASSERT_TRUE(res && res->status == 200);
  auto t0 = Clock::now();
  int code = srv->stop(5000);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  EXPECT_EQ(code, 0) << srv->log();
  EXPECT_LT(ms, 3000) << "idle connections must not hold up the shutdown";
}

TEST(LifecycleTest, SigtermLetsARequestInFlightFinish) {
  auto srv = start_server();
  ASSERT_TRUE(srv);
  Session s = srv->default_session();
  std::string payload = Json({{"Code", "INFLIGHT"}, {"Name", "Written while stopping"}}).dump();
  std::string head = "POST /api/category HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Authorization: Bearer " + s.token() + "\r\napplication-id: 1\r\naccount-id: 1\r\n"
                     "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n";
  RawConnection conn(srv->port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.send(head + payload.substr(0, 10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(::kill(srv->pid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(conn.send(payload.substr(10)));
  std::string response = conn.read_until_close(5000);
  EXPECT_EQ(raw_status(response), 200) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << "the last response closes: " << response;
  int code = srv->stop(8000);
  EXPECT_EQ(code, 0) << srv->log();
  // The write committed.
  std::string error;
  ASSERT_TRUE(srv->restart(&error)) << error;
  Session again = srv->default_session();
  Json compact = again.fetch("/api/category/compact");
  ASSERT_EQ(compact.size(), 1u) << compact.dump();
  EXPECT_EQ(compact[0]["Code"], "INFLIGHT");
  EXPECT_EQ(srv->stop(), 0);
}

TEST(LifecycleTest, DataAndTokensSurviveARestart) {
  auto srv = start_server();
  ASSERT_TRUE(srv);
  Session s = srv->default_session();
  int64_t cat = s.create("/api/category", {{"Code", "KEEP"}, {"Name", "Kept"}, {"GrossWeight", 0.1}, {"VatCodeId", 3},
                                           {"Cultures", {{{"CultureCode", "sv-SE"}, {"Name", "Behållen"}}}}});
  int64_t pl = s.create("/api/pricing/pricelist", {{"Code", "KEEP"}, {"Name", "Kept"}, {"TypeId", 2}, {"CurrencyId", 3}});
  ClientInfo other = srv->add_client("restart-other", "sv-SE");
  Session b = srv->session_for(other);
  int64_t b_cat = b.create("/api/category", {{"Code", "B"}, {"DefaultName", "Bee"}});
  std::string cat_before = s.get("/api/category/" + std::to_string(cat)).body;
  std::string pl_before = s.get("/api/pricing/pricelist/" + std::to_string(pl)).body;

  std::string error;
  int code = -2;
  ASSERT_TRUE(srv->restart(&error, &code)) << error;
  EXPECT_EQ(code, 0);
  // The old tokens still work: the signing key is kept in the database.
  EXPECT_EQ(s.get("/api/category/" + std::to_string(cat)).body, cat_before);
  EXPECT_EQ(s.get("/api/pricing/pricelist/" + std::to_string(pl)).body, pl_before);
  Json bc = b.fetch("/api/category/" + std::to_string(b_cat));
  EXPECT_EQ(bc["Name"], "Bee");
  EXPECT_EQ(bc["IsNameInherited"], true);
  // New tokens too, for both clients.
  Session fresh = srv->default_session();
  EXPECT_EQ(fresh.get("/api/category").status, 200);
  EXPECT_EQ(srv->session_for(other).get("/api/category").status, 200);
  // The bootstrap did not run again: still one category for client 1.
  EXPECT_EQ(fresh.fetch("/api/category").size(), 1u);
  EXPECT_EQ(srv->stop(), 0);
}

TEST(LifecycleTest, DemoSeedsOnlyAnEmptyDatabase) {
  auto srv = start_server({.demo = true, .extra_args = {}});
  ASSERT_TRUE(srv);
  Session s = srv->default_session();
  ASSERT_EQ(s.fetch("/api/category/compact").size(), 11u);
  s.create("/api/category", {{"Code", "EXTRA"}, {"Name", "Extra"}});
  std::string error;
  ASSERT_TRUE(srv->restart(&error)) << error;
  Session again = srv->default_session();
  EXPECT_EQ(again.fetch("/api/category/compact").size(), 12u) << "a restart with --demo must not seed twice";
  size_t lists = again.fetch("/api/pricing/pricelist?filter=open").size() +
                 again.fetch("/api/pricing/pricelist?filter=inactive").size();
  EXPECT_EQ(lists, 5u);
  EXPECT_EQ(srv->stop(), 0);
}

}  // namespace
}  // namespace api
