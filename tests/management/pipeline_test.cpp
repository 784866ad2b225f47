// The Management API pipeline driven through Application::handle, without a socket: culture texts, derived
// names and cache invalidation, against a real SQLite database.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/application.hpp"
#include "in_process.hpp"
#include "json/value.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;

namespace {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::sqlite::open(dir_.file("norced.db"), management::resources::catalog().all());
    created_ = testing_support::add_client(*store, "Shop", "shop");
    {
      auto tx = store->system_write();
      swedish_app_ = tx->create_application(created_.client_id, "Svensk butik", "sv-SE", created_.account_id);
      tx->commit();
    }
    app_ = std::make_unique<app::Application>(std::move(store), app::AppOptions{});
    token_ = app_->tokens().issue("shop", created_.client_id, {"management"}, "");
  }
  void TearDown() override {
    app_.reset();
  }

  http::Response call(const std::string& method, const std::string& path, const std::string& body = "",
                      int64_t application = 0) {
    store::CreatedClient as = created_;
    if (application) as.application_id = application;
    return app_->handle(testing_support::api_request(method, path, token_, as, body));
  }
  json::Value get(const std::string& path, int64_t application = 0) {
    auto r = call("GET", path, "", application);
    EXPECT_EQ(r.status, 200) << r.body;
    return *json::parse(r.body);
  }
  int64_t post(const std::string& path, const std::string& body, int64_t application = 0) {
    auto r = call("POST", path, body, application);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::stoll(r.body) : 0;
  }
  static std::string str(const json::Value& v, const char* member) {
    const json::Value* m = v.find(member);
    return m && m->kind() == json::Kind::String ? m->as_string() : "<null>";
  }
  static bool flag(const json::Value& v, const char* member) { return v.find(member)->as_bool(); }

  testing_support::ScratchDir dir_{"norced-pipeline"};
  store::CreatedClient created_;
  int64_t swedish_app_ = 0;
  std::unique_ptr<app::Application> app_;
  std::string token_;
};

}  // namespace

TEST_F(PipelineTest, TextsFallBackToTheDefaultCultureAndRoundTripsKeepThemInherited) {
  int64_t id = post("/api/category", R"({"Code":"SHOES","Name":"Shoes","Description":"All shoes"})");
  auto sv = get("/api/category/" + std::to_string(id), swedish_app_);
  EXPECT_EQ(str(sv, "Name"), "Shoes");
  EXPECT_TRUE(flag(sv, "IsNameInherited"));
  EXPECT_EQ(str(sv, "DefaultName"), "Shoes");

  // A Swedish client reads and writes the model back unchanged: the name must stay inherited.
  auto r = call("PUT", "/api/category/" + std::to_string(id),
                call("GET", "/api/category/" + std::to_string(id), "", swedish_app_).body, swedish_app_);
  ASSERT_EQ(r.status, 200) << r.body;
  sv = get("/api/category/" + std::to_string(id), swedish_app_);
  EXPECT_TRUE(flag(sv, "IsNameInherited"));

  // Writing Name in the Swedish application writes the Swedish text only.
  r = call("PUT", "/api/category/" + std::to_string(id),
           R"({"Code":"SHOES","Name":"Skor","Description":"All shoes","IsDescriptionInherited":true})", swedish_app_);
  ASSERT_EQ(r.status, 200) << r.body;
  sv = get("/api/category/" + std::to_string(id), swedish_app_);
  EXPECT_EQ(str(sv, "Name"), "Skor");
  EXPECT_FALSE(flag(sv, "IsNameInherited"));
  EXPECT_TRUE(flag(sv, "IsDescriptionInherited"));
  auto en = get("/api/category/" + std::to_string(id));
  EXPECT_EQ(str(en, "Name"), "Shoes");
  const auto& cultures = en.find("Cultures")->items();
  ASSERT_EQ(cultures.size(), 2u);
  EXPECT_EQ(str(cultures[1], "CultureCode"), "sv-SE");
  EXPECT_EQ(str(cultures[1], "Name"), "Skor");
  EXPECT_TRUE(flag(cultures[1], "IsTranslated"));
  EXPECT_FALSE(flag(cultures[0], "IsTranslated"));
}

TEST_F(PipelineTest, FullNameFollowsRenamesOfAncestors) {
  int64_t root = post("/api/category", R"({"Code":"R","Name":"Root"})");
  int64_t mid = post("/api/category", R"({"Code":"M","Name":"Branch","ParentId":)" + std::to_string(root) + "}");
  int64_t leaf = post("/api/category", R"({"Code":"L","Name":"Leaf","ParentId":)" + std::to_string(mid) + "}");
  EXPECT_EQ(str(get("/api/category/" + std::to_string(leaf)), "FullName"), "Root - Branch - Leaf");  // now cached
  auto r = call("PUT", "/api/category/" + std::to_string(root), R"({"Code":"R","Name":"Top"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto leaf_model = get("/api/category/" + std::to_string(leaf));
  EXPECT_EQ(str(leaf_model, "FullName"), "Top - Branch - Leaf") << "a write retires cached responses";
  EXPECT_EQ(str(leaf_model, "ParentName"), "Branch");
  EXPECT_EQ(str(leaf_model, "ParentCode"), "M");
  // In Swedish, a Swedish name anywhere on the path makes the full name Swedish.
  r = call("PUT", "/api/category/" + std::to_string(mid),
           R"({"Code":"M","ParentId":)" + std::to_string(root) + R"(,"Cultures":[{"CultureCode":"sv-SE","Name":"Gren"}],"Name":"Branch"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto sv = get("/api/category/" + std::to_string(leaf), swedish_app_);
  EXPECT_EQ(str(sv, "FullName"), "Top - Gren - Leaf");
  EXPECT_FALSE(flag(sv, "IsFullNameInherited"));
  EXPECT_EQ(str(sv, "DefaultFullName"), "Top - Branch - Leaf");
}

TEST_F(PipelineTest, NothingIsWrittenWhenAnyMemberIsWrong) {
  auto r = call("POST", "/api/category", R"({"Code":"OK","Name":"Fine","SortOrder":"x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(get("/api/category").items().size(), 0u);
  r = call("POST", "/api/category", R"({"Code":"OK","Name":"Fine","ParentId":4242})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"ParentId\""), std::string::npos);
  EXPECT_EQ(get("/api/category").items().size(), 0u);
}

TEST_F(PipelineTest, SoftDeleteMovesBetweenListAndDeleted) {
  int64_t id = post("/api/category", R"({"Code":"GONE","Name":"Gone"})");
  auto r = call("PUT", "/api/category/" + std::to_string(id), R"({"Code":"GONE","Name":"Gone","IsActive":false})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(get("/api/category").items().size(), 0u);
  auto deleted = get("/api/category/deleted");
  ASSERT_EQ(deleted.items().size(), 1u);
  EXPECT_EQ(str(deleted.items()[0], "Code"), "GONE");
  EXPECT_FALSE(flag(get("/api/category/" + std::to_string(id)), "IsActive"));
  r = call("PUT", "/api/category/" + std::to_string(id), R"({"Code":"GONE","Name":"Gone","IsActive":true})");
  EXPECT_EQ(get("/api/category").items().size(), 1u);
  EXPECT_EQ(get("/api/category/deleted").items().size(), 0u);
}

// Every committed write appends exactly one change-log entry per changed row, in the same transaction; a
// refused write appends none. Making a currency primary changes two rows: two entries.
TEST_F(PipelineTest, EveryWriteLogsOneEntryPerChangedRow) {
  auto& store = app_->store();
  const int64_t before = store.system()->last_change();
  int64_t id = post("/api/category", R"({"Code":"LOG","Name":"Logged"})");
  ASSERT_EQ(call("PUT", "/api/category/" + std::to_string(id), R"({"Code":"LOG","Name":"Renamed"})").status, 200);
  ASSERT_EQ(call("POST", "/api/category", R"({"Code":"log","Name":"Duplicate"})").status, 409);
  ASSERT_EQ(call("PUT", "/api/application/currency/2", R"({"IsPrimary":true,"IsActive":true})").status, 200);
  auto changes = store.system()->changes_since(before, 100);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].resource, "Category");
  EXPECT_EQ(changes[0].entity_id, id);
  EXPECT_EQ(changes[0].kind, store::ChangeKind::Insert);
  EXPECT_EQ(changes[0].client_id, created_.client_id);
  EXPECT_EQ(changes[0].account, "System");
  EXPECT_EQ(changes[1].kind, store::ChangeKind::Update);
  EXPECT_EQ(changes[2].resource, "ApplicationCurrency");
  EXPECT_EQ(changes[3].resource, "ApplicationCurrency") << "the former primary currency, unset";
  EXPECT_LT(changes[2].seq, changes[3].seq);
}

// Another process writing the same database (here a second Application on the same file) is seen once the
// change log is polled: its cached responses are retired, with no clock involved.
TEST_F(PipelineTest, AnotherProcessesWritesRetireCachedResponsesWhenPolled) {
  auto other_store = store::sqlite::open(dir_.file("norced.db"), management::resources::catalog().all());
  app::AppOptions options;
  options.api.change_poll = std::chrono::milliseconds(0);  // polled by hand below
  app::Application other(std::move(other_store), options);
  auto list = [&] {
    http::Request req;
    req.method = "GET";
    req.target = req.path = "/api/category";
    req.headers.add("Authorization", "Bearer " + token_);
    req.headers.add("application-id", std::to_string(created_.application_id));
    req.headers.add("account-id", std::to_string(created_.account_id));
    return other.handle(req).body;
  };
  const std::string empty = list();
  EXPECT_EQ(list(), empty) << "cached";
  post("/api/category", R"({"Code":"ELSEWHERE","Name":"Written by the first process"})");
  EXPECT_EQ(list(), empty) << "the other process has not looked at the change log yet";
  EXPECT_EQ(other.management().changes().poll(), 1u);
  EXPECT_NE(list().find("ELSEWHERE"), std::string::npos);
  EXPECT_EQ(other.management().changes().poll(), 0u) << "each entry is applied once";
}

// Application links belong to one application: another application of the same client keeps its own.
TEST_F(PipelineTest, ApplicationSettingsAreScopedToTheApplication) {
  ASSERT_EQ(call("PUT", "/api/application/currency/2", R"({"IsPrimary":true,"IsActive":true})").status, 200);
  auto mine = get("/api/application/currency/2");
  EXPECT_TRUE(flag(mine, "IsPrimary"));
  auto theirs = get("/api/application/currency/2", swedish_app_);
  EXPECT_FALSE(flag(theirs, "IsPrimary"));
  EXPECT_EQ(str(get("/api/application/culture/sv-SE", swedish_app_), "CultureCode"), "sv-SE");
  EXPECT_EQ(call("GET", "/api/application/culture/sv-SE").status, 404) << "not enabled on the first application";
  // The same code may be enabled on both applications.
  EXPECT_EQ(call("POST", "/api/application/culture", R"({"CultureCode":"sv-SE","IsActive":true})").status, 200);
}
