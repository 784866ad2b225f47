// The items of an import body (connect/items.hpp): both forms real clients send, exact item texts, and a 400
// naming the item for anything else.
#include "connect/items.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace norced::connect {
namespace {

Result<std::vector<std::string>> items_of(std::string_view body) {
  std::vector<std::string> out;
  auto scanned = scan_items(body, [&](std::string_view raw, json::Value&) { out.emplace_back(raw); });
  if (!scanned) return scanned.problem();
  return out;
}

std::string field_of(std::string_view body) {
  auto r = items_of(body);
  if (r) return "(accepted)";
  EXPECT_EQ(r.problem().status, 400);
  return r.problem().errors.empty() ? r.problem().detail : r.problem().errors.front().field;
}

TEST(ImportItems, AJsonArrayAndBackToBackObjectsGiveTheSameItems) {
  const std::vector<std::string> expected = {R"({"PartNo":"A","Infos":[{"Code":"x"}]})", R"({"PartNo":"B}{"})"};
  EXPECT_EQ(*items_of(R"([{"PartNo":"A","Infos":[{"Code":"x"}]}, {"PartNo":"B}{"}])"), expected);
  EXPECT_EQ(*items_of(" [\n" + expected[0] + ",\n" + expected[1] + "\n] \n"), expected);
  // The .NET EnumeratorStream: no brackets, no commas, optionally with white space between.
  EXPECT_EQ(*items_of(expected[0] + expected[1]), expected);
  EXPECT_EQ(*items_of("\xEF\xBB\xBF" + expected[0] + "\r\n" + expected[1]), expected) << "a byte order mark";
}

TEST(ImportItems, NothingIsZeroItems) {
  EXPECT_TRUE(items_of("")->empty());
  EXPECT_TRUE(items_of("  \n")->empty());
  EXPECT_TRUE(items_of("[]")->empty());
  EXPECT_TRUE(items_of(" [ ] ")->empty());
}

TEST(ImportItems, AnythingElseIsA400NamingTheItem) {
  EXPECT_EQ(field_of(R"([{"a":1}, 2])"), "items[1]") << "not an object";
  EXPECT_EQ(field_of(R"({"a":1} "text")"), "items[1]");
  EXPECT_EQ(field_of(R"([{"a":1}, {"a":tru}])"), "items[1]") << "malformed";
  EXPECT_EQ(field_of(R"({"a":1} {"b":)"), "items[1]") << "cut off";
  EXPECT_EQ(field_of(R"([{"a":1} {"b":2}])"), "items") << "a missing comma in an array";
  EXPECT_EQ(field_of(R"([{"a":1},])"), "items[1]") << "a trailing comma";
  EXPECT_EQ(field_of(R"([{"a":1})"), "items") << "an array not closed";
  EXPECT_EQ(field_of(R"([{"a":1}] x)"), "items") << "content after the array";
  EXPECT_EQ(field_of("<ArrayOfSkuOnhand/>"), "items[0]") << "XML";
}

TEST(ImportItems, CheckingWithoutAParseTreeFindsTheSameItemsAndTheSameMistakes) {
  // check_items (the accept path) validates each item without building its tree: same texts, same 400s.
  auto checked = [](std::string_view body) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    auto scanned = check_items(body, [&](std::string_view raw) { out.emplace_back(raw); });
    if (!scanned) return scanned.problem();
    return out;
  };
  std::string deep = R"({"a":)" + std::string(100, '[') + std::string(100, ']') + "}";
  for (std::string body : {std::string(R"([{"PartNo":"A","Infos":[{"Code":"x","N":1.5e3,"T":true}]}, {"PartNo":"B}{"}])"),
                           std::string(R"({"a":"\u00e5"} {"b":null})"), std::string("[]"), std::string(R"([{"a":1}, 2])"),
                           std::string(R"([{"a":1}, {"a":tru}])"), std::string(R"([{"a":01}])"),
                           std::string(R"([{"a":"\x"}])"), std::string(R"({"a":1} {"b":)"), std::string(R"([{"a":1},])"),
                           deep}) {
    SCOPED_TRACE(body);
    auto full = items_of(body);
    auto light = checked(body);
    ASSERT_EQ(bool(full), bool(light));
    if (full) {
      EXPECT_EQ(*full, *light);
    } else {
      EXPECT_EQ(light.problem().status, 400);
      EXPECT_EQ(light.problem().errors.front().field, full.problem().errors.front().field);
      EXPECT_EQ(light.problem().errors.front().message, full.problem().errors.front().message);
    }
  }
}

TEST(ImportItems, AnItemNestedTooDeeplyIsRefused) {
  std::string deep = R"({"a":)";
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  deep += "}";
  EXPECT_EQ(field_of(deep), "items[0]");
}

}  // namespace
}  // namespace norced::connect
