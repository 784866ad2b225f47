// $filter to registry::Expr: the shape each construct compiles to, literal typing by property, and the errors
// (code and target) for what is not served or not well formed.
#include "query/filter.hpp"

#include <gtest/gtest.h>

#include "management/resources/resources.hpp"

using namespace norced;
using registry::Expr;
using Op = registry::Expr::Op;

namespace {

const query::EntitySet& skus() {
  static const query::Model m(management::resources::catalog());
  return *m.find("Products")->find("ProductSkus");
}

Expr ok(std::string_view filter) {
  auto e = query::parse_filter(filter, skus());
  EXPECT_TRUE(e.ok()) << filter << ": " << (e.ok() ? "" : e.problem().detail);
  return e.ok() ? *e : Expr{};
}

// The code and target of the error the filter gives.
std::pair<std::string, std::string> error(std::string_view filter, int max_depth = 32) {
  auto e = query::parse_filter(filter, skus(), max_depth);
  EXPECT_FALSE(e.ok()) << filter;
  if (e.ok()) return {};
  std::string code, target;
  for (const auto& [k, v] : e.problem().members) (k == "code" ? code : target) = v;
  EXPECT_EQ(e.problem().status, 400);
  return {code, target};
}

}  // namespace

TEST(QueryFilter, ComparisonsTakeTheirPropertysType) {
  Expr e = ok("Status eq 1");
  EXPECT_EQ(e.op, Op::Eq);
  EXPECT_EQ(e.fields.at(0), "Status");
  EXPECT_EQ(std::get<int64_t>(e.value), 1);
  e = ok("ActualWeight ge 2.50");
  EXPECT_EQ(std::get<Decimal>(e.value).to_string(), "2.50");
  EXPECT_EQ(std::get<Decimal>(ok("ActualWeight lt 3").value).to_string(), "3") << "an integer is a decimal too";
  e = ok("StartDate gt 2024-05-01T10:00:00Z");
  EXPECT_EQ(e.op, Op::Gt);
  EXPECT_EQ(std::get<registry::Instant>(e.value).micros, *timeutil::parse_iso8601("2024-05-01T10:00:00Z"));
  EXPECT_EQ(ok("StartDate lt datetime'2024-05-01'").op, Op::Lt) << "the older quoted form";
  EXPECT_EQ(std::get<std::string>(ok("PartNo eq 'it''s'").value), "it's");
  EXPECT_EQ(ok("IsBuyable").op, Op::Eq) << "a Boolean property alone";
  EXPECT_EQ(ok("IsBuyable eq false").value, registry::Cell{false});
  e = ok("5 lt Status");
  EXPECT_EQ(e.op, Op::Gt) << "a literal first turns the comparison around";
  EXPECT_EQ(ok("EanCode eq null").op, Op::IsNull);
  EXPECT_EQ(ok("EanCode ne null").op, Op::NotNull);
  EXPECT_EQ(ok("Status ne 5").op, Op::Ne);
}

TEST(QueryFilter, LogicAndFunctionsNestAsWritten) {
  Expr e = ok("Status eq 1 and (PartNo eq 'a' or not contains(tolower(PartNo), 'x')) or IsBuyable");
  ASSERT_EQ(e.op, Op::Or);
  ASSERT_EQ(e.args.size(), 2u);
  ASSERT_EQ(e.args[0].op, Op::And);
  const Expr& inner = e.args[0].args.at(1);
  ASSERT_EQ(inner.op, Op::Or);
  ASSERT_EQ(inner.args.at(1).op, Op::Not);
  const Expr& contains = inner.args[1].args.at(0);
  EXPECT_EQ(contains.op, Op::Contains);
  EXPECT_TRUE(contains.fold_field);
  EXPECT_EQ(ok("startswith(PartNo,'A')").op, Op::StartsWith);
  EXPECT_EQ(ok("endswith(PartNo,'A') eq true").op, Op::EndsWith);
  EXPECT_EQ(ok("endswith(PartNo,'A') eq false").op, Op::Not);
  EXPECT_TRUE(ok("tolower(PartNo) eq 'a'").fold_field);
}

TEST(QueryFilter, MistakesNameWhatIsWrong) {
  EXPECT_EQ(error("Nope eq 1"), (std::pair<std::string, std::string>{"UnknownProperty", "Nope"}));
  EXPECT_EQ(error("Status eq 'x'"), (std::pair<std::string, std::string>{"InvalidFilter", "Status"}));
  EXPECT_EQ(error("PartNo eq 5"), (std::pair<std::string, std::string>{"InvalidFilter", "PartNo"}));
  EXPECT_EQ(error("Status gt null").first, "InvalidFilter");
  EXPECT_EQ(error("length(PartNo) eq 1"), (std::pair<std::string, std::string>{"UnsupportedFunction", "length"}));
  EXPECT_EQ(error("toupper(PartNo) eq 'A'"), (std::pair<std::string, std::string>{"UnsupportedFunction", "toupper"}));
  EXPECT_EQ(error("Status has 1").first, "UnsupportedOperator");
  EXPECT_EQ(error("Status eq ProductId").first, "UnsupportedOperator");
  EXPECT_EQ(error("contains(Status,'1')").first, "InvalidFilter");
  EXPECT_EQ(error("ErpName eq 'x'"), (std::pair<std::string, std::string>{"NotSupported", "ErpName"})) << "a culture text";
  EXPECT_EQ(error("").first, "InvalidFilter");
  EXPECT_EQ(error("Status eq 1)").first, "InvalidFilter");
  EXPECT_EQ(error("(Status eq 1").first, "InvalidFilter");
  EXPECT_EQ(error("PartNo eq 'open").first, "InvalidFilter");
  EXPECT_EQ(error("Status eq 1 and").first, "InvalidFilter");
  EXPECT_EQ(error("Status eq 1 # 2").first, "InvalidFilter");
  EXPECT_EQ(error("StartDate gt 2024-13-45").first, "InvalidFilter");
}

TEST(QueryFilter, DepthIsBounded) {
  EXPECT_TRUE(query::parse_filter("((Status eq 1))", skus(), 3).ok());
  EXPECT_EQ(error("(((Status eq 1)))", 3).first, "InvalidFilter");
  EXPECT_EQ(error("not not not not Status eq 1", 3).first, "InvalidFilter");
  std::string deep(100000, '(');
  EXPECT_EQ(error(deep).first, "InvalidFilter") << "no stack exhaustion";
}
