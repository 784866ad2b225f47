// The write path against wrong and extreme input: every member of every writable model with a value of each
// wrong JSON kind (derived from the served /openapi.json, so a new member is covered without editing this
// file), nested members, huge error lists, deep hierarchies and the price-list type default. No client input
// may produce a 5xx.
#include <string>
#include <vector>

#include "api/harness.hpp"

namespace api {
namespace {

constexpr const char* kCategories = "/api/category";
constexpr const char* kPriceLists = "/api/pricing/pricelist";

// Characters (Unicode code points) of UTF-8 text.
size_t chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// True when `errors` names `member` itself or something inside it ("VatCodes[0].SalesAreaId").
bool names_member(const Json& errors, const std::string& member) {
  for (auto it = errors.begin(); it != errors.end(); ++it) {
    const std::string& k = it.key();
    if (k == member || k.rfind(member + "[", 0) == 0 || k.rfind(member + ".", 0) == 0) return true;
  }
  return false;
}

class WritePathTest : public ServerFixture<WritePathTest> {
 protected:
  static std::string unique(const std::string& prefix) {
    static int n = 0;
    return prefix + "-" + std::to_string(++n);
  }
};

// Decode before rules: null, a string, a number, an array and an object for every member of CategoryModel and
// PriceListModel. The answer is 400 naming the member, or 200 where the member is ignored on input (readOnly)
// or the value fits it; never a 5xx.
TEST_F(WritePathTest, EveryMemberWithEveryWrongKindIs400Or200NeverA5xx) {
  Session s = server().new_tenant("shapes");
  Json doc = server().request("GET", "/openapi.json").json();
  struct Target {
    const char* model;
    const char* path;
    Json base;
  };
  const std::vector<Target> targets = {
      {"CategoryModel", kCategories, Json{{"Name", "Shape"}}},
      {"PriceListModel", kPriceLists, Json{{"Name", "Shape"}, {"TypeId", 1}, {"CurrencyId", 1}}},
  };
  for (const auto& t : targets) {
    const Json& props = doc["components"]["schemas"][t.model]["properties"];
    ASSERT_TRUE(props.is_object() && props.size() > 30) << t.model;
    for (auto it = props.begin(); it != props.end(); ++it) {
      const std::string member = it.key();
      const bool read_only = it.value().value("readOnly", false);
      // A string unique per request, so Code never collides (409) with an earlier success.
      for (Json value : {Json(nullptr), Json(unique("s")), Json(12345), Json::array(), Json::object()}) {
        Json body = t.base;
        body["Code"] = unique("SHAPE");
        body[member] = value;
        Reply r = s.post(t.path, body);
        SCOPED_TRACE(std::string(t.model) + "." + member + " = " + value.dump() + " -> " + r.describe());
        ASSERT_GT(r.status, 0);
        ASSERT_LT(r.status, 500);
        if (read_only) {
          EXPECT_EQ(r.status, 200) << "a member ignored on input must not fail the request";
          continue;
        }
        if (r.status == 200) continue;
        ASSERT_EQ(r.status, 400);
        Json problem = r.json();
        ASSERT_TRUE(problem.contains("errors"));
        EXPECT_TRUE(names_member(problem["errors"], member));
      }
    }
  }
}

// The defect that started it: IsVirtual of another kind than boolean reached a rule (500).
TEST_F(WritePathTest, IsVirtualOfAnotherKindIs400) {
  Session s = server().default_session();
  for (Json value : {Json(nullptr), Json("true"), Json(1), Json::array(), Json::object()}) {
    Reply r = s.post(kPriceLists, {{"Code", unique("VIRT")}, {"Name", "v"}, {"TypeId", 1}, {"CurrencyId", 1},
                                   {"IsVirtual", value}});
    expect_field_error(r, "IsVirtual");
  }
}

TEST_F(WritePathTest, VatCodesEntryNeedsASalesAreaId) {
  Session s = server().default_session();
  Reply null_area = s.post(kCategories, {{"Code", unique("VAT")}, {"VatCodes", Json::parse(R"([{"SalesAreaId":null}])")}});
  expect_field_error(null_area, "VatCodes[0].SalesAreaId");
  Reply missing = s.post(kCategories, {{"Code", unique("VAT")}, {"VatCodes", Json::parse(R"([{},{"SalesAreaId":1}])")}});
  expect_field_error(missing, "VatCodes[0].SalesAreaId");
  Reply text = s.post(kCategories, {{"Code", unique("VAT")}, {"VatCodes", Json::parse(R"([{"SalesAreaId":"1"}])")}});
  expect_field_error(text, "VatCodes[0].SalesAreaId");
  Reply bad_vat = s.post(kCategories,
                         {{"Code", unique("VAT")}, {"VatCodes", Json::parse(R"([{"SalesAreaId":1,"VatCodeId":[]}])")}});
  expect_field_error(bad_vat, "VatCodes[0].VatCodeId");
}

// 120,000 Cultures entries without a CultureCode: one error each, grouped in linear time, the first 100
// members listed and the rest counted in errorsOmitted.
TEST_F(WritePathTest, HugeErrorListsAreCappedAndCounted) {
  Session s = server().default_session();
  constexpr int kEntries = 120'000;
  std::string body = R"({"Code":"MANY","Name":"Many","Cultures":[)";
  body.reserve(kEntries * 3 + 64);
  for (int i = 0; i < kEntries; ++i) body += i ? ",{}" : "{}";
  body += "]}";
  ASSERT_GT(body.size(), 350'000u);
  Reply r = s.post_raw(kCategories, body);
  Json problem = expect_problem(r, 400);
  ASSERT_TRUE(problem["errors"].is_object()) << r.describe().substr(0, 500);
  EXPECT_EQ(problem["errors"].size(), 100u);
  EXPECT_TRUE(problem["errors"].contains("Cultures[0].CultureCode"));
  EXPECT_TRUE(problem["errors"].contains("Cultures[99].CultureCode"));
  EXPECT_FALSE(problem["errors"].contains("Cultures[100].CultureCode"));
  EXPECT_EQ(problem["errorsOmitted"], kEntries - 100);
  // Below the cap there is no errorsOmitted member.
  Reply few = s.post(kCategories, {{"Code", 5}, {"Name", 6}});
  Json small = expect_problem(few, 400);
  EXPECT_FALSE(small.contains("errorsOmitted"));
  EXPECT_EQ(small["errors"].size(), 2u);
}

// PriceList.TypeId may be left out (or 0): the list gets the client's standard type.
TEST_F(WritePathTest, PriceListWithoutTypeGetsTheStandardType) {
  Session s = server().new_tenant("std-type");
  int64_t standard = 0;
  for (const auto& t : s.fetch("/api/pricing/clientpricelisttype"))
    if (t["Code"] == "STANDARD") standard = t["Id"].get<int64_t>();
  ASSERT_NE(standard, 0);
  int64_t missing = s.create(kPriceLists, {{"Code", "NOTYPE"}, {"Name", "No type"}, {"CurrencyId", 1}});
  EXPECT_EQ(s.fetch(std::string(kPriceLists) + "/" + std::to_string(missing))["TypeId"], standard);
  EXPECT_EQ(s.fetch(std::string(kPriceLists) + "/" + std::to_string(missing))["TypeName"], "Standard");
  int64_t zero = s.create(kPriceLists, {{"Code", "ZEROTYPE"}, {"Name", "Zero"}, {"TypeId", 0}, {"CurrencyId", 1}});
  EXPECT_EQ(s.fetch(std::string(kPriceLists) + "/" + std::to_string(zero))["TypeId"], standard);
  // A PUT without it also lands on the standard type; other types and null are still checked.
  s.update(std::string(kPriceLists) + "/" + std::to_string(zero), {{"Code", "ZEROTYPE"}, {"Name", "Z"}, {"CurrencyId", 1}});
  EXPECT_EQ(s.fetch(std::string(kPriceLists) + "/" + std::to_string(zero))["TypeId"], standard);
  expect_field_error(s.post(kPriceLists, {{"Code", "BADTYPE"}, {"TypeId", 99}, {"CurrencyId", 1}}), "TypeId");
  expect_field_error(s.post(kPriceLists, {{"Code", "NULLTYPE"}, {"TypeId", nullptr}, {"CurrencyId", 1}}), "TypeId");
}

// --max-hierarchy-depth bounds parent chains; FullName stays within its 500 characters however deep.
class HierarchyTest : public ServerFixture<HierarchyTest> {
 public:
  static constexpr int kMaxDepth = 14;
  static ServerConfig config() { return {false, {"--max-hierarchy-depth", std::to_string(kMaxDepth)}}; }
};

TEST_F(HierarchyTest, CategoryChainsStopAtTheMaximumDepth) {
  Session s = server().new_tenant("cat-depth");
  std::vector<int64_t> chain;
  for (int level = 1; level <= kMaxDepth; ++level) {
    Json body = {{"Code", "L" + std::to_string(level)}, {"Name", "Level " + std::to_string(level)}};
    if (!chain.empty()) body["ParentId"] = chain.back();
    chain.push_back(s.create(kCategories, body));
  }
  expect_field_error(s.post(kCategories, {{"Code", "TOO-DEEP"}, {"ParentId", chain.back()}}), "ParentId");
  // Moving a subtree: a root with one child (2 levels) fits under level kMaxDepth-2, not under kMaxDepth-1.
  int64_t top = s.create(kCategories, {{"Code", "SUB"}});
  s.create(kCategories, {{"Code", "SUB-CHILD"}, {"ParentId", top}});
  expect_field_error(s.put(std::string(kCategories) + "/" + std::to_string(top),
                           {{"Code", "SUB"}, {"ParentId", chain[kMaxDepth - 2]}}),
                     "ParentId");
  s.update(std::string(kCategories) + "/" + std::to_string(top), {{"Code", "SUB"}, {"ParentId", chain[kMaxDepth - 3]}});
  // An unchanged parent is not re-checked, and other members still update.
  s.update(std::string(kCategories) + "/" + std::to_string(chain.back()),
           {{"Code", "L14"}, {"Name", "Renamed"}, {"ParentId", chain[kMaxDepth - 2]}});
}

TEST_F(HierarchyTest, PriceListChainsStopAtTheMaximumDepth) {
  Session s = server().new_tenant("pl-depth");
  std::vector<int64_t> chain;
  for (int level = 1; level <= kMaxDepth; ++level) {
    Json body = {{"Code", "P" + std::to_string(level)}, {"Name", "p"}, {"TypeId", 1}, {"CurrencyId", 1}};
    if (!chain.empty()) body["ParentPriceListId"] = chain.back();
    chain.push_back(s.create(kPriceLists, body));
  }
  expect_field_error(s.post(kPriceLists, {{"Code", "PX"}, {"TypeId", 1}, {"CurrencyId", 1},
                                          {"ParentPriceListId", chain.back()}}),
                     "ParentPriceListId");
  // Re-rooting the top of the chain under a list of another chain makes it one level deeper.
  int64_t other = s.create(kPriceLists, {{"Code", "OTHER"}, {"TypeId", 1}, {"CurrencyId", 1}});
  expect_field_error(s.put(std::string(kPriceLists) + "/" + std::to_string(chain.front()),
                           {{"Code", "P1"}, {"TypeId", 1}, {"CurrencyId", 1}, {"ParentPriceListId", other}}),
                     "ParentPriceListId");
}

TEST_F(HierarchyTest, FullNameNeverExceeds500CharactersAndKeepsTheLeafEnd) {
  Session s = server().new_tenant("cat-fullname");
  std::vector<int64_t> chain;
  std::vector<std::string> names;
  for (int level = 1; level <= kMaxDepth; ++level) {
    // 50 characters, the maximum of Name, with non-ASCII ones to count characters rather than bytes.
    std::string name = "Å" + std::string(46, 'a' + level % 26) + "-" + (level < 10 ? "0" : "") + std::to_string(level);
    ASSERT_EQ(chars(name), 50u);
    Json body = {{"Code", "F" + std::to_string(level)}, {"Name", name},
                 {"Cultures", Json::array({{{"CultureCode", "sv-SE"}, {"Name", name}}})}};
    if (!chain.empty()) body["ParentId"] = chain.back();
    chain.push_back(s.create(kCategories, body));
    names.push_back(name);
  }
  const std::string leaf_end = names[kMaxDepth - 2] + " - " + names[kMaxDepth - 1];
  auto check = [&](const Json& c) {
    for (const char* member : {"FullName", "DefaultFullName"}) {
      ASSERT_TRUE(c[member].is_string()) << member;
      const std::string v = c[member];
      EXPECT_LE(chars(v), 500u) << member;
      EXPECT_EQ(v.rfind("\xE2\x80\xA6 - ", 0), 0u) << member << ": " << v;
      EXPECT_EQ(v.substr(v.size() - leaf_end.size()), leaf_end) << member;
    }
    for (const auto& culture : c["Cultures"])
      if (culture["FullName"].is_string()) EXPECT_LE(chars(culture["FullName"].get<std::string>()), 500u);
  };
  check(s.fetch(std::string(kCategories) + "/" + std::to_string(chain.back())));
  for (const auto& c : s.fetch(kCategories))
    for (const char* member : {"FullName", "DefaultFullName"})
      if (c[member].is_string()) EXPECT_LE(chars(c[member].get<std::string>()), 500u);
  // Short chains are unchanged: "Root - Child".
  Json second = s.fetch(std::string(kCategories) + "/" + std::to_string(chain[1]));
  EXPECT_EQ(second["FullName"], names[0] + " - " + names[1]);
}

}  // namespace
}  // namespace api
