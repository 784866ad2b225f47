// The Settings groups' own rules, over HTTP: links keyed by system-wide ids, one primary per application, the
// primary and the client's default culture that cannot be removed, links that also enable the client, texts in
// a newly enabled culture, the client currency's exchange rate, a price-list type in use, the deprecated
// assortments. Generic checks (types, nulls, lengths, 405s, OpenAPI) come from tests/api/generated_test.cpp.
#include "api/harness.hpp"

namespace api {
namespace {

class SettingsTest : public ServerFixture<SettingsTest> {};

// The items of a list whose `member` equals `value`.
std::vector<Json> where(const Json& list, const std::string& member, const Json& value) {
  std::vector<Json> out;
  for (const auto& item : list)
    if (item[member] == value) out.push_back(item);
  return out;
}

TEST_F(SettingsTest, ANewApplicationHasItsCultureCurrenciesSalesAreaAndCountry) {
  Session s = server().new_tenant("Settings seed");
  Json app = s.fetch("/api/application/" + std::to_string(s.application_id()));
  EXPECT_EQ(app["Id"], s.application_id());
  EXPECT_EQ(app["Name"].get<std::string>().rfind("Settings seed", 0), 0u) << app.dump();
  EXPECT_EQ(app["IsActive"], true);
  EXPECT_EQ(app["Key"].get<std::string>().size(), 36u);
  EXPECT_TRUE(app["HostClientId"].is_number_integer());

  Json cultures = s.fetch("/api/application/culture");
  ASSERT_EQ(cultures.size(), 1u) << cultures.dump();
  EXPECT_EQ(cultures[0]["CultureCode"], "en-US");
  EXPECT_EQ(cultures[0]["IsPrimary"], true);
  EXPECT_EQ(cultures[0]["Name"], "English (United States)");
  EXPECT_FALSE(cultures[0].contains("ApplicationId")) << "the scope member is never in JSON";

  Json currencies = s.fetch("/api/application/currency");
  ASSERT_EQ(currencies.size(), 5u);
  EXPECT_EQ(where(currencies, "IsPrimary", true).size(), 1u);
  EXPECT_EQ(s.fetch("/api/application/currency/1")["Code"], "SEK");
  EXPECT_EQ(s.fetch("/api/application/salesarea/1")["Code"], "SE");
  EXPECT_EQ(s.fetch("/api/application/country/1")["Name"], "Sweden");
  EXPECT_EQ(s.fetch("/api/client/salesarea/1")["VatCodes"].size(), 4u);
  EXPECT_EQ(s.fetch("/api/application/culture/en-US")["IsPrimary"], true);
  EXPECT_EQ(s.fetch("/api/application/culture/EN-us")["CultureCode"], "en-US") << "codes match in any case";
  EXPECT_EQ(s.get("/api/application/culture/de-DE").status, 404);
  EXPECT_EQ(s.get("/api/application/999999").status, 404) << "another client's or no application";
}

TEST_F(SettingsTest, MakingOneCurrencyPrimaryUnsetsTheOthers) {
  Session s = server().new_tenant("Primary currency");
  Json eur = s.fetch("/api/application/currency/2");
  eur["IsPrimary"] = true;
  EXPECT_EQ(s.put("/api/application/currency/2", eur).body, "2");
  Json currencies = s.fetch("/api/application/currency");
  auto primary = where(currencies, "IsPrimary", true);
  ASSERT_EQ(primary.size(), 1u);
  EXPECT_EQ(primary[0]["Id"], 2);
  EXPECT_EQ(s.fetch("/api/application/currency/1")["IsPrimary"], false);
}

TEST_F(SettingsTest, ThePrimaryOneCannotBeRemovedAndMustBeActive) {
  Session s = server().new_tenant("Primary stays");
  Json sek = s.fetch("/api/application/currency/1");
  sek["IsActive"] = false;
  Json p = expect_problem(s.put("/api/application/currency/1", sek), 409);
  EXPECT_TRUE(p["errors"].contains("IsActive")) << p.dump();
  EXPECT_EQ(s.fetch("/api/application/currency/1")["IsActive"], true) << "nothing was written";

  Json problem = expect_problem(s.send("DELETE", "/api/application/salesarea/1"), 409);
  EXPECT_TRUE(problem["errors"].contains("IsActive")) << problem.dump();

  expect_field_error(s.post("/api/application/country", {{"Id", 2}, {"IsPrimary", true}, {"IsActive", false}}),
                     "IsPrimary");
}

TEST_F(SettingsTest, LinksNameSystemIdsOnceEach) {
  Session s = server().new_tenant("System ids");
  expect_field_error(s.post("/api/application/currency", {{"Id", 99}}), "Id");
  expect_field_error(s.post("/api/application/country", {{"Id", 0}}), "Id");
  expect_field_error(s.post("/api/application/culture", {{"CultureCode", "xx-XX"}}), "CultureCode");
  Json dup = expect_problem(s.post("/api/application/currency", {{"Id", 1}}), 409);
  EXPECT_TRUE(dup["errors"].contains("Id")) << dup.dump();
  Json dup_culture = expect_problem(s.post("/api/application/culture", {{"CultureCode", "EN-us"}}), 409);
  EXPECT_TRUE(dup_culture["errors"].contains("CultureCode")) << dup_culture.dump();
  // A body Id other than the path's is a mistake.
  expect_field_error(s.put("/api/application/currency/2", {{"Id", 3}, {"IsActive", true}}), "Id");
}

TEST_F(SettingsTest, EnablingACurrencyOrSalesAreaOnTheApplicationEnablesItOnTheClient) {
  Session s = server().new_tenant("Client links");
  EXPECT_EQ(s.get("/api/client/currency/6").status, 404);
  EXPECT_EQ(s.post("/api/application/currency", {{"Id", 6}, {"IsActive", true}}).body, "6");
  Json gbp = s.fetch("/api/client/currency/6");
  EXPECT_EQ(gbp["Code"], "GBP");
  EXPECT_EQ(gbp["IsExchangeRateInherited"], true);
  EXPECT_EQ(s.fetch("/api/application/currency/6")["ExchangeRate"], 0.8612);

  EXPECT_EQ(s.post("/api/application/salesarea", {{"Id", 2}, {"IsActive", true}}).body, "2");
  Json norway = s.fetch("/api/client/salesarea/2");
  EXPECT_EQ(norway["Code"], "NO");
  EXPECT_EQ(norway["PrimaryVatCodeId"], 5);
  EXPECT_EQ(norway["IsPrimary"], false);
  // A price list may now be in GBP.
  EXPECT_GT(s.create("/api/pricing/pricelist", {{"Code", "GBP-LIST"}, {"Name", "Pounds"}, {"CurrencyId", 6}}), 0);
}

TEST_F(SettingsTest, TextsMayBeWrittenInANewlyEnabledCulture) {
  Session s = server().new_tenant("New culture");
  Json body = {{"Code", "DE-1"}, {"Name", "Shoes"}, {"Cultures", Json::array({{{"CultureCode", "de-DE"}, {"Name", "Schuhe"}}})}};
  expect_field_error(s.post("/api/category", body), "Cultures[0].CultureCode");
  EXPECT_EQ(s.post("/api/application/culture", {{"CultureCode", "de-de"}, {"IsActive", true}}).body, "\"de-DE\"");
  int64_t id = s.create("/api/category", body);
  Json category = s.fetch("/api/category/" + std::to_string(id));
  auto german = where(category["Cultures"], "CultureCode", "de-DE");
  ASSERT_EQ(german.size(), 1u) << category.dump();
  EXPECT_EQ(german[0]["Name"], "Schuhe");
}

TEST_F(SettingsTest, CulturesAreSoftDeletedButNotTheDefaultOrPrimaryOne) {
  Session s = server().new_tenant("Culture delete");
  ASSERT_EQ(s.post("/api/application/culture", {{"CultureCode", "fi-FI"}, {"IsActive", true}}).status, 200);
  Reply gone = s.send("DELETE", "/api/application/culture/fi-FI");
  EXPECT_EQ(gone.status, 204) << gone.describe();
  EXPECT_TRUE(where(s.fetch("/api/application/culture"), "CultureCode", "fi-FI").empty());
  auto deleted = where(s.fetch("/api/application/culture/deleted"), "CultureCode", "fi-FI");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0]["IsActive"], false);
  Json p = expect_problem(s.send("DELETE", "/api/application/culture/en-US"), 409);
  EXPECT_TRUE(p["errors"].contains("CultureCode")) << "the client's default culture: " << p.dump();
  EXPECT_EQ(s.send("DELETE", "/api/application/culture/nb-NO").status, 404);
}

TEST_F(SettingsTest, ClientCurrencyRateIsTheClientsOwnUntilInheritedAgain) {
  Session s = server().new_tenant("Rates");
  Json eur = s.fetch("/api/client/currency/2");
  eur["ExchangeRate"] = 1.0005;
  eur["IsExchangeRateInherited"] = false;
  EXPECT_EQ(s.put("/api/client/currency/2", eur).body, "2");
  Reply raw = s.get("/api/client/currency/2");
  EXPECT_NE(raw.body.find(R"("ExchangeRate":1.0005)"), std::string::npos) << raw.body;
  EXPECT_EQ(raw.json()["IsExchangeRateInherited"], false);
  eur["IsExchangeRateInherited"] = true;
  s.update("/api/client/currency/2", eur);
  EXPECT_TRUE(s.fetch("/api/client/currency/2")["ExchangeRate"].is_null());
  expect_field_error(s.put("/api/client/currency/2", {{"ExchangeRate", -1}}), "ExchangeRate");
}

TEST_F(SettingsTest, APriceListTypeInUseStaysActive) {
  Session s = server().new_tenant("Types in use");
  int64_t list = s.create("/api/pricing/pricelist", {{"Code", "CAMP"}, {"Name", "Campaign"}, {"TypeId", 2}, {"CurrencyId", 1}});
  Json campaign = s.fetch("/api/pricing/clientpricelisttype/2");
  EXPECT_EQ(campaign["Code"], "CAMPAIGN");
  campaign["IsActive"] = false;
  Json p = expect_problem(s.put("/api/pricing/clientpricelisttype/2", campaign), 409);
  EXPECT_NE(p["detail"].get<std::string>().find(std::to_string(list)), std::string::npos) << p.dump();
  // An unused one can go, and then a price list cannot use it.
  Json member = s.fetch("/api/pricing/clientpricelisttype/4");
  member["IsActive"] = false;
  s.update("/api/pricing/clientpricelisttype/4", member);
  EXPECT_EQ(s.fetch("/api/pricing/clientpricelisttype").size(), 3u);
  expect_field_error(s.post("/api/pricing/pricelist", {{"Code", "M"}, {"Name", "M"}, {"TypeId", 4}, {"CurrencyId", 1}}),
                     "TypeId");
  // Its texts are the client's own.
  member["IsActive"] = true;
  member["Name"] = "Club";
  s.update("/api/pricing/clientpricelisttype/4", member);
  EXPECT_EQ(s.fetch("/api/pricing/clientpricelisttype/4")["Name"], "Club");
}

TEST_F(SettingsTest, AssortmentsAreRemovedByDelete) {
  Session s = server().new_tenant("Assortments");
  int64_t id = s.create("/api/client/assortment", {{"Code", "A1"}, {"Name", "Summer"}});
  Json a = s.fetch("/api/client/assortment/" + std::to_string(id));
  EXPECT_EQ(a["Name"], "Summer");
  EXPECT_EQ(a["GetCultureProperties"], Json::array({"Name", "Description"}));
  EXPECT_EQ(s.send("DELETE", "/api/client/assortment/" + std::to_string(id)).status, 204);
  EXPECT_EQ(s.get("/api/client/assortment/" + std::to_string(id)).status, 404);
  EXPECT_EQ(s.fetch("/api/client/assortment").size(), 0u);
}

}  // namespace
}  // namespace api
