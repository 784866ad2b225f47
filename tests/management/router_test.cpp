// Routing from operations as data: named parameters of integer and string type, several per path, literal
// segments over parameters, 405 with Allow, and bindings to model members — on resources made up for the test.
#include "management/router.hpp"

#include <gtest/gtest.h>

using namespace norced;
using registry::OpKind;
using registry::ParamType;

namespace {

registry::Resource warehouse() {
  registry::Resource r;
  r.name = "SupplierWarehouse";
  r.operations = {registry::operation(OpKind::Get, "supplier/{supplierId}/warehouse/{id}"),
                  registry::operation(OpKind::Update, "supplier/{supplierId}/warehouse/{id}"),
                  registry::operation(OpKind::List, "supplier/{supplierId}/warehouse")};
  return r;
}

registry::Resource culture() {
  registry::Resource r;
  r.name = "ApplicationCulture";
  r.operations = {registry::operation(OpKind::Get, "application/culture/{cultureCode:string}"),
                  registry::operation(OpKind::Delete, "application/culture/{cultureCode:string}"),
                  registry::operation(OpKind::List, "application/culture")};
  return r;
}

registry::Resource info_type() {
  registry::Resource r;
  r.name = "ProductInfoType";
  r.operations = {registry::operation(OpKind::Get, "product/infotype/{groupId}/item/{id}"),
                  registry::operation(OpKind::List, "product/infotype/{groupId}"),
                  registry::operation(OpKind::Compact, "product/infotype/compact")};
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  registry::Resource a = warehouse(), b = culture(), c = info_type();
  registry::Catalog catalog{{&a, &b, &c}};
  management::Router router{catalog};
};

TEST_F(RouterTest, TwoIntegerParametersBindInPathOrder) {
  auto m = router.match("GET", "/api/supplier/7/warehouse/42");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->route->resource, &a);
  EXPECT_EQ(m->route->op->kind, OpKind::Get);
  ASSERT_EQ(m->values.size(), 2u);
  EXPECT_EQ(m->values[0], "7");
  EXPECT_EQ(m->values[1], "42");
  const auto& params = m->route->op->params;
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].name, "supplierId");
  EXPECT_EQ(params[0].member, "SupplierId");
  EXPECT_EQ(params[1].member, "Id");
  EXPECT_EQ(m->route->path, "/api/supplier/{supplierId}/warehouse/{id}");
}

TEST_F(RouterTest, StringKeysKeepTheirCaseWhileLiteralsIgnoreIt) {
  auto m = router.match("DELETE", "/api/Application/CULTURE/sv-SE");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->route->op->kind, OpKind::Delete);
  EXPECT_EQ(m->route->op->params[0].type, ParamType::String);
  EXPECT_EQ(m->route->op->params[0].member, "CultureCode");
  ASSERT_EQ(m->values.size(), 1u);
  EXPECT_EQ(m->values[0], "sv-SE");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  auto compact = router.match("GET", "/api/product/infotype/compact");
  ASSERT_TRUE(compact.ok());
  EXPECT_EQ(compact->route->op->kind, OpKind::Compact);
  auto list = router.match("GET", "/api/product/infotype/3");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->route->op->kind, OpKind::List);
  EXPECT_EQ(list->values.at(0), "3");
  auto item = router.match("GET", "/api/product/infotype/3/item/9");
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->values.at(1), "9");
}

TEST_F(RouterTest, OtherMethodsAnswer405WithAllow) {
  auto m = router.match("POST", "/api/supplier/1/warehouse/2");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.problem().status, 405);
  ASSERT_EQ(m.problem().headers.size(), 1u);
  EXPECT_EQ(m.problem().headers[0].second, "GET, PUT");
  auto c = router.match("PUT", "/api/application/culture/en-US");
  EXPECT_EQ(c.problem().headers.at(0).second, "GET, DELETE");
}

TEST_F(RouterTest, UnknownPathsAnswer404) {
  EXPECT_EQ(router.match("GET", "/api/supplier/1/warehouse/2/3").problem().status, 404);
  EXPECT_EQ(router.match("GET", "/api/supplier").problem().status, 404);
  EXPECT_EQ(router.match("GET", "/nothing").problem().status, 404);
}

TEST(Operation, TemplatesParseOnceWithTypes) {
  auto op = registry::operation(OpKind::Update, "pricing/pricelist/{priceListId}/population/{id:int}");
  EXPECT_EQ(op.method, "PUT");
  EXPECT_EQ(op.verb, "Update");
  EXPECT_EQ(op.path, "pricing/pricelist/{priceListId}/population/{id}");
  ASSERT_EQ(op.params.size(), 2u);
  EXPECT_EQ(op.params[0].member, "PriceListId");
  EXPECT_EQ(op.params[1].type, ParamType::Int);
  EXPECT_THROW(registry::operation(OpKind::Get, "x/{id:float}"), std::logic_error);
  EXPECT_THROW(registry::operation(OpKind::Get, "x/{}"), std::logic_error);
}

TEST(Operation, TwoOperationsOnOneRouteAreADescriptionError) {
  registry::Resource r;
  r.name = "Twice";
  r.operations = {registry::operation(OpKind::Get, "x/{id}"), registry::operation(OpKind::Get, "x/{code:string}")};
  registry::Catalog catalog{{&r}};
  EXPECT_THROW(management::Router{catalog}, std::logic_error);
}

}  // namespace
