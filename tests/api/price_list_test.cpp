// PriceList: Get, Update, List (filters open/active/inactive, search, paging) and Insert, derived members,
// validation rules; and the client reference data price lists point at (currencies, price list types).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "api/harness.hpp"

namespace api {
namespace {

const std::vector<std::string> kPriceListMembers = {
    "$id", "Id", "PriceListId", "Name", "Description", "Code", "ImageKey", "ImageUrl", "TypeId", "TypeName",
    "PriceRuleName", "StartDate", "EndDate", "CurrencyId", "CurrencyCode", "CurrencyName", "SalesAreaId",
    "SalesAreaName", "SalesAreaIdIsInherited", "InheritedSalesAreaName", "DefaultPriceRuleId",
    "DefaultPriceRuleValue", "DefaultSupplementChargePercentage", "DefaultSupplementCharge",
    "DefaultMinimumProductMarginPercentage", "DefaultLimitToPriceRecommended", "InheritStructureCalculationRule",
    "ParentPriceListId", "ParentPriceListName", "PopulationRuleId", "PopulationRuleName", "ChosenWarehouseId",
    "ChosenLocationId", "IsPrimary", "IsPublic", "IsNotStarted", "IsEnded", "IsVirtual", "IsLimitedToStock",
    "IsFavorite", "IsActive", "Changed", "ChangedBy"};

constexpr const char* kPast = "2000-01-01T00:00:00Z";
constexpr const char* kPastEnd = "2000-12-31T00:00:00Z";
constexpr const char* kFuture = "2099-01-01T00:00:00Z";
constexpr const char* kList = "/api/pricing/pricelist";

std::vector<std::string> keys_of(const Json& o) {
  std::vector<std::string> out;
  for (auto it = o.begin(); it != o.end(); ++it) out.push_back(it.key());
  return out;
}

std::vector<int64_t> ids_of(const Json& list) {
  std::vector<int64_t> out;
  if (!list.is_array()) {
    ADD_FAILURE() << "not a list: " << list.dump();
    return out;
  }
  for (const auto& item : list) out.push_back(item["Id"].get<int64_t>());
  return out;
}

std::string path_of(int64_t id) { return std::string(kList) + "/" + std::to_string(id); }

// A valid price list body: the required members plus `extra`.
Json body(const std::string& code, const std::string& name, Json extra = Json::object()) {
  Json b = {{"Code", code}, {"Name", name}, {"TypeId", 1}, {"CurrencyId", 1}};
  for (auto it = extra.begin(); it != extra.end(); ++it) b[it.key()] = it.value();
  return b;
}

// A whole second at least `ahead` from now, as ISO 8601 UTC, and that instant.
std::pair<std::string, std::chrono::system_clock::time_point> iso_after(std::chrono::seconds ahead) {
  auto t = std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::now() + ahead);
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return {buf, t};
}

class PriceListTest : public ServerFixture<PriceListTest> {
 protected:
  static std::string unique(const std::string& prefix) {
    static int n = 0;
    return prefix + "-" + std::to_string(++n);
  }
};

TEST_F(PriceListTest, InsertReturnsIdAndGetShowsTheModel) {
  Session s = server().new_tenant("pl-min");
  Reply post = s.post(kList, {{"Name", "Retail"}, {"Code", "RET"}, {"TypeId", 1}, {"CurrencyId", 1}});
  ASSERT_EQ(post.status, 200) << post.describe();
  ASSERT_TRUE(std::regex_match(post.body, std::regex("[1-9][0-9]*"))) << post.body;
  int64_t id = std::stoll(post.body);
  Json p = s.fetch(path_of(id));
  EXPECT_EQ(keys_of(p), kPriceListMembers);
  EXPECT_EQ(p["$id"], "1");
  EXPECT_EQ(p["Id"], id);
  EXPECT_EQ(p["PriceListId"], id);
  EXPECT_EQ(p["Name"], "Retail");
  EXPECT_TRUE(p["Description"].is_null());
  EXPECT_EQ(p["Code"], "RET");
  EXPECT_EQ(p["TypeId"], 1);
  EXPECT_EQ(p["TypeName"], "Standard");
  EXPECT_TRUE(p["PriceRuleName"].is_null());
  EXPECT_TRUE(p["StartDate"].is_null());
  EXPECT_TRUE(p["EndDate"].is_null());
  EXPECT_EQ(p["CurrencyId"], 1);
  EXPECT_EQ(p["CurrencyCode"], "SEK");
  EXPECT_EQ(p["CurrencyName"], "Swedish krona");
  EXPECT_TRUE(p["SalesAreaId"].is_null());
  EXPECT_TRUE(p["SalesAreaName"].is_null());
  EXPECT_EQ(p["SalesAreaIdIsInherited"], true);
  EXPECT_EQ(p["InheritedSalesAreaName"], "Sweden");
  EXPECT_TRUE(p["DefaultPriceRuleId"].is_null());
  EXPECT_EQ(p["DefaultSupplementChargePercentage"], 0);
  EXPECT_EQ(p["InheritStructureCalculationRule"], 0);
  EXPECT_TRUE(p["ParentPriceListId"].is_null());
  EXPECT_TRUE(p["ParentPriceListName"].is_null());
  EXPECT_EQ(p["PopulationRuleId"], 0);
  EXPECT_EQ(p["IsPrimary"], false);
  EXPECT_EQ(p["IsPublic"], false);
  EXPECT_EQ(p["IsNotStarted"], false);
  EXPECT_EQ(p["IsEnded"], false);
  EXPECT_EQ(p["IsVirtual"], false);
  EXPECT_TRUE(p["IsLimitedToStock"].is_null());
  EXPECT_EQ(p["IsFavorite"], false);
  EXPECT_EQ(p["IsActive"], true);
  EXPECT_EQ(p["ChangedBy"], "System");
  EXPECT_TRUE(std::regex_match(p["Changed"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z)")))
      << p["Changed"];
}

TEST_F(PriceListTest, InsertStoresEveryWritableMember) {
  Session s = server().default_session();
  std::string code = unique("ALL");
  std::string raw = R"({"Code":")" + code + R"(","Name":"Everything","Description":"All members",
    "ImageKey":"3F2504E0-4F89-11D3-9A0C-0305E82C3301","ImageUrl":"/img/pl.png","TypeId":3,
    "StartDate":"2001-02-03T04:05:06Z","EndDate":"2098-07-08T09:10:11.5Z","CurrencyId":2,"SalesAreaId":1,
    "DefaultPriceRuleId":2,"DefaultPriceRuleValue":9.99,"DefaultSupplementChargePercentage":12.345678901234567890,
    "DefaultSupplementCharge":100.00,"DefaultMinimumProductMarginPercentage":-5.5,
    "DefaultLimitToPriceRecommended":true,"InheritStructureCalculationRule":2,"PopulationRuleId":7,
    "ChosenWarehouseId":3,"ChosenLocationId":4,"IsPrimary":true,"IsPublic":true,"IsLimitedToStock":false,
    "IsFavorite":true,"IsActive":true})";
  Reply post = s.post_raw(kList, raw);
  ASSERT_EQ(post.status, 200) << post.describe();
  int64_t id = std::stoll(post.body);
  Reply get = s.get(path_of(id));
  ASSERT_EQ(get.status, 200) << get.describe();
  Json p = get.json();
  EXPECT_EQ(p["Description"], "All members");
  EXPECT_EQ(p["ImageKey"], "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
  EXPECT_EQ(p["ImageUrl"], "/img/pl.png");
  EXPECT_EQ(p["TypeId"], 3);
  EXPECT_EQ(p["TypeName"], "Customer agreement");
  EXPECT_EQ(p["StartDate"], "2001-02-03T04:05:06Z");
  EXPECT_EQ(p["EndDate"], "2098-07-08T09:10:11.5Z");
  EXPECT_EQ(p["CurrencyId"], 2);
  EXPECT_EQ(p["CurrencyCode"], "EUR");
  EXPECT_EQ(p["CurrencyName"], "Euro");
  EXPECT_EQ(p["SalesAreaId"], 1);
  EXPECT_EQ(p["SalesAreaName"], "Sweden");
  EXPECT_EQ(p["SalesAreaIdIsInherited"], false);
  EXPECT_EQ(p["DefaultPriceRuleId"], 2);
  EXPECT_EQ(p["DefaultLimitToPriceRecommended"], true);
  EXPECT_EQ(p["InheritStructureCalculationRule"], 2);
  EXPECT_EQ(p["PopulationRuleId"], 7);
  EXPECT_EQ(p["ChosenWarehouseId"], 3);
  EXPECT_EQ(p["ChosenLocationId"], 4);
  EXPECT_EQ(p["IsPrimary"], true);
  EXPECT_EQ(p["IsPublic"], true);
  EXPECT_EQ(p["IsLimitedToStock"], false);
  EXPECT_EQ(p["IsFavorite"], true);
  EXPECT_EQ(p["IsNotStarted"], false);
  EXPECT_EQ(p["IsEnded"], false);
  // Decimals exactly as written.
  EXPECT_NE(get.body.find(R"("DefaultSupplementChargePercentage":12.345678901234567890,)"), std::string::npos)
      << get.body;
  EXPECT_NE(get.body.find(R"("DefaultPriceRuleValue":9.99,)"), std::string::npos) << get.body;
  EXPECT_NE(get.body.find(R"("DefaultSupplementCharge":100.00,)"), std::string::npos) << get.body;
  EXPECT_NE(get.body.find(R"("DefaultMinimumProductMarginPercentage":-5.5,)"), std::string::npos) << get.body;
}

TEST_F(PriceListTest, PutUpdatesAndReplacesTheModel) {
  Session s = server().default_session();
  std::string code = unique("PUT");
  int64_t id = s.create(kList, body(code, "Before",
                                    {{"Description", "old"},
                                     {"IsPublic", true},
                                     {"SalesAreaId", 1},
                                     {"DefaultSupplementChargePercentage", 5},
                                     {"StartDate", kPast}}));
  Json before = s.fetch(path_of(id));
  Reply put = s.put(path_of(id), body(code, "After", {{"TypeId", 2}, {"CurrencyId", 5}}));
  ASSERT_EQ(put.status, 200) << put.describe();
  EXPECT_EQ(put.body, std::to_string(id));
  Json p = s.fetch(path_of(id));
  EXPECT_EQ(p["Name"], "After");
  EXPECT_EQ(p["TypeName"], "Campaign");
  EXPECT_EQ(p["CurrencyCode"], "USD");
  EXPECT_EQ(p["CurrencyName"], "US dollar");
  EXPECT_TRUE(p["Description"].is_null());
  EXPECT_EQ(p["IsPublic"], false);
  EXPECT_TRUE(p["SalesAreaId"].is_null());
  EXPECT_EQ(p["SalesAreaIdIsInherited"], true);
  EXPECT_EQ(p["DefaultSupplementChargePercentage"], 0);
  EXPECT_TRUE(p["StartDate"].is_null());
  EXPECT_EQ(p["IsActive"], true);
  EXPECT_NE(p["Changed"], before["Changed"]);
}

// Unknown and malformed ids are generated (generated_test.cpp, UnknownIdTest).
TEST_F(PriceListTest, DeletedAndCompactAreNotIdsHere) {
  Session s = server().default_session();
  // PriceList has no compact or deleted listing: those words are just not ids.
  expect_field_error(s.get(std::string(kList) + "/deleted"), "id");
  expect_field_error(s.get(std::string(kList) + "/compact"), "id");
}

TEST_F(PriceListTest, ReferenceDataMustBeTheClients) {
  Session s = server().new_tenant("pl-refs");
  // A missing TypeId (or 0) is not an error: the list gets the standard type (WritePathTest).
  expect_field_error(s.post(kList, {{"Code", "NC"}, {"Name", "No currency"}, {"TypeId", 1}}), "CurrencyId");
  for (int type : {5, 99, -1}) expect_field_error(s.post(kList, body("T", "x", {{"TypeId", type}})), "TypeId");
  for (int currency : {0, 6, 99, -1})
    expect_field_error(s.post(kList, body("C", "x", {{"CurrencyId", currency}})), "CurrencyId");
  expect_field_error(s.post(kList, body("T", "x", {{"TypeId", "1"}})), "TypeId");
  expect_field_error(s.post(kList, body("T", "x", {{"TypeId", nullptr}})), "TypeId");
  expect_field_error(s.post(kList, body("C", "x", {{"CurrencyId", "SEK"}})), "CurrencyId");
  // Sales area 2 (Norway) exists but is not this client's.
  expect_field_error(s.post(kList, body("SA", "x", {{"SalesAreaId", 2}})), "SalesAreaId");
  expect_field_error(s.post(kList, body("SA", "x", {{"SalesAreaId", 99}})), "SalesAreaId");
  // All at once.
  Reply all = s.post(kList, {{"Code", "ALL"}, {"TypeId", 9}, {"CurrencyId", 9}, {"SalesAreaId", 9}});
  for (const char* f : {"TypeId", "CurrencyId", "SalesAreaId"}) expect_field_error(all, f);
  EXPECT_TRUE(s.fetch(std::string(kList) + "?filter=open").empty());
  EXPECT_TRUE(s.fetch(std::string(kList) + "?filter=inactive").empty());
  // Every type and currency of the client works.
  for (int type = 1; type <= 4; ++type)
    for (int currency = 1; currency <= 5; ++currency)
      s.create(kList, body("T" + std::to_string(type) + "C" + std::to_string(currency), "ok",
                           {{"TypeId", type}, {"CurrencyId", currency}}));
  EXPECT_EQ(s.fetch(kList).size(), 20u);
}

TEST_F(PriceListTest, EndDateBeforeStartDateIs400) {
  Session s = server().new_tenant("pl-dates");
  expect_field_error(s.post(kList, body("BAD", "x", {{"StartDate", "2030-01-02T00:00:00Z"},
                                                       {"EndDate", "2030-01-01T23:59:59Z"}})),
                     "EndDate");
  // Equal is fine.
  int64_t id = s.create(kList, body("EQ", "x", {{"StartDate", "2030-01-02T00:00:00Z"}, {"EndDate", "2030-01-02T00:00:00Z"}}));
  expect_field_error(s.put(path_of(id), body("EQ", "x", {{"StartDate", "2030-01-02T00:00:00Z"},
                                                          {"EndDate", "2029-12-31T00:00:00Z"}})),
                     "EndDate");
  // Offsets are compared as instants: 01:00+02:00 is before 00:00Z.
  expect_field_error(s.post(kList, body("OFF", "x", {{"StartDate", "2030-01-02T00:00:00Z"},
                                                       {"EndDate", "2030-01-02T01:00:00+02:00"}})),
                     "EndDate");
  Json p = s.fetch(path_of(id));
  EXPECT_EQ(p["EndDate"], "2030-01-02T00:00:00Z");
  EXPECT_EQ(s.fetch(kList).size(), 1u);
}

TEST_F(PriceListTest, DateFormats) {
  Session s = server().new_tenant("pl-dateformats");
  struct Case {
    const char* in;
    const char* out;
  };
  for (const Case c : {Case{"2030-01-02T03:04:05Z", "2030-01-02T03:04:05Z"},
                       Case{"2030-01-02T03:04:05+01:00", "2030-01-02T02:04:05Z"},
                       Case{"2030-01-02T03:04:05-0130", "2030-01-02T04:34:05Z"},
                       Case{"2030-01-02T03:04:05.250Z", "2030-01-02T03:04:05.25Z"},
                       Case{"2030-01-02T03:04:05", "2030-01-02T03:04:05Z"},
                       Case{"2030-01-02", "2030-01-02T00:00:00Z"}}) {
    SCOPED_TRACE(c.in);
    int64_t id = s.create(kList, body(unique("DF"), "dates", {{"StartDate", c.in}}));
    EXPECT_EQ(s.fetch(path_of(id))["StartDate"], c.out);
  }
  for (const char* bad : {"2030-13-01", "2030-02-30", "2030-01-01T25:00:00Z", "yesterday", "2030-01-01T00:00:00+25:00",
                          "2030-01-01T00:00:00Zjunk"}) {
    SCOPED_TRACE(bad);
    expect_field_error(s.post(kList, body("BADDATE", "x", {{"StartDate", bad}})), "StartDate");
    expect_field_error(s.post(kList, body("BADDATE", "x", {{"EndDate", bad}})), "EndDate");
  }
  expect_field_error(s.post(kList, body("NUMDATE", "x", {{"StartDate", 20300101}})), "StartDate");
  expect_field_error(s.post(kList, body("BOOLDATE", "x", {{"EndDate", true}})), "EndDate");
}

TEST_F(PriceListTest, NotStartedAndEndedAreDerivedFromTheDates) {
  Session s = server().new_tenant("pl-derived");
  int64_t future = s.create(kList, body("F", "Future", {{"StartDate", kFuture}}));
  int64_t ended = s.create(kList, body("E", "Ended", {{"StartDate", kPast}, {"EndDate", kPastEnd}}));
  int64_t current = s.create(kList, body("C", "Current", {{"StartDate", kPast}, {"EndDate", kFuture}}));
  Json f = s.fetch(path_of(future));
  EXPECT_EQ(f["IsNotStarted"], true);
  EXPECT_EQ(f["IsEnded"], false);
  Json e = s.fetch(path_of(ended));
  EXPECT_EQ(e["IsNotStarted"], false);
  EXPECT_EQ(e["IsEnded"], true);
  Json c = s.fetch(path_of(current));
  EXPECT_EQ(c["IsNotStarted"], false);
  EXPECT_EQ(c["IsEnded"], false);
  // Moving the dates flips the flags.
  s.update(path_of(future), body("F", "Future", {{"StartDate", kPast}, {"EndDate", kPastEnd}}));
  f = s.fetch(path_of(future));
  EXPECT_EQ(f["IsNotStarted"], false);
  EXPECT_EQ(f["IsEnded"], true);
}

TEST_F(PriceListTest, DerivedFlagsAndFiltersFollowTheClockEvenWhenCached) {
  Session s = server().new_tenant("pl-clock");
  Session only_starting = server().new_tenant("pl-clock-start");
  Session only_ending = server().new_tenant("pl-clock-end");
  auto [at, instant] = iso_after(std::chrono::seconds(2));
  int64_t ending = s.create(kList, body("ENDING", "Ends soon", {{"EndDate", at}}));
  int64_t starting = s.create(kList, body("STARTING", "Starts soon", {{"StartDate", at}}));
  // Tenants whose filtered lists are empty until the instant: nothing in those answers carries a date.
  int64_t lone_start = only_starting.create(kList, body("STARTING", "Starts soon", {{"StartDate", at}}));
  int64_t lone_end = only_ending.create(kList, body("ENDING", "Ends soon", {{"EndDate", at}}));
  EXPECT_TRUE(only_starting.fetch(std::string(kList) + "?filter=active").empty());
  EXPECT_TRUE(only_ending.fetch(std::string(kList) + "?filter=inactive").empty());
  // Read everything once before the instant (these answers may be cached).
  Json e = s.fetch(path_of(ending));
  Json st = s.fetch(path_of(starting));
  EXPECT_EQ(e["IsEnded"], false);
  EXPECT_EQ(st["IsNotStarted"], true);
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=open")), (std::vector<int64_t>{ending, starting}));
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=active")), std::vector<int64_t>{ending});
  EXPECT_TRUE(s.fetch(std::string(kList) + "?filter=inactive").empty());
  std::this_thread::sleep_until(instant + std::chrono::milliseconds(300));
  // Same requests after the instant: the clock has moved the lists.
  EXPECT_EQ(s.fetch(path_of(ending))["IsEnded"], true);
  EXPECT_EQ(s.fetch(path_of(starting))["IsNotStarted"], false);
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=open")), std::vector<int64_t>{starting});
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=active")), std::vector<int64_t>{starting});
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=inactive")), std::vector<int64_t>{ending});
  EXPECT_EQ(ids_of(only_starting.fetch(std::string(kList) + "?filter=active")), std::vector<int64_t>{lone_start})
      << "a list that has started must enter filter=active even if the empty answer was read before";
  EXPECT_EQ(ids_of(only_ending.fetch(std::string(kList) + "?filter=inactive")), std::vector<int64_t>{lone_end})
      << "a list that has ended must enter filter=inactive even if the empty answer was read before";
}

TEST_F(PriceListTest, FiltersOpenActiveInactive) {
  Session s = server().new_tenant("pl-filters");
  int64_t always = s.create(kList, body("ALWAYS", "Always"));
  int64_t future = s.create(kList, body("FUTURE", "Future", {{"StartDate", kFuture}}));
  int64_t ended = s.create(kList, body("ENDED", "Ended", {{"StartDate", kPast}, {"EndDate", kPastEnd}}));
  int64_t off = s.create(kList, body("OFF", "Off", {{"IsActive", false}}));
  int64_t current = s.create(kList, body("CURRENT", "Current", {{"StartDate", kPast}, {"EndDate", kFuture}}));
  int64_t off_ended = s.create(kList, body("OFFENDED", "Off and ended", {{"IsActive", false}, {"EndDate", kPastEnd}}));
  int64_t off_future = s.create(kList, body("OFFFUTURE", "Off, future", {{"IsActive", false}, {"StartDate", kFuture}}));

  const std::vector<int64_t> open = {always, future, current};
  const std::vector<int64_t> active = {always, current};
  const std::vector<int64_t> inactive = {ended, off, off_ended, off_future};
  EXPECT_EQ(ids_of(s.fetch(kList)), open) << "the default filter is open";
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=open")), open);
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=active")), active);
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=inactive")), inactive);
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=")), open);
  // Values and parameter names ignore case.
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=ACTIVE")), active);
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?Filter=Inactive")), inactive);
  // The derived flags agree with the filters.
  for (const auto& p : s.fetch(std::string(kList) + "?filter=inactive"))
    EXPECT_TRUE(p["IsActive"] == false || p["IsEnded"] == true) << p.dump();
  for (const auto& p : s.fetch(std::string(kList) + "?filter=active")) {
    EXPECT_EQ(p["IsNotStarted"], false);
    EXPECT_EQ(p["IsEnded"], false);
    EXPECT_EQ(p["IsActive"], true);
  }
  for (const char* bad : {"all", "deleted", "open,active", "1"}) {
    SCOPED_TRACE(bad);
    expect_field_error(s.get(std::string(kList) + "?filter=" + bad), "filter");
  }
}

TEST_F(PriceListTest, SoftDeleteAndRestore) {
  Session s = server().new_tenant("pl-softdel");
  int64_t id = s.create(kList, body("SD", "Soft", {{"Description", "kept"}}));
  s.update(path_of(id), body("SD", "Soft", {{"Description", "kept"}, {"IsActive", false}}));
  EXPECT_TRUE(s.fetch(kList).empty());
  EXPECT_TRUE(s.fetch(std::string(kList) + "?filter=active").empty());
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?filter=inactive")), std::vector<int64_t>{id});
  Json p = s.fetch(path_of(id));
  EXPECT_EQ(p["IsActive"], false);
  EXPECT_EQ(p["Description"], "kept");
  s.update(path_of(id), body("SD", "Soft", {{"Description", "kept"}, {"IsActive", true}}));
  EXPECT_EQ(ids_of(s.fetch(kList)), std::vector<int64_t>{id});
  EXPECT_TRUE(s.fetch(std::string(kList) + "?filter=inactive").empty());
}

TEST_F(PriceListTest, SearchMatchesNameOrCodeIgnoringCase) {
  Session s = server().new_tenant("pl-search");
  int64_t yearly = s.create(kList, body("AP-1", "årspris 2026"));
  int64_t retail = s.create(kList, body("RETAIL-SEK", "Retail", {{"Description", "zebra"}}));
  int64_t whole = s.create(kList, body("whole-ÅRS", "Wholesale"));
  int64_t pct = s.create(kList, body("PCT", "100% off"));
  int64_t under = s.create(kList, body("US", "under_score"));
  auto search = [&](const std::string& text, const std::string& more = "") {
    return ids_of(s.fetch(std::string(kList) + "?search=" + url_encode(text) + more));
  };
  EXPECT_EQ(search("ÅRSPRIS"), std::vector<int64_t>{yearly});
  EXPECT_EQ(search("årspris"), std::vector<int64_t>{yearly});
  EXPECT_EQ(search("ÅrSpRiS 2026"), std::vector<int64_t>{yearly});
  EXPECT_EQ(search("ÅRS"), (std::vector<int64_t>{yearly, whole}));
  EXPECT_EQ(search("års"), (std::vector<int64_t>{yearly, whole}));
  EXPECT_EQ(search("retail"), std::vector<int64_t>{retail});
  EXPECT_EQ(search("sek"), std::vector<int64_t>{retail}) << "code matches too";
  EXPECT_EQ(search("WHOLE"), std::vector<int64_t>{whole});
  EXPECT_EQ(search("%"), std::vector<int64_t>{pct}) << "% is a literal, not a wildcard";
  EXPECT_EQ(search("_"), std::vector<int64_t>{under}) << "_ is a literal, not a wildcard";
  EXPECT_EQ(search("'"), std::vector<int64_t>{});
  EXPECT_TRUE(search("zzz").empty());
  EXPECT_TRUE(search("zebra").empty()) << "the description is not searched";
  EXPECT_EQ(search("").size(), 5u) << "an empty search matches everything";
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?SEARCH=retail")), std::vector<int64_t>{retail});
  // Search within a filter.
  s.update(path_of(whole), body("whole-ÅRS", "Wholesale", {{"IsActive", false}}));
  EXPECT_EQ(search("ÅRS"), std::vector<int64_t>{yearly});
  EXPECT_EQ(search("ÅRS", "&filter=inactive"), std::vector<int64_t>{whole});
  EXPECT_EQ(search("ÅRS", "&filter=active"), std::vector<int64_t>{yearly});
  // With paging.
  EXPECT_EQ(search("e", "&page=1&pageSize=1"), std::vector<int64_t>{retail});
  EXPECT_EQ(search("e", "&page=2&pageSize=1"), std::vector<int64_t>{under});
  // Search results are complete models.
  Json found = s.fetch(std::string(kList) + "?search=PCT");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(keys_of(found[0]), kPriceListMembers);
  EXPECT_EQ(found[0]["Name"], "100% off");
}

TEST_F(PriceListTest, SearchFoldsLatinExtendedA) {
  Session s = server().new_tenant("pl-search-latin");
  int64_t lodz = s.create(kList, body("PL-1", "ŁÓDŹ hurt"));
  int64_t oe = s.create(kList, body("FR-1", "ŒUVRE"));
  int64_t hay = s.create(kList, body("FR-2", "L'HAŸ-LES-ROSES"));
  auto search = [&](const std::string& text) {
    return ids_of(s.fetch(std::string(kList) + "?search=" + url_encode(text)));
  };
  EXPECT_EQ(search("łódź"), std::vector<int64_t>{lodz});
  EXPECT_EQ(search("ŁÓDŹ"), std::vector<int64_t>{lodz});
  EXPECT_EQ(search("œuvre"), std::vector<int64_t>{oe});
  // U+0178 LATIN CAPITAL LETTER Y WITH DIAERESIS is the upper case of U+00FF ÿ.
  EXPECT_EQ(search("l'haÿ"), std::vector<int64_t>{hay});
  EXPECT_EQ(search("L'HAŸ"), std::vector<int64_t>{hay});
}

TEST_F(PriceListTest, PagingIsStableByIdWithDefaults) {
  Session s = server().new_tenant("pl-paging");
  std::vector<int64_t> ids;
  for (int i = 1; i <= 7; ++i) ids.push_back(s.create(kList, body("P" + std::to_string(i), "Page " + std::to_string(i))));
  auto page = [&](const std::string& q) { return ids_of(s.fetch(std::string(kList) + q)); };
  EXPECT_EQ(page("?page=1&pageSize=3"), (std::vector<int64_t>{ids[0], ids[1], ids[2]}));
  EXPECT_EQ(page("?page=2&pageSize=3"), (std::vector<int64_t>{ids[3], ids[4], ids[5]}));
  EXPECT_EQ(page("?page=3&pageSize=3"), (std::vector<int64_t>{ids[6]}));
  EXPECT_TRUE(page("?page=4&pageSize=3").empty());
  EXPECT_TRUE(page("?page=2147483647&pageSize=1000").empty());
  EXPECT_EQ(page("?pageSize=3"), (std::vector<int64_t>{ids[0], ids[1], ids[2]})) << "pageSize alone: the first page";
  EXPECT_EQ(page("?page=1"), ids) << "page alone uses 50 per page";
  EXPECT_TRUE(page("?page=2").empty());
  EXPECT_EQ(page("?PAGE=2&PAGESIZE=2"), (std::vector<int64_t>{ids[2], ids[3]}));
  EXPECT_EQ(page("?page=1&pageSize=1000"), ids);
  EXPECT_EQ(page("?page=1&pageSize=100000"), ids) << "an oversized pageSize is capped, not refused";
  // Inactive lists are not counted on the default filter's pages.
  s.update(path_of(ids[1]), body("P2", "Page 2", {{"IsActive", false}}));
  EXPECT_EQ(page("?page=1&pageSize=3"), (std::vector<int64_t>{ids[0], ids[2], ids[3]}));
  EXPECT_EQ(page("?filter=inactive&page=1&pageSize=3"), (std::vector<int64_t>{ids[1]}));
}

// X-Total-Count (a norced extension): the whole list's size on every page, from a count when the page is full
// or past the end, and from the page itself otherwise; the same from the response cache.
TEST_F(PriceListTest, PagesCarryTheTotalCount) {
  Session s = server().new_tenant("pl-total");
  std::vector<int64_t> ids;
  for (int i = 1; i <= 7; ++i) ids.push_back(s.create(kList, body("T" + std::to_string(i), "Total " + std::to_string(i))));
  auto total = [&](const std::string& q) {
    Reply r = s.get(std::string(kList) + q);
    EXPECT_EQ(r.status, 200) << q;
    return r.header("X-Total-Count");
  };
  for (const char* q : {"", "?page=1&pageSize=3", "?page=2&pageSize=3", "?page=3&pageSize=3", "?page=9&pageSize=3",
                        "?pageSize=7", "?pageSize=2", "?page=1", "?search=total&page=2&pageSize=2"}) {
    EXPECT_EQ(total(q), "7") << q;
    EXPECT_EQ(total(q), "7") << q << " (again: from the cache)";
  }
  EXPECT_EQ(total("?search=T7&pageSize=2"), "1");
  EXPECT_EQ(total("?filter=inactive"), "0");
  s.update(path_of(ids[1]), body("T2", "Total 2", {{"IsActive", false}}));
  EXPECT_EQ(total("?page=1&pageSize=3"), "6") << "a write retires the cached total too";
  EXPECT_EQ(total("?filter=inactive&pageSize=5"), "1");
  EXPECT_EQ(s.get(std::string(kList) + "/" + std::to_string(ids[0])).header("X-Total-Count"), "") << "lists only";
}

TEST_F(PriceListTest, InvalidPagingIs400) {
  Session s = server().default_session();
  for (const char* bad : {"0", "-1", "abc", "1.5", "99999999999", " 1", "1e3"}) {
    SCOPED_TRACE(bad);
    expect_field_error(s.get(std::string(kList) + "?page=" + url_encode(bad) + "&pageSize=10"), "page");
    expect_field_error(s.get(std::string(kList) + "?page=1&pageSize=" + url_encode(bad)), "pageSize");
  }
}

TEST_F(PriceListTest, DefaultPageSizeIs50) {
  Session s = server().new_tenant("pl-page50");
  std::vector<int64_t> ids;
  for (int i = 0; i < 55; ++i) ids.push_back(s.create(kList, body("D" + std::to_string(i), "Default page")));
  auto first = ids_of(s.fetch(std::string(kList) + "?page=1"));
  ASSERT_EQ(first.size(), 50u);
  EXPECT_EQ(first, std::vector<int64_t>(ids.begin(), ids.begin() + 50));
  EXPECT_EQ(ids_of(s.fetch(std::string(kList) + "?page=2")), std::vector<int64_t>(ids.begin() + 50, ids.end()));
  EXPECT_EQ(s.fetch(kList).size(), 55u) << "without page every match is returned";
}

TEST_F(PriceListTest, PageSizeIsCappedAt1000) {
  Session s = server().new_tenant("pl-cap");
  // 1001 lists over one keep-alive connection.
  httplib::Client cli("127.0.0.1", server().port());
  cli.set_keep_alive(true);
  cli.set_tcp_nodelay(true);  // the client writes head and body separately: avoid Nagle/delayed-ACK stalls
  httplib::Headers h;
  for (const auto& [k, v] : s.auth_headers()) h.emplace(k, v);
  for (int i = 0; i < 1001; ++i) {
    auto res = cli.Post(kList, h, body("CAP" + std::to_string(i), "Cap").dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << i << ": " << (res ? res->body : httplib::to_string(res.error()));
  }
  EXPECT_EQ(s.fetch(std::string(kList) + "?page=1&pageSize=5000").size(), 1000u);
  EXPECT_EQ(s.fetch(std::string(kList) + "?page=2&pageSize=5000").size(), 1u);
  EXPECT_EQ(s.fetch(std::string(kList) + "?page=1&pageSize=1000").size(), 1000u);
  EXPECT_EQ(s.fetch(kList).size(), 1001u);
}

// Wrong JSON types and nulls of every member are generated (generated_test.cpp, WrongTypeTest and NullTest);
// these are PriceList's ranges, formats and exact decimals.
TEST_F(PriceListTest, RangesFormatsAndDecimalLimits) {
  Session s = server().new_tenant("pl-types");
  struct Case {
    const char* member;
    Json value;
  };
  for (const Case& c : std::vector<Case>{{"TypeId", 1.5},
                                         {"ImageKey", "1234"},
                                         {"PopulationRuleId", 4294967296LL},
                                         {"ChosenWarehouseId", -2147483649LL},
                                         {"SalesAreaId", 1.25}}) {
    SCOPED_TRACE(std::string(c.member) + "=" + c.value.dump());
    expect_field_error(s.post(kList, body("WT", "x", {{c.member, c.value}})), c.member);
  }
  Reply huge = s.post_raw(kList, R"({"Code":"H","Name":"x","TypeId":1,"CurrencyId":1,
      "DefaultSupplementChargePercentage":79228162514264337593543950336})");
  expect_field_error(huge, "DefaultSupplementChargePercentage");
  EXPECT_TRUE(s.fetch(kList).empty());
  EXPECT_TRUE(s.fetch(std::string(kList) + "?filter=inactive").empty());
  // The largest decimal fits exactly.
  Reply max = s.post_raw(kList, R"({"Code":"MAX","Name":"x","TypeId":1,"CurrencyId":1,
      "DefaultSupplementChargePercentage":79228162514264337593543950335,"DefaultSupplementCharge":-0.0000000000000000000000000001})");
  ASSERT_EQ(max.status, 200) << max.describe();
  Reply got = s.get(path_of(std::stoll(max.body)));
  EXPECT_NE(got.body.find(R"("DefaultSupplementChargePercentage":79228162514264337593543950335,)"), std::string::npos)
      << got.body;
  EXPECT_NE(got.body.find(R"("DefaultSupplementCharge":-0.0000000000000000000000000001,)"), std::string::npos)
      << got.body;
}

TEST_F(PriceListTest, ParentPriceList) {
  Session s = server().new_tenant("pl-parent");
  int64_t base = s.create(kList, body("BASE", "Base SEK"));
  int64_t child = s.create(kList, body("CHILD", "Campaign", {{"ParentPriceListId", base}, {"TypeId", 2}}));
  Json c = s.fetch(path_of(child));
  EXPECT_EQ(c["ParentPriceListId"], base);
  EXPECT_EQ(c["ParentPriceListName"], "Base SEK");
  // The parent's name is read live.
  s.update(path_of(base), body("BASE", "Base list"));
  EXPECT_EQ(s.fetch(path_of(child))["ParentPriceListName"], "Base list");
  // In a list too, also when the parent is not in the same page.
  Json page = s.fetch(std::string(kList) + "?page=2&pageSize=1");
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0]["ParentPriceListName"], "Base list");
  // A virtual list needs a parent.
  expect_field_error(s.post(kList, body("VIRT", "Virtual", {{"IsVirtual", true}})), "ParentPriceListId");
  int64_t virt = s.create(kList, body("VIRT", "Virtual", {{"IsVirtual", true}, {"ParentPriceListId", base}}));
  EXPECT_EQ(s.fetch(path_of(virt))["IsVirtual"], true);
  expect_field_error(s.put(path_of(virt), body("VIRT", "Virtual", {{"IsVirtual", true}})), "ParentPriceListId");
  // Missing parent and cycles.
  expect_field_error(s.post(kList, body("ORPHAN", "x", {{"ParentPriceListId", 99999999}})), "ParentPriceListId");
  expect_field_error(s.put(path_of(base), body("BASE", "Base list", {{"ParentPriceListId", base}})),
                     "ParentPriceListId");
  expect_field_error(s.put(path_of(base), body("BASE", "Base list", {{"ParentPriceListId", child}})),
                     "ParentPriceListId");
  int64_t grandchild = s.create(kList, body("GRAND", "Grandchild", {{"ParentPriceListId", child}}));
  expect_field_error(s.put(path_of(base), body("BASE", "Base list", {{"ParentPriceListId", grandchild}})),
                     "ParentPriceListId");
  EXPECT_TRUE(s.fetch(path_of(base))["ParentPriceListId"].is_null());
  // Detaching works.
  s.update(path_of(child), body("CHILD", "Campaign", {{"ParentPriceListId", nullptr}, {"TypeId", 2}}));
  c = s.fetch(path_of(child));
  EXPECT_TRUE(c["ParentPriceListId"].is_null());
  EXPECT_TRUE(c["ParentPriceListName"].is_null());
}

TEST_F(PriceListTest, ClientCurrencies) {
  Session s = server().default_session();
  Reply r = s.get("/api/client/currency");
  ASSERT_EQ(r.status, 200) << r.describe();
  Json list = r.json();
  ASSERT_EQ(list.size(), 5u) << r.body;
  std::vector<std::pair<int, std::string>> expected = {{1, "SEK"}, {2, "EUR"}, {3, "NOK"}, {4, "DKK"}, {5, "USD"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(list[i]["Id"], expected[i].first);
    EXPECT_EQ(list[i]["Code"], expected[i].second);
    EXPECT_EQ(list[i]["IsExchangeRateInherited"], true);
    EXPECT_TRUE(list[i]["ExchangeRate"].is_null());
    EXPECT_TRUE(list[i]["InheritedExchangeRate"].is_number());
  }
  EXPECT_EQ(list[0]["Name"], "Swedish krona");
  EXPECT_EQ(list[1]["InheritedExchangeRate"], 1);
  EXPECT_NE(r.body.find(R"("InheritedExchangeRate":11.2150)"), std::string::npos) << r.body;
  EXPECT_EQ(check_id_numbering(list), "");
  // By the currency's system-wide id; a POST names the currency by Id.
  EXPECT_EQ(s.fetch("/api/client/currency/1")["Code"], "SEK");
  Json problem = expect_problem(s.post("/api/client/currency", {{"Code", "GBP"}}), 400);
  EXPECT_TRUE(problem["errors"].contains("Id")) << problem.dump();
}

TEST_F(PriceListTest, ClientPriceListTypes) {
  Session s = server().default_session();
  Json list = s.fetch("/api/pricing/clientpricelisttype");
  ASSERT_EQ(list.size(), 4u) << list.dump();
  std::vector<std::pair<std::string, std::string>> expected = {
      {"STANDARD", "Standard"}, {"CAMPAIGN", "Campaign"}, {"AGREEMENT", "Customer agreement"}, {"MEMBER", "Member"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(list[i]["Id"], static_cast<int>(i + 1));
    EXPECT_EQ(list[i]["Code"], expected[i].first);
    EXPECT_EQ(list[i]["Name"], expected[i].second);
    EXPECT_EQ(list[i]["DefaultName"], expected[i].second);
    EXPECT_EQ(list[i]["IsNameInherited"], false);
    EXPECT_EQ(list[i]["IsActive"], true);
  }
  EXPECT_EQ(check_id_numbering(list), "");
  // The types of the list endpoint are the ones PriceList accepts and names.
  Session t = server().new_tenant("pl-types-names");
  for (const auto& type : list) {
    int64_t id = t.create(kList, body("TY" + type["Id"].dump(), "x", {{"TypeId", type["Id"]}}));
    EXPECT_EQ(t.fetch(path_of(id))["TypeName"], type["Name"]);
  }
}

// The demo price lists (--demo).
class PriceListDemoTest : public ServerFixture<PriceListDemoTest> {
 public:
  static ServerConfig config() { return {.demo = true, .extra_args = {}}; }
};

TEST_F(PriceListDemoTest, DemoListsAreSeeded) {
  Session s = server().default_session();
  Json all = s.fetch(std::string(kList) + "?filter=open");
  Json inactive = s.fetch(std::string(kList) + "?filter=inactive");
  std::vector<std::string> codes;
  for (const auto& p : all) codes.push_back(p["Code"]);
  for (const auto& p : inactive) codes.push_back(p["Code"]);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<std::string>{"B2B-SEK", "BF-2026", "STD-EUR", "STD-NOK", "STD-SEK"}));

  Json std_sek, bf;
  for (const auto* l : {&all, &inactive})
    for (const auto& p : *l) {
      if (p["Code"] == "STD-SEK") std_sek = p;
      if (p["Code"] == "BF-2026") bf = p;
    }
  ASSERT_FALSE(std_sek.is_null());
  ASSERT_FALSE(bf.is_null());
  EXPECT_EQ(std_sek["Name"], "Standard SEK");
  EXPECT_EQ(std_sek["IsPrimary"], true);
  EXPECT_EQ(std_sek["IsPublic"], true);
  EXPECT_EQ(std_sek["CurrencyCode"], "SEK");
  EXPECT_EQ(bf["TypeName"], "Campaign");
  EXPECT_EQ(bf["ParentPriceListId"], std_sek["Id"]);
  EXPECT_EQ(bf["ParentPriceListName"], "Standard SEK");
  EXPECT_EQ(bf["StartDate"], "2026-11-27T00:00:00Z");
  EXPECT_EQ(bf["EndDate"], "2026-11-30T23:59:59Z");
  // The flags follow the clock: compare with now.
  const std::time_t now = std::time(nullptr);
  std::tm start{}, end{};
  start.tm_year = 2026 - 1900, start.tm_mon = 10, start.tm_mday = 27;
  end.tm_year = 2026 - 1900, end.tm_mon = 10, end.tm_mday = 30, end.tm_hour = 23, end.tm_min = 59, end.tm_sec = 59;
  const std::time_t t_start = timegm(&start), t_end = timegm(&end);
  EXPECT_EQ(bf["IsNotStarted"], now < t_start);
  EXPECT_EQ(bf["IsEnded"], now >= t_end);
  bool bf_open = now < t_end;
  bool bf_in_open = false;
  for (const auto& p : all) bf_in_open |= p["Code"] == "BF-2026";
  EXPECT_EQ(bf_in_open, bf_open);
}

}  // namespace
}  // namespace api
