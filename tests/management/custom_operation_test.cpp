// Custom operations: a method and path the conventions do not give, served by a handler the resource's rules
// name by verb — routed, dispatched in one transaction (committed only when the handler succeeds), listed in
// OpenAPI and in Allow, and refused at start-up when the handler is missing. On a resource made up for the test.
#include <gtest/gtest.h>

#include <charconv>
#include <filesystem>

#include "identity/tokens.hpp"
#include "json/value.hpp"
#include "in_process.hpp"
#include "management/api.hpp"
#include "management/openapi.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;
using registry::OpKind;
using registry::Role;
using registry::Type;

namespace {

registry::Resource shelf(bool with_handlers) {
  registry::Resource r;
  r.name = "Shelf";
  r.model = "ShelfModel";
  r.path = "shelf";
  r.table = "test_shelf";
  r.fields = {
      {.name = "Id", .type = Type::Int, .role = Role::Id, .nullable = false},
      {.name = "Code", .type = Type::String, .role = Role::Stored, .max_length = 50},
      {.name = "Count", .type = Type::Int, .role = Role::Stored},
  };
  r.soft_delete = false;
  r.example = R"({"Code":"A1","Count":0})";
  r.operations = registry::conventional("shelf", {OpKind::Get, OpKind::Insert});
  r.operations.push_back(registry::custom_operation("POST", "shelf/{id}/bump", "Bump", true, "Adds By to Count"));
  r.operations.push_back(registry::custom_operation("GET", "shelf/{id}/count", "GetCount", false, "Count alone"));
  if (!with_handlers) return r;
  auto& custom = management::rules_for(r).custom;
  custom["Bump"] = [](management::RuleContext& ctx, const management::CustomCall& call) -> Result<std::string> {
    const registry::Resource& self = *ctx.catalog.find("Shelf");
    auto row = ctx.tx.get(self, *call.id);
    if (!row) return Problem::not_found("There is no Shelf " + std::to_string(*call.id) + ".");
    const json::Value* by = call.body->kind() == json::Kind::Object ? call.body->find("By") : nullptr;
    int64_t step = 0;
    if (!by || by->kind() != json::Kind::Number ||
        std::from_chars(by->number_text().data(), by->number_text().data() + by->number_text().size(), step).ec !=
            std::errc{})
      return Problem::validation("By", "An integer is required.");
    const int count = self.field_index("Count");
    const int64_t next = std::get<int64_t>(row->cells[count]) + step;
    row->cells[count] = next;
    ctx.writer()->update(self, *row);  // written before the check below: a refusal must undo it
    if (next < 0) return Problem::validation("By", "Count cannot go below zero.");
    return std::to_string(next);
  };
  custom["GetCount"] = [](management::RuleContext& ctx, const management::CustomCall& call) -> Result<std::string> {
    const registry::Resource& self = *ctx.catalog.find("Shelf");
    auto row = ctx.tx.get(self, *call.id);
    if (!row) return Problem::not_found("There is no Shelf " + std::to_string(*call.id) + ".");
    return std::to_string(std::get<int64_t>(row->cells[self.field_index("Count")]));
  };
  return r;
}

class CustomOperationTest : public ::testing::Test {
 protected:
  http::Response call(const std::string& method, const std::string& path, const std::string& body = "") {
    return api_.call(method, path, body);
  }

  registry::Resource shelf_ = shelf(true);
  testing_support::InProcessApi api_{"norced-custom", {&shelf_}};
};

TEST_F(CustomOperationTest, AHandlerWritesInOneTransactionCommittedOnlyWhenItSucceeds) {
  auto made = call("POST", "/api/shelf", R"({"Code":"A1","Count":2})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string id = made.body;

  auto bumped = call("POST", "/api/shelf/" + id + "/bump", R"({"By":5})");
  ASSERT_EQ(bumped.status, 200) << bumped.body;
  EXPECT_EQ(bumped.body, "7");
  EXPECT_TRUE(bumped.headers.empty()) << "a custom body is its handler's own document: no strict-mode Warning";
  EXPECT_EQ(call("GET", "/api/shelf/" + id + "/count").body, "7");
  EXPECT_NE(call("GET", "/api/shelf/" + id).body.find("\"Count\":7"), std::string::npos);

  auto refused = call("POST", "/api/shelf/" + id + "/bump", R"({"By":-100})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("\"By\""), std::string::npos) << refused.body;
  EXPECT_EQ(call("GET", "/api/shelf/" + id + "/count").body, "7") << "the refused handler's update was undone";

  EXPECT_EQ(call("POST", "/api/shelf/" + id + "/bump", R"({"By":"x"})").status, 400);
  EXPECT_EQ(call("POST", "/api/shelf/" + id + "/bump", "not json").status, 400);
  EXPECT_EQ(call("POST", "/api/shelf/" + id + "/bump", "").status, 400);
  EXPECT_EQ(call("POST", "/api/shelf/999/bump", R"({"By":1})").status, 404);
  EXPECT_EQ(call("GET", "/api/shelf/999/count").status, 404);
}

TEST_F(CustomOperationTest, RoutesAllowAndOpenApiComeFromTheSameList) {
  auto wrong = call("PUT", "/api/shelf/1/bump", "{}");
  EXPECT_EQ(wrong.status, 405);
  bool allow_post = false;
  for (const auto& [k, v] : wrong.headers)
    if (k == "Allow") allow_post = v.find("POST") != std::string::npos;
  EXPECT_TRUE(allow_post);
  const std::string doc = management::openapi_document(api_.catalog(), api_.api().router());
  EXPECT_NE(doc.find("\"/api/shelf/{id}/bump\""), std::string::npos);
  EXPECT_NE(doc.find("\"ShelfApi_Bump\""), std::string::npos);
  EXPECT_NE(doc.find("\"ShelfApi_GetCount\""), std::string::npos);
  EXPECT_NE(doc.find("Adds By to Count"), std::string::npos);
}

TEST(CustomOperation, AMissingHandlerIsRefusedAtStartUp) {
  registry::Resource bare = shelf(false);
  auto resources = management::resources::catalog().all();
  resources.push_back(&bare);
  registry::Catalog catalog(resources);
  testing_support::ScratchDir dir("norced-custom-missing");
  auto store = store::sqlite::open(dir.file("norced.db"), resources);
  identity::TokenService tokens(std::string(40, 'k'), std::chrono::seconds(3600));
  EXPECT_THROW(management::ManagementApi(*store, catalog, tokens), std::logic_error);
  store.reset();
}

}  // namespace
