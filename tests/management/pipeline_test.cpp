// The Management API pipeline driven through Application::handle, without a socket: culture texts, derived
// names and cache invalidation, against a real SQLite database.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/application.hpp"
#include "json/value.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;

namespace {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("norced-pipeline-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = store::sqlite::open((dir_ / "norced.db").string(), management::resources::catalog().all());
    {
      auto tx = store->system_write();
      store::NewClient c;
      c.name = "Shop";
      c.oauth_client_id = "shop";
      c.oauth_secret_hash = "x";
      created_ = tx->create_client(c);
      swedish_app_ = tx->create_application(created_.client_id, "Svensk butik", "sv-SE", created_.account_id);
      tx->commit();
    }
    app_ = std::make_unique<app::Application>(std::move(store), app::AppOptions{});
    token_ = app_->tokens().issue("shop", created_.client_id, {"management"}, "");
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  http::Response call(const std::string& method, const std::string& path, const std::string& body = "",
                      int64_t application = 0) {
    http::Request req;
    req.method = method;
    req.target = req.path = path;
    req.headers.add("Authorization", "Bearer " + token_);
    req.headers.add("application-id", std::to_string(application ? application : created_.application_id));
    req.headers.add("account-id", std::to_string(created_.account_id));
    req.body = body;
    return app_->handle(req);
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

  std::filesystem::path dir_;
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
