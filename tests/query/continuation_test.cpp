// $skiptoken: what it holds round-trips for every key type, a token that does not fit is refused, and the
// "after" condition is the lexicographic successor with nulls first.
#include "query/continuation.hpp"

#include <gtest/gtest.h>

#include "management/resources/resources.hpp"

using namespace norced;
using registry::Cell;
using registry::Expr;
using registry::OrderKey;

TEST(QueryContinuation, Base64UrlRoundTrips) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "[1,\"x\",null]", std::string("\0\xff\x10", 3)}) {
    auto back = query::base64url_decode(query::base64url_encode(s));
    ASSERT_TRUE(back) << s;
    EXPECT_EQ(*back, s);
  }
  EXPECT_FALSE(query::base64url_decode("a+b"));
}

TEST(QueryContinuation, TokensRoundTripAndMustFitTheOrder) {
  const auto& r = management::resources::sku_price_list();
  const auto keys = query::total_order(r, {{"PriceSale", true}, {"Changed"}, {"IsActive"}, {"ChangedBy"}});
  ASSERT_EQ(keys.size(), 5u);
  EXPECT_EQ(keys.back().field, registry::kRowId);
  registry::Entity e;
  e.id = 42;
  e.cells.resize(r.fields.size());
  e.cells[r.field_index("PriceSale")] = *Decimal::parse("19.90");
  e.cells[r.field_index("IsActive")] = true;
  e.cells[r.field_index("ChangedBy")] = std::string("Ann \"A\"");
  const std::string token = query::encode_skiptoken(r, keys, e);
  auto values = query::decode_skiptoken(token, r, keys);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(std::get<Decimal>((*values)[0]).to_string(), "19.90");
  EXPECT_TRUE(registry::is_null((*values)[1]));
  EXPECT_EQ((*values)[2], Cell{true});
  EXPECT_EQ((*values)[3], Cell{std::string("Ann \"A\"")});
  EXPECT_EQ((*values)[4], Cell{int64_t{42}});
  EXPECT_FALSE(query::decode_skiptoken(token, r, query::total_order(r, {})).ok()) << "another order";
  EXPECT_FALSE(query::decode_skiptoken("not*base64", r, keys).ok());
  EXPECT_FALSE(query::decode_skiptoken(query::base64url_encode("[1,2"), r, keys).ok());
  EXPECT_EQ(query::total_order(r, {{"Id", true}}).size(), 1u) << "the Id member is the row id";
  const auto by_changed = query::total_order(r, {{"Changed"}});
  EXPECT_TRUE(query::decode_skiptoken(query::base64url_encode("[0,1]"), r, by_changed).ok());
  EXPECT_FALSE(query::decode_skiptoken(query::base64url_encode("[9000000000000000000,1]"), r, by_changed).ok())
      << "an instant beyond year 9999";
}

TEST(QueryContinuation, AfterIsTheNextRowInTheTotalOrder) {
  const auto& r = management::resources::sku();
  const std::vector<OrderKey> keys = {{"EanCode", true}, {"Status"}, {registry::kRowId}};
  Expr e = query::after(r, keys, {Cell{}, Cell{int64_t{3}}, Cell{int64_t{7}}});
  ASSERT_EQ(e.op, Expr::Op::Or);
  ASSERT_EQ(e.args.size(), 3u);
  // EanCode descending after null: nothing (null is last); then EanCode null and Status > 3; then both equal, id > 7.
  EXPECT_EQ(e.args[0].args.at(0).op, Expr::Op::Or);
  EXPECT_TRUE(e.args[0].args[0].args.empty());
  EXPECT_EQ(e.args[1].args.at(0).op, Expr::Op::IsNull);
  EXPECT_EQ(e.args[1].args.at(1).op, Expr::Op::Gt);
  EXPECT_EQ(e.args[2].args.at(2).fields.at(0), registry::kRowId);
}
