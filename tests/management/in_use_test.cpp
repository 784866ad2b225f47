// A row that other rows reference cannot be removed (management/save.cpp): the references are read from the
// descriptions (Field::references), in every resource of the catalog, so no resource writes this rule itself.
// On two resources made up for the test: bins, removed by DELETE, and boxes that name a bin.
#include <gtest/gtest.h>

#include "in_process.hpp"

using namespace norced;
using registry::OpKind;
using registry::Role;
using registry::Type;

namespace {

registry::Resource bin() {
  registry::Resource r;
  r.name = "Bin";
  r.model = "BinModel";
  r.path = "bin";
  r.table = "test_bin";
  r.fields = {{.name = "Id", .type = Type::Int, .role = Role::Id, .nullable = false},
              {.name = "Code", .type = Type::String, .role = Role::Stored, .max_length = 50}};
  r.soft_delete = false;
  r.operations = registry::conventional("bin", {OpKind::Get, OpKind::Insert, OpKind::Delete});
  return r;
}

registry::Resource box() {
  registry::Resource r;
  r.name = "Box";
  r.model = "BoxModel";
  r.path = "box";
  r.table = "test_box";
  r.fields = {{.name = "Id", .type = Type::Int, .role = Role::Id, .nullable = false},
              {.name = "BinId", .type = Type::Int, .role = Role::Stored, .references = "Bin"}};
  r.soft_delete = false;
  r.operations = registry::conventional("box", {OpKind::Get, OpKind::Insert, OpKind::Update});
  return r;
}

class InUseTest : public ::testing::Test {
 protected:
  http::Response call(const std::string& method, const std::string& path, const std::string& body = "") {
    return api_.call(method, path, body);
  }

  registry::Resource bin_ = bin(), box_ = box();
  testing_support::InProcessApi api_{"norced-in-use", {&bin_, &box_}};
};

TEST_F(InUseTest, ARowOthersReferenceIsNotRemoved) {
  const std::string used = call("POST", "/api/bin", R"({"Code":"A"})").body;
  const std::string unused = call("POST", "/api/bin", R"({"Code":"B"})").body;
  const std::string box_id = call("POST", "/api/box", R"({"BinId":)" + used + "}").body;

  auto refused = call("DELETE", "/api/bin/" + used);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("\"Id\""), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("Box " + box_id), std::string::npos) << "names its users: " << refused.body;
  EXPECT_EQ(call("GET", "/api/bin/" + used).status, 200) << "nothing was removed";

  EXPECT_EQ(call("DELETE", "/api/bin/" + unused).status, 204);
  EXPECT_EQ(call("GET", "/api/bin/" + unused).status, 404);

  // Once no box names it, it goes.
  ASSERT_EQ(call("PUT", "/api/box/" + box_id, R"({"BinId":null})").status, 200);
  EXPECT_EQ(call("DELETE", "/api/bin/" + used).status, 204);
}

}  // namespace
