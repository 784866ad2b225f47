// norced seed, norced export, serve --seed and POST /admin/seed: one file format in and out, idempotent by
// Code, all or nothing, and an export that seeds into an empty client reproduces it byte for byte. Runs on
// SQLite and (api_suite_on_postgres) on PostgreSQL.
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "api/harness.hpp"
#include "api/seed_support.hpp"

namespace api {
namespace {

class SeedExportTest : public ServerFixture<SeedExportTest> {
 public:
  static ServerConfig config() { return {false, {"--admin-token", kAdminToken}}; }
};

// The category with `code` in a list answer.
Json by_code(const Json& list, const std::string& code) {
  for (const auto& item : list)
    if (item.contains("Code") && item["Code"] == code) return item;
  ADD_FAILURE() << "no item with Code " << code << " in " << list.dump();
  return Json::object();
}

TEST_F(SeedExportTest, SeedWritesTheModelsWithReferencesByCodeAndTwiceGivesTheSameState) {
  Files files;
  ClientInfo c = server().add_client("seeded");
  Session s = server().session_for(c);
  const std::string file = files.write("fixture.json", kFixture);

  auto first = norced(server(), "seed", {"--client", std::to_string(c.client_id), file});
  ASSERT_EQ(first.first, 0) << first.second;
  Json counts = json_line(first.second);
  EXPECT_EQ(counts["Resources"]["Category"]["Inserted"], 3);
  EXPECT_EQ(counts["Resources"]["PriceList"]["Inserted"], 2);

  Json categories = s.fetch("/api/category");
  Json clothing = by_code(categories, "CLOTHING");
  Json shirts = by_code(categories, "SHIRTS");
  EXPECT_EQ(shirts["ParentId"], clothing["Id"]);
  EXPECT_EQ(shirts["ParentCode"], "CLOTHING");
  EXPECT_EQ(shirts["Name"], "Shirts");
  EXPECT_EQ(shirts["FullName"], "Clothing - Shirts");
  EXPECT_EQ(clothing["VatCodeId"], 2);
  EXPECT_EQ(by_code(s.fetch("/api/category/deleted"), "OLD")["Name"], "Old");
  Json lists = s.fetch("/api/pricing/pricelist?filter=active");
  Json campaign = by_code(lists, "CAMPAIGN");
  EXPECT_EQ(campaign["ParentPriceListId"], by_code(lists, "STD-SEK")["Id"]);
  EXPECT_EQ(campaign["DefaultSupplementChargePercentage"], 12.5);
  EXPECT_EQ(s.fetch("/api/application/culture/sv-SE")["IsActive"], true);

  // Again: every item is found by its Code and is already as the file says; nothing is written.
  auto second = norced(server(), "seed", {"--client", std::to_string(c.client_id), file});
  ASSERT_EQ(second.first, 0) << second.second;
  counts = json_line(second.second);
  EXPECT_EQ(counts["Resources"]["Category"]["Inserted"], 0);
  EXPECT_EQ(counts["Resources"]["Category"]["Unchanged"], 3);
  EXPECT_EQ(counts["Resources"]["PriceList"]["Unchanged"], 2);
  EXPECT_EQ(s.fetch("/api/category").dump(), categories.dump());  // Changed included: not even touched

  // A changed item is replaced (PUT semantics: members the file leaves out take their defaults).
  const std::string changed = files.write("changed.json",
                                          R"({"Category":[{"Code":"clothing","Name":"Apparel"}]})");
  auto third = norced(server(), "seed", {"--client", std::to_string(c.client_id), changed});
  ASSERT_EQ(third.first, 0) << third.second;
  Json apparel = s.fetch("/api/category/" + std::to_string(clothing["Id"].get<int64_t>()));
  EXPECT_EQ(apparel["Name"], "Apparel");
  EXPECT_EQ(apparel["Code"], "clothing");  // found ignoring case; the stored Code is the file's
  EXPECT_EQ(apparel["SortOrder"], nullptr);
  EXPECT_EQ(apparel["VatCodeId"], 2);  // as a PUT without VatCodes leaves them
}

TEST_F(SeedExportTest, ABadItemNamesFileItemAndMemberAndNothingIsWritten) {
  Files files;
  ClientInfo c = server().add_client("refused");
  Session s = server().session_for(c);
  const std::string file = files.write("bad.json", R"({"Category":[{"Code":"FINE","Name":"Fine"},)"
                                                   R"({"Code":"BAD","Name":"Bad","ParentId":"NOPE"}]})");
  auto [code, out] = norced(server(), "seed", {"--client", std::to_string(c.client_id), file});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("bad.json: Category[1] (Code 'BAD'): ParentId: There is no Category with Code 'NOPE'."),
            std::string::npos) << out;
  EXPECT_EQ(s.fetch("/api/category").size(), 0u) << "the good item before the bad one was written";

  const std::string too_long = files.write("long.json", R"({"PriceList":[{"Code":"L","Name":")" +
                                                            std::string(51, 'x') + R"(","CurrencyId":1}]})");
  auto [code2, out2] = norced(server(), "seed", {"--client", std::to_string(c.client_id), too_long});
  EXPECT_EQ(code2, 1);
  EXPECT_NE(out2.find("long.json: PriceList[0] (Code 'L'): Name: The value is longer than the maximum of 50"),
            std::string::npos) << out2;

  // The same over HTTP: 400, the errors keyed by item and member.
  Reply r = server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id),
                             R"({"PriceList":[{"Code":"P","CurrencyId":999}],"Category":[{"Name":"No code"}]})",
                             "application/json", admin_auth());
  Json problem = expect_problem(r, 400);
  EXPECT_TRUE(problem["errors"].contains("Category[0].Code")) << r.body;
  EXPECT_NE(problem["detail"].get<std::string>().find("request body: Category[0]: Code: A value is required"),
            std::string::npos) << r.body;
  EXPECT_EQ(s.fetch("/api/pricing/pricelist?filter=inactive").size() + s.fetch("/api/pricing/pricelist").size(), 0u);

  Reply dup = server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id),
                               R"({"ClientAssortment":[{"Code":"A"},{"Code":"a"}]})", "application/json", admin_auth());
  expect_field_error(dup, "ClientAssortment[1].Code");
  Reply unknown = server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id),
                                   R"({"Categories":[]})", "application/json", admin_auth());
  expect_field_error(unknown, "Categories");
}

TEST_F(SeedExportTest, ExportThenSeedIntoAnEmptyClientReproducesEveryItem) {
  Files files;
  ClientInfo a = server().add_client("source");
  ASSERT_EQ(norced(server(), "seed", {"--client", std::to_string(a.client_id), files.write("f.json", kFixture)}).first, 0);
  // Changes through the API are part of what an export carries.
  Session sa = server().session_for(a);
  Json shirts = by_code(sa.fetch("/api/category"), "SHIRTS");
  shirts["Synonyms"] = "tee, top";
  sa.update("/api/category/" + std::to_string(shirts["Id"].get<int64_t>()), shirts);

  const std::string exported = files.path("a.json");
  auto out = norced(server(), "export", {"--client", std::to_string(a.client_id), "--output", exported});
  ASSERT_EQ(out.first, 0) << out.second;
  const std::string text = files.read(exported);
  EXPECT_EQ(text.find("\"Changed\""), std::string::npos) << "timestamps are volatile";
  EXPECT_EQ(text.find("\"ParentId\": 1"), std::string::npos) << "references name Codes";
  EXPECT_NE(text.find("\"ParentId\": \"CLOTHING\""), std::string::npos) << text;

  ClientInfo b = server().add_client("copy");
  auto seeded = norced(server(), "seed", {"--client", std::to_string(b.client_id), exported});
  ASSERT_EQ(seeded.first, 0) << seeded.second;
  auto again = norced(server(), "export", {"--client", std::to_string(b.client_id), "--output", files.path("b.json")});
  ASSERT_EQ(again.first, 0) << again.second;
  EXPECT_EQ(files.read(files.path("b.json")), text);

  Session sb = server().session_for(b);
  Json copy = by_code(sb.fetch("/api/category"), "SHIRTS");
  EXPECT_EQ(copy["Synonyms"], "tee, top");
  EXPECT_EQ(copy["Cultures"].dump(), by_code(sa.fetch("/api/category"), "SHIRTS")["Cultures"].dump());

  // --resources narrows the file; groups keep their order.
  auto some = norced(server(), "export", {"--client", std::to_string(a.client_id), "--resources", "PriceList,Category",
                                          "--output", files.path("part.json")});
  ASSERT_EQ(some.first, 0) << some.second;
  Json part = Json::parse(files.read(files.path("part.json")));
  ASSERT_EQ(part.size(), 2u);
  EXPECT_EQ(part.begin().key(), "Category");
  EXPECT_EQ(part["PriceList"][0]["Code"], "CAMPAIGN");
}

// Child resources travel with their parents: a parametric's list values by the parametric's Code, a category's
// parametric links by the category's and the parametric's Codes. A value's Code is unique within its parametric
// only, so the same Code under two parametrics is two items; the same one twice is refused naming the item.
TEST_F(SeedExportTest, ChildResourcesAreNamedByTheirParentsCodes) {
  Files files;
  ClientInfo a = server().add_client("children");
  Session sa = server().session_for(a);
  const std::string file = files.write("children.json", R"({
    "Parametric": [{"Code": "COLOUR", "Name": "Colour", "Type": "list"},
                   {"Code": "SHADE", "Name": "Shade", "Type": "list"}],
    "Category": [{"Code": "SHIRTS", "Name": "Shirts"}],
    "ParametricList": [{"ParametricId": "SHADE", "Code": "RED", "Value": "Dark red", "SortOrder": 2},
                       {"ParametricId": "COLOUR", "Code": "RED", "Value": "Red", "SortOrder": 1},
                       {"ParametricId": "COLOUR", "Code": "BLUE", "Value": "Blue", "SortOrder": 2}],
    "CategoryParametric": [{"CategoryId": "SHIRTS", "Id": "COLOUR", "SortOrder": 1, "IsRequired": true}]})");
  auto first = norced(server(), "seed", {"--client", std::to_string(a.client_id), file});
  ASSERT_EQ(first.first, 0) << first.second;
  Json counts = json_line(first.second)["Resources"];
  EXPECT_EQ(counts["ParametricList"]["Inserted"], 3);
  EXPECT_EQ(counts["CategoryParametric"]["Inserted"], 1);

  const int64_t colour = by_code(sa.fetch("/api/parametric"), "COLOUR")["Id"].get<int64_t>();
  const int64_t shade = by_code(sa.fetch("/api/parametric"), "SHADE")["Id"].get<int64_t>();
  const int64_t shirts = by_code(sa.fetch("/api/category"), "SHIRTS")["Id"].get<int64_t>();
  EXPECT_EQ(by_code(sa.fetch("/api/parametric/" + std::to_string(colour) + "/list"), "RED")["Value"], "Red");
  EXPECT_EQ(by_code(sa.fetch("/api/parametric/" + std::to_string(shade) + "/list"), "RED")["Value"], "Dark red");
  Json links = sa.fetch("/api/category/" + std::to_string(shirts) + "/parametric");
  ASSERT_EQ(links.size(), 1u) << links.dump();
  EXPECT_EQ(links[0]["Id"], colour);
  EXPECT_EQ(links[0]["IsRequired"], true);

  // Again: each child is found within its parent, and nothing is written.
  auto second = norced(server(), "seed", {"--client", std::to_string(a.client_id), file});
  ASSERT_EQ(second.first, 0) << second.second;
  counts = json_line(second.second)["Resources"];
  EXPECT_EQ(counts["ParametricList"]["Unchanged"], 3);
  EXPECT_EQ(counts["CategoryParametric"]["Unchanged"], 1);

  // The export names the parents (and the linked parametric) by Code, in key order within each parent, and
  // seeds into an empty client exactly the same state.
  const std::string exported = files.path("children-a.json");
  ASSERT_EQ(norced(server(), "export", {"--client", std::to_string(a.client_id), "--output", exported}).first, 0);
  Json doc = Json::parse(files.read(exported));
  ASSERT_EQ(doc["ParametricList"].size(), 3u) << doc.dump();
  EXPECT_EQ(doc["ParametricList"][0]["ParametricId"], "COLOUR");
  EXPECT_EQ(doc["ParametricList"][0]["Code"], "BLUE");
  EXPECT_EQ(doc["ParametricList"][2]["ParametricId"], "SHADE");
  EXPECT_EQ(doc["CategoryParametric"][0]["Id"], "COLOUR");
  EXPECT_EQ(doc["CategoryParametric"][0]["CategoryId"], "SHIRTS");
  ClientInfo b = server().add_client("children copy");
  auto copied = norced(server(), "seed", {"--client", std::to_string(b.client_id), exported});
  ASSERT_EQ(copied.first, 0) << copied.second;
  ASSERT_EQ(norced(server(), "export", {"--client", std::to_string(b.client_id), "--output", files.path("children-b.json")}).first, 0);
  EXPECT_EQ(files.read(files.path("children-b.json")), files.read(exported));

  // The same value twice within one parametric, and a parent the client does not have, are refused by item.
  auto twice = norced(server(), "seed", {"--client", std::to_string(a.client_id), files.write("twice.json", R"({
    "ParametricList": [{"ParametricId": "COLOUR", "Code": "GREEN"}, {"ParametricId": "colour", "Code": "green"}]})")});
  EXPECT_NE(twice.first, 0);
  EXPECT_NE(twice.second.find("ParametricList[1]: Code: Item 0 of ParametricList has the same Code within the same "
                              "ParametricId."),
            std::string::npos)
      << twice.second;
  auto orphan = norced(server(), "seed", {"--client", std::to_string(a.client_id), files.write("orphan.json", R"({
    "ParametricList": [{"ParametricId": "NOPE", "Code": "X"}]})")});
  EXPECT_NE(orphan.first, 0);
  EXPECT_NE(orphan.second.find("ParametricList[0] (Code 'X'): ParametricId: There is no Parametric with Code 'NOPE'."),
            std::string::npos)
      << orphan.second;
  EXPECT_EQ(sa.fetch("/api/parametric/" + std::to_string(colour) + "/list").size(), 2u) << "a refused file writes nothing";
}

// YAML in, YAML out: the YAML fixture seeds the same state as the JSON one, a refused item names the line,
// and an export as YAML seeds into an empty client exactly what the JSON export describes.
TEST_F(SeedExportTest, YamlSeedsTheSameStateAndExportsBackToIt) {
  Files files;
  ClientInfo from_json = server().add_client("from json");
  ClientInfo from_yaml = server().add_client("from yaml");
  ASSERT_EQ(norced(server(), "seed", {"--client", std::to_string(from_json.client_id), files.write("f.json", kFixture)}).first, 0);
  auto seeded = norced(server(), "seed", {"--client", std::to_string(from_yaml.client_id), files.write("f.yaml", kFixtureYaml)});
  ASSERT_EQ(seeded.first, 0) << seeded.second;
  EXPECT_EQ(json_line(seeded.second)["Resources"]["Category"]["Inserted"], 3);

  auto exported = [&](const ClientInfo& c, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--client", std::to_string(c.client_id)};
    args.insert(args.end(), extra.begin(), extra.end());
    auto out = norced(server(), "export", args);
    EXPECT_EQ(out.first, 0) << out.second;
    return out.second;
  };
  const std::string json_export = exported(from_json, {});
  EXPECT_EQ(exported(from_yaml, {}), json_export) << "the YAML file describes the same configuration";

  // --format yaml, or an --output named .yml; seeded into an empty client, it gives the same export.
  const std::string yaml_export = exported(from_yaml, {"--format", "yaml"});
  EXPECT_NE(yaml_export.find("Category:\n  - ParentId: null\n"), std::string::npos) << yaml_export;
  EXPECT_NE(yaml_export.find("    Code: CLOTHING\n"), std::string::npos) << yaml_export;
  EXPECT_NE(yaml_export.find("  - ParentId: CLOTHING\n"), std::string::npos) << yaml_export;
  exported(from_yaml, {"--output", files.path("out.yml")});
  EXPECT_EQ(files.read(files.path("out.yml")), yaml_export);
  ClientInfo copy = server().add_client("copy of yaml");
  auto again = norced(server(), "seed", {"--client", std::to_string(copy.client_id), files.path("out.yml")});
  ASSERT_EQ(again.first, 0) << again.second;
  EXPECT_EQ(exported(copy, {}), json_export);

  // Found by content too: a YAML file with another name.
  auto by_content = norced(server(), "seed", {"--client", std::to_string(copy.client_id), files.write("config", kFixtureYaml)});
  ASSERT_EQ(by_content.first, 0) << by_content.second;
  EXPECT_EQ(json_line(by_content.second)["Resources"]["Category"]["Unchanged"], 3);
}

TEST_F(SeedExportTest, ARefusedYamlItemNamesTheLine) {
  Files files;
  ClientInfo c = server().add_client("yaml refused");
  Session s = server().session_for(c);
  const std::string file = files.write("bad.yaml",
                                       "Category:\n"
                                       "  - Code: FINE\n"
                                       "    Name: Fine\n"
                                       "  - Code: BAD\n"
                                       "    Name: Bad\n"
                                       "    ParentId: NOPE\n"
                                       "    SortOrder: many\n");
  auto [code, out] = norced(server(), "seed", {"--client", std::to_string(c.client_id), file});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("bad.yaml:6: Category[1] (Code 'BAD'): ParentId: There is no Category with Code 'NOPE'."),
            std::string::npos) << out;
  EXPECT_EQ(s.fetch("/api/category").size(), 0u);
  const std::string typed = files.write("typed.yaml", "Category:\n  - Code: T\n    Name: T\n    SortOrder: many\n");
  auto [code2, out2] = norced(server(), "seed", {"--client", std::to_string(c.client_id), typed});
  EXPECT_EQ(code2, 1);
  EXPECT_NE(out2.find("typed.yaml:4: Category[0] (Code 'T'): SortOrder: Expected an integer, got string."),
            std::string::npos) << out2;
  const std::string broken = files.write("broken.yaml", "Category:\n  - Code: [A\n");
  auto [code3, out3] = norced(server(), "seed", {"--client", std::to_string(c.client_id), broken});
  EXPECT_EQ(code3, 1);
  EXPECT_NE(out3.find("broken.yaml:"), std::string::npos) << out3;
  EXPECT_NE(out3.find("not valid YAML"), std::string::npos) << out3;

  // Over HTTP with a YAML media type: the same lines; JSON stays the default.
  Reply r = server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id),
                             "PriceList:\n  - Code: P\n    Name: P\n    CurrencyId: 999\n", "application/yaml",
                             admin_auth());
  Json problem = expect_problem(r, 400);
  EXPECT_TRUE(problem["errors"].contains("PriceList[0].CurrencyId")) << r.body;
  EXPECT_NE(problem["detail"].get<std::string>().find("request body:4: PriceList[0] (Code 'P'): CurrencyId:"),
            std::string::npos) << r.body;
  Reply ok = server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id),
                              "ClientAssortment:\n  - {Code: A, Name: A}\n", "application/yaml; charset=utf-8",
                              admin_auth());
  EXPECT_EQ(ok.status, 200) << ok.describe();
  EXPECT_EQ(ok.json()["Resources"]["ClientAssortment"]["Inserted"], 1);
}

}  // namespace
}  // namespace api
