// Invariants every resource description must keep; a broken description fails here, not at run time.
#include <gtest/gtest.h>

#include <set>

#include "management/rules.hpp"
#include "management/resources/resources.hpp"
#include "management/router.hpp"
#include "management/openapi.hpp"

using namespace norced;
using registry::Role;
using registry::Type;

TEST(ColumnName, SnakeCasesPascalCase) {
  EXPECT_EQ(registry::column_name("ParentId"), "parent_id");
  EXPECT_EQ(registry::column_name("IsActive"), "is_active");
  EXPECT_EQ(registry::column_name("DefaultMinimumProductMarginPercentage"),
            "default_minimum_product_margin_percentage");
  EXPECT_EQ(registry::column_name("Code"), "code");
  EXPECT_EQ(registry::column_name("ImageURLKey"), "image_url_key");
}

TEST(Catalog, EveryDescriptionIsConsistent) {
  const auto& catalog = management::resources::catalog();
  std::set<std::string_view> names;
  for (const registry::Resource* r : catalog.all()) {
    SCOPED_TRACE(std::string(r->name));
    EXPECT_TRUE(names.insert(r->name).second) << "resource names are unique";
    std::set<std::string_view> members;
    for (const auto& f : r->fields) {
      EXPECT_TRUE(members.insert(f.name).second) << "duplicate member " << f.name;
      if (f.role == Role::Text || f.role == Role::DefaultText || f.role == Role::TextInherited)
        EXPECT_GE(r->text_index(f.text), 0) << f.name << " shows an undeclared text slot";
      if (!f.references.empty()) EXPECT_NE(catalog.find(f.references), nullptr) << f.name;
      if (f.type == Type::Array) EXPECT_FALSE(f.item_model.empty()) << f.name;
    }
    // The key comes first: the row's own Id, or the system-wide id or code a Settings link is keyed by.
    EXPECT_TRUE(r->fields.front().role == Role::Id ||
                (!r->unique.empty() && r->fields.front().name == r->unique.front()))
        << "the key comes first";
    for (auto u : r->unique) {
      const auto* f = r->field(u);
      ASSERT_NE(f, nullptr);
      EXPECT_EQ(f->role, Role::Stored);
      EXPECT_TRUE(f->type == Type::String || f->type == Type::Int);
    }
    if (r->soft_delete) EXPECT_NE(r->field("IsActive"), nullptr);
    if (r->table.empty()) EXPECT_TRUE(management::rules_of(*r).list_provider) << "a view needs a provider";
  }
}

TEST(Catalog, CategoryMatchesTheNorceModel) {
  const auto& c = management::resources::category();
  // Member order of CategoryModel in seed 002.
  std::vector<std::string_view> expected = {
      "Id", "Name", "DefaultName", "IsNameInherited", "Description", "DefaultDescription", "IsDescriptionInherited",
      "FullName", "DefaultFullName", "IsFullNameInherited", "ParentId", "ParentCode", "ParentName", "SortOrder",
      "IsDisplayOnly", "ImageKey", "ImageUrl", "Code", "Synonyms", "DefaultSynonyms", "IsSynonymsInherited",
      "UnspcCode", "BusinessArea", "CommodityCode", "IntegrationPartNo", "FreightClassId", "GrossWeight", "VatCodeId",
      "InheritedVatCodeId", "IsVatCodeIdInherited", "InheritedVatCodeName", "VatCodeIdInheritedFrom", "VatCodeName",
      "VatCodeValue", "InheritedVatCodeValue", "VatCodes", "UnitOfMeasurementId", "RecommendedSalesQty",
      "IsReturnable", "IsDropShipOnly", "PopulationRuleId", "TrackingCodeTypeId", "CompetitivePricingMinPercentage",
      "CompetitivePricingTargetPercentage", "HideInTopList", "StockDisplayBreakPoint", "IsRecommendedQtyFixed",
      "IsRecurringOrderable", "IsActive", "Changed", "ChangedBy", "Cultures"};
  ASSERT_EQ(c.fields.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(c.fields[i].name, expected[i]);
  EXPECT_EQ(c.field("Code")->max_length, 50);
  EXPECT_EQ(c.texts[c.text_index("Name")].max_length, 50);
  EXPECT_EQ(c.texts[c.text_index("Synonyms")].max_length, 500);
}

TEST(Catalog, PriceListHasTheFourOperationsOnly) {
  const auto& p = management::resources::price_list();
  using registry::OpKind;
  EXPECT_TRUE(p.find_operation(OpKind::Get) && p.find_operation(OpKind::List) && p.find_operation(OpKind::Insert) &&
              p.find_operation(OpKind::Update));
  EXPECT_EQ(p.operations.size(), 4u);
  EXPECT_EQ(p.field("Name")->max_length, 50);
  EXPECT_EQ(p.field("ImageUrl")->max_length, 255);
  EXPECT_EQ(p.field("DefaultSupplementChargePercentage")->type, Type::Decimal);
  EXPECT_EQ(p.field("StartDate")->type, Type::DateTime);
}

TEST(Router, RoutesFollowTheDescriptions) {
  management::Router router(management::resources::catalog());
  auto get = router.match("GET", "/api/category/12");
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->route->op->kind, registry::OpKind::Get);
  ASSERT_EQ(get->values.size(), 1u);
  EXPECT_EQ(get->values[0], "12");
  auto compact = router.match("GET", "/api/Category/Compact/");
  ASSERT_TRUE(compact.ok());
  EXPECT_EQ(compact->route->op->kind, registry::OpKind::Compact);
  auto deleted = router.match("GET", "/api/category/deleted");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->route->op->kind, registry::OpKind::ListDeleted);
  EXPECT_EQ(router.match("GET", "/api/pricing/pricelist")->route->op->kind, registry::OpKind::List);

  auto patch = router.match("PATCH", "/api/category/12");
  ASSERT_FALSE(patch.ok());
  EXPECT_EQ(patch.problem().status, 405);
  ASSERT_EQ(patch.problem().headers.size(), 1u);
  EXPECT_EQ(patch.problem().headers[0].second, "GET, PUT");
  EXPECT_EQ(router.match("DELETE", "/api/pricing/pricelist/1").problem().status, 405);
  EXPECT_EQ(router.match("GET", "/api/pricing/pricelist/deleted")->route->op->kind, registry::OpKind::Get)
      << "price lists have no deleted listing: 'deleted' is an id there (and then a 400)";
  EXPECT_EQ(router.match("GET", "/api/nothing").problem().status, 404);
  EXPECT_EQ(router.match("GET", "/api/category/1/2").problem().status, 404);
}

TEST(OpenApi, ListsExactlyTheServedOperations) {
  management::Router router(management::resources::catalog());
  std::string doc = management::openapi_document(management::resources::catalog(), router);
  EXPECT_NE(doc.find("\"/api/category/{id}\""), std::string::npos);
  EXPECT_NE(doc.find("\"CategoryApi_Compact\""), std::string::npos);
  EXPECT_NE(doc.find("\"PriceListApi_List\""), std::string::npos);
  EXPECT_NE(doc.find("\"ApplicationCultureApi_Delete\""), std::string::npos);
  EXPECT_EQ(doc.find("CategoryApi_Delete"), std::string::npos);
  EXPECT_EQ(doc.find("\"patch\""), std::string::npos);
  EXPECT_EQ(doc.find("PriceListApi_ListDeleted"), std::string::npos);
  EXPECT_NE(doc.find("\"SalesAreaVatCodeModel\""), std::string::npos);
}

// Every SQL table a description implies (its own, its culture texts', its collections') is its alone: a
// collection named like another resource's table (Product's flags once were "product_flag") breaks both.
TEST(Catalog, EveryTableNameIsUnique) {
  std::set<std::string> tables;
  for (const auto* r : management::resources::catalog().all()) {
    if (r->table.empty()) continue;
    EXPECT_TRUE(tables.insert(std::string(r->table)).second) << r->name << ": " << r->table;
    if (r->has_texts())
      EXPECT_TRUE(tables.insert(std::string(r->table) + "_culture").second) << r->name << " texts";
    for (const auto& c : r->collections)
      EXPECT_TRUE(tables.insert(std::string(c.table)).second) << r->name << "." << c.field << ": " << c.table;
  }
}

TEST(Catalog, EveryDescriptionIsSound) {
  for (const auto* r : management::resources::catalog().all()) {
    auto errors = registry::description_errors(*r);
    EXPECT_TRUE(errors.empty()) << r->name << ": " << (errors.empty() ? "" : errors.front());
  }
  registry::Resource bad;
  bad.name = "Bad";
  bad.operations = {registry::operation(registry::OpKind::Get, "bad/{groupId}/item/{id}")};
  auto errors = registry::description_errors(bad);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("GroupId"), std::string::npos);
}

// The generated API tests (tests/api/generated_test.cpp) build every body from the example, and the OpenAPI
// document shows it: a resource that accepts POST without one would go untested.
TEST(Catalog, EveryInsertableResourceHasAnExample) {
  for (const auto* r : management::resources::catalog().all())
    if (r->find_operation(registry::OpKind::Insert))
      EXPECT_FALSE(r->example.empty()) << r->name << " serves Insert but has no example";
}

TEST(Catalog, AnExampleMustBeAnObjectOfTheModelsMembers) {
  registry::Resource r;
  r.name = "Thing";
  r.model = "ThingModel";
  r.fields = {{"Id", Type::Int, Role::Id, false, 0, {}, {}, {}, {}, {}, {}},
              {"Code", Type::String, Role::Stored, true, 50, {}, {}, {}, {}, {}, {}}};
  r.example = R"({"Code":"A"})";
  EXPECT_TRUE(registry::description_errors(r).empty());
  r.example = R"({"Code":"A","Nme":"typo"})";
  auto errors = registry::description_errors(r);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("Nme"), std::string::npos);
  r.example = R"([{"Code":"A"}])";
  EXPECT_EQ(registry::description_errors(r).size(), 1u);
}
