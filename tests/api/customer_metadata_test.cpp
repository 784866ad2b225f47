// The customer and shopping metadata groups' own rules, over HTTP: customer flags in customer flag groups, the
// groups' client, and the info types of customers, stores and companies, and of orders and their items, each in
// the groups the catalog gives. Generic checks come from tests/api/generated_test.cpp.
#include "api/harness.hpp"

namespace api {
namespace {

class CustomerMetadataTest : public ServerFixture<CustomerMetadataTest> {};

std::string at(const std::string& base, int64_t id) { return base + "/" + std::to_string(id); }

TEST_F(CustomerMetadataTest, CustomerFlagsBelongToACustomerFlagGroup) {
  Session s = server().new_tenant("Customer flags");
  const int64_t group = s.create("/api/customer/group", {{"Name", "Segment"}, {"IsMultipleChoice", false}});
  Json g = s.fetch(at("/api/customer/group", group));
  EXPECT_TRUE(g["ClientId"].is_number_integer() && g["ClientId"].get<int64_t>() > 0) << g.dump();
  EXPECT_EQ(g["IsMultipleChoice"], false);
  EXPECT_FALSE(g.contains("Code")) << "the customer flag group model has no code";

  const int64_t vip = s.create("/api/customer/flag", {{"Code", "VIP"}, {"GroupId", group}, {"Name", "VIP"},
                                                      {"AvailableOnCustomer", true}});
  Json f = s.fetch(at("/api/customer/flag", vip));
  EXPECT_EQ(f["GroupName"], "Segment");
  EXPECT_EQ(f["AvailableOnCustomer"], true);
  EXPECT_EQ(f["AvailableOnCompany"], false);
  expect_field_error(s.post("/api/customer/flag", {{"Code", "X"}}), "GroupId");
  expect_field_error(s.post("/api/customer/flag", {{"Code", "vip"}, {"GroupId", group}}), "Code", 409);
  // A customer flag code does not collide with a product flag's.
  const int64_t product_group = s.create("/api/product/flaggroup", {{"Code", "P"}});
  EXPECT_EQ(s.post("/api/product/flag", {{"TypeId", 1}, {"GroupId", product_group}, {"Code", "VIP"}}).status, 200);

  s.update(at("/api/customer/group", group), {{"Name", "Segment"}, {"IsActive", false}});
  EXPECT_TRUE(s.fetch("/api/customer/group").empty());
  EXPECT_EQ(s.fetch("/api/customer/group/deleted").size(), 1u);
  expect_field_error(s.post("/api/customer/flag", {{"Code", "NEW"}, {"GroupId", group}}), "GroupId");
}

TEST_F(CustomerMetadataTest, CustomerInfoTypesAreForCustomersStoresAndCompanies) {
  Session s = server().new_tenant("Customer info");
  for (int group : {1, 4, 6}) {
    const int64_t id = s.create("/api/customer/infotype/" + std::to_string(group),
                                {{"Code", "C" + std::to_string(group)}, {"SortOrder", group}});
    Json item = s.fetch("/api/customer/infotype/" + std::to_string(group) + "/item/" + std::to_string(id));
    EXPECT_EQ(item["GroupId"], group);
    EXPECT_EQ(s.fetch("/api/customer/infotype/" + std::to_string(group)).size(), 1u);
  }
  for (int group : {2, 3, 5}) {
    Json doc = expect_problem(s.get("/api/customer/infotype/" + std::to_string(group)), 400);
    ASSERT_TRUE(doc["errors"].contains("groupId")) << doc.dump();
    EXPECT_NE(doc["errors"]["groupId"][0].get<std::string>().find("1, 4, 6"), std::string::npos) << doc.dump();
  }
  // SortOrder is not nullable here, as the catalog says.
  expect_field_error(s.post("/api/customer/infotype/1", {{"Code", "N"}, {"SortOrder", nullptr}}), "SortOrder");
}

TEST_F(CustomerMetadataTest, ShoppingInfoTypesAreForOrdersAndTheirItems) {
  Session s = server().new_tenant("Shopping info");
  const int64_t gift = s.create("/api/order/infotype/shopping/1", {{"Code", "GIFT"}, {"DataType", "string"}});
  const int64_t line = s.create("/api/order/infotype/shopping/2", {{"Code", "ENGRAVING"}});
  Json got = s.fetch(at("/api/order/infotype/shopping/1", gift));
  EXPECT_EQ(got["Id"], gift);
  EXPECT_EQ(got["GroupId"], 1);
  EXPECT_EQ(got["DataType"], "string");
  expect_problem(s.get(at("/api/order/infotype/shopping/1", line)), 404);
  got["Name"] = "Gift message";
  EXPECT_EQ(s.put(at("/api/order/infotype/shopping/1", gift), got).body, std::to_string(gift));
  EXPECT_EQ(s.fetch("/api/order/infotype/shopping/1")[0]["Name"], "Gift message");
  expect_field_error(s.get("/api/order/infotype/shopping/3"), "groupId");
  expect_field_error(s.get("/api/order/infotype/shopping/1/abc"), "itemId");
  got["IsActive"] = false;
  s.update(at("/api/order/infotype/shopping/1", gift), got);
  EXPECT_EQ(s.fetch("/api/order/infotype/shopping/1/deleted").size(), 1u);
  EXPECT_TRUE(s.fetch("/api/order/infotype/shopping/1").empty());
}

}  // namespace
}  // namespace api
