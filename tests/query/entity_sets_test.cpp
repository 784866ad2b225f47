// The Query API's entity sets as the registry makes them: the names the spec gives, the rule for the others,
// a key for every set, and properties that are the resource's columns.
#include "query/entity_sets.hpp"

#include <gtest/gtest.h>

#include <set>

#include "management/resources/resources.hpp"
#include "query/category_hierarchy.hpp"
#include "query/metadata.hpp"

using namespace norced;
using query::Model;

namespace {

const Model& model() {
  static const Model m(management::resources::catalog());
  return m;
}

}  // namespace

TEST(QueryEntitySets, NamesFollowTheSpecAndTheRule) {
  const auto* products = model().find("products");
  ASSERT_NE(products, nullptr) << "namespaces match in any case";
  for (const char* set : {"Products", "ProductSkus", "ProductSkuPriceLists", "ProductSkuOnhands", "ProductImages",
                          "ProductParametrics", "ProductSkuVatRates", "ProductSkuStructureItems"})
    EXPECT_NE(products->find(set), nullptr) << set;
  const auto* application = model().find("Application");
  ASSERT_NE(application, nullptr);
  for (const char* set : {"Categories", "PriceLists", "ClientManufacturers", "ClientCurrencies", "ApplicationCultures",
                          "Parametrics", "ProductFlags", "Warehouses"})
    EXPECT_NE(application->find(set), nullptr) << set;
  EXPECT_EQ(application->find("categories"), nullptr) << "set names are case-sensitive, as OData's";
  EXPECT_EQ(query::plural("Category"), "Categories");
  EXPECT_EQ(query::plural("Day"), "Days");
  EXPECT_EQ(query::plural("Status"), "Statuses");
}

TEST(QueryEntitySets, EveryStoredResourceIsASetWithAKeyAndColumnProperties) {
  std::set<std::string_view> served;
  for (const auto& ns : model().namespaces())
    for (const auto& set : ns.sets) {
      served.insert(set.resource->name);
      ASSERT_NE(set.key, nullptr) << set.name;
      EXPECT_NE(set.property(set.key->name), nullptr) << set.name << ": the key is a property";
      for (const auto* f : set.properties)
        EXPECT_TRUE(f->role == registry::Role::Id || f->role == registry::Role::Stored || f->role == registry::Role::Audit ||
                    f->role == registry::Role::Text)
            << set.name << "." << f->name;
      EXPECT_EQ(set.property("ApplicationId"), nullptr) << set.name << ": scope members are no properties";
    }
  for (const auto* r : management::resources::catalog().all())
    if (!r->table.empty()) EXPECT_TRUE(served.count(r->name)) << r->name << " is queryable";
  const auto* skus = model().find("Products")->find("ProductSkus");
  EXPECT_EQ(skus->key->name, "PartNo");
  EXPECT_EQ(model().find("Application")->find("ApplicationCultures")->key->name, "CultureCode");
}

TEST(QueryMetadata, IsCsdlOfEverySetWithKeysAndTypes) {
  const std::string x = query::metadata_document(*model().find("Products"));
  EXPECT_TRUE(x.starts_with(R"(<?xml version="1.0" encoding="utf-8"?>)"));
  EXPECT_NE(x.find(R"(<Schema Namespace="Products" xmlns="http://docs.oasis-open.org/odata/ns/edm">)"), std::string::npos);
  EXPECT_NE(x.find(R"(<Property Name="PartNo" Type="Edm.String" Nullable="false" MaxLength="50"/>)"), std::string::npos) << x;
  EXPECT_NE(x.find(R"(<Property Name="Changed" Type="Edm.DateTimeOffset"/>)"), std::string::npos);
  EXPECT_NE(x.find(R"(<EntitySet Name="Products" EntityType="Products.Product"/>)"), std::string::npos);
  EXPECT_TRUE(x.ends_with("</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"));
}

TEST(QueryEntitySets, NavigationsComeFromReferencesBothWays) {
  const auto* products = model().find("Products");
  auto nav = [&](const char* set, const char* name) { return products->find(set)->navigation(name); };
  const auto* prices = nav("ProductSkus", "PriceLists");
  ASSERT_NE(prices, nullptr) << "the spec's name for a SKU's prices";
  EXPECT_TRUE(prices->collection);
  EXPECT_EQ(prices->target->name, "ProductSkuPriceLists");
  EXPECT_EQ(prices->via->name, "SkuId");
  ASSERT_NE(nav("ProductSkus", "Onhands"), nullptr);
  ASSERT_NE(nav("Products", "Skus"), nullptr);
  EXPECT_NE(nav("Products", "Images"), nullptr);
  EXPECT_NE(nav("ProductSkus", "VatRates"), nullptr);
  const auto* components = nav("ProductSkus", "StructureItems");
  ASSERT_NE(components, nullptr) << "a structure SKU's components";
  EXPECT_EQ(components->via->name, "SkuId") << "not the component's own reference (ItemSkuId)";
  ASSERT_NE(nav("ProductSkuStructureItems", "ItemSku"), nullptr);
  EXPECT_EQ(nav("ProductSkuStructureItems", "ItemSku")->target->name, "ProductSkus");
  const auto* sku = nav("ProductSkuPriceLists", "Sku");
  ASSERT_NE(sku, nullptr);
  EXPECT_FALSE(sku->collection);
  EXPECT_EQ(sku->target->name, "ProductSkus");
  const auto* list = nav("ProductSkuPriceLists", "PriceList");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->target_namespace, "Application") << "a navigation may lead into the other namespace";
  for (const auto& ns : model().namespaces())
    for (const auto& set : ns.sets)
      for (const auto& n : set.navigations) {
        EXPECT_EQ(set.property(n.name), nullptr) << set.name << "." << n.name << " is no property's name too";
        EXPECT_EQ(set.navigation(n.name), &n) << set.name << "." << n.name << " is unique";
      }
}

TEST(QueryEntitySets, LinkCollectionsAreCollectionNavigations) {
  const auto* categories = model().find("Products")->find("Products")->navigation("Categories");
  ASSERT_NE(categories, nullptr) << "platform.md §5: a product's Categories";
  EXPECT_TRUE(categories->collection);
  EXPECT_EQ(categories->via, nullptr);
  EXPECT_EQ(categories->target->name, "Categories");
  EXPECT_EQ(categories->target_namespace, "Application");
  EXPECT_EQ(model().find("Products")->find("Products")->resource->collections.at(static_cast<size_t>(categories->link)).table,
            "product_category");
  const auto* flags = model().find("Products")->find("Products")->navigation("Flags");
  ASSERT_NE(flags, nullptr);
  EXPECT_EQ(flags->target->name, "ProductFlags");
  EXPECT_NE(model().find("Application")->find("VariantGroups")->navigation("VariantTypes"), nullptr);
  const std::string x = query::metadata_document(*model().find("Products"));
  EXPECT_NE(x.find(R"x(<NavigationProperty Name="Categories" Type="Collection(Application.Category)"/>)x"), std::string::npos);
}

TEST(QueryEntitySets, CoreIsTheSystemCatalogWithoutApplicationIds) {
  const auto* core = model().find("core");
  ASSERT_NE(core, nullptr);
  std::vector<std::string> names;
  for (const auto& s : core->sets) {
    names.push_back(s.name);
    EXPECT_EQ(s.property("ApplicationId"), nullptr) << s.name;
    EXPECT_TRUE(s.resource->scope_fields().empty()) << s.name << ": no client's or application's rows";
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Countries", "Currencies", "VatCodes", "SalesAreas", "Cultures", "PriceListTypes"}));
  EXPECT_EQ(core->find("Cultures")->key->name, "Code");
  EXPECT_EQ(core->find("Currencies")->key->name, "Id");
  EXPECT_EQ(core->find("Currencies")->property("ExchangeRate")->type, registry::Type::Decimal);
  const auto* vat_codes = core->find("SalesAreas")->navigation("VatCodes");
  ASSERT_NE(vat_codes, nullptr);
  EXPECT_EQ(vat_codes->target->name, "VatCodes");
  EXPECT_NE(core->find("VatCodes")->navigation("SalesArea"), nullptr);
  const std::string x = query::metadata_document(*core);
  EXPECT_NE(x.find(R"(<EntityType Name="Country"><Key><PropertyRef Name="Id"/></Key>)"), std::string::npos) << x;
  EXPECT_NE(x.find(R"(<Property Name="Code" Type="Edm.String" Nullable="false" MaxLength="2"/>)"), std::string::npos);
}

TEST(QueryEntitySets, CategoryHierarchyIsTheSpecsSetKeyedByCategoryIdWithNavigationsToTheCategories) {
  const auto* application = model().find("Application");
  const auto* hierarchy = application->find("CategoryHierarchy");
  ASSERT_NE(hierarchy, nullptr) << "platform.md §5 names it so, singular";
  EXPECT_EQ(application->find("CategoryHierarchies"), nullptr);
  EXPECT_EQ(hierarchy->key->name, "CategoryId");
  std::vector<std::string_view> properties;
  for (const auto* f : hierarchy->properties) properties.push_back(f->name);
  EXPECT_EQ(properties, (std::vector<std::string_view>{"CategoryId", "ParentCategoryId", "Hierarchy"}));
  ASSERT_NE(hierarchy->navigation("Category"), nullptr);
  EXPECT_EQ(hierarchy->navigation("Category")->target->name, "Categories");
  EXPECT_NE(hierarchy->navigation("ParentCategory"), nullptr);
  const auto* back = application->find("Categories")->navigation("Hierarchies");
  ASSERT_NE(back, nullptr);
  EXPECT_TRUE(back->collection);
  EXPECT_EQ(back->target, hierarchy);
}

TEST(QueryCategoryHierarchy, PathsRunFromTheRootThroughEachAncestor) {
  // 1 ─ 5 ─ 12, 1 ─ 7, 3; 20 under a parent that is not there; 30 and 31 each other's parent.
  const auto paths = query::hierarchy_paths({{12, 5}, {5, 1}, {1, 0}, {7, 1}, {3, 0}, {20, 99}, {30, 31}, {31, 30}});
  EXPECT_EQ(paths.at(1), "/1/");
  EXPECT_EQ(paths.at(5), "/1/5/");
  EXPECT_EQ(paths.at(12), "/1/5/12/");
  EXPECT_EQ(paths.at(7), "/1/7/");
  EXPECT_EQ(paths.at(3), "/3/");
  EXPECT_EQ(paths.at(20), "/20/") << "a missing parent ends the walk";
  EXPECT_EQ(paths.size(), 8u);
  const std::string& cycle = paths.at(30);
  EXPECT_TRUE(cycle == "/31/30/" || cycle == "/30/") << cycle << ": a cycle ends, wherever it closes";
}
