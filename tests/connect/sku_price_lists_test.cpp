// Product/ImportSkuPriceLists (connect/imports/sku_price_lists.cpp) on every backend: only the listed members
// are written, a price that is null or 0 never overwrites one, a row lacking a member of
// IgnoreSkuPriceListFieldsWhenEmpty is skipped with a warning, unknown SKUs and price lists fail their item and
// create nothing, QuantityBreak 0 means 1, a chunk applied twice writes nothing the second time, and a full feed
// deactivates the prices it leaves out on the price lists it names.
#include <gtest/gtest.h>

#include "connect/imports/stock_imports.hpp"
#include "import_fixture.hpp"

namespace norced::connect {
namespace {

namespace res = management::resources;
using importtest::ImportFixture;

const std::string kHeader = R"({"AccountId":1,"SkuPriceListFieldsThatAreSet":["PriceSale",6,"IsActive"]})";

class SkuPriceListsTest : public ImportFixture {
 protected:
  std::string price(const registry::Entity& e, std::string_view field) { return text(res::sku_price_list(), e, field); }
};

TEST_P(SkuPriceListsTest, WritesOnlyTheListedMembersAndQuantityBreakZeroMeansOne) {
  const int64_t sku = add_sku("A-1");
  const int64_t list = add_price_list("RETAIL");
  auto out = apply(import_sku_price_lists(), kHeader,
                   R"([{"PartNo":"A-1","PriceListCode":"retail","QuantityBreak":0,"PriceSale":100,)"
                   R"("PriceRecommended":120.50,"CostPurchase":60,"IsPriceDiscountable":false}])");
  EXPECT_EQ(out.inserts, 1);
  EXPECT_EQ(out.fail, 0);
  auto prices = rows(res::sku_price_list());
  ASSERT_EQ(prices.size(), 1u);
  EXPECT_EQ(price(prices[0], "SkuId"), std::to_string(sku));
  EXPECT_EQ(price(prices[0], "PriceListId"), std::to_string(list));
  EXPECT_EQ(price(prices[0], "QuantityBreak"), "1");
  EXPECT_EQ(price(prices[0], "PriceSale"), "100");
  EXPECT_EQ(price(prices[0], "PriceRecommended"), "120.50");
  EXPECT_EQ(price(prices[0], "CostPurchase"), "null") << "not listed";
  EXPECT_EQ(price(prices[0], "IsPriceDiscountable"), "true") << "not listed: the default";
  // A missing QuantityBreak is the same row.
  out = apply(import_sku_price_lists(), kHeader, R"([{"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":90}])");
  EXPECT_EQ(out.inserts, 0);
  EXPECT_EQ(out.updates, 1);
  EXPECT_EQ(price(rows(res::sku_price_list())[0], "PriceSale"), "90");
}

TEST_P(SkuPriceListsTest, NullOrZeroPricesNeverOverwrite) {
  add_sku("A-1");
  add_price_list("RETAIL");
  apply(import_sku_price_lists(), kHeader,
        R"([{"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":100,"PriceRecommended":120}])");
  const int64_t before = last_change();
  auto out = apply(import_sku_price_lists(), kHeader,
                   R"([{"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":0,"PriceRecommended":null}])");
  EXPECT_EQ(out.updates, 0);
  EXPECT_EQ(last_change(), before);
  auto prices = rows(res::sku_price_list());
  EXPECT_EQ(price(prices[0], "PriceSale"), "100");
  EXPECT_EQ(price(prices[0], "PriceRecommended"), "120");
}

TEST_P(SkuPriceListsTest, UnknownSkusAndPriceListsFailTheirItemAndCreateNothing) {
  add_sku("A-1");
  add_price_list("RETAIL");
  auto out = apply(import_sku_price_lists(), kHeader,
                   R"([{"PartNo":"NOPE","PriceListCode":"RETAIL","PriceSale":1},)"
                   R"({"PartNo":"A-1","PriceListCode":"NOLIST","PriceSale":1},)"
                   R"({"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":1}])");
  EXPECT_EQ(out.fail, 2);
  EXPECT_EQ(out.inserts, 1);
  ASSERT_EQ(out.log.size(), 2u);
  EXPECT_NE(out.log[0].message.find("'NOPE'"), std::string::npos) << out.log[0].message;
  EXPECT_NE(out.log[1].message.find("'NOLIST'"), std::string::npos) << out.log[1].message;
  EXPECT_EQ(rows(res::price_list()).size(), 1u);
  EXPECT_EQ(rows(res::sku_price_list()).size(), 1u);
}

TEST_P(SkuPriceListsTest, ARowLackingAMemberOfIgnoreWhenEmptyIsSkippedWithAWarning) {
  add_sku("A-1");
  add_sku("A-2");
  add_price_list("RETAIL");
  const std::string header =
      R"({"AccountId":1,"SkuPriceListFieldsThatAreSet":[3,6],"IgnoreSkuPriceListFieldsWhenEmpty":["PriceRecommended"]})";
  auto out = apply(import_sku_price_lists(), header,
                   R"([{"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":10},)"
                   R"({"PartNo":"A-2","PriceListCode":"RETAIL","PriceSale":10,"PriceRecommended":12}])");
  EXPECT_EQ(out.inserts, 1);
  EXPECT_EQ(out.fail, 0) << "a skipped row is a warning";
  ASSERT_EQ(out.log.size(), 1u);
  EXPECT_EQ(out.log[0].severity, store::JobSeverity::Warning);
  EXPECT_NE(out.log[0].message.find("PriceRecommended"), std::string::npos) << out.log[0].message;
  EXPECT_NE(out.log[0].message.find("A-1"), std::string::npos) << out.log[0].message;
}

TEST_P(SkuPriceListsTest, TheSameChunkTwiceWritesNothingTheSecondTime) {
  add_sku("A-1");
  add_price_list("RETAIL");
  const std::string chunk = R"([{"PartNo":"A-1","PriceListCode":"RETAIL","QuantityBreak":5,"PriceSale":10.5,"IsActive":true}])";
  EXPECT_EQ(apply(import_sku_price_lists(), kHeader, chunk).inserts, 1);
  const int64_t before = last_change();
  auto again = apply(import_sku_price_lists(), kHeader, chunk);
  EXPECT_EQ(again.inserts, 0);
  EXPECT_EQ(again.updates, 0);
  EXPECT_EQ(last_change(), before);
}

TEST_P(SkuPriceListsTest, AFullFeedDeactivatesThePricesItLeavesOutOnThePriceListsItNames) {
  add_sku("A-1");
  add_sku("A-2");
  add_price_list("RETAIL");
  add_price_list("B2B");
  apply(import_sku_price_lists(), kHeader,
        R"([{"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":1},{"PartNo":"A-2","PriceListCode":"RETAIL","PriceSale":2},)"
        R"({"PartNo":"A-1","PriceListCode":"RETAIL","QuantityBreak":10,"PriceSale":3},)"
        R"({"PartNo":"A-1","PriceListCode":"B2B","PriceSale":4}])");
  const std::string header = R"({"AccountId":1,"FullFile":true,"SkuPriceListFieldsThatAreSet":[3]})";
  const std::vector<std::string> feed = {R"([{"PartNo":"A-1","PriceListCode":"RETAIL","PriceSale":1}])"};
  ChunkOutcome counted;
  auto scope = full_file(import_sku_price_lists(), header, feed, false, counted);
  EXPECT_EQ(scope.deactivate, 2) << "A-2 and A-1 from 10 on RETAIL; B2B is not in the feed";
  EXPECT_EQ(scope.active, 3);
  EXPECT_EQ(counted.updates, 0);
  ChunkOutcome applied;
  scope = full_file(import_sku_price_lists(), header, feed, true, applied);
  EXPECT_EQ(applied.updates, 2);
  std::map<std::string, std::string> active;
  for (const auto& e : rows(res::sku_price_list())) active[price(e, "PriceSale")] = price(e, "IsActive");
  EXPECT_EQ(active, (std::map<std::string, std::string>{{"1", "true"}, {"2", "false"}, {"3", "false"}, {"4", "true"}}));
}

TEST(SkuPriceListHeader, EveryIgnoredMemberMustBeSet) {
  auto bad = parse_header(R"({"AccountId":1,"SkuPriceListFieldsThatAreSet":[3],"IgnoreSkuPriceListFieldsWhenEmpty":[3,6]})",
                          sku_price_list_header());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.problem().status, 400);
  ASSERT_EQ(bad.problem().errors.size(), 1u);
  EXPECT_EQ(bad.problem().errors[0].field, "X-StormConnect-Header.IgnoreSkuPriceListFieldsWhenEmpty");
  EXPECT_NE(bad.problem().errors[0].message.find("PriceRecommended"), std::string::npos);
  auto good = parse_header(
      R"({"AccountId":1,"FullFile":true,"SkuPriceListFieldsThatAreSet":[3,"PriceRecommended"],"IgnoreSkuPriceListFieldsWhenEmpty":[6]})",
      sku_price_list_header());
  ASSERT_TRUE(good);
  EXPECT_TRUE(good->full_file);
  auto unknown = parse_header(R"({"AccountId":1,"SkuPriceListFieldsThatAreSet":[2]})", sku_price_list_header());
  ASSERT_FALSE(unknown) << "SkuPriceListField starts at 3";
}

INSTANTIATE_TEST_SUITE_P(Backends, SkuPriceListsTest, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace norced::connect
