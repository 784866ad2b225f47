// The X-StormConnect-Header as real clients write it (connect/header.hpp): keys in any order and case,
// explicit nulls, empty lists, enum lists as integers or names; mistakes are 400s naming the member.
#include "connect/header.hpp"

#include <gtest/gtest.h>

namespace norced::connect {
namespace {

std::string field_of(const Problem& p) { return p.errors.empty() ? "" : p.errors.front().field; }

TEST(ConnectHeader, ReadsWhatTheDotNetContractSerialises) {
  auto h = parse_header(R"({"SkuOnhandFieldsThatAreSet":[3,4,5],"FullFile":false,"AccountId":1,"JobId":null,)"
                        R"("StorageName":null,"SerializationType":0,"SupplierId":null})",
                        sku_onhand_header());
  ASSERT_TRUE(h) << h.problem().detail;
  EXPECT_EQ(h->account_id, 1);
  EXPECT_FALSE(h->full_file);
  EXPECT_EQ(h->serialization_type, 0);
  EXPECT_FALSE(h->supplier_id);
  EXPECT_EQ(h->list("SkuOnhandFieldsThatAreSet"), (std::vector<int>{3, 4, 5}));
  EXPECT_TRUE(h->has("SkuOnhandFieldsThatAreSet", 4));
  EXPECT_FALSE(h->has("SkuOnhandFieldsThatAreSet", 10));
}

TEST(ConnectHeader, EnumListsTakeNamesInAnyCaseAndMembersAnyCase) {
  auto h = parse_header(R"({"accountid":7,"fullFile":true,"skuonhandfieldsthatareset":["OnhandValue","isactive",10,3]})",
                        sku_onhand_header());
  ASSERT_TRUE(h) << h.problem().detail;
  EXPECT_EQ(h->account_id, 7);
  EXPECT_TRUE(h->full_file);
  EXPECT_EQ(h->list("SkuOnhandFieldsThatAreSet"), (std::vector<int>{3, 10})) << "repeats dropped";
  auto quoted = parse_header(R"({"AccountId":"7","SkuOnhandFieldsThatAreSet":["3"]})", sku_onhand_header());
  ASSERT_TRUE(quoted) << "Newtonsoft reads an integer in a string";
  EXPECT_EQ(quoted->account_id, 7);
  EXPECT_EQ(quoted->list("SkuOnhandFieldsThatAreSet"), (std::vector<int>{3}));
  auto empty = parse_header(R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":[]})", sku_onhand_header());
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->list("SkuOnhandFieldsThatAreSet").empty());
  auto null = parse_header(R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":null,"SerializationType":"Json"})",
                           sku_onhand_header());
  ASSERT_TRUE(null);
  EXPECT_TRUE(null->list("SkuOnhandFieldsThatAreSet").empty());
}

TEST(ConnectHeader, MistakesNameTheMember) {
  const auto& spec = sku_onhand_header();
  const std::pair<std::string, std::string> cases[] = {
      {"", "X-StormConnect-Header"},
      {"{", "X-StormConnect-Header"},
      {"[1]", "X-StormConnect-Header"},
      {"{}", "X-StormConnect-Header.AccountId"},
      {R"({"AccountId":null})", "X-StormConnect-Header.AccountId"},
      {R"({"AccountId":"x"})", "X-StormConnect-Header.AccountId"},
      {R"({"AccountId":1.5})", "X-StormConnect-Header.AccountId"},
      {R"({"AccountId":1,"FullFile":"yes"})", "X-StormConnect-Header.FullFile"},
      {R"({"AccountId":1,"SerializationType":2})", "X-StormConnect-Header.SerializationType"},
      {R"({"AccountId":1,"SerializationType":1})", "X-StormConnect-Header.SerializationType"},
      {R"({"AccountId":1,"SupplierId":"x"})", "X-StormConnect-Header.SupplierId"},
      {R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":3})", "X-StormConnect-Header.SkuOnhandFieldsThatAreSet"},
      {R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":[2]})", "X-StormConnect-Header.SkuOnhandFieldsThatAreSet"},
      {R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":["Nope"]})", "X-StormConnect-Header.SkuOnhandFieldsThatAreSet"},
  };
  for (const auto& [text, field] : cases) {
    auto h = parse_header(text, spec);
    ASSERT_FALSE(h) << text;
    EXPECT_EQ(h.problem().status, 400) << text;
    EXPECT_EQ(field_of(h.problem()), field) << text;
  }
  auto xml = parse_header(R"({"AccountId":1,"SerializationType":1})", spec);
  EXPECT_NE(xml.problem().errors.front().message.find("XML"), std::string::npos);
}

TEST(ConnectHeader, TheSpecsCheckStatesDependencies) {
  HeaderSpec spec = sku_onhand_header();
  spec.check = [](const ConnectHeader& h) -> Status {
    if (h.full_file && h.list("SkuOnhandFieldsThatAreSet").empty())
      return Problem::validation("X-StormConnect-Header.SkuOnhandFieldsThatAreSet", "needed with FullFile");
    return ok_status();
  };
  EXPECT_TRUE(parse_header(R"({"AccountId":1,"FullFile":false})", spec));
  auto h = parse_header(R"({"AccountId":1,"FullFile":true})", spec);
  ASSERT_FALSE(h);
  EXPECT_EQ(field_of(h.problem()), "X-StormConnect-Header.SkuOnhandFieldsThatAreSet");
}

}  // namespace
}  // namespace norced::connect
