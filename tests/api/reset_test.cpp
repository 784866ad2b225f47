// POST /admin/reset and norced reset: a client back to its seeded state, cached responses retired, guarded by
// the admin token and absent without it. Runs on SQLite and (api_suite_on_postgres) on PostgreSQL.
#include <chrono>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/harness.hpp"
#include "api/seed_support.hpp"

namespace api {
namespace {

class ResetTest : public ServerFixture<ResetTest> {
 public:
  static ServerConfig config() { return {false, {"--admin-token", kAdminToken}}; }
};

Reply reset(TestServer& server, int64_t client, const HeaderList& auth = admin_auth()) {
  return server.request("POST", "/admin/reset?client=" + std::to_string(client), {}, {}, auth);
}

int64_t id_of(const Json& list, const std::string& code) {
  for (const auto& item : list)
    if (item["Code"] == code) return item["Id"].get<int64_t>();
  ADD_FAILURE() << "no " << code << " in " << list.dump();
  return 0;
}

TEST_F(ResetTest, RestoresTheSeededStateAndRetiresCachedResponses) {
  Files files;
  ClientInfo c = server().add_client("reset");
  Session s = server().session_for(c);
  ASSERT_EQ(norced(server(), "seed", {"--client", std::to_string(c.client_id), files.write("f.json", kFixture)}).first, 0);
  const Json seeded_list = s.fetch("/api/category");
  const int64_t clothing = id_of(seeded_list, "CLOTHING");
  const std::string one = "/api/category/" + std::to_string(clothing);
  const Json seeded_one = s.fetch(one);  // both now cached

  Json changed = seeded_one;
  changed["Name"] = "Renamed";
  changed["Code"] = "CLOTHING-OLD";
  s.update(one, changed);
  Json shirts = s.fetch("/api/category/" + std::to_string(id_of(seeded_list, "SHIRTS")));
  shirts["Code"] = "CLOTHING";  // CLOTHING's old Code: the reset must give it back without a unique-key clash
  s.update("/api/category/" + std::to_string(shirts["Id"].get<int64_t>()), shirts);
  s.create("/api/category", Json{{"Code", "NEW"}, {"Name", "New"}});
  s.create("/api/application/currency", Json{{"Id", 6}, {"IsActive", true}});
  ASSERT_EQ(s.fetch(one)["Name"], "Renamed");  // cached again, after the change
  ASSERT_EQ(s.fetch("/api/category").size(), 3u);

  Reply r = reset(server(), c.client_id);
  ASSERT_EQ(r.status, 200) << r.describe();
  Json done = r.json();
  EXPECT_EQ(done["ClientId"], c.client_id);
  EXPECT_EQ(done["Updated"], 2);
  EXPECT_EQ(done["Removed"], 3);  // NEW, the application currency link and the client link it made
  EXPECT_EQ(done["Inserted"], 0);

  EXPECT_EQ(s.fetch(one).dump(), seeded_one.dump());
  EXPECT_EQ(s.fetch("/api/category").dump(), seeded_list.dump());
  EXPECT_EQ(s.get("/api/application/currency/6").status, 404);

  // Nothing changed since: a reset writes nothing.
  Reply again = reset(server(), c.client_id);
  ASSERT_EQ(again.status, 200) << again.describe();
  EXPECT_EQ(again.json()["Updated"], 0);
  EXPECT_EQ(again.json()["Removed"], 0);

  // The command line does the same from another process.
  s.create("/api/client/assortment", Json{{"Code", "WINTER"}, {"Name", "Winter"}});
  auto [code, out] = norced(server(), "reset", {"--client", std::to_string(c.client_id)});
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(json_line(out)["Removed"], 1);
  EXPECT_EQ(s.fetch("/api/client/assortment?after=cli-reset").size(), 1u);  // a fresh read: SUMMER only
}

TEST_F(ResetTest, IsGuardedByTheAdminToken) {
  ClientInfo c = server().add_client("guarded");
  EXPECT_EQ(reset(server(), c.client_id, {}).status, 401);
  EXPECT_EQ(reset(server(), c.client_id, admin_auth("wrong")).status, 401);
  EXPECT_EQ(reset(server(), c.client_id, {{"Authorization", "Bearer " + server().token(kClientId, kClientSecret)}}).status, 401)
      << "an API token is not the admin token";
  EXPECT_EQ(server().request("GET", "/admin/reset?client=1", {}, {}, admin_auth()).status, 405);
  expect_field_error(server().request("POST", "/admin/reset", {}, {}, admin_auth()), "client");
  // Never seeded: nothing to go back to.
  Json p = expect_problem(reset(server(), c.client_id), 409);
  EXPECT_NE(p["detail"].get<std::string>().find("no seeded state"), std::string::npos) << p.dump();
}

TEST(ResetOff, AServerWithoutAnAdminTokenHasNoAdminPaths) {
  if (on_postgres() && !postgres_available()) GTEST_SKIP() << "NORCED_TEST_DATABASE is not set";
  TestServer plain;
  std::string error;
  ASSERT_TRUE(plain.start(&error)) << error;
  EXPECT_EQ(plain.request("POST", "/admin/reset?client=1", {}, {}, admin_auth()).status, 404);
  EXPECT_EQ(plain.request("POST", "/admin/seed?client=1", "{}", "application/json", admin_auth()).status, 404);
  EXPECT_EQ(plain.stop(), 0);
}

TEST_F(ResetTest, ResetOfOverAThousandItemsTakesWellUnderASecond) {
  Files files;
  ClientInfo c = server().add_client("large");
  Session s = server().session_for(c);
  Json doc = {{"Category", Json::array()}, {"PriceList", Json::array()}};
  for (int root = 0; root < 100; ++root) {
    const std::string code = "ROOT-" + std::to_string(root);
    doc["Category"].push_back({{"Code", code}, {"Name", "Root " + std::to_string(root)}});
    for (int leaf = 0; leaf < 9; ++leaf)
      doc["Category"].push_back({{"Code", code + "-" + std::to_string(leaf)}, {"ParentId", code},
                                 {"Cultures", {{{"CultureCode", "en-US"}, {"Name", "Leaf " + std::to_string(leaf)}}}}});
  }
  for (int i = 0; i < 200; ++i)
    doc["PriceList"].push_back({{"Code", "PL-" + std::to_string(i)}, {"Name", "List " + std::to_string(i)}, {"CurrencyId", 1}});
  auto seeded = norced(server(), "seed", {"--client", std::to_string(c.client_id), files.write("big.json", doc.dump())});
  ASSERT_EQ(seeded.first, 0) << seeded.second;
  ASSERT_EQ(s.fetch("/api/category").size(), 1000u);

  for (int i = 0; i < 10; ++i) {
    Json item = s.fetch("/api/category/" + std::to_string(id_of(s.fetch("/api/category/compact"), "ROOT-" + std::to_string(i))));
    item["Name"] = "Changed " + std::to_string(i);
    s.update("/api/category/" + std::to_string(item["Id"].get<int64_t>()), item);
    s.create("/api/category", Json{{"Code", "EXTRA-" + std::to_string(i)}, {"Name", "Extra"}});
  }
  const auto started = std::chrono::steady_clock::now();
  Reply r = reset(server(), c.client_id);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.json()["Updated"], 10);
  EXPECT_EQ(r.json()["Removed"], 10);
  EXPECT_LT(ms, 1000);
  const auto quiet_start = std::chrono::steady_clock::now();
  ASSERT_EQ(reset(server(), c.client_id).status, 200);
  const auto quiet = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - quiet_start).count();
  std::cout << "[ figure ] reset of 1,200 items (" << (on_postgres() ? "PostgreSQL" : "SQLite") << "): " << ms
            << " ms with 20 rows to put back, " << quiet << " ms with none\n";
  EXPECT_EQ(s.fetch("/api/category").size(), 1000u);
  EXPECT_EQ(s.fetch("/api/category/compact")[0]["Name"], "Root 0");
}

}  // namespace
}  // namespace api

namespace api {
namespace {

// serve --seed: client 1 starts from the file, and a reset goes back to it.
class ServeSeedTest : public ServerFixture<ServeSeedTest> {
 public:
  static ServerConfig config() {
    static const std::string file = [] {
      const std::string path = std::filesystem::temp_directory_path() / ("norced-serve-seed-" + std::to_string(::getpid()) + ".json");
      std::ofstream(path) << kFixture;
      return path;
    }();
    return {false, {"--seed", file, "--admin-token", kAdminToken}};
  }
};

TEST_F(ServeSeedTest, TheFirstClientStartsSeededAndResetsToIt) {
  Session s = server().default_session();
  const Json seeded = s.fetch("/api/category");
  ASSERT_EQ(seeded.size(), 2u);
  s.create("/api/category", Json{{"Code", "LATER"}, {"Name", "Later"}});
  ASSERT_EQ(s.fetch("/api/category").size(), 3u);
  ASSERT_EQ(server().request("POST", "/admin/reset?client=1", {}, {}, admin_auth()).status, 200);
  EXPECT_EQ(s.fetch("/api/category").dump(), seeded.dump());
}

// Two instances on one PostgreSQL database: a reset through one retires what the other has cached.
TEST_F(ServeSeedTest, AResetThroughOneInstanceIsSeenThroughTheOthersCache) {
  if (!on_postgres()) GTEST_SKIP() << "several instances share a database on PostgreSQL only";
  TestServer other(server().same_store());
  std::string error;
  ASSERT_TRUE(other.start(&error)) << error;
  Session s = server().default_session();
  Session o = other.default_session();
  const Json seeded = o.fetch("/api/category");
  const int64_t id = seeded[0]["Id"].get<int64_t>();
  Json item = s.fetch("/api/category/" + std::to_string(id));
  item["Name"] = "Renamed";
  s.update("/api/category/" + std::to_string(id), item);
  ASSERT_EQ(o.fetch("/api/category/" + std::to_string(id))["Name"], "Renamed");  // cached on the other instance
  ASSERT_EQ(server().request("POST", "/admin/reset?client=1", {}, {}, admin_auth()).status, 200);
  EXPECT_EQ(o.fetch("/api/category/" + std::to_string(id))["Name"], seeded[0]["Name"]);
  EXPECT_EQ(o.fetch("/api/category").dump(), seeded.dump());
  EXPECT_EQ(other.stop(), 0);
}

}  // namespace
}  // namespace api
