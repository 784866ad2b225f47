// Category: the six operations (Get, Update, List, Insert, Compact, ListDeleted), derived members (full name,
// parent code/name, VAT), culture texts, soft delete and every validation rule.
#include <ctime>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "api/harness.hpp"

namespace api {
namespace {

const std::vector<std::string> kCategoryMembers = {
    "$id", "Id", "Name", "DefaultName", "IsNameInherited", "Description", "DefaultDescription",
    "IsDescriptionInherited", "FullName", "DefaultFullName", "IsFullNameInherited", "ParentId", "ParentCode",
    "ParentName", "SortOrder", "IsDisplayOnly", "ImageKey", "ImageUrl", "Code", "Synonyms", "DefaultSynonyms",
    "IsSynonymsInherited", "UnspcCode", "BusinessArea", "CommodityCode", "IntegrationPartNo", "FreightClassId",
    "GrossWeight", "VatCodeId", "InheritedVatCodeId", "IsVatCodeIdInherited", "InheritedVatCodeName",
    "VatCodeIdInheritedFrom", "VatCodeName", "VatCodeValue", "InheritedVatCodeValue", "VatCodes",
    "UnitOfMeasurementId", "RecommendedSalesQty", "IsReturnable", "IsDropShipOnly", "PopulationRuleId",
    "TrackingCodeTypeId", "CompetitivePricingMinPercentage", "CompetitivePricingTargetPercentage", "HideInTopList",
    "StockDisplayBreakPoint", "IsRecommendedQtyFixed", "IsRecurringOrderable", "IsActive", "Changed", "ChangedBy",
    "Cultures"};

const std::vector<std::string> kCultureMembers = {
    "$id", "CultureCode", "Name", "IsNameInherited", "Description", "IsDescriptionInherited", "Synonyms",
    "IsSynonymsInherited", "FullName", "IsFullNameInherited", "IsTranslated"};

const std::vector<std::string> kVatMembers = {
    "$id", "SalesAreaId", "SalesAreaName", "VatCodeId", "InheritedVatCodeId", "IsVatCodeIdInherited",
    "VatCodeIdInheritedFrom", "VatCodeName", "VatCodeValue", "InheritedVatCodeName", "InheritedVatCodeValue"};

std::vector<std::string> keys_of(const Json& o) {
  std::vector<std::string> out;
  for (auto it = o.begin(); it != o.end(); ++it) out.push_back(it.key());
  return out;
}

Json without_id(Json o) {
  if (o.is_object()) {
    o.erase("$id");
    for (auto& [k, v] : o.items()) v = without_id(v);
  } else if (o.is_array()) {
    for (auto& v : o) v = without_id(v);
  }
  return o;
}

std::string path_of(int64_t id) { return "/api/category/" + std::to_string(id); }

std::vector<int64_t> ids_of(const Json& list) {
  std::vector<int64_t> out;
  for (const auto& item : list) out.push_back(item["Id"].get<int64_t>());
  return out;
}

// The culture entry of a category document.
Json culture_of(const Json& category, const std::string& code) {
  for (const auto& c : category["Cultures"])
    if (c["CultureCode"] == code) return c;
  ADD_FAILURE() << "no culture " << code << " in " << category["Cultures"].dump();
  return Json::object();
}

class CategoryTest : public ServerFixture<CategoryTest> {
 protected:
  // A code unique within the suite's default tenant.
  static std::string unique(const std::string& prefix) {
    static int n = 0;
    return prefix + "-" + std::to_string(++n);
  }
};

TEST_F(CategoryTest, InsertReturnsIdAndGetShowsTheModel) {
  Session s = server().new_tenant("cat-min");
  Reply post = s.post("/api/category", {{"Code", "MIN"}, {"Name", "Minimal"}});
  ASSERT_EQ(post.status, 200) << post.describe();
  ASSERT_TRUE(std::regex_match(post.body, std::regex("[1-9][0-9]*"))) << "a bare integer: " << post.body;
  int64_t id = std::stoll(post.body);

  Json c = s.fetch(path_of(id));
  EXPECT_EQ(keys_of(c), kCategoryMembers);
  EXPECT_EQ(c["$id"], "1");
  EXPECT_EQ(c["Id"], id);
  EXPECT_EQ(c["Name"], "Minimal");
  EXPECT_EQ(c["DefaultName"], "Minimal");
  EXPECT_EQ(c["IsNameInherited"], false);
  EXPECT_TRUE(c["Description"].is_null());
  EXPECT_TRUE(c["DefaultDescription"].is_null());
  EXPECT_EQ(c["FullName"], "Minimal");
  EXPECT_EQ(c["DefaultFullName"], "Minimal");
  EXPECT_EQ(c["IsFullNameInherited"], false);
  EXPECT_TRUE(c["ParentId"].is_null());
  EXPECT_TRUE(c["ParentCode"].is_null());
  EXPECT_TRUE(c["ParentName"].is_null());
  EXPECT_TRUE(c["SortOrder"].is_null());
  EXPECT_EQ(c["IsDisplayOnly"], false);
  EXPECT_EQ(c["Code"], "MIN");
  EXPECT_EQ(c["HideInTopList"], false);
  EXPECT_TRUE(c["GrossWeight"].is_null());
  EXPECT_TRUE(c["UnitOfMeasurementId"].is_null());
  EXPECT_EQ(c["IsActive"], true);
  EXPECT_EQ(c["ChangedBy"], "System");
  ASSERT_TRUE(c["Changed"].is_string());
  EXPECT_TRUE(std::regex_match(c["Changed"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z)")))
      << c["Changed"];
  // VAT: nothing of its own, the client's sales area 1 Sweden standard code applies.
  EXPECT_TRUE(c["VatCodeId"].is_null());
  EXPECT_EQ(c["InheritedVatCodeId"], 1);
  EXPECT_EQ(c["IsVatCodeIdInherited"], true);
  EXPECT_EQ(c["InheritedVatCodeName"], "Standard 25%");
  EXPECT_EQ(c["VatCodeIdInheritedFrom"], "Client");
  EXPECT_EQ(c["VatCodeName"], "Standard 25%");
  EXPECT_EQ(c["VatCodeValue"], 25);
  EXPECT_EQ(c["InheritedVatCodeValue"], 25);
  ASSERT_EQ(c["VatCodes"].size(), 1u) << c["VatCodes"].dump();
  const Json& vat = c["VatCodes"][0];
  EXPECT_EQ(keys_of(vat), kVatMembers);
  EXPECT_EQ(vat["SalesAreaId"], 1);
  EXPECT_EQ(vat["SalesAreaName"], "Sweden");
  EXPECT_TRUE(vat["VatCodeId"].is_null());
  EXPECT_EQ(vat["InheritedVatCodeId"], 1);
  EXPECT_EQ(vat["IsVatCodeIdInherited"], true);
  EXPECT_EQ(vat["VatCodeName"], "Standard 25%");
  EXPECT_EQ(vat["VatCodeValue"], 25);
  // Cultures: the default culture first, then the client's others.
  ASSERT_EQ(c["Cultures"].size(), 2u) << c["Cultures"].dump();
  const Json& en = c["Cultures"][0];
  const Json& sv = c["Cultures"][1];
  EXPECT_EQ(keys_of(en), kCultureMembers);
  EXPECT_EQ(en["CultureCode"], "en-US");
  EXPECT_EQ(en["Name"], "Minimal");
  EXPECT_EQ(en["IsNameInherited"], false);
  EXPECT_EQ(en["FullName"], "Minimal");
  EXPECT_EQ(en["IsTranslated"], false) << "the default culture is the original, not a translation";
  EXPECT_EQ(sv["CultureCode"], "sv-SE");
  EXPECT_TRUE(sv["Name"].is_null());
  EXPECT_EQ(sv["IsNameInherited"], true);
  EXPECT_TRUE(sv["FullName"].is_null());
  EXPECT_EQ(sv["IsFullNameInherited"], true);
  EXPECT_EQ(sv["IsTranslated"], false);
}

TEST_F(CategoryTest, InsertStoresEveryWritableMember) {
  Session s = server().default_session();
  std::string code = unique("ALL");
  std::string body = R"({"Code":")" + code + R"(","Name":"Everything","Description":"All members",
    "SortOrder":7,"IsDisplayOnly":true,"ImageKey":"{0F8FAD5B-D9CB-469F-A165-70867728950E}",
    "ImageUrl":"/img/all.png","Synonyms":"every,all","UnspcCode":"43211500","BusinessArea":"BA1",
    "CommodityCode":"8471","IntegrationPartNo":"EXT-1","FreightClassId":2,"GrossWeight":0.1,
    "UnitOfMeasurementId":3,"RecommendedSalesQty":12.50,"IsReturnable":true,"IsDropShipOnly":false,
    "PopulationRuleId":4,"TrackingCodeTypeId":5,"CompetitivePricingMinPercentage":12.345678901234567890,
    "CompetitivePricingTargetPercentage":-0.5,"HideInTopList":true,"StockDisplayBreakPoint":3,
    "IsRecommendedQtyFixed":true,"IsRecurringOrderable":false,"IsActive":true})";
  Reply post = s.post_raw("/api/category", body);
  ASSERT_EQ(post.status, 200) << post.describe();
  int64_t id = std::stoll(post.body);
  Reply get = s.get(path_of(id));
  ASSERT_EQ(get.status, 200);
  Json c = get.json();
  EXPECT_EQ(c["Description"], "All members");
  EXPECT_EQ(c["DefaultDescription"], "All members");
  EXPECT_EQ(c["SortOrder"], 7);
  EXPECT_EQ(c["IsDisplayOnly"], true);
  EXPECT_EQ(c["ImageKey"], "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(c["ImageUrl"], "/img/all.png");
  EXPECT_EQ(c["Synonyms"], "every,all");
  EXPECT_EQ(c["DefaultSynonyms"], "every,all");
  EXPECT_EQ(c["UnspcCode"], "43211500");
  EXPECT_EQ(c["BusinessArea"], "BA1");
  EXPECT_EQ(c["CommodityCode"], "8471");
  EXPECT_EQ(c["IntegrationPartNo"], "EXT-1");
  EXPECT_EQ(c["FreightClassId"], 2);
  EXPECT_EQ(c["UnitOfMeasurementId"], 3);
  EXPECT_EQ(c["IsReturnable"], true);
  EXPECT_EQ(c["IsDropShipOnly"], false);
  EXPECT_EQ(c["PopulationRuleId"], 4);
  EXPECT_EQ(c["TrackingCodeTypeId"], 5);
  EXPECT_EQ(c["HideInTopList"], true);
  EXPECT_EQ(c["StockDisplayBreakPoint"], 3);
  EXPECT_EQ(c["IsRecommendedQtyFixed"], true);
  EXPECT_EQ(c["IsRecurringOrderable"], false);
  // Decimals are exact: the response carries the number text as written.
  EXPECT_NE(get.body.find(R"("GrossWeight":0.1,)"), std::string::npos) << get.body;
  EXPECT_NE(get.body.find(R"("RecommendedSalesQty":12.50,)"), std::string::npos) << get.body;
  EXPECT_NE(get.body.find(R"("CompetitivePricingMinPercentage":12.345678901234567890,)"), std::string::npos)
      << get.body;
  EXPECT_NE(get.body.find(R"("CompetitivePricingTargetPercentage":-0.5,)"), std::string::npos) << get.body;
  // The en-US culture entry carries the texts.
  Json en = culture_of(c, "en-US");
  EXPECT_EQ(en["Description"], "All members");
  EXPECT_EQ(en["Synonyms"], "every,all");
}

TEST_F(CategoryTest, ListReturnsActiveCategoriesInIdOrderWithFullModels) {
  Session s = server().new_tenant("cat-list");
  EXPECT_TRUE(s.fetch("/api/category").empty());
  int64_t a = s.create("/api/category", {{"Code", "A"}, {"Name", "Alpha"}});
  int64_t b = s.create("/api/category", {{"Code", "B"}, {"Name", "Beta"}, {"ParentId", a}});
  int64_t gone = s.create("/api/category", {{"Code", "G"}, {"Name", "Gone"}, {"IsActive", false}});
  int64_t c = s.create("/api/category", {{"Code", "C"}, {"Name", "Gamma"}});
  Json list = s.fetch("/api/category");
  ASSERT_EQ(ids_of(list), (std::vector<int64_t>{a, b, c}));
  EXPECT_EQ(list[0]["Name"], "Alpha");
  EXPECT_EQ(list[1]["FullName"], "Alpha - Beta");
  EXPECT_EQ(list[1]["ParentName"], "Alpha");
  EXPECT_EQ(list[2]["Code"], "C");
  // Each list item is the same model GET returns.
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(keys_of(list[i]), kCategoryMembers);
    Json one = s.fetch(path_of(list[i]["Id"].get<int64_t>()));
    EXPECT_EQ(without_id(list[i]), without_id(one)) << "item " << i;
  }
  EXPECT_EQ(check_id_numbering(list), "");
  (void)gone;
}

TEST_F(CategoryTest, CompactListsIdNameAndCode) {
  Session s = server().new_tenant("cat-compact");
  int64_t a = s.create("/api/category", {{"Code", "CA"}, {"Name", "Compact A"}});
  int64_t b = s.create("/api/category", {{"Code", "CB"}, {"Name", "Compact B"}, {"ParentId", a}});
  s.create("/api/category", {{"Code", "CX"}, {"Name", "Deleted"}, {"IsActive", false}});
  int64_t nameless = s.create("/api/category", {{"Code", "CN"}});
  Json list = s.fetch("/api/category/compact");
  ASSERT_EQ(list.size(), 3u) << list.dump();
  Json expected = Json::array();
  expected.push_back({{"$id", "1"}, {"Id", a}, {"Name", "Compact A"}, {"Code", "CA"}});
  expected.push_back({{"$id", "2"}, {"Id", b}, {"Name", "Compact B"}, {"Code", "CB"}});
  expected.push_back({{"$id", "3"}, {"Id", nameless}, {"Name", nullptr}, {"Code", "CN"}});
  EXPECT_EQ(list, expected);
  for (const auto& item : list) EXPECT_EQ(keys_of(item), (std::vector<std::string>{"$id", "Id", "Name", "Code"}));
}

TEST_F(CategoryTest, PutReplacesTheModel) {
  Session s = server().default_session();
  std::string code = unique("PUT");
  int64_t id = s.create("/api/category", {{"Code", code},
                                          {"Name", "Before"},
                                          {"Description", "old"},
                                          {"SortOrder", 5},
                                          {"IsDisplayOnly", true},
                                          {"UnitOfMeasurementId", 2}});
  Json before = s.fetch(path_of(id));
  Reply put = s.put(path_of(id), {{"Code", code}, {"Name", "After"}});
  ASSERT_EQ(put.status, 200) << put.describe();
  EXPECT_EQ(put.body, std::to_string(id));
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["Id"], id);
  EXPECT_EQ(c["Name"], "After");
  EXPECT_EQ(c["DefaultName"], "After");
  EXPECT_EQ(c["FullName"], "After");
  EXPECT_EQ(c["Code"], code);
  // Members the PUT did not carry take their defaults.
  EXPECT_TRUE(c["Description"].is_null());
  EXPECT_TRUE(c["SortOrder"].is_null());
  EXPECT_EQ(c["IsDisplayOnly"], false);
  EXPECT_TRUE(c["UnitOfMeasurementId"].is_null());
  EXPECT_EQ(c["IsActive"], true);
  EXPECT_EQ(c["ChangedBy"], "System");
  EXPECT_NE(c["Changed"], before["Changed"]) << "Changed must move on update";
}

TEST_F(CategoryTest, InsertIgnoresIdAndDerivedMembers) {
  Session s = server().default_session();
  std::string code = unique("IGN");
  int64_t id = s.create("/api/category", {{"Id", 987654},
                                          {"Code", code},
                                          {"Name", "Ignore"},
                                          {"FullName", "Not - My - Name"},
                                          {"ParentCode", "NOPE"},
                                          {"ParentName", "Nope"},
                                          {"InheritedVatCodeId", 4},
                                          {"VatCodeName", "Bogus"},
                                          {"IsNameInherited", true},
                                          {"Changed", "2001-01-01T00:00:00Z"},
                                          {"ChangedBy", "Mallory"}});
  ASSERT_GT(id, 0);
  EXPECT_NE(id, 987654);
  expect_problem(s.get(path_of(987654)), 404);
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["FullName"], "Ignore");
  EXPECT_TRUE(c["ParentCode"].is_null());
  EXPECT_TRUE(c["ParentName"].is_null());
  EXPECT_EQ(c["InheritedVatCodeId"], 1);
  EXPECT_EQ(c["VatCodeName"], "Standard 25%");
  EXPECT_EQ(c["IsNameInherited"], false);
  EXPECT_EQ(c["ChangedBy"], "System");
  EXPECT_NE(c["Changed"], "2001-01-01T00:00:00Z");
}

TEST_F(CategoryTest, FullNameParentCodeAndParentNameFollowTheTree) {
  Session s = server().new_tenant("cat-tree");
  int64_t root = s.create("/api/category", {{"Code", "ROOT"}, {"Name", "Root"}});
  int64_t branch = s.create("/api/category", {{"Code", "BRANCH"}, {"Name", "Branch"}, {"ParentId", root}});
  int64_t leaf = s.create("/api/category", {{"Code", "LEAF"}, {"Name", "Leaf"}, {"ParentId", branch}});

  Json l = s.fetch(path_of(leaf));
  EXPECT_EQ(l["FullName"], "Root - Branch - Leaf");
  EXPECT_EQ(l["DefaultFullName"], "Root - Branch - Leaf");
  EXPECT_EQ(l["ParentId"], branch);
  EXPECT_EQ(l["ParentCode"], "BRANCH");
  EXPECT_EQ(l["ParentName"], "Branch");
  EXPECT_EQ(culture_of(l, "en-US")["FullName"], "Root - Branch - Leaf");
  Json b = s.fetch(path_of(branch));
  EXPECT_EQ(b["FullName"], "Root - Branch");
  EXPECT_EQ(b["ParentCode"], "ROOT");

  // Renaming an ancestor renames every descendant's full name.
  s.update(path_of(root), {{"Code", "ROOT"}, {"Name", "Top"}});
  l = s.fetch(path_of(leaf));
  EXPECT_EQ(l["FullName"], "Top - Branch - Leaf");
  Json listed = s.fetch("/api/category");
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[2]["FullName"], "Top - Branch - Leaf") << "lists must show the renamed path too";

  // Renaming the parent changes ParentName; recoding it changes ParentCode.
  s.update(path_of(branch), {{"Code", "TWIG"}, {"Name", "Twig"}, {"ParentId", root}});
  l = s.fetch(path_of(leaf));
  EXPECT_EQ(l["FullName"], "Top - Twig - Leaf");
  EXPECT_EQ(l["ParentName"], "Twig");
  EXPECT_EQ(l["ParentCode"], "TWIG");

  // Moving the branch to the root level shortens the path.
  s.update(path_of(branch), {{"Code", "TWIG"}, {"Name", "Twig"}, {"ParentId", nullptr}});
  l = s.fetch(path_of(leaf));
  EXPECT_EQ(l["FullName"], "Twig - Leaf");
  Json tw = s.fetch(path_of(branch));
  EXPECT_EQ(tw["FullName"], "Twig");
  EXPECT_TRUE(tw["ParentCode"].is_null());
  EXPECT_TRUE(tw["ParentName"].is_null());

  // Moving the leaf under root directly.
  s.update(path_of(leaf), {{"Code", "LEAF"}, {"Name", "Leaf"}, {"ParentId", root}});
  EXPECT_EQ(s.fetch(path_of(leaf))["FullName"], "Top - Leaf");
}

TEST_F(CategoryTest, FullNameSkipsNamelessAncestors) {
  Session s = server().new_tenant("cat-nameless");
  int64_t root = s.create("/api/category", {{"Code", "R"}, {"Name", "Root"}});
  int64_t middle = s.create("/api/category", {{"Code", "M"}, {"ParentId", root}});
  int64_t leaf = s.create("/api/category", {{"Code", "L"}, {"Name", "Leaf"}, {"ParentId", middle}});
  Json l = s.fetch(path_of(leaf));
  EXPECT_EQ(l["FullName"], "Root - Leaf");
  EXPECT_EQ(l["ParentCode"], "M");
  EXPECT_TRUE(l["ParentName"].is_null());
  EXPECT_EQ(s.fetch(path_of(middle))["FullName"], "Root");
}

TEST_F(CategoryTest, ParentCycleIs400) {
  Session s = server().new_tenant("cat-cycle");
  int64_t a = s.create("/api/category", {{"Code", "A"}, {"Name", "A"}});
  int64_t b = s.create("/api/category", {{"Code", "B"}, {"Name", "B"}, {"ParentId", a}});
  int64_t c = s.create("/api/category", {{"Code", "C"}, {"Name", "C"}, {"ParentId", b}});
  // Itself.
  expect_field_error(s.put(path_of(a), {{"Code", "A"}, {"Name", "A"}, {"ParentId", a}}), "ParentId");
  // A grandchild and a child.
  expect_field_error(s.put(path_of(a), {{"Code", "A"}, {"Name", "A"}, {"ParentId", c}}), "ParentId");
  expect_field_error(s.put(path_of(b), {{"Code", "B"}, {"Name", "B"}, {"ParentId", c}}), "ParentId");
  // Nothing changed.
  EXPECT_TRUE(s.fetch(path_of(a))["ParentId"].is_null());
  EXPECT_EQ(s.fetch(path_of(c))["FullName"], "A - B - C");
  // A legal move still works.
  s.update(path_of(c), {{"Code", "C"}, {"Name", "C"}, {"ParentId", a}});
  EXPECT_EQ(s.fetch(path_of(c))["FullName"], "A - C");
}

// Wrong JSON types of every member are generated from the description (generated_test.cpp, WrongTypeTest);
// these are Category's ranges, formats, allowed values and members inside arrays.
TEST_F(CategoryTest, RangesFormatsAndNestedMembersAre400) {
  Session s = server().new_tenant("cat-types");
  struct Case {
    std::string body;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({"Code":"T4","SortOrder":1.5})", "SortOrder"},
      {R"({"Code":"T6","SortOrder":2147483648})", "SortOrder"},
      {R"({"Code":"T7","SortOrder":-2147483649})", "SortOrder"},
      {R"({"Code":"T8","SortOrder":1e400})", "SortOrder"},
      {R"({"Code":"T14","GrossWeight":1e40})", "GrossWeight"},
      {R"({"Code":"T15","ImageKey":"not-a-guid"})", "ImageKey"},
      {R"({"Code":"T17","UnitOfMeasurementId":10})", "UnitOfMeasurementId"},
      {R"({"Code":"T18","UnitOfMeasurementId":0})", "UnitOfMeasurementId"},
      {R"({"Code":"T23","VatCodes":[1]})", "VatCodes[0]"},
      {R"({"Code":"T25","Cultures":[[1]]})", "Cultures[0]"},
      {R"({"Code":"T26","Cultures":[{"CultureCode":"sv-SE","Name":5}]})", "Cultures[0].Name"},
      {R"({"Code":"T31","FreightClassId":99999999999999999999999999999999999})", "FreightClassId"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    expect_field_error(s.post_raw("/api/category", c.body), c.field);
  }
  EXPECT_TRUE(s.fetch("/api/category").empty()) << "no rejected insert may write";
  EXPECT_TRUE(s.fetch("/api/category/deleted").empty());
  // Limits that are just inside the range are fine.
  Reply edge = s.post_raw("/api/category", R"({"Code":"EDGE","SortOrder":2147483647,
      "StockDisplayBreakPoint":-2147483648,"UnitOfMeasurementId":9,"GrossWeight":0.0000000000000000000000000001})");
  ASSERT_EQ(edge.status, 200) << edge.describe();
  Reply e = s.get(path_of(std::stoll(edge.body)));
  Json j = e.json();
  EXPECT_EQ(j["SortOrder"], 2147483647);
  EXPECT_EQ(j["StockDisplayBreakPoint"], -2147483648LL);
  EXPECT_EQ(j["UnitOfMeasurementId"], 9);
  EXPECT_NE(e.body.find(R"("GrossWeight":0.0000000000000000000000000001,)"), std::string::npos) << e.body;
}

TEST_F(CategoryTest, EveryWrongMemberIsReported) {
  Session s = server().new_tenant("cat-many");
  Reply r = s.post_raw("/api/category",
                       R"({"Code":")" + std::string(51, 'x') + R"(","SortOrder":"a","IsDisplayOnly":3,"ImageKey":"x"})");
  Json p = expect_problem(r, 400);
  ASSERT_TRUE(p.contains("errors")) << r.body;
  for (const char* f : {"Code", "SortOrder", "IsDisplayOnly", "ImageKey"})
    EXPECT_TRUE(p["errors"].contains(f)) << f << " not named in " << r.body;
}

TEST_F(CategoryTest, MalformedBodiesAre400) {
  Session s = server().new_tenant("cat-malformed");
  int64_t id = s.create("/api/category", {{"Code", "M"}, {"Name", "Malformed"}});
  for (const std::string body : {"{", "{\"Code\":", "{\"Code\" \"x\"}", "{'Code':'x'}", "{\"Code\":\"x\",}",
                                 "[]", "[{\"Code\":\"x\"}]", "\"text\"", "42", "null", "true", "{} {}",
                                 "{\"Code\":\"x\"} trailing", "not json"}) {
    SCOPED_TRACE(body);
    Reply post = s.post_raw("/api/category", body);
    Json p = expect_problem(post, 400);
    EXPECT_TRUE(p.contains("detail")) << post.body;
    expect_problem(s.put_raw(path_of(id), body), 400);
  }
  Reply empty = s.post_raw("/api/category", "");
  expect_problem(empty, 400);
  EXPECT_EQ(ids_of(s.fetch("/api/category")), std::vector<int64_t>{id});
  EXPECT_EQ(s.fetch(path_of(id))["Name"], "Malformed");
}

TEST_F(CategoryTest, VatCodeOfTheApplicationsSalesArea) {
  Session s = server().new_tenant("cat-vat");
  int64_t id = s.create("/api/category", {{"Code", "VAT6"}, {"Name", "Books"}, {"VatCodeId", 3}});
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["VatCodeId"], 3);
  EXPECT_EQ(c["IsVatCodeIdInherited"], false);
  EXPECT_TRUE(c["VatCodeIdInheritedFrom"].is_null());
  EXPECT_EQ(c["VatCodeName"], "Reduced 6%");
  EXPECT_EQ(c["VatCodeValue"], 6);
  EXPECT_EQ(c["InheritedVatCodeId"], 1);
  EXPECT_EQ(c["InheritedVatCodeName"], "Standard 25%");
  EXPECT_EQ(c["InheritedVatCodeValue"], 25);
  ASSERT_EQ(c["VatCodes"].size(), 1u);
  EXPECT_EQ(c["VatCodes"][0]["VatCodeId"], 3);
  EXPECT_EQ(c["VatCodes"][0]["IsVatCodeIdInherited"], false);
  EXPECT_EQ(c["VatCodes"][0]["VatCodeName"], "Reduced 6%");
  EXPECT_EQ(c["VatCodes"][0]["VatCodeValue"], 6);
  EXPECT_EQ(c["VatCodes"][0]["InheritedVatCodeValue"], 25);

  // Back to inheriting.
  s.update(path_of(id), {{"Code", "VAT6"}, {"Name", "Books"}, {"VatCodeId", nullptr}});
  c = s.fetch(path_of(id));
  EXPECT_TRUE(c["VatCodeId"].is_null());
  EXPECT_EQ(c["IsVatCodeIdInherited"], true);
  EXPECT_EQ(c["VatCodeIdInheritedFrom"], "Client");
  EXPECT_EQ(c["VatCodeName"], "Standard 25%");
  EXPECT_EQ(c["VatCodeValue"], 25);

  // Through VatCodes[].
  s.update(path_of(id), {{"Code", "VAT6"}, {"Name", "Books"}, {"VatCodes", {{{"SalesAreaId", 1}, {"VatCodeId", 2}}}}});
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["VatCodeId"], 2);
  EXPECT_EQ(c["VatCodeName"], "Reduced 12%");
  EXPECT_EQ(c["VatCodeValue"], 12);
  EXPECT_EQ(c["VatCodes"][0]["VatCodeId"], 2);
}

TEST_F(CategoryTest, VatCodeOfAnotherSalesAreaIs400) {
  Session s = server().new_tenant("cat-vat-bad");
  // VAT code 5 belongs to sales area 2 (Norway), not the application's Sweden.
  expect_field_error(s.post("/api/category", {{"Code", "V5"}, {"Name", "x"}, {"VatCodeId", 5}}), "VatCodeId");
  expect_field_error(s.post("/api/category", {{"Code", "V99"}, {"Name", "x"}, {"VatCodeId", 99}}), "VatCodeId");
  expect_field_error(
      s.post("/api/category", {{"Code", "VC6"}, {"Name", "x"}, {"VatCodes", {{{"SalesAreaId", 1}, {"VatCodeId", 6}}}}}),
      "VatCodes[0].VatCodeId");
  // Sales area 2 is not one of this client's.
  expect_field_error(
      s.post("/api/category", {{"Code", "SA2"}, {"Name", "x"}, {"VatCodes", {{{"SalesAreaId", 2}, {"VatCodeId", 5}}}}}),
      "VatCodes[0].SalesAreaId");
  expect_field_error(s.post("/api/category", {{"Code", "SA0"}, {"Name", "x"}, {"VatCodes", {{{"VatCodeId", 2}}}}}),
                     "VatCodes[0].SalesAreaId");
  EXPECT_TRUE(s.fetch("/api/category").empty());
  int64_t id = s.create("/api/category", {{"Code", "V3"}, {"Name", "x"}, {"VatCodeId", 3}});
  expect_field_error(s.put(path_of(id), {{"Code", "V3"}, {"Name", "x"}, {"VatCodeId", 5}}), "VatCodeId");
  EXPECT_EQ(s.fetch(path_of(id))["VatCodeId"], 3);
}

TEST_F(CategoryTest, VatReadModifyWriteTakesTheChangedMember) {
  Session s = server().new_tenant("cat-vat-rmw");
  int64_t id = s.create("/api/category", {{"Code", "RMW"}, {"Name", "x"}});
  // Change VatCodeId in the document read; VatCodes still says null.
  Json doc = s.fetch(path_of(id));
  doc["VatCodeId"] = 3;
  s.update(path_of(id), doc);
  EXPECT_EQ(s.fetch(path_of(id))["VatCodeId"], 3);
  // Change VatCodes[0].VatCodeId in the document read; VatCodeId still says 3.
  doc = s.fetch(path_of(id));
  doc["VatCodes"][0]["VatCodeId"] = 4;
  s.update(path_of(id), doc);
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["VatCodeId"], 4);
  EXPECT_EQ(c["VatCodeName"], "Exempt 0%");
  EXPECT_EQ(c["VatCodeValue"], 0);
}

TEST_F(CategoryTest, CulturesArrayWritesOtherCultures) {
  Session s = server().new_tenant("cat-cultures");  // application culture en-US = default
  Json body = {{"Code", "SHIRT"},
               {"Name", "Shirt"},
               {"Cultures", {{{"CultureCode", "sv-SE"}, {"Name", "Skjorta"}, {"Description", "Bomull"}}}}};
  int64_t id = s.create("/api/category", body);
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Shirt");
  EXPECT_EQ(c["IsNameInherited"], false);
  Json sv = culture_of(c, "sv-SE");
  EXPECT_EQ(sv["Name"], "Skjorta");
  EXPECT_EQ(sv["IsNameInherited"], false);
  EXPECT_EQ(sv["Description"], "Bomull");
  EXPECT_EQ(sv["IsDescriptionInherited"], false);
  EXPECT_TRUE(sv["Synonyms"].is_null());
  EXPECT_EQ(sv["IsSynonymsInherited"], true);
  EXPECT_EQ(sv["FullName"], "Skjorta");
  EXPECT_EQ(sv["IsFullNameInherited"], false);
  EXPECT_EQ(sv["IsTranslated"], true);
  Json en = culture_of(c, "en-US");
  EXPECT_EQ(en["Name"], "Shirt");
  EXPECT_TRUE(en["Description"].is_null());

  // A Cultures entry changes only what it carries.
  s.update(path_of(id), {{"Code", "SHIRT"}, {"Name", "Shirt"}, {"Cultures", {{{"CultureCode", "sv-SE"}, {"Name", "Skjortan"}}}}});
  sv = culture_of(s.fetch(path_of(id)), "sv-SE");
  EXPECT_EQ(sv["Name"], "Skjortan");
  EXPECT_EQ(sv["Description"], "Bomull");

  // Read, edit the Swedish name inside Cultures, write back: the edit wins over the unchanged top-level copy.
  Json doc = s.fetch(path_of(id));
  for (auto& e : doc["Cultures"])
    if (e["CultureCode"] == "sv-SE") e["Name"] = "Tröja";
  s.update(path_of(id), doc);
  c = s.fetch(path_of(id));
  EXPECT_EQ(culture_of(c, "sv-SE")["Name"], "Tröja");
  EXPECT_EQ(c["Name"], "Shirt");

  // Clearing the Swedish name makes it inherit again.
  doc = s.fetch(path_of(id));
  for (auto& e : doc["Cultures"])
    if (e["CultureCode"] == "sv-SE") e["Name"] = nullptr;
  s.update(path_of(id), doc);
  sv = culture_of(s.fetch(path_of(id)), "sv-SE");
  EXPECT_TRUE(sv["Name"].is_null());
  EXPECT_EQ(sv["IsNameInherited"], true);
  EXPECT_EQ(sv["Description"], "Bomull");
}

TEST_F(CategoryTest, InsertWithTextsOnlyInCulturesKeepsThem) {
  // Texts given only through Cultures[] (no top-level Name) are the texts the client wrote.
  Session s = server().new_tenant("cat-cultures-only");
  int64_t id = s.create("/api/category", {{"Code", "CO"},
                                          {"Cultures",
                                           {{{"CultureCode", "en-US"}, {"Name", "Shirt"}},
                                            {{"CultureCode", "sv-SE"}, {"Name", "Skjorta"}}}}});
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(culture_of(c, "en-US")["Name"], "Shirt");
  EXPECT_EQ(culture_of(c, "sv-SE")["Name"], "Skjorta");
  EXPECT_EQ(c["Name"], "Shirt");
  EXPECT_EQ(c["FullName"], "Shirt");

  Session sv = server().new_tenant("cat-cultures-only-sv", "sv-SE");
  int64_t sid = sv.create("/api/category", {{"Code", "CO"},
                                            {"Cultures",
                                             {{{"CultureCode", "en-US"}, {"Name", "Shirt"}},
                                              {{"CultureCode", "sv-SE"}, {"Name", "Skjorta"}}}}});
  Json d = sv.fetch(path_of(sid));
  EXPECT_EQ(culture_of(d, "sv-SE")["Name"], "Skjorta");
  EXPECT_EQ(d["Name"], "Skjorta");
  EXPECT_EQ(d["IsNameInherited"], false);
  EXPECT_EQ(d["DefaultName"], "Shirt");
}

TEST_F(CategoryTest, CulturesMustBeTheClients) {
  Session s = server().new_tenant("cat-cult-bad");
  expect_field_error(
      s.post("/api/category", {{"Code", "DE"}, {"Name", "x"}, {"Cultures", {{{"CultureCode", "de-DE"}, {"Name", "y"}}}}}),
      "Cultures[0].CultureCode");
  expect_field_error(
      s.post("/api/category", {{"Code", "XX"}, {"Name", "x"}, {"Cultures", {{{"CultureCode", "xx-XX"}, {"Name", "y"}}}}}),
      "Cultures[0].CultureCode");
  expect_field_error(s.post("/api/category", {{"Code", "NC"}, {"Name", "x"}, {"Cultures", {{{"Name", "y"}}}}}),
                     "Cultures[0].CultureCode");
  expect_field_error(
      s.post("/api/category",
             {{"Code", "LONG"}, {"Name", "x"}, {"Cultures", {{{"CultureCode", "sv-SE"}, {"Name", std::string(51, 'n')}}}}}),
      "Cultures[0].Name");
  expect_field_error(s.post("/api/category", {{"Code", "SECOND"},
                                              {"Name", "x"},
                                              {"Cultures",
                                               {{{"CultureCode", "sv-SE"}, {"Name", "ok"}},
                                                {{"CultureCode", "fi-FI"}, {"Name", "ei"}}}}}),
                     "Cultures[1].CultureCode");
  EXPECT_TRUE(s.fetch("/api/category").empty());
}

TEST_F(CategoryTest, SwedishApplicationFallsBackToDefaultCulture) {
  // An application in sv-SE of a client whose default culture is en-US.
  Session s = server().new_tenant("cat-sv", "sv-SE");
  int64_t id = s.create("/api/category", {{"Code", "SKO"}, {"DefaultName", "Shoes"}, {"DefaultDescription", "Nice"}});
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Shoes");
  EXPECT_EQ(c["IsNameInherited"], true);
  EXPECT_EQ(c["DefaultName"], "Shoes");
  EXPECT_EQ(c["Description"], "Nice");
  EXPECT_EQ(c["IsDescriptionInherited"], true);
  EXPECT_EQ(c["FullName"], "Shoes");
  EXPECT_EQ(c["IsFullNameInherited"], true);
  EXPECT_EQ(c["DefaultFullName"], "Shoes");
  ASSERT_EQ(c["Cultures"].size(), 2u) << c["Cultures"].dump();
  EXPECT_EQ(culture_of(c, "en-US")["Name"], "Shoes");
  EXPECT_EQ(culture_of(c, "en-US")["IsNameInherited"], false);
  EXPECT_TRUE(culture_of(c, "sv-SE")["Name"].is_null());
  EXPECT_EQ(culture_of(c, "sv-SE")["IsNameInherited"], true);
  EXPECT_EQ(culture_of(c, "sv-SE")["IsTranslated"], false);
  // Compact shows the fallback name too.
  Json compact = s.fetch("/api/category/compact");
  ASSERT_EQ(compact.size(), 1u);
  EXPECT_EQ(compact[0]["Name"], "Shoes");

  // Writing Name writes the application's culture (sv-SE); the default text stays.
  s.update(path_of(id), {{"Code", "SKO"}, {"DefaultName", "Shoes"}, {"Name", "Skor"}});
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Skor");
  EXPECT_EQ(c["IsNameInherited"], false);
  EXPECT_EQ(c["DefaultName"], "Shoes");
  EXPECT_EQ(c["FullName"], "Skor");
  EXPECT_EQ(c["IsFullNameInherited"], false);
  EXPECT_EQ(c["DefaultFullName"], "Shoes");
  EXPECT_EQ(culture_of(c, "sv-SE")["Name"], "Skor");
  EXPECT_EQ(culture_of(c, "sv-SE")["IsTranslated"], true);
  EXPECT_EQ(culture_of(c, "en-US")["Name"], "Shoes");
  EXPECT_EQ(s.fetch("/api/category/compact")[0]["Name"], "Skor");

  // Name null clears the Swedish text: back to the fallback.
  s.update(path_of(id), {{"Code", "SKO"}, {"DefaultName", "Shoes"}, {"Name", nullptr}});
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Shoes");
  EXPECT_EQ(c["IsNameInherited"], true);
  EXPECT_TRUE(culture_of(c, "sv-SE")["Name"].is_null());

  // DefaultName writes the default culture.
  s.update(path_of(id), {{"Code", "SKO"}, {"DefaultName", "Footwear"}});
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Footwear");
  EXPECT_EQ(c["IsNameInherited"], true);
  EXPECT_EQ(culture_of(c, "en-US")["Name"], "Footwear");
}

TEST_F(CategoryTest, SwedishApplicationReadModifyWriteKeepsInheritance) {
  Session s = server().new_tenant("cat-sv-rmw", "sv-SE");
  int64_t id = s.create("/api/category", {{"Code", "RMW"}, {"DefaultName", "Shoes"}});
  // Write back what was read with only SortOrder changed: the name stays inherited, not copied.
  Json doc = s.fetch(path_of(id));
  ASSERT_EQ(doc["IsNameInherited"], true);
  doc["SortOrder"] = 9;
  s.update(path_of(id), doc);
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["SortOrder"], 9);
  EXPECT_EQ(c["Name"], "Shoes");
  EXPECT_EQ(c["IsNameInherited"], true);
  EXPECT_TRUE(culture_of(c, "sv-SE")["Name"].is_null());
  // An edit of the default culture inside Cultures[] wins over the unchanged DefaultName sent with it.
  doc = s.fetch(path_of(id));
  for (auto& e : doc["Cultures"])
    if (e["CultureCode"] == "en-US") e["Name"] = "Trainers";
  s.update(path_of(id), doc);
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["DefaultName"], "Trainers");
  EXPECT_EQ(c["Name"], "Trainers");
  EXPECT_EQ(c["IsNameInherited"], true);
  // After the default text changes, the inherited name follows it.
  Json en_doc = c;
  en_doc["DefaultName"] = "Sneakers";
  s.update(path_of(id), en_doc);
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["DefaultName"], "Sneakers");
  EXPECT_EQ(c["Name"], "Sneakers");
  EXPECT_EQ(c["IsNameInherited"], true);

  // Editing Name in the document (flag still true) gives sv-SE its own text.
  doc = s.fetch(path_of(id));
  doc["Name"] = "Gympaskor";
  s.update(path_of(id), doc);
  c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Gympaskor");
  EXPECT_EQ(c["IsNameInherited"], false);
  EXPECT_EQ(c["DefaultName"], "Sneakers");
}

TEST_F(CategoryTest, SwedishApplicationExplicitCopyOfDefaultText) {
  Session s = server().new_tenant("cat-sv-copy", "sv-SE");
  int64_t id = s.create("/api/category", {{"Code", "COPY"}, {"DefaultName", "Jeans"}});
  // The same text as the default, but explicitly not inherited: an own copy.
  s.update(path_of(id), {{"Code", "COPY"}, {"DefaultName", "Jeans"}, {"Name", "Jeans"}, {"IsNameInherited", false}});
  Json c = s.fetch(path_of(id));
  EXPECT_EQ(c["Name"], "Jeans");
  EXPECT_EQ(c["IsNameInherited"], false);
  EXPECT_EQ(culture_of(c, "sv-SE")["Name"], "Jeans");
}

TEST_F(CategoryTest, SwedishFullNameMixesOwnAndInheritedNames) {
  Session s = server().new_tenant("cat-sv-full", "sv-SE");
  int64_t root = s.create("/api/category", {{"Code", "R"}, {"DefaultName", "Clothing"}, {"Name", "Kläder"}});
  int64_t child = s.create("/api/category", {{"Code", "C"}, {"DefaultName", "Men"}, {"ParentId", root}});
  Json c = s.fetch(path_of(child));
  EXPECT_EQ(c["Name"], "Men");
  EXPECT_EQ(c["IsNameInherited"], true);
  EXPECT_EQ(c["DefaultFullName"], "Clothing - Men");
  EXPECT_EQ(c["FullName"], "Kläder - Men");
  EXPECT_EQ(c["ParentName"], "Kläder");
  EXPECT_EQ(culture_of(c, "sv-SE")["FullName"], "Kläder - Men");
  EXPECT_EQ(culture_of(c, "en-US")["FullName"], "Clothing - Men");
}

TEST_F(CategoryTest, DeletedListShowsOnlySoftDeletedInIdOrder) {
  Session s = server().new_tenant("cat-deleted");
  int64_t d1 = s.create("/api/category", {{"Code", "D1"}, {"Name", "One"}, {"IsActive", false}});
  s.create("/api/category", {{"Code", "A1"}, {"Name", "Active"}});
  int64_t d2 = s.create("/api/category", {{"Code", "D2"}, {"Name", "Two"}, {"IsActive", false}, {"ParentId", d1}});
  Json deleted = s.fetch("/api/category/deleted");
  ASSERT_EQ(ids_of(deleted), (std::vector<int64_t>{d1, d2}));
  EXPECT_EQ(deleted[1]["FullName"], "One - Two");
  EXPECT_EQ(deleted[1]["ParentCode"], "D1");
  EXPECT_EQ(check_id_numbering(deleted), "");
}

// The demo catalog (--demo): 11 categories with Swedish names and two own VAT codes.
class CategoryDemoTest : public ServerFixture<CategoryDemoTest> {
 public:
  static ServerConfig config() { return {.demo = true, .extra_args = {}}; }
};

TEST_F(CategoryDemoTest, DemoTreeIsSeeded) {
  Session s = server().default_session();
  Json compact = s.fetch("/api/category/compact");
  ASSERT_EQ(compact.size(), 11u) << compact.dump();
  std::vector<std::string> codes;
  for (const auto& c : compact) codes.push_back(c["Code"]);
  EXPECT_EQ(codes, (std::vector<std::string>{"CLOTHING", "CLOTHING-MEN", "MEN-SHIRTS", "MEN-TROUSERS",
                                             "CLOTHING-WOMEN", "WOMEN-DRESSES", "ELECTRONICS", "ELEC-PHONES",
                                             "ELEC-HEADPHONES", "BOOKS", "FOOD"}));
  int64_t shirts = compact[2]["Id"];
  Json c = s.fetch(path_of(shirts));
  EXPECT_EQ(c["Name"], "Shirts");
  EXPECT_EQ(c["FullName"], "Clothing - Men - Shirts");
  EXPECT_EQ(c["ParentCode"], "CLOTHING-MEN");
  EXPECT_EQ(c["ParentName"], "Men");
  EXPECT_EQ(culture_of(c, "sv-SE")["Name"], "Skjortor");
  EXPECT_EQ(culture_of(c, "sv-SE")["FullName"], "Kläder - Herr - Skjortor");
  EXPECT_EQ(s.fetch("/api/category").size(), 11u);
  EXPECT_TRUE(s.fetch("/api/category/deleted").empty());

  Json books = s.fetch(path_of(compact[9]["Id"]));
  EXPECT_EQ(books["VatCodeId"], 3);
  EXPECT_EQ(books["VatCodeName"], "Reduced 6%");
  EXPECT_EQ(books["VatCodeValue"], 6);
  Json food = s.fetch(path_of(compact[10]["Id"]));
  EXPECT_EQ(food["VatCodeId"], 2);
  EXPECT_EQ(food["VatCodeValue"], 12);
  Json phones = s.fetch(path_of(compact[7]["Id"]));
  EXPECT_TRUE(phones["VatCodeId"].is_null());
  EXPECT_EQ(phones["IsVatCodeIdInherited"], true);
}

TEST_F(CategoryDemoTest, RenamingARootRenamesTheSubtree) {
  Session s = server().default_session();
  Json compact = s.fetch("/api/category/compact");
  ASSERT_EQ(compact.size(), 11u);
  int64_t clothing = compact[0]["Id"];
  Json root = s.fetch(path_of(clothing));
  root["Name"] = "Apparel";
  s.update(path_of(clothing), root);
  std::set<std::string> full_names;
  for (const auto& c : s.fetch("/api/category")) full_names.insert(c["FullName"].get<std::string>());
  for (const char* expected : {"Apparel", "Apparel - Men", "Apparel - Men - Shirts", "Apparel - Men - Trousers",
                               "Apparel - Women", "Apparel - Women - Dresses", "Electronics - Phones", "Books"})
    EXPECT_EQ(full_names.count(expected), 1u) << expected;
  EXPECT_EQ(full_names.count("Clothing - Men - Shirts"), 0u);
  // The Swedish path did not change: only the en-US name was written.
  Json shirts = s.fetch(path_of(compact[2]["Id"]));
  EXPECT_EQ(culture_of(shirts, "sv-SE")["FullName"], "Kläder - Herr - Skjortor");
  EXPECT_EQ(culture_of(shirts, "en-US")["FullName"], "Apparel - Men - Shirts");
}

}  // namespace
}  // namespace api
