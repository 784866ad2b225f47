// Query API 2.0's Core namespace (the system-wide reference data: Countries, Currencies, VatCodes, SalesAreas,
// Cultures, PriceListTypes, read from the system catalog) and the navigations generated from link collections
// (a product's Categories), against the real binary on both engines. The values asserted are the migrations'
// seed (the same ids on every database). The server pages by 3 rows, so the Core sets page too.
#include <chrono>
#include <thread>

#include "api/query_support.hpp"

namespace api {
namespace {

using namespace query_support;

class QueryCoreTest : public ServerFixture<QueryCoreTest> {
 public:
  static ServerConfig config() {
    ServerConfig c;
    c.extra_args = {"--query-page-size", "3"};
    return c;
  }
};

std::vector<std::string> column(const Json& rows, const std::string& property) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row[property].is_string() ? row[property].get<std::string>() : row[property].dump());
  return out;
}

using V = std::vector<std::string>;

TEST_F(QueryCoreTest, CoreSetsServeTheSystemCatalogWithKeysFiltersOrdersAndPages) {
  Session s = query_tenant(server(), "core-sets");
  V sets = column(query_ok(s, "core")["value"], "name");
  EXPECT_EQ(sets, (V{"Countries", "Currencies", "VatCodes", "SalesAreas", "Cultures", "PriceListTypes"}));

  Json currencies = query_ok(s, "Core/Currencies?$select=Id,Code&$orderby=Code&$top=3");
  EXPECT_TRUE(currencies["@odata.context"].get<std::string>().ends_with("/Core/$metadata#Currencies(Id,Code)"));
  EXPECT_EQ(column(currencies["value"], "Code"), (V{"CHF", "DKK", "EUR"}));
  EXPECT_EQ(column(currencies["value"], "Id"), (V{"7", "4", "2"}));
  EXPECT_EQ(currencies["value"][0].size(), 2u);
  EXPECT_FALSE(currencies.contains("@odata.nextLink")) << "$top is spent";

  Json sek = query_ok(s, "Core/Currencies(1)");
  EXPECT_TRUE(sek["@odata.context"].get<std::string>().ends_with("/Core/$metadata#Currencies/$entity"));
  EXPECT_EQ(sek["Code"], "SEK");
  EXPECT_EQ(sek["Name"], "Swedish krona");
  EXPECT_DOUBLE_EQ(sek["ExchangeRate"].get<double>(), 11.215);
  EXPECT_FALSE(sek.contains("ApplicationId")) << "Core sets have no ApplicationId (platform.md §5)";

  // Paged by key (3 rows a page) in the order asked, with the count of every match.
  Json first = query_ok(s, "Core/Countries?$orderby=Name desc&$count=true&$select=Code");
  EXPECT_EQ(first["@odata.count"], 7);
  EXPECT_EQ(first["value"].size(), 3u);
  ASSERT_TRUE(first.contains("@odata.nextLink")) << first.dump();
  EXPECT_EQ(column(all_rows(s, "Core/Countries?$orderby=Name desc&$select=Code"), "Code"),
            (V{"US", "GB", "SE", "NO", "DE", "FI", "DK"}));
  EXPECT_EQ(column(all_rows(s, "Core/Countries?$skip=5"), "Code"), (V{"GB", "US"})) << "id order";

  EXPECT_EQ(column(all_rows(s, "Core/Countries?$filter=startswith(Name,'S') or Code eq 'NO'"), "Name"), (V{"Sweden", "Norway"}));
  EXPECT_EQ(column(all_rows(s, "Core/Countries?$filter=tolower(Code) eq 'de'"), "Id"), V{"5"});
  EXPECT_EQ(column(all_rows(s, "Core/Countries?$filter=not contains(Name,'a') and Id lt 5"), "Code"), (V{"SE"}));
  EXPECT_EQ(column(all_rows(s, "Core/Currencies?$filter=ExchangeRate gt 10&$orderby=ExchangeRate desc"), "Code"),
            (V{"NOK", "SEK"}));
  EXPECT_EQ(column(all_rows(s, "Core/VatCodes?$filter=SalesAreaId eq 1 and Value gt 6&$orderby=Value desc"), "Id"),
            (V{"1", "2"}));
  EXPECT_EQ(column(all_rows(s, "Core/VatCodes?$filter=Value eq 12&$select=Id"), "Id"), (V{"2", "7"}));
  EXPECT_EQ(column(all_rows(s, "Core/PriceListTypes?$filter=Code eq 'OUTLET'"), "Id"), V{"5"});
  EXPECT_EQ(query_ok(s, "Core/PriceListTypes(3)")["Name"], "Customer agreement");
  EXPECT_EQ(query_ok(s, "Core/SalesAreas(2)")["Code"], "NO");
  EXPECT_EQ(query_ok(s, "Core/SalesAreas(1)")["StandardVatCodeId"], 1);

  // Cultures are keyed by their code.
  EXPECT_EQ(query_ok(s, "Core/Cultures('sv-SE')")["Name"], "Swedish (Sweden)");
  EXPECT_EQ(query_ok(s, "Core/Cultures(Code='de-DE')")["Code"], "de-DE");
  EXPECT_EQ(column(all_rows(s, "Core/Cultures?$orderby=Code desc&$select=Code"), "Code"),
            (V{"sv-SE", "nb-NO", "fi-FI", "en-US", "de-DE", "da-DK"}));
  expect_error(query(s, "Core/Cultures('xx-XX')"), 404, "NotFound");
}

TEST_F(QueryCoreTest, CoreNavigationsExpandAndMistakesAreOdataErrors) {
  Session s = query_tenant(server(), "core-expand");
  Json sweden = query_ok(s, "Core/SalesAreas(1)?$select=Code&$expand=VatCodes($filter=Value ge 12;$select=Name;$orderby=Value)");
  ASSERT_EQ(sweden["VatCodes"].size(), 2u) << sweden.dump();
  EXPECT_EQ(column(sweden["VatCodes"], "Name"), (V{"Reduced 12%", "Standard 25%"}));
  EXPECT_TRUE(sweden["@odata.context"].get<std::string>().ends_with("#SalesAreas(Code,VatCodes(Name))/$entity"))
      << sweden["@odata.context"];
  Json code = query_ok(s, "Core/VatCodes(6)?$expand=SalesArea($select=Code)");
  EXPECT_EQ(code["SalesArea"]["Code"], "NO");
  Json everything = query_ok(s, "Core/VatCodes?$top=1&$expand=SalesArea($expand=VatCodes($select=Id))");
  EXPECT_TRUE(everything["@odata.context"].get<std::string>().ends_with("#VatCodes(SalesArea(VatCodes(Id)))"))
      << everything["@odata.context"];
  EXPECT_TRUE(query_ok(s, "Core/VatCodes?$top=1&$select=Id&$expand=SalesArea")["@odata.context"].get<std::string>().ends_with(
      "#VatCodes(Id,SalesArea())"));
  Json areas = query_ok(s, "Core/SalesAreas?$select=Id&$expand=VatCodes($top=1;$select=Id)");
  ASSERT_EQ(areas["value"].size(), 2u);
  EXPECT_EQ(areas["value"][1]["VatCodes"][0]["Id"], 5);

  expect_error(query(s, "Core/Countries?$filter=ApplicationId eq 1"), 400, "UnknownProperty", "ApplicationId");
  expect_error(query(s, "Core/Countries?$select=Nope"), 400, "UnknownProperty", "Nope");
  expect_error(query(s, "Core/Countries?$filter=Name eq 1"), 400, "InvalidFilter", "Name");
  expect_error(query(s, "Core/Countries?$orderby=Nope"), 400, "UnknownProperty", "Nope");
  expect_error(query(s, "Core/Countries?$expand=Nope"), 400, "UnknownNavigation", "Nope");
  expect_error(query(s, "Core/Countries?$skiptoken=garbage!"), 400, "InvalidSkipToken");
  expect_error(query(s, "Core/Countries(99)"), 404, "NotFound");
  expect_error(query(s, "Core/Countries('x')"), 400, "InvalidKey");
  expect_error(query(s, "Core/KpiOrders"), 404, "NotFound");

  Reply metadata = query(s, "Core/$metadata");
  ASSERT_EQ(metadata.status, 200);
  EXPECT_NE(metadata.body.find(R"(<Schema Namespace="Core")"), std::string::npos);
  EXPECT_NE(metadata.body.find(R"(<EntityType Name="Country"><Key><PropertyRef Name="Id"/></Key>)"), std::string::npos);
  EXPECT_NE(metadata.body.find(R"(<EntityType Name="Culture"><Key><PropertyRef Name="Code"/></Key>)"), std::string::npos);
  EXPECT_NE(metadata.body.find(R"(<Property Name="ExchangeRate" Type="Edm.Decimal" Nullable="false" Scale="variable"/>)"),
            std::string::npos);
  EXPECT_NE(metadata.body.find(R"x(<NavigationProperty Name="VatCodes" Type="Collection(Core.VatCode)"/>)x"), std::string::npos);
  EXPECT_NE(metadata.body.find(R"(<EntitySet Name="SalesAreas" EntityType="Core.SalesArea"/>)"), std::string::npos);
  EXPECT_EQ(metadata.body.find("ApplicationId"), std::string::npos);
}

TEST_F(QueryCoreTest, ProductCategoriesAreACollectionNavigationFromTheLinkCollection) {
  Session s = query_tenant(server(), "core-categories");
  const int64_t shoes = s.create("/api/category", Json{{"Code", "SHOES"}, {"Name", "Shoes"}});
  const int64_t sale = s.create("/api/category", Json{{"Code", "SALE"}, {"Name", "Sale"}});
  const int64_t boots = s.create("/api/category", Json{{"Code", "BOOTS"}, {"Name", "Boots"}});
  // P1 in SHOES and SALE, P2 in BOOTS, SHOES and SALE, P3 in none.
  auto item = [](const std::string& part, const std::string& categories) {
    return R"({"ManufacturerCode":"QM","ManufacturerName":"Query AB","Categories":[)" + categories +
           R"(],"Variants":[{"ManufacturerPartNo":")" + part + R"(","Skus":[{"PartNo":")" + part + R"(","Status":1,"Type":1}]}]})";
  };
  const std::string body = "[" + item("P1", R"({"Code":"SHOES"},{"Code":"SALE"})") + "," +
                           item("P2", R"({"Code":"BOOTS","SortOrder":2},{"Code":"SHOES"},{"Code":"SALE"})") + "," + item("P3", "") + "]";
  HeaderList h = bearer(s);
  h.push_back({"X-StormConnect-Header", R"({"AccountId":)" + std::to_string(s.account_id()) +
                                            R"(,"FullFile":false,"ProductFieldsThatAreSet":[0,1,4,6],"VariantFieldsThatAreSet":[0,5],)"
                                            R"("SkuFieldsThatAreSet":[1,2]})"});
  Reply r = s.server().request("POST", "/commerce/connect/4.0/Product/ImportProducts", body, "application/json", h);
  ASSERT_EQ(r.status, 200) << r.describe();
  Json job = finished_job(s, r.json()["JobId"].get<std::string>());
  ASSERT_EQ(job["Fail"], 0) << job.dump();

  Json products = query_ok(s, "Products/Products?$select=ManufacturerPartNo&$orderby=ManufacturerPartNo"
                              "&$expand=Categories($select=Code;$orderby=Code)");
  ASSERT_EQ(products["value"].size(), 3u) << products.dump();
  EXPECT_EQ(column(products["value"][0]["Categories"], "Code"), (V{"SALE", "SHOES"}));
  EXPECT_EQ(column(products["value"][1]["Categories"], "Code"), (V{"BOOTS", "SALE", "SHOES"}));
  EXPECT_TRUE(products["value"][2]["Categories"].is_array());
  EXPECT_TRUE(products["value"][2]["Categories"].empty()) << "a product in no category";

  Json filtered = query_ok(s, "Products/Products?$select=Id&$orderby=ManufacturerPartNo"
                              "&$expand=Categories($filter=Code ne 'SALE';$top=1;$skip=1;$select=Id)");
  EXPECT_TRUE(filtered["value"][0]["Categories"].empty());
  EXPECT_EQ(filtered["value"][1]["Categories"][0]["Id"], boots) << "$skip and $top count each product's, in id order";
  EXPECT_EQ(filtered["value"][1]["Categories"].size(), 1u);
  ASSERT_LT(shoes, boots) << "SHOES comes first in id order";
  EXPECT_EQ(query_ok(s, "Products/Products?$filter=ManufacturerPartNo eq 'P1'&$expand=Categories($select=Id;$orderby=Id desc)")
                ["value"][0]["Categories"][0]["Id"], sale);
  Json nested = query_ok(s, "Products/Products?$select=Id&$filter=ManufacturerPartNo eq 'P2'"
                            "&$expand=Categories($filter=Code eq 'BOOTS';$expand=Parent)");
  ASSERT_EQ(nested["value"][0]["Categories"].size(), 1u) << nested.dump();
  EXPECT_EQ(nested["value"][0]["Categories"][0]["Id"], boots);
  EXPECT_TRUE(nested["value"][0]["Categories"][0]["Parent"].is_null()) << "nested expansions of a link's rows";

  Reply metadata = query(s, "Products/$metadata");
  EXPECT_NE(metadata.body.find(R"x(<NavigationProperty Name="Categories" Type="Collection(Application.Category)"/>)x"),
            std::string::npos);
  // Another client's query sees none of these links' rows.
  Session other = query_tenant(server(), "core-categories-other");
  EXPECT_TRUE(query_ok(other, "Products/Products?$expand=Categories")["value"].empty());
}

}  // namespace
}  // namespace api
