// Strict mode over HTTP: Warning headers for unknown members and query parameters, the 400 with
// `norced-strict: true` or `serve --strict`, and 501 for known Norce paths not served yet.
#include "api/harness.hpp"

namespace api {
namespace {

std::vector<std::string> warnings(const Reply& r) {
  std::vector<std::string> out;
  auto [from, to] = r.headers.equal_range("Warning");
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

// A category with a typo at the top and in a culture, and the "$id" a client sends back.
Json typo(const std::string& code) {
  return {{"Code", code}, {"Nmae", "Shoes"}, {"Name", "Shoes"}, {"$id", "1"},
          {"Cultures", Json::array({{{"CultureCode", "en-US"}, {"Nmae", "x"}}})}};
}

class StrictTest : public ServerFixture<StrictTest> {};

TEST_F(StrictTest, AWriteWithUnknownMembersSucceedsWithAWarningEach) {
  auto s = server().default_session();
  Reply r = s.post("/api/category", typo("STRICT-1"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(warnings(r), (std::vector<std::string>{
                             R"(299 norced "unknown member 'Nmae' in CategoryModel; did you mean 'Name'?")",
                             R"(299 norced "unknown member 'Cultures[0].Nmae' in CategoryCultureModel; did you mean 'Name'?")"}));
  Reply clean = s.put("/api/category/" + r.body, s.fetch("/api/category/" + r.body));
  EXPECT_EQ(clean.status, 200) << clean.describe();
  EXPECT_TRUE(warnings(clean).empty()) << "what a GET returns is known, $id included";
}

TEST_F(StrictTest, TheStrictHeaderTurnsThemIntoA400NamingEach) {
  auto s = server().default_session();
  Reply r = s.send("POST", "/api/category", typo("STRICT-2").dump(), "application/json", {{"norced-strict", "true"}});
  Json p = expect_problem(r, 400);
  EXPECT_EQ(p["errors"], (Json{{"Nmae", {"Unknown member of CategoryModel; did you mean 'Name'?"}},
                               {"Cultures[0].Nmae", {"Unknown member of CategoryCultureModel; did you mean 'Name'?"}}}));
  for (const Json& c : s.fetch("/api/category")) EXPECT_NE(c["Code"], "STRICT-2") << "nothing was written";
}

TEST_F(StrictTest, UnknownQueryParametersOnAnyOperation) {
  auto s = server().default_session();
  for (int i = 0; i < 2; ++i) {  // the second answer may come from the response cache (the fast path)
    Reply r = s.get("/api/pricing/pricelist?page=1&page_size=5");
    ASSERT_EQ(r.status, 200) << r.describe();
    EXPECT_EQ(warnings(r), (std::vector<std::string>{
                               R"(299 norced "unknown query parameter 'page_size'; did you mean 'pageSize'?")"}));
  }
  Reply get = s.send("GET", "/api/category/1?expand=all", {}, {}, {{"norced-strict", "TRUE"}});
  Json p = expect_problem(get, 400);
  EXPECT_EQ(p["errors"], (Json{{"expand", {"Unknown query parameter."}}}));
  Reply fine = s.get("/api/pricing/pricelist?PAGE=1&pageSize=5&filter=open");
  EXPECT_EQ(fine.status, 200);
  EXPECT_TRUE(warnings(fine).empty());
}

TEST_F(StrictTest, KnownNorcePathsNotServedAnswer501NamingTheOperation) {
  auto s = server().default_session();
  for (const std::string prefix : {"", "/commerce/management/1.0"}) {
    Reply r = s.get(prefix + "/api/supplier/1/warehouse/2");
    Json p = expect_problem(r, 501);
    EXPECT_EQ(p["group"], "Supplier Warehouse");
    EXPECT_EQ(p["method"], "GET");
    EXPECT_EQ(p["path"], "/api/supplier/{supplierId}/warehouse/{warehouseId}");
    EXPECT_EQ(p["summary"], "Fetch one supplier warehouse.");
  }
  Json named = expect_problem(s.get("/api/pricing/roundingrule/4"), 501);
  EXPECT_EQ(named["operationId"], "RoundingRuleApi_Get");
  expect_problem(s.get("/api/categroy/1"), 404);  // a typo is still a 404
}

class ServeStrictTest : public ServerFixture<ServeStrictTest> {
 public:
  static ServerConfig config() {
    ServerConfig c;
    c.extra_args = {"--strict"};
    return c;
  }
};

TEST_F(ServeStrictTest, EveryRequestIsStrict) {
  auto s = server().default_session();
  Reply r = s.post("/api/category", typo("STRICT-3"));
  Json p = expect_problem(r, 400);
  EXPECT_TRUE(p["errors"].contains("Nmae")) << r.describe();
  Reply q = s.get("/api/category?pagesize=2&sort=Name");
  EXPECT_EQ(expect_problem(q, 400)["errors"], (Json{{"sort", {"Unknown query parameter."}}}));
  EXPECT_EQ(s.post("/api/category", Json{{"Code", "STRICT-OK"}, {"Name", "Fine"}, {"$id", "7"}}).status, 200);
}

}  // namespace
}  // namespace api
