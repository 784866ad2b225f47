#include "management/convert.hpp"

#include <gtest/gtest.h>

using namespace norced;
using management::CellSpec;
using management::to_cell;
using registry::Cell;
using registry::Type;

namespace {

json::Value parse(const std::string& s) { return *json::parse(s); }

Cell ok(const std::string& json, CellSpec spec) {
  auto r = to_cell(parse(json), spec);
  EXPECT_TRUE(std::holds_alternative<Cell>(r)) << json << ": " << std::get_if<std::string>(&r)[0];
  return std::holds_alternative<Cell>(r) ? std::get<Cell>(r) : Cell{};
}

std::string error(const std::string& json, CellSpec spec) {
  auto r = to_cell(parse(json), spec);
  EXPECT_TRUE(std::holds_alternative<std::string>(r)) << json;
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

}  // namespace

TEST(Convert, Integers) {
  EXPECT_EQ(std::get<int64_t>(ok("42", {Type::Int})), 42);
  EXPECT_EQ(std::get<int64_t>(ok("-2147483648", {Type::Int})), INT32_MIN);
  EXPECT_EQ(std::get<int64_t>(ok("3.0", {Type::Int})), 3);
  EXPECT_NE(error("2147483648", {Type::Int}).find("32-bit"), std::string::npos);
  EXPECT_NE(error("1.5", {Type::Int}).find("integer"), std::string::npos);
  EXPECT_NE(error("\"5\"", {Type::Int}).find("got string"), std::string::npos);
  EXPECT_NE(error("true", {Type::Int}).find("got boolean"), std::string::npos);
  EXPECT_NE(error("1e400", {Type::Int}).find("32-bit"), std::string::npos);
  std::vector<int64_t> allowed{1, 2, 3};
  EXPECT_NE(error("7", {Type::Int, true, 0, &allowed}).find("allowed values: 1, 2, 3"), std::string::npos);
}

// A string enum (ParametricModel.Type): matched ignoring ASCII case, kept in the listed spelling.
TEST(Convert, AllowedStrings) {
  std::vector<std::string_view> allowed{"text", "list", "multiple"};
  const CellSpec spec{Type::String, false, 0, nullptr, &allowed};
  EXPECT_EQ(std::get<std::string>(ok("\"list\"", spec)), "list");
  EXPECT_EQ(std::get<std::string>(ok("\"MultiPle\"", spec)), "multiple");
  EXPECT_NE(error("\"number\"", spec).find("allowed values: text, list, multiple"), std::string::npos);
  EXPECT_NE(error("\"\"", spec).find("allowed values"), std::string::npos);
  EXPECT_NE(error("null", spec).find("required"), std::string::npos);
  EXPECT_NE(error("3", spec).find("got number"), std::string::npos);
}

TEST(Convert, NullsFollowNullability) {
  EXPECT_TRUE(registry::is_null(ok("null", {Type::Int, true})));
  EXPECT_NE(error("null", {Type::Int, false}).find("required"), std::string::npos);
}

TEST(Convert, StringsCountCharactersNotBytes) {
  EXPECT_EQ(std::get<std::string>(ok("\"Kläder\"", {Type::String, true, 6})), "Kläder");
  EXPECT_NE(error("\"Klädera\"", {Type::String, true, 6}).find("maximum of 6"), std::string::npos);
  EXPECT_NE(error("12", {Type::String}).find("got number"), std::string::npos);
  EXPECT_NE(error(R"("nul\u0000here")", {Type::String}).find("U+0000"), std::string::npos)
      << "PostgreSQL cannot store it; refused on every engine";
  EXPECT_EQ(std::get<std::string>(ok(R"("tab\tand\u0001")", {Type::String})), "tab\tand\x01");
}

TEST(Convert, DecimalsStayExact) {
  EXPECT_EQ(std::get<Decimal>(ok("12.345678901234567890", {Type::Decimal})).to_string(), "12.345678901234567890");
  EXPECT_EQ(std::get<Decimal>(ok("0.1", {Type::Decimal})).to_string(), "0.1");
  EXPECT_NE(error("\"0.1\"", {Type::Decimal}).find("got string"), std::string::npos);
}

TEST(Convert, DatesGuidsAndBooleans) {
  auto t = std::get<registry::Instant>(ok("\"2026-11-27T01:00:00+01:00\"", {Type::DateTime}));
  EXPECT_EQ(timeutil::format_iso8601(t.micros), "2026-11-27T00:00:00Z");
  EXPECT_NE(error("\"2026-02-30\"", {Type::DateTime}).find("ISO 8601"), std::string::npos);
  EXPECT_EQ(std::get<std::string>(ok("\"{6F9619FF-8B86-D011-B42D-00C04FC964FF}\"", {Type::Guid})),
            "6f9619ff-8b86-d011-b42d-00c04fc964ff");
  EXPECT_NE(error("\"not-a-guid\"", {Type::Guid}).find("GUID"), std::string::npos);
  EXPECT_EQ(std::get<bool>(ok("false", {Type::Bool})), false);
  EXPECT_NE(error("0", {Type::Bool}).find("true or false"), std::string::npos);
}

TEST(Convert, Utf8Length) {
  EXPECT_EQ(management::utf8_length("abc"), 3u);
  EXPECT_EQ(management::utf8_length("åäö"), 3u);
  EXPECT_EQ(management::utf8_length("€"), 1u);
}
