// The socket-thread fast path (Application::handle_fast → ManagementApi::handle_fast), driven without a socket
// against a real SQLite database: it answers only a GET whose response is cached, byte for byte as handle()
// does, and declines everything else, which handle() then answers as before.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/application.hpp"
#include "in_process.hpp"
#include "core/clock.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;

namespace {

class FastPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::sqlite::open(dir_.file("norced.db"), management::resources::catalog().all());
    created_ = testing_support::add_client(*store, "Shop", "shop");
    other_ = testing_support::add_client(*store, "Other", "other");
    app_ = std::make_unique<app::Application>(std::move(store), app::AppOptions{});
    token_ = app_->tokens().issue("shop", created_.client_id, {"management"}, "");
  }
  void TearDown() override {
    app_.reset();
  }

  // A request as the client sends it; `token` empty leaves out the Authorization header, and a header value
  // of "-" leaves that header out.
  http::Request request(const std::string& method, const std::string& path, const std::string& body = "") const {
    return testing_support::api_request(method, path, token_, created_, body);
  }
  static http::Request with(const http::Request& base, const std::string& header, const std::string& value) {
    http::Request req = base;
    req.headers = {};
    for (const auto& [k, v] : base.headers.all())
      if (k != header) req.headers.add(k, v);
    if (value != "-") req.headers.add(header, value);
    return req;
  }
  int64_t post(const std::string& body) {
    auto r = app_->handle(request("POST", "/api/category", body));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::stoll(r.body) : 0;
  }
  static void expect_same(const http::Response& a, const http::Response& b) {
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.content_type, b.content_type);
    EXPECT_EQ(a.headers, b.headers);
    EXPECT_EQ(a.body, b.body);
  }

  testing_support::ScratchDir dir_{"norced-fastpath"};
  store::CreatedClient created_;
  store::CreatedClient other_;
  std::unique_ptr<app::Application> app_;
  std::string token_;
};

}  // namespace

TEST_F(FastPathTest, FirstGetMissesSecondHitsWithTheSameBytes) {
  int64_t id = post(R"({"Code":"SHOES","Name":"Shoes"})");
  for (const std::string& path : std::vector<std::string>{"/category/" + std::to_string(id), "/category", "/category/compact"}) {
    SCOPED_TRACE(path);
    auto req = request("GET", "/api" + path);
    EXPECT_FALSE(app_->handle_fast(req)) << "nothing cached yet";
    auto pooled = app_->handle(req);
    ASSERT_EQ(pooled.status, 200) << pooled.body;
    auto fast = app_->handle_fast(req);
    ASSERT_TRUE(fast);
    expect_same(*fast, pooled);
    expect_same(*fast, app_->handle(req));  // and the pool still gives the same
    // The other prefix, in any letter case, is the same route and so the same entry.
    for (const std::string prefix : {"/commerce/management/1.0/api", "/COMMERCE/Management/1.0/API"}) {
      auto other = request("GET", prefix + path);
      auto hit = app_->handle_fast(other);
      ASSERT_TRUE(hit) << prefix;
      expect_same(*hit, app_->handle(other));
    }
  }
}

TEST_F(FastPathTest, QueryParametersAreDistinctEntries) {
  auto page1 = request("GET", "/api/pricing/pricelist");
  page1.query = {{"page", "1"}, {"pageSize", "5"}};
  auto page2 = page1;
  page2.query = {{"page", "2"}, {"pageSize", "5"}};
  ASSERT_EQ(app_->handle(page1).status, 200);
  EXPECT_TRUE(app_->handle_fast(page1));
  EXPECT_FALSE(app_->handle_fast(page2));
}

TEST_F(FastPathTest, AWriteRetiresTheCachedResponse) {
  int64_t id = post(R"({"Code":"SHOES","Name":"Shoes"})");
  auto get = request("GET", "/api/category/" + std::to_string(id));
  auto before = app_->handle(get);
  ASSERT_TRUE(app_->handle_fast(get));

  auto put = app_->handle(request("PUT", "/api/category/" + std::to_string(id), R"({"Code":"SHOES","Name":"Boots"})"));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_FALSE(app_->handle_fast(get)) << "the write changed the row the response was read from";
  auto after = app_->handle(get);
  EXPECT_NE(after.body, before.body);
  EXPECT_NE(after.body.find("Boots"), std::string::npos);
  auto fast = app_->handle_fast(get);
  ASSERT_TRUE(fast);
  expect_same(*fast, after);

  // A write that cannot alter it (a new category elsewhere) leaves it cached; a list of the resource is not.
  auto list = request("GET", "/api/category");
  ASSERT_EQ(app_->handle(list).status, 200);
  ASSERT_TRUE(app_->handle_fast(list));
  int64_t hats = post(R"({"Code":"HATS","Name":"Hats"})");
  auto still = app_->handle_fast(get);
  ASSERT_TRUE(still) << "a new row elsewhere does not retire the response";
  expect_same(*still, after);
  EXPECT_FALSE(app_->handle_fast(list)) << "the list would show the new row";
  EXPECT_NE(app_->handle(list).body.find("HATS"), std::string::npos);

  // Moving the category under the new one changes its FullName: retired.
  auto moved = app_->handle(request("PUT", "/api/category/" + std::to_string(id),
                                    R"({"Code":"SHOES","Name":"Boots","ParentId":)" + std::to_string(hats) + "}"));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_FALSE(app_->handle_fast(get));
  EXPECT_NE(app_->handle(get).body.find("Hats - Boots"), std::string::npos);
  ASSERT_TRUE(app_->handle_fast(get));
  // Renaming the parent changes it too, through the ancestor it was read with.
  ASSERT_EQ(app_->handle(request("PUT", "/api/category/" + std::to_string(hats), R"({"Code":"HATS","Name":"Caps"})"))
                .status,
            200);
  EXPECT_FALSE(app_->handle_fast(get));
  EXPECT_NE(app_->handle(get).body.find("Caps - Boots"), std::string::npos);
}

TEST_F(FastPathTest, CallersThatHandleRefusesNeverGetAFastAnswer) {
  auto good = request("GET", "/api/category");
  ASSERT_EQ(app_->handle(good).status, 200);
  ASSERT_TRUE(app_->handle_fast(good));

  const ManualClock two_hours_ago(timeutil::now() - int64_t{7'200'000'000});  // its tokens expired an hour ago
  identity::TokenOptions past;
  past.clock = &two_hours_ago;
  identity::TokenService expired_issuer(app_->store(), past);
  const std::string other_client = app_->tokens().issue("other", other_.client_id, {"management"}, "");
  const std::string no_management = app_->tokens().issue("shop", created_.client_id, {"connect"}, "");
  struct Case {
    const char* what;
    http::Request req;
    int status;
  };
  const Case cases[] = {
      {"no Authorization header", with(good, "Authorization", "-"), 401},
      {"not a bearer token", with(good, "Authorization", "Basic c2hvcDp4"), 401},
      {"a forged token", with(good, "Authorization", "Bearer " + token_ + "x"), 401},
      {"an expired token", with(good, "Authorization", "Bearer " + expired_issuer.issue("shop", created_.client_id,
                                                                                          {"management"}, "")),
       401},
      {"a token without the management resource", with(good, "Authorization", "Bearer " + no_management), 403},
      {"another client's token", with(good, "Authorization", "Bearer " + other_client), 403},
      {"no application-id", with(good, "application-id", "-"), 400},
      {"a non-integer application-id", with(good, "application-id", "1x"), 400},
      {"no account-id", with(good, "account-id", "-"), 400},
      {"an unknown application", with(good, "application-id", "999"), 403},
      {"another client's application", with(good, "application-id", std::to_string(other_.application_id)), 403},
      {"an unknown account", with(good, "account-id", "999"), 403},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_FALSE(app_->handle_fast(c.req));
    EXPECT_EQ(app_->handle(c.req).status, c.status);
    EXPECT_FALSE(app_->handle_fast(c.req)) << "still not after handle() saw it";
  }
  EXPECT_TRUE(app_->handle_fast(good));
}

TEST_F(FastPathTest, OnlyGetTakesIt) {
  auto get = request("GET", "/api/category");
  ASSERT_EQ(app_->handle(get).status, 200);
  ASSERT_TRUE(app_->handle_fast(get));

  EXPECT_FALSE(app_->handle_fast(request("POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})")));
  EXPECT_EQ(app_->handle(get).body, "[]") << "a declined POST wrote nothing";
  http::Request head = get;
  head.method = "HEAD";
  EXPECT_FALSE(app_->handle_fast(head));
  http::Request put = request("PUT", "/api/category/1", "{}");
  EXPECT_FALSE(app_->handle_fast(put));
  EXPECT_FALSE(app_->handle_fast(request("GET", "/api/nothing-here")));  // a 404 goes to handle()
  EXPECT_TRUE(app_->handle_fast(request("GET", "/healthz")));
}

TEST_F(FastPathTest, ADisabledCacheMeansNoFastAnswers) {
  app_.reset();
  app::AppOptions options;
  options.api.response_cache_bytes = 0;
  app_ = std::make_unique<app::Application>(
      store::sqlite::open(dir_.file("norced.db"), management::resources::catalog().all()), options);
  token_ = app_->tokens().issue("shop", created_.client_id, {"management"}, "");
  auto get = request("GET", "/api/category");
  ASSERT_EQ(app_->handle(get).status, 200);
  EXPECT_FALSE(app_->handle_fast(get));
}
