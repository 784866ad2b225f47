// Configuration files in JSON and YAML (app/config_file.hpp): which format a file is, YAML's untyped scalars
// typed by the member they are given to, the line of every item and member for messages, merge keys, the
// refusals (malformed YAML, several documents, aliases that expand without bound), and YAML written by export
// reading back as the same document.
#include "app/config_file.hpp"

#include <gtest/gtest.h>

#include "json/pretty.hpp"

using namespace norced;
using app::ConfigFormat;

namespace {

json::Value yaml(const std::string& text) {
  auto doc = app::parse_yaml(text, "f.yaml");
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.problem().detail);
  return doc.ok() ? doc->document : json::Value();
}

const json::Value& item(const json::Value& doc, const char* group, size_t i = 0) {
  return doc.find(group)->items().at(i);
}

std::string refusal(const std::string& text) {
  auto doc = app::parse_yaml(text, "f.yaml");
  EXPECT_FALSE(doc.ok());
  return doc.ok() ? "" : doc.problem().detail;
}

TEST(ConfigFile, TheFormatComesFromTheNameElseFromTheContent) {
  EXPECT_EQ(app::format_of("a/config.json", "Category: []"), ConfigFormat::Json);
  EXPECT_EQ(app::format_of("config.yaml", "{}"), ConfigFormat::Yaml);
  EXPECT_EQ(app::format_of("CONFIG.YML", "{}"), ConfigFormat::Yaml);
  EXPECT_EQ(app::format_of("config", "  \n{\"Category\": []}"), ConfigFormat::Json);
  EXPECT_EQ(app::format_of("config.txt", "Category: []"), ConfigFormat::Yaml);
  EXPECT_EQ(app::format_of("dir.json/config", "Category:\n  - Code: A\n"), ConfigFormat::Yaml);
  EXPECT_EQ(app::format_of_name("x.yml"), ConfigFormat::Yaml);
  EXPECT_EQ(app::format_of_name("x"), std::nullopt);
  EXPECT_EQ(app::parse_config_format("yaml"), ConfigFormat::Yaml);
  EXPECT_EQ(app::parse_config_format("xml"), std::nullopt);
}

// Editors on Windows may save a UTF-8 byte order mark in front of the document.
TEST(ConfigFile, ALeadingByteOrderMarkIsIgnored) {
  const std::string text = "\xEF\xBB\xBF{\"Category\": [{\"Code\": \"A\"}]}";
  EXPECT_EQ(app::format_of("config", text), ConfigFormat::Json);
  auto doc = app::parse_config(text, ConfigFormat::Json, "config.json");
  ASSERT_TRUE(doc.ok()) << doc.problem().detail;
  EXPECT_EQ(item(doc->document, "Category").find("Code")->as_string(), "A");
}

// YAML's plain scalars have no type of their own; the member they are given to decides, so a Code of 0012 or
// a Name of "no" stay text (YAML 1.1 would make them 12 and false), while numbers and flags stay numbers and
// flags. A reference by Code or by id takes either.
TEST(ConfigFile, YamlScalarsTakeTheTypeOfTheirMember) {
  json::Value doc = yaml(R"(
Category:
  - Code: 0012
    Name: no
    SortOrder: 5
    IsActive: true
    ParentId: CLOTHING
    Synonyms: 1e3
    Cultures:
      - CultureCode: sv-SE
        Name: yes
        IsNameInherited: false
    VatCodes:
      - SalesAreaId: 1
        VatCodeId: 2
  - Code: "12"
    ParentId: 7
    Name: ~
    SortOrder: 1_000
    IsActive: yes
PriceList:
  - Code: P
    DefaultSupplementChargePercentage: 12.50
    ParentPriceListId: '7'
)");
  const json::Value& a = item(doc, "Category", 0);
  EXPECT_EQ(a.find("Code")->as_string(), "0012");
  EXPECT_EQ(a.find("Name")->kind(), json::Kind::String);
  EXPECT_EQ(a.find("Name")->as_string(), "no");
  EXPECT_EQ(a.find("SortOrder")->number_text(), "5");
  EXPECT_EQ(a.find("IsActive")->kind(), json::Kind::Bool);
  EXPECT_EQ(a.find("ParentId")->as_string(), "CLOTHING");
  EXPECT_EQ(a.find("Synonyms")->as_string(), "1e3");
  const json::Value& culture = a.find("Cultures")->items().at(0);
  EXPECT_EQ(culture.find("Name")->as_string(), "yes");
  EXPECT_EQ(culture.find("IsNameInherited")->kind(), json::Kind::Bool);
  EXPECT_EQ(a.find("VatCodes")->items().at(0).find("VatCodeId")->number_text(), "2");

  const json::Value& b = item(doc, "Category", 1);
  EXPECT_EQ(b.find("Code")->as_string(), "12");
  EXPECT_EQ(b.find("ParentId")->kind(), json::Kind::Number) << "a plain number in a reference is an id";
  EXPECT_TRUE(b.find("Name")->is_null());
  // Not a number or a flag by JSON's rules: text, which the member's own check then refuses by name.
  EXPECT_EQ(b.find("SortOrder")->kind(), json::Kind::String);
  EXPECT_EQ(b.find("IsActive")->kind(), json::Kind::String);

  const json::Value& p = item(doc, "PriceList");
  EXPECT_EQ(p.find("DefaultSupplementChargePercentage")->number_text(), "12.50") << "decimals stay exact";
  EXPECT_EQ(p.find("ParentPriceListId")->kind(), json::Kind::String) << "a quoted reference is a Code";
}

TEST(ConfigFile, YamlKnowsTheLineOfEveryGroupItemAndMember) {
  auto doc = app::parse_yaml("Category:\n"
                             "  - Code: A\n"
                             "    Name: A\n"
                             "  - Code: B\n"
                             "    Cultures:\n"
                             "      - CultureCode: sv-SE\n"
                             "        Name: B\n",
                             "f.yaml");
  ASSERT_TRUE(doc.ok()) << doc.problem().detail;
  const auto& lines = doc->lines;
  EXPECT_EQ(lines.line_of("Category"), 1);
  EXPECT_EQ(lines.line_of("Category[0]"), 2);
  EXPECT_EQ(lines.line_of("Category[0].Name"), 3);
  EXPECT_EQ(lines.line_of("Category[1].Cultures[0].Name"), 7);
  EXPECT_EQ(lines.line_of("category[1].cultures[0].name"), 7) << "letter case ignored, as members are";
  EXPECT_EQ(lines.line_of("Category[1].ParentId"), 4) << "a member the file does not give: its item";
  EXPECT_EQ(lines.line_of("PriceList[0]"), 0);
}

TEST(ConfigFile, MergeKeysCopyTheMembersAMapDoesNotGive) {
  json::Value doc = yaml(R"(
Category:
  - &defaults
    Code: FIRST
    IsActive: false
    SortOrder: 3
  - <<: *defaults
    Code: SECOND
    sortorder: 4
)");
  const json::Value& second = item(doc, "Category", 1);
  EXPECT_EQ(second.find("Code")->as_string(), "SECOND");
  EXPECT_EQ(second.find("SortOrder")->number_text(), "4");
  EXPECT_EQ(second.find("IsActive")->kind(), json::Kind::Bool);
  EXPECT_EQ(second.members().size(), 3u);
}

TEST(ConfigFile, MalformedYamlIsRefusedNamingWhere) {
  EXPECT_EQ(refusal("Category:\n  - Code: [A\n  - Code: B\n").rfind("f.yaml:3:", 0), 0u) << refusal("Category:\n  - Code: [A\n");
  EXPECT_NE(refusal("Category: []\n---\nPriceList: []\n").find("holds 2 YAML documents"), std::string::npos);
  EXPECT_NE(refusal("? [a, b]\n: 1\n").find("f.yaml:1:"), std::string::npos);
  // A billion laughs: each level ten aliases of the one before.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  EXPECT_NE(refusal(bomb).find("expand the document to more than"), std::string::npos);
  std::string deep = "a: ";
  for (int i = 0; i < 40; ++i) deep += "[";
  for (int i = 0; i < 40; ++i) deep += "]";
  EXPECT_NE(refusal(deep).find("Nested deeper than 32"), std::string::npos);
  EXPECT_TRUE(app::parse_yaml("", "f.yaml")->document.is_null()) << "no document: the seed says what it expected";
}

// Export's YAML reads back as the same document whatever the strings hold: text that some YAML reader would
// take for a number, a flag or null is quoted, and so is anything beyond plain characters.
TEST(ConfigFile, ExportedYamlReadsBackAsTheSameDocument) {
  const std::string json_text = R"({
  "Category": [
    {"Code": "12", "Name": "true", "ParentId": "0x10", "SortOrder": 3, "IsActive": false, "Synonyms": null,
     "Cultures": [{"CultureCode": "sv-SE", "Name": "Tröjor & skjortor: \"nya\" #1\n\tny rad\u2028"}],
     "VatCodes": []},
    {"Code": "yes", "Name": " leading space", "ParentId": "", "Synonyms": "- a, b", "Description": "~",
     "VatCodes": [{"SalesAreaId": 1, "VatCodeId": 2}]}
  ],
  "PriceList": [{"Code": "STD-SEK", "Name": "Standard SEK", "DefaultSupplementChargePercentage": 12.50}],
  "ClientAssortment": []
})";
  auto original = json::parse(json_text);
  ASSERT_TRUE(original.ok());
  const std::string text = app::format_config(*original, ConfigFormat::Yaml);
  EXPECT_NE(text.find("  - Code: \"12\"\n    Name: \"true\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- Code: STD-SEK\n    Name: Standard SEK\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ClientAssortment: []\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\\L"), std::string::npos) << "a line separator is escaped: " << text;
  auto back = app::parse_yaml(text, "export.yaml");
  ASSERT_TRUE(back.ok()) << back.problem().detail << "\n" << text;
  EXPECT_EQ(json::pretty(back->document), json::pretty(*original)) << text;
  EXPECT_EQ(app::format_config(json::Value::object({}), ConfigFormat::Yaml), "{}\n");
}

}  // namespace
