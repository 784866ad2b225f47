// Parametrics: the rules of Parametric, ParametricGroup, ParametricList, ParametricMultiple and CategoryParametric
// that the generated matrix (generated_test.cpp) does not know: value types, values that belong to their
// parametric, codes unique within it, units per culture, category links with sort order, the required filter and
// unlinking, references within the client, and the demo data.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/harness.hpp"
#include "api/seed_support.hpp"

namespace api {
namespace {

const std::string kParametric = "/api/parametric";
const std::string kGroup = "/api/parametricgroup";

std::string parametric_path(int64_t id) { return kParametric + "/" + std::to_string(id); }
std::string values_path(int64_t parametric, const std::string& kind) {
  return parametric_path(parametric) + "/" + kind;
}
std::string links_path(int64_t category) { return "/api/category/" + std::to_string(category) + "/parametric"; }

int64_t make_parametric(const Session& s, const std::string& code, const std::string& type, Json extra = Json::object()) {
  Json b = {{"Code", code}, {"Name", code + " name"}, {"Type", type}};
  for (auto it = extra.begin(); it != extra.end(); ++it) b[it.key()] = it.value();
  return s.create(kParametric, b);
}

int64_t make_category(const Session& s, const std::string& code) {
  return s.create("/api/category", {{"Code", code}, {"Name", code}});
}

std::vector<std::string> codes_of(const Json& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item["Code"].is_null() ? "" : item["Code"].get<std::string>());
  return out;
}

class ParametricTest : public ServerFixture<ParametricTest> {};

// ---- Parametric ----------------------------------------------------------------------------------------------

TEST_F(ParametricTest, TypeIsOneOfTheCatalogsValuesInItsSpelling) {
  Session s = server().default_session();
  for (const std::string type : {"text", "html", "int", "decimal", "date", "boolean", "list", "multiple"}) {
    const int64_t id = make_parametric(s, "T-" + type, type);
    EXPECT_EQ(s.fetch(parametric_path(id))["Type"], type);
  }
  // Any letter case is read, the catalog's spelling is kept.
  EXPECT_EQ(s.fetch(parametric_path(make_parametric(s, "T-UPPER", "Decimal")))["Type"], "decimal");

  Json doc = expect_problem(s.post(kParametric, {{"Code", "T-BAD"}, {"Type", "number"}}), 400);
  EXPECT_NE(doc["errors"]["Type"][0].get<std::string>().find("text, html, int, decimal, date, boolean, list, multiple"),
            std::string::npos)
      << doc.dump();
  expect_field_error(s.post(kParametric, {{"Code", "T-NONE"}, {"Name", "No type"}}), "Type");
  // PUT replaces the model: a PUT without Type is refused too, and writes nothing.
  const int64_t id = make_parametric(s, "T-KEEP", "int");
  expect_field_error(s.put(parametric_path(id), {{"Code", "T-KEEP"}, {"Name", "x"}}), "Type");
  EXPECT_EQ(s.fetch(parametric_path(id))["Type"], "int");
}

TEST_F(ParametricTest, UnitIsACultureTextKeptExactly) {
  Session s = server().default_session();
  const int64_t id = make_parametric(s, "U-AREA", "decimal",
                                     {{"Uom", "m² "}, {"Cultures", {{{"CultureCode", "sv-SE"}, {"Uom", "kvm"}}}}});
  Json got = s.fetch(parametric_path(id));
  EXPECT_EQ(got["Uom"], "m² ");
  EXPECT_EQ(got["DefaultUom"], "m² ");
  EXPECT_EQ(got["IsUomInherited"], false);
  std::map<std::string, Json> by_culture;
  for (const auto& c : got["Cultures"]) by_culture[c["CultureCode"].get<std::string>()] = c;
  EXPECT_EQ(by_culture["sv-SE"]["Uom"], "kvm");
  EXPECT_EQ(by_culture["sv-SE"]["IsUomInherited"], false);

  const int64_t plain = make_parametric(s, "U-PLAIN", "decimal", {{"Uom", "kg"}});
  for (const auto& c : s.fetch(parametric_path(plain))["Cultures"])
    if (c["CultureCode"] == "sv-SE") {
      EXPECT_TRUE(c["Uom"].is_null()) << "sv-SE has no own unit";
      EXPECT_EQ(c["IsUomInherited"], true);
    }
  expect_field_error(s.post(kParametric, {{"Code", "U-LONG"}, {"Type", "int"}, {"Uom", std::string(51, 'u')}}), "Uom");
}

TEST_F(ParametricTest, GroupIsShownAndMustBeTheClients) {
  Session s = server().default_session();
  const int64_t group = s.create(kGroup, {{"Code", "G-SHOWN"}, {"Name", "Shown"}});
  const int64_t id = make_parametric(s, "G-PAR", "text", {{"GroupId", group}});
  EXPECT_EQ(s.fetch(parametric_path(id))["GroupId"], group);

  Session other = server().new_tenant("param-groups");
  Json doc = expect_problem(other.post(kParametric, {{"Code", "G-Y"}, {"Type", "text"}, {"GroupId", group}}), 400);
  EXPECT_TRUE(doc["errors"].contains("GroupId")) << "another client's group is no group of this one";
}

TEST_F(ParametricTest, AChoiceParametricKeepsItsTypeWhileItHasValues) {
  Session s = server().default_session();
  for (const std::string kind : {"list", "multiple"}) {
    SCOPED_TRACE(kind);
    const int64_t id = make_parametric(s, "KEEP-" + kind, kind);
    Json body = s.fetch(parametric_path(id));
    body["Type"] = "text";
    Reply free = s.put(parametric_path(id), body);  // no values yet: the type may change
    EXPECT_EQ(free.status, 200) << free.describe();
    body["Type"] = kind;
    s.update(parametric_path(id), body);
    s.create(values_path(id, kind), {{"Code", "V1"}, {"Value", "One"}});
    body["Type"] = "text";
    Json doc = expect_problem(s.put(parametric_path(id), body), 409);
    EXPECT_TRUE(doc["errors"].contains("Type")) << doc.dump();
    EXPECT_EQ(s.fetch(parametric_path(id))["Type"], kind);
  }
}

// ---- ParametricList and ParametricMultiple ------------------------------------------------------------------

TEST_F(ParametricTest, ValuesBelongToTheirParametric) {
  Session s = server().default_session();
  for (const std::string kind : {"list", "multiple"}) {
    SCOPED_TRACE(kind);
    const int64_t a = make_parametric(s, "OWN-A-" + kind, kind);
    const int64_t b = make_parametric(s, "OWN-B-" + kind, kind);
    const int64_t red = s.create(values_path(a, kind), {{"Code", "RED"}, {"Value", "Red"}, {"SortOrder", 2}});
    s.create(values_path(a, kind), {{"Code", "BLUE"}, {"Value", "Blue"}, {"SortOrder", 1}});
    s.create(values_path(b, kind), {{"Code", "GREEN"}, {"Value", "Green"}});

    EXPECT_EQ(codes_of(s.fetch(values_path(a, kind))), (std::vector<std::string>{"RED", "BLUE"}));
    EXPECT_EQ(codes_of(s.fetch(values_path(b, kind))), (std::vector<std::string>{"GREEN"}));
    Json got = s.fetch(values_path(a, kind) + "/" + std::to_string(red));
    EXPECT_EQ(got["ParametricId"], a);
    EXPECT_EQ(got["Value"], "Red");
    EXPECT_EQ(got["SortOrder"], 2);
    // Under another parametric the value is not there.
    expect_problem(s.get(values_path(b, kind) + "/" + std::to_string(red)), 404);
    Json moved = got;
    moved["ParametricId"] = b;
    expect_field_error(s.put(values_path(a, kind) + "/" + std::to_string(red), moved), "ParametricId");
    // A body without ParametricId takes the path's.
    const int64_t none = s.create(values_path(b, kind), {{"Code", "NOPARENT"}, {"Value", "x"}});
    EXPECT_EQ(s.fetch(values_path(b, kind) + "/" + std::to_string(none))["ParametricId"], b);
  }
}

TEST_F(ParametricTest, ValuesNeedAParametricOfTheirTypeThatExists) {
  Session s = server().default_session();
  const int64_t list = make_parametric(s, "TY-LIST", "list");
  const int64_t multiple = make_parametric(s, "TY-MULTI", "multiple");
  const int64_t text = make_parametric(s, "TY-TEXT", "text");
  expect_field_error(s.post(values_path(multiple, "list"), {{"Code", "X"}}), "ParametricId");
  expect_field_error(s.post(values_path(text, "list"), {{"Code", "X"}}), "ParametricId");
  expect_field_error(s.post(values_path(list, "multiple"), {{"Code", "X"}}), "ParametricId");
  expect_field_error(s.post(values_path(text, "multiple"), {{"Code", "X"}}), "ParametricId");
  expect_field_error(s.post(values_path(2147483000, "list"), {{"Code", "X"}}), "ParametricId");
  // Listing under a parametric the client does not have is a 404 naming it, not an empty list.
  for (const std::string kind : {"list", "multiple", "list/deleted"}) {
    Json doc = expect_problem(s.get(values_path(2147483000, kind)), 404);
    EXPECT_NE(doc["detail"].get<std::string>().find("Parametric with id 2147483000"), std::string::npos) << doc.dump();
  }
  EXPECT_EQ(s.fetch(values_path(text, "list")), Json::array()) << "a parametric without values lists none";
}

TEST_F(ParametricTest, ValueCodeIsUniqueWithinItsParametricIgnoringCase) {
  Session s = server().default_session();
  for (const std::string kind : {"list", "multiple"}) {
    SCOPED_TRACE(kind);
    const int64_t a = make_parametric(s, "UQ-A-" + kind, kind);
    const int64_t b = make_parametric(s, "UQ-B-" + kind, kind);
    s.create(values_path(a, kind), {{"Code", "Röd"}, {"Value", "Red"}});
    Json doc = expect_problem(s.post(values_path(a, kind), {{"Code", "RÖD"}, {"Value", "Red again"}}), 409);
    EXPECT_TRUE(doc["errors"].contains("Code")) << doc.dump();
    // The same code under another parametric is another value.
    EXPECT_GT(s.create(values_path(b, kind), {{"Code", "röd"}, {"Value", "Red"}}), 0);
    // And a soft-deleted value still holds its code.
    const int64_t old = s.create(values_path(a, kind), {{"Code", "OLD"}, {"Value", "Old"}});
    s.update(values_path(a, kind) + "/" + std::to_string(old), {{"Code", "OLD"}, {"Value", "Old"}, {"IsActive", false}});
    EXPECT_EQ(codes_of(s.fetch(values_path(a, kind) + "/deleted")), (std::vector<std::string>{"OLD"}));
    expect_field_error(s.post(values_path(a, kind), {{"Code", "old"}}), "Code", 409);
  }
}

TEST_F(ParametricTest, ValueTextsFollowTheCultures) {
  Session s = server().default_session();
  const int64_t id = make_parametric(s, "TX-COLOUR", "list");
  const int64_t red = s.create(values_path(id, "list"),
                               {{"Code", "RED"}, {"Value", "Red"}, {"Cultures", {{{"CultureCode", "sv-SE"}, {"Value", "Röd"}}}}});
  Json got = s.fetch(values_path(id, "list") + "/" + std::to_string(red));
  EXPECT_EQ(got["Value"], "Red");
  EXPECT_EQ(got["DefaultValue"], "Red");
  for (const auto& c : got["Cultures"])
    if (c["CultureCode"] == "sv-SE") {
      EXPECT_EQ(c["Value"], "Röd");
      EXPECT_EQ(c["IsValueInherited"], false);
      EXPECT_EQ(c["IsTranslated"], true);
    }
  // In an application whose culture is sv-SE the value reads in Swedish.
  Session sv = server().new_tenant("param-sv", "sv-SE");
  const int64_t p = make_parametric(sv, "TX-SV", "multiple");
  const int64_t v = sv.create(values_path(p, "multiple"),
                              {{"Code", "W"}, {"Value", "Ull"}, {"Cultures", {{{"CultureCode", "en-US"}, {"Value", "Wool"}}}}});
  Json sv_got = sv.fetch(values_path(p, "multiple") + "/" + std::to_string(v));
  EXPECT_EQ(sv_got["Value"], "Ull");
  EXPECT_EQ(sv_got["DefaultValue"], "Wool");
}

// ---- CategoryParametric ---------------------------------------------------------------------------------------

TEST_F(ParametricTest, CategoryLinksShowTheParametricWithTheCategorysOwnSettings) {
  Session s = server().new_tenant("param-links");
  const int64_t group = s.create(kGroup, {{"Code", "LG"}, {"Name", "Looks"}});
  const int64_t other_group = s.create(kGroup, {{"Code", "LG2"}, {"Name", "Other"}});
  const int64_t colour = make_parametric(s, "L-COLOUR", "list", {{"Uom", "-"}, {"GroupId", group}, {"Description", "Main colour"}});
  const int64_t weight = make_parametric(s, "L-WEIGHT", "decimal", {{"Uom", "kg"}});
  const int64_t category = make_category(s, "L-SHIRTS");
  const std::string links = links_path(category);

  Reply linked = s.post(links, {{"Id", colour}, {"SortOrder", 2}, {"IsRequired", true}});
  ASSERT_EQ(linked.status, 200) << linked.describe();
  EXPECT_EQ(linked.json(), colour) << "a link answers the parametric's id";
  s.create(links, {{"Id", weight}, {"SortOrder", 1}, {"GroupId", other_group}});

  Json list = s.fetch(links);
  ASSERT_EQ(list.size(), 2u);
  Json c = list[0]["Id"] == colour ? list[0] : list[1];
  EXPECT_EQ(c["CategoryId"], category);
  EXPECT_EQ(c["Name"], "L-COLOUR name");
  EXPECT_EQ(c["Code"], "L-COLOUR");
  EXPECT_EQ(c["Uom"], "-");
  EXPECT_EQ(c["Description"], "Main colour");
  EXPECT_EQ(c["Type"], "list");
  EXPECT_EQ(c["TypeId"], 7);
  EXPECT_EQ(c["GroupId"], group) << "no group of its own: the parametric's";
  EXPECT_EQ(c["SortOrder"], 2);
  EXPECT_EQ(c["IsRequired"], true);
  Json w = s.fetch(links + "/" + std::to_string(weight));
  EXPECT_EQ(w["GroupId"], other_group) << "the category's own group";
  EXPECT_EQ(w["Type"], "decimal");
  EXPECT_EQ(w["TypeId"], 3);
  EXPECT_EQ(w["SortOrder"], 1);

  // isRequired=true lists only the required ones.
  Json required = s.fetch(links + "?isRequired=true");
  ASSERT_EQ(required.size(), 1u);
  EXPECT_EQ(required[0]["Id"], colour);
  EXPECT_EQ(s.fetch(links + "?isRequired=false").size(), 2u);
  expect_field_error(s.get(links + "?isRequired=maybe"), "isRequired");

  // A rename of the parametric shows in the link.
  Json p = s.fetch(parametric_path(colour));
  p["Name"] = "Colour";
  s.update(parametric_path(colour), p);
  EXPECT_EQ(s.fetch(links + "/" + std::to_string(colour))["Name"], "Colour");
}

TEST_F(ParametricTest, LinkingChecksTheParametricAndCategoryOfTheClient) {
  Session s = server().new_tenant("param-link-refs");
  const int64_t colour = make_parametric(s, "R-COLOUR", "list");
  const int64_t category = make_category(s, "R-CAT");
  const int64_t other_category = make_category(s, "R-CAT2");
  expect_field_error(s.post(links_path(category), {{"Id", 2147483000}}), "Id");
  expect_field_error(s.post(links_path(2147483000), {{"Id", colour}}), "CategoryId");
  expect_field_error(s.post(links_path(category), Json::object()), "Id");  // a link names its parametric
  s.create(links_path(category), {{"Id", colour}});
  expect_field_error(s.post(links_path(category), {{"Id", colour}}), "Id", 409);
  EXPECT_EQ(s.create(links_path(other_category), {{"Id", colour}}), colour) << "each category links it once";
  Json doc = expect_problem(s.get(links_path(2147483000)), 404);
  EXPECT_NE(doc["detail"].get<std::string>().find("Category with id 2147483000"), std::string::npos);

  Session other = server().new_tenant("param-link-refs-2");
  const int64_t foreign_category = make_category(other, "R-OTHER");
  expect_field_error(other.post(links_path(foreign_category), {{"Id", colour}}), "Id");
  expect_problem(other.get(links_path(category)), 404);
}

TEST_F(ParametricTest, DeleteUnlinksAndPutLinksAgain) {
  Session s = server().new_tenant("param-unlink");
  const int64_t colour = make_parametric(s, "D-COLOUR", "list");
  const int64_t size = make_parametric(s, "D-SIZE", "list");
  const int64_t category = make_category(s, "D-CAT");
  const std::string links = links_path(category);
  s.create(links, {{"Id", colour}, {"SortOrder", 1}});
  s.create(links, {{"Id", size}, {"SortOrder", 2}});

  Reply gone = s.send("DELETE", links + "/" + std::to_string(colour));
  EXPECT_EQ(gone.status, 204) << gone.describe();
  EXPECT_EQ(codes_of(s.fetch(links)), (std::vector<std::string>{"D-SIZE"}));
  EXPECT_EQ(codes_of(s.fetch(links + "/deleted")), (std::vector<std::string>{"D-COLOUR"}));
  Json link = s.fetch(links + "/" + std::to_string(colour));
  EXPECT_EQ(link["IsActive"], false);
  EXPECT_EQ(link["SortOrder"], 1) << "an unlinked parametric keeps its settings";
  EXPECT_EQ(s.fetch(parametric_path(colour))["IsActive"], true) << "unlinking leaves the parametric";
  expect_problem(s.send("DELETE", links + "/2147483000"), 404);

  link["IsActive"] = true;
  s.update(links + "/" + std::to_string(colour), link);
  EXPECT_EQ(s.fetch(links).size(), 2u);
  EXPECT_EQ(s.fetch(links + "/deleted"), Json::array());
}

// ---- seed, export and reset ---------------------------------------------------------------------------------------

class ParametricSeedTest : public ServerFixture<ParametricSeedTest> {
 public:
  static ServerConfig config() { return {false, {"--admin-token", kAdminToken}}; }
};

// Groups and parametrics travel in a file (GroupId by the group's Code); the children are not in the file, but a
// reset removes the values and links added since the seed and puts changed ones back.
TEST_F(ParametricSeedTest, SeedNamesGroupsByCodeAndResetPutsChildrenBack) {
  ClientInfo c = server().add_client("param-seed");
  Session s = server().session_for(c);
  const std::string file =
      R"({"Parametric":[{"Code":"P-COLOUR","Name":"Colour","Type":"list","GroupId":"G-LOOKS"}],)"
      R"("ParametricGroup":[{"Code":"G-LOOKS","Name":"Looks"}]})";
  Reply seeded = server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id), file,
                                  "application/json", admin_auth());
  ASSERT_EQ(seeded.status, 200) << seeded.describe();
  Json parametrics = s.fetch(kParametric);
  ASSERT_EQ(parametrics.size(), 1u);
  const int64_t colour = parametrics[0]["Id"].get<int64_t>();
  EXPECT_EQ(parametrics[0]["GroupId"], s.fetch(kGroup)[0]["Id"]);

  const int64_t category = make_category(s, "S-CAT");
  const int64_t red = s.create(values_path(colour, "list"), {{"Code", "RED"}, {"Value", "Red"}});
  s.create(links_path(category), {{"Id", colour}});
  // Seeded again with the value and link in place, then changed.
  ASSERT_EQ(server().request("POST", "/admin/seed?client=" + std::to_string(c.client_id), "{}", "application/json",
                             admin_auth()).status, 200);
  s.update(values_path(colour, "list") + "/" + std::to_string(red), {{"Code", "RED"}, {"Value", "Crimson"}});
  s.create(values_path(colour, "list"), {{"Code", "BLUE"}, {"Value", "Blue"}});
  s.send("DELETE", links_path(category) + "/" + std::to_string(colour));

  Reply reset = server().request("POST", "/admin/reset?client=" + std::to_string(c.client_id), {}, {}, admin_auth());
  ASSERT_EQ(reset.status, 200) << reset.describe();
  EXPECT_EQ(codes_of(s.fetch(values_path(colour, "list"))), (std::vector<std::string>{"RED"}));
  EXPECT_EQ(s.fetch(values_path(colour, "list") + "/" + std::to_string(red))["Value"], "Red");
  EXPECT_EQ(codes_of(s.fetch(links_path(category))), (std::vector<std::string>{"P-COLOUR"}));
}

// ---- demo ---------------------------------------------------------------------------------------------------------

class ParametricDemoTest : public ServerFixture<ParametricDemoTest> {
 public:
  static ServerConfig config() { return {.demo = true, .extra_args = {}}; }
};

TEST_F(ParametricDemoTest, DemoHasParametricsOfEveryTypeWithValuesLinkedToCategories) {
  Session s = server().default_session();
  Json all = s.fetch(kParametric);
  std::set<std::string> types;
  int64_t colour = 0, material = 0;
  for (const auto& p : all) {
    types.insert(p["Type"].get<std::string>());
    EXPECT_FALSE(p["GroupId"].is_null()) << p["Code"];
    if (p["Code"] == "COLOUR") colour = p["Id"].get<int64_t>();
    if (p["Code"] == "MATERIAL") material = p["Id"].get<int64_t>();
  }
  EXPECT_EQ(types, (std::set<std::string>{"text", "html", "int", "decimal", "date", "boolean", "list", "multiple"}));
  ASSERT_GT(colour, 0);
  ASSERT_GT(material, 0);
  EXPECT_EQ(codes_of(s.fetch(values_path(colour, "list"))), (std::vector<std::string>{"BLACK", "WHITE", "BLUE", "RED"}));
  EXPECT_EQ(s.fetch(values_path(material, "multiple")).size(), 4u);
  EXPECT_EQ(s.fetch(kGroup).size(), 2u);

  int64_t shirts = 0;
  for (const auto& c : s.fetch("/api/category/compact"))
    if (c["Code"] == "MEN-SHIRTS") shirts = c["Id"].get<int64_t>();
  ASSERT_GT(shirts, 0);
  Json links = s.fetch(links_path(shirts));
  EXPECT_EQ(codes_of(links), (std::vector<std::string>{"SIZE", "COLOUR", "MATERIAL", "CARE"}));  // as linked
  Json required = s.fetch(links_path(shirts) + "?isRequired=true");
  EXPECT_EQ(codes_of(required), (std::vector<std::string>{"SIZE"}));
}

}  // namespace
}  // namespace api
