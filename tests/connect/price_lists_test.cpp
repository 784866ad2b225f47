// Product/ImportPriceLists (connect/imports/price_lists.cpp) on every backend: a list is created by Code with
// the PriceList resource's rules (the client's currency by code, the STANDARD type by default), only the listed
// members are written, warehouses and locations are created by code and linked to the list, price rules are
// kept by target, a bad code fails its item alone, and a chunk applied twice writes nothing the
// second time. The header's warehouse and location lists go together.
#include <gtest/gtest.h>

#include "../management/in_process.hpp"
#include "connect/imports/stock_imports.hpp"
#include "import_fixture.hpp"

namespace norced::connect {
namespace {

namespace res = management::resources;
using importtest::ImportFixture;

const std::string kHeader =
    R"({"AccountId":1,"PriceListFieldsThatAreSet":["Name","CurrencyCode","StartDate","IsPublic","Warehouses","PriceRules"],)"
    R"("WarehouseFieldsThatAreSet":["Name"],"WarehouseLocationFieldsThatAreSet":["Name","IsIncludedInStockCalculation"]})";

class PriceListsTest : public ImportFixture {
 protected:
  std::string list(const registry::Entity& e, std::string_view field) { return text(res::price_list(), e, field); }
};

TEST_P(PriceListsTest, CreatesAListByCodeWithTheListedMembers) {
  auto out = apply(import_price_lists(), kHeader,
                   R"([{"Code":"CAMPAIGN","Name":"Campaign","CurrencyCode":"sek","StartDate":"2026-02-01T00:00:00Z",)"
                   R"("IsPublic":true,"Description":"not listed","IsFavorite":true}])");
  EXPECT_EQ(out.fail, 0) << (out.log.empty() ? "" : out.log[0].message);
  EXPECT_EQ(out.inserts, 1);
  auto lists = rows(res::price_list());
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(list(lists[0], "Code"), "CAMPAIGN");
  EXPECT_EQ(list(lists[0], "Name"), "Campaign");
  EXPECT_EQ(list(lists[0], "CurrencyId"), "1");
  EXPECT_EQ(list(lists[0], "TypeId"), "1") << "the client's STANDARD type, as the Management API gives it";
  EXPECT_EQ(list(lists[0], "IsPublic"), "true");
  EXPECT_EQ(list(lists[0], "Description"), "null") << "not listed";
  EXPECT_EQ(list(lists[0], "IsFavorite"), "false") << "not listed";
  EXPECT_EQ(list(lists[0], "IsActive"), "true");
  EXPECT_EQ(list(lists[0], "ChangedBy"), "System") << "the transaction's author, the job's account";

  // An update writes the listed members only and nothing when they are unchanged.
  out = apply(import_price_lists(), kHeader, R"([{"Code":"campaign","Name":"Campaign 2","CurrencyCode":"SEK"}])");
  EXPECT_EQ(out.inserts, 0);
  EXPECT_EQ(out.updates, 1);
  lists = rows(res::price_list());
  EXPECT_EQ(list(lists[0], "Name"), "Campaign 2");
  EXPECT_EQ(list(lists[0], "StartDate"), "null") << "listed and absent: cleared";
}

TEST_P(PriceListsTest, AnImportedListIsWhatTheManagementApiServes) {
  identity::TokenService tokens{std::string(40, 'k'), std::chrono::seconds(3600)};
  management::ManagementApi api(*store_, res::catalog(), tokens);
  const std::string token = tokens.issue("contract-shop", client_.client_id, {"management"}, "");
  auto get = [&] {
    return api.handle(testing_support::api_request("GET", "/api/pricing/pricelist", token, client_),
                      "/api/pricing/pricelist");
  };
  EXPECT_EQ(get().body, "[]") << "cached";
  apply(import_price_lists(), kHeader, R"([{"Code":"CAMPAIGN","Name":"Campaign","CurrencyCode":"SEK"}])");
  // The import's commit is a write of another writer to the API: its change-log entries retire the cached list
  // when the follower reads them (every ApiOptions::change_poll, or when the runner hands them over).
  api.changes().poll();
  auto after = get();
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.body.find(R"("Code":"CAMPAIGN")"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find(R"("CurrencyCode":"SEK")"), std::string::npos) << after.body;
}

TEST_P(PriceListsTest, ABadCodeFailsItsItemAlone) {
  auto out = apply(import_price_lists(), kHeader,
                   R"([{"Code":"A","CurrencyCode":"XXX"},{"Code":"B"},{"Name":"no code"},{"Code":"C","CurrencyCode":"SEK"}])");
  EXPECT_EQ(out.fail, 3);
  EXPECT_EQ(out.inserts, 1);
  auto m = messages(out);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_NE(m[0].find("CurrencyCode: 'XXX'"), std::string::npos) << m[0];
  EXPECT_NE(m[1].find("needs a currency"), std::string::npos) << m[1];
  EXPECT_NE(m[2].find("no Code"), std::string::npos) << m[2];
  EXPECT_EQ(rows(res::price_list()).size(), 1u);
}

TEST_P(PriceListsTest, ParentAndTypeAreFoundByCode) {
  const std::string header =
      R"({"AccountId":1,"PriceListFieldsThatAreSet":["CurrencyCode","TypeCode","ParentPriceListCode","SalesArea"]})";
  auto out = apply(import_price_lists(), header,
                   R"([{"Code":"BASE","CurrencyCode":"SEK"},)"
                   R"({"Code":"CHILD","CurrencyCode":"SEK","TypeCode":"standard","ParentPriceListCode":"BASE","SalesArea":1},)"
                   R"({"Code":"ORPHAN","CurrencyCode":"SEK","ParentPriceListCode":"NOPE"}])");
  EXPECT_EQ(out.inserts, 2);
  EXPECT_EQ(out.fail, 1);
  ASSERT_EQ(out.log.size(), 1u);
  EXPECT_NE(out.log[0].message.find("ParentPriceListCode"), std::string::npos) << out.log[0].message;
  auto lists = rows(res::price_list());
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(list(lists[1], "ParentPriceListId"), std::to_string(lists[0].id));
  EXPECT_EQ(list(lists[1], "SalesAreaId"), "1");
}

TEST_P(PriceListsTest, WarehousesAndLocationsAreCreatedByCodeAndLinked) {
  const std::string chunk =
      R"([{"Code":"STORE","CurrencyCode":"SEK","Warehouses":[{"Code":"W1","Name":"Main","Type":0,"LeadTimeDayCount":3,)"
      R"("Locations":[{"Code":"L1","Name":"Shelf","IsIncludedInStockCalculation":true},{"Code":"L2"}]}]}])";
  auto out = apply(import_price_lists(), kHeader, chunk);
  EXPECT_EQ(out.fail, 0) << (out.log.empty() ? "" : out.log[0].message);
  EXPECT_EQ(out.inserts, 1 + 1 + 2 + 2) << "list, warehouse, two locations, two links";
  auto warehouses = rows(res::warehouse());
  ASSERT_EQ(warehouses.size(), 1u);
  EXPECT_EQ(text(res::warehouse(), warehouses[0], "Name"), "Main");
  EXPECT_EQ(text(res::warehouse(), warehouses[0], "Type"), "null") << "0 is the .NET default, no WarehouseType";
  EXPECT_EQ(text(res::warehouse(), warehouses[0], "LeadTimeDayCount"), "null") << "not listed";
  auto locations = rows(res::warehouse_location());
  ASSERT_EQ(locations.size(), 2u);
  EXPECT_EQ(text(res::warehouse_location(), locations[0], "IsIncludedInStockCalculation"), "true");
  EXPECT_EQ(rows(res::price_list_warehouse()).size(), 2u);

  const int64_t before = last_change();
  auto again = apply(import_price_lists(), kHeader, chunk);
  EXPECT_EQ(again.inserts, 0);
  EXPECT_EQ(again.updates, 0);
  EXPECT_EQ(last_change(), before);

  // Warehouses listed: the links the item no longer sends are removed.
  out = apply(import_price_lists(), kHeader,
              R"([{"Code":"STORE","CurrencyCode":"SEK","Warehouses":[{"Code":"W1","Name":"Main","Locations":[{"Code":"L2"}]}]}])");
  EXPECT_EQ(out.updates, 1);
  auto links = rows(res::price_list_warehouse());
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(text(res::price_list_warehouse(), links[0], "LocationId"), std::to_string(locations[1].id));
}

TEST_P(PriceListsTest, PriceRulesAreKeptByTargetWithTheListedMembers) {
  const int64_t acme = importtest::add_row(*store_, client_, app_, res::manufacturer(), R"({"Code":"ACME","Name":"Acme"})");
  const int64_t group = importtest::add_row(*store_, client_, app_, res::product_flag_group(),
                                            R"({"Code":"PROMO","Name":"Promotions"})");
  const int64_t sale = importtest::add_row(*store_, client_, app_, res::product_flag(),
                                           R"({"Code":"SALE","Name":"Sale","TypeId":1,"GroupId":)" + std::to_string(group) + "}");
  const std::string header =
      R"({"AccountId":1,"PriceListFieldsThatAreSet":["CurrencyCode","PriceRules","PriceRulesCleanup"],)"
      R"("PriceListPriceRuleFieldsThatAreSet":["Type","Value"]})";
  auto out = apply(import_price_lists(), header,
                   R"([{"Code":"RULED","CurrencyCode":"SEK","PriceRules":[)"
                   R"({"Type":1,"Value":10,"LimitToRecPrice":true,"MinValue":null,"MaxValue":null},)"
                   R"({"Type":3,"Value":25.5,"ManufacturerCode":"acme","Flags":["SALE"],"MinValue":100,"MaxValue":500}]}])");
  EXPECT_EQ(out.fail, 0) << (out.log.empty() ? "" : out.log[0].message);
  EXPECT_EQ(out.inserts, 3) << "the list and its two rules";
  const auto& r = res::price_list_price_rule();
  auto rules = rows(r);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(text(r, rules[0], "Type"), "1");
  EXPECT_EQ(text(r, rules[0], "Value"), "10");
  EXPECT_EQ(text(r, rules[0], "LimitToRecPrice"), "null") << "not listed";
  EXPECT_EQ(text(r, rules[0], "ManufacturerId"), "null");
  EXPECT_EQ(text(r, rules[1], "Type"), "3");
  EXPECT_EQ(text(r, rules[1], "Value"), "25.5");
  EXPECT_EQ(text(r, rules[1], "ManufacturerId"), std::to_string(acme));
  EXPECT_EQ(text(r, rules[1], "MinValue"), "100");
  EXPECT_EQ(rules[1].collections[0], (std::vector<std::vector<int64_t>>{{sale}}));

  // The same target (a band written 100.00) updates its rule; the cleanup removes the rule not sent.
  out = apply(import_price_lists(), header,
              R"([{"Code":"RULED","PriceRules":[{"Type":3,"Value":30,"ManufacturerCode":"ACME","Flags":["sale"],)"
              R"("MinValue":100.00,"MaxValue":500}]}])");
  EXPECT_EQ(out.fail, 0) << (out.log.empty() ? "" : out.log[0].message);
  EXPECT_EQ(out.inserts, 0);
  EXPECT_EQ(out.updates, 2) << "one rule changed, one removed";
  rules = rows(r);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(text(r, rules[0], "Value"), "30");

  // An unknown code, or a new rule without its Type, fails the item before anything of it is written.
  out = apply(import_price_lists(), header,
              R"([{"Code":"OTHER","CurrencyCode":"SEK","PriceRules":[{"Type":1,"CategoryCode":"NOPE"}]},)"
              R"({"Code":"THIRD","CurrencyCode":"SEK","PriceRules":[{"Value":5}]}])");
  EXPECT_EQ(out.fail, 2);
  ASSERT_EQ(out.log.size(), 2u);
  EXPECT_NE(out.log[0].message.find("PriceRules[0].CategoryCode: there is no category with code 'NOPE'"),
            std::string::npos) << out.log[0].message;
  EXPECT_NE(out.log[1].message.find("PriceRules[0].Type: a new price rule needs a Type"), std::string::npos)
      << out.log[1].message;
  EXPECT_EQ(rows(res::price_list()).size(), 1u) << "neither list was created";
}

TEST(PriceListHeader, WarehouseAndLocationListsGoTogether) {
  auto bad = parse_header(R"({"AccountId":1,"PriceListFieldsThatAreSet":[0],"WarehouseFieldsThatAreSet":[1]})",
                          price_list_header());
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.problem().errors.size(), 1u);
  EXPECT_EQ(bad.problem().errors[0].field, "X-StormConnect-Header.WarehouseLocationFieldsThatAreSet");
  bad = parse_header(R"({"AccountId":1,"WarehouseLocationFieldsThatAreSet":[1]})", price_list_header());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.problem().errors[0].field, "X-StormConnect-Header.WarehouseFieldsThatAreSet");
  // The docs' example: FullFile is no member of PriceListHeader and is ignored.
  auto good = parse_header(
      R"({"AccountId":1, "FullFile":false,"PriceListFieldsThatAreSet":[0,1,2,3,4,5,8,9,12,13,14,15,18,19,21,22],)"
      R"("WarehouseFieldsThatAreSet":[0,1,2],"WarehouseLocationFieldsThatAreSet":[0,1,2],"PriceListPriceRuleFieldsThatAreSet":[0,1,2]})",
      price_list_header());
  ASSERT_TRUE(good) << good.problem().errors[0].message;
  EXPECT_EQ(good->list("PriceListPriceRuleFieldsThatAreSet"), (std::vector<int>{0, 1, 2}));
  // The docs' spec block spells the rule list PriceListRuleFieldsThatAreSet: read as the same list.
  auto alias = parse_header(R"({"AccountId":1,"PriceListRuleFieldsThatAreSet":["Value"]})", price_list_header());
  ASSERT_TRUE(alias);
  EXPECT_EQ(alias->list("PriceListPriceRuleFieldsThatAreSet"), (std::vector<int>{1}));
}

INSTANTIATE_TEST_SUITE_P(Backends, PriceListsTest, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace norced::connect
