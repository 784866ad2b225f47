// ImportProducts' members that link a product or SKU to more than its own row, against the real binary on either
// engine, read back through the Query API: VAT rates per sales area (Sku.VatRates → Products/ProductSkuVatRates),
// a structure's components (Sku.StructureItems → Products/ProductSkuStructureItems) and the product's
// assortment (AssortmentCode → Products' Assortment). Items are written as the .NET client serializes them:
// every member present, nulls, enums as integers.
#include <map>

#include "api/query_support.hpp"

namespace api {
namespace {

using namespace query_support;

class ConnectImportSkuRowsTest : public ServerFixture<ConnectImportSkuRowsTest> {};

// A one-variant item whose SKU `part_no` carries `sku_extra` (members after the SKU's own, e.g. the VatRates)
// and whose AssortmentCode is `assortment` (JSON).
std::string item(const std::string& part_no, const std::string& sku_extra, const std::string& assortment = "null") {
  return R"({"ManufacturerCode":"ROWS","ManufacturerName":"Rows AB","Alias":null,"Code":")" + part_no +
         R"(","Cultures":null,"Categories":null,"Family":null,"ProductFlags":null,"ProductParametrics":null,)"
         R"("MainImage":null,"AdditionalImages":null,"AssortmentCode":)" + assortment +
         R"(,"VariantDefinitionGroup":null,)"
         R"("Variants":[{"ManufacturerPartNo":")" + part_no + R"(","SortOrderValue":0,"StockDisplayBreakPoint":null,)"
         R"("IsDangerousGoods":false,"Cultures":null,"MainImage":null,"AdditionalImages":null,)"
         R"("VariantParametrics":null,"NonParametricVariantDefinitions":null,"DeliveryMethods":null,)"
         R"("Skus":[{"PartNo":")" + part_no + R"(","Status":1,"Type":1,"IntegrationPartNo":null,"CommodityCode":null,)"
         R"("EanCode":null,"TrackingCode":null,"UnitOfMeasurementType":1,"UnitOfMeasurementCount":1.0,)"
         R"("IsDropShipOnly":null,"IsBuyable":true,"DiscountClass":null,"RecommendedSalesQty":null,)"
         R"("IsRecommendedSalesQtyFixed":null,"ActualWeight":null,"VolumeWeight":null,"LogisticWidth":null,)"
         R"("LogisticHeight":null,"LogisticDepth":null,"StandardPrice":null,"Cultures":null,"StartDate":null,)"
         R"("StopDate":null,)" + sku_extra + "}]}]}";
}

struct Job {
  Json dto;  // Job/Get
  std::string log;  // Job/GetLog's messages, one a line
};

// Posts `body` to ImportProducts with `lists` (the header's lists after AccountId and FullFile) and waits for it.
Job import(const Session& s, const std::string& lists, const std::string& body) {
  HeaderList h = bearer(s);
  h.push_back({"X-StormConnect-Header",
               R"({"AccountId":)" + std::to_string(s.account_id()) + R"(,"FullFile":false,)" + lists + "}"});
  Reply r = s.server().request("POST", "/commerce/connect/4.0/Product/ImportProducts", body, "application/json", h);
  EXPECT_EQ(r.status, 200) << r.describe();
  if (r.status != 200) return {};
  const std::string id = r.json()["JobId"].get<std::string>();
  Job job{finished_job(s, id), ""};
  Reply log = s.server().request("GET", "/commerce/connect/4.0/Job/GetLog?id=" + id, "", "", bearer(s));
  EXPECT_EQ(log.status, 200) << log.describe();
  if (log.status == 200)
    for (const auto& e : log.json()) job.log += e["Message"].get<std::string>() + "\n";
  EXPECT_EQ(job.dto["StatusId"], 2) << job.dto.dump() << job.log;
  EXPECT_EQ(job.dto["Fail"], 0) << job.log;
  return job;
}

// The SKU's VAT rates by sales area id, as the Query API shows them.
std::map<int64_t, double> vat_rates(const Session& s, const std::string& part_no) {
  Json sku = query_ok(s, "Products/ProductSkus('" + part_no + "')?$select=PartNo&$expand=VatRates");
  std::map<int64_t, double> out;
  for (const auto& v : sku["VatRates"]) out[v["SalesAreaId"].get<int64_t>()] = v["Rate"].get<double>();
  return out;
}

constexpr const char* kVatLists =
    R"("ProductFieldsThatAreSet":[0,1,3,4],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2,21])";

TEST_F(ConnectImportSkuRowsTest, VatRatesPerSalesAreaWrittenUpdatedAndRemoved) {
  Session s = query_tenant(server(), "import-vat");
  Job first = import(s, kVatLists,
                     "[" + item("VAT-1", R"("VatRates":[{"SalesArea":1,"Rate":25.0},{"SalesArea":"Norway","Rate":15},)"
                                         R"({"SalesArea":99,"Rate":10},{"SalesArea":null,"Rate":6}],"StructureItems":null)") +
                         "]");
  EXPECT_EQ(first.dto["Inserts"], 5) << "manufacturer, product, SKU and two VAT rates";
  EXPECT_NE(first.log.find("VatRates[2].SalesArea: there is no sales area 99"), std::string::npos) << first.log;
  EXPECT_NE(first.log.find("VatRates[3]: no SalesArea"), std::string::npos) << first.log;
  EXPECT_EQ(vat_rates(s, "VAT-1"), (std::map<int64_t, double>{{1, 25.0}, {2, 15.0}}));

  // The metadata names the set and the SKU's navigation to it.
  Reply metadata = query(s, "Products/$metadata");
  EXPECT_NE(metadata.body.find(R"(EntitySet Name="ProductSkuVatRates")"), std::string::npos) << metadata.body;
  Json rows = query_ok(s, "Products/ProductSkuVatRates?$filter=SalesAreaId eq 2&$expand=Sku($select=PartNo)");
  ASSERT_EQ(rows["value"].size(), 1u) << rows.dump();
  EXPECT_EQ(rows["value"][0]["Sku"]["PartNo"], "VAT-1");

  Job same = import(s, kVatLists, "[" + item("VAT-1", R"("VatRates":[{"SalesArea":1,"Rate":25},{"SalesArea":2,"Rate":15.00}],"StructureItems":null)") + "]");
  EXPECT_EQ(same.dto["Inserts"], 0) << same.log;
  EXPECT_EQ(same.dto["Updates"], 0) << "the same rates again change nothing: " << same.log;

  // A changed rate is an update; a Rate of null removes that area's rate (counted as an update); areas the list
  // leaves out stay.
  Job changed = import(s, kVatLists, "[" + item("VAT-1", R"("VatRates":[{"SalesArea":1,"Rate":12.5}],"StructureItems":null)") + "]");
  EXPECT_EQ(changed.dto["Inserts"], 0) << changed.log;
  EXPECT_EQ(changed.dto["Updates"], 1) << changed.log;
  EXPECT_EQ(vat_rates(s, "VAT-1"), (std::map<int64_t, double>{{1, 12.5}, {2, 15.0}}));
  Job removed = import(s, kVatLists, "[" + item("VAT-1", R"("VatRates":[{"SalesArea":2,"Rate":null}],"StructureItems":null)") + "]");
  EXPECT_EQ(removed.dto["Updates"], 1) << removed.log;
  EXPECT_EQ(vat_rates(s, "VAT-1"), (std::map<int64_t, double>{{1, 12.5}}));

  // Not listed (SkuField 21 left out): whatever VatRates holds is ignored.
  Job unlisted = import(s, R"("ProductFieldsThatAreSet":[0,1,3,4],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2])",
                        "[" + item("VAT-1", R"("VatRates":[{"SalesArea":1,"Rate":6},{"SalesArea":99,"Rate":1}],"StructureItems":null)") + "]");
  EXPECT_EQ(unlisted.dto["Updates"], 0) << unlisted.log;
  EXPECT_EQ(unlisted.log.find("VatRates"), std::string::npos) << unlisted.log;
  EXPECT_EQ(vat_rates(s, "VAT-1"), (std::map<int64_t, double>{{1, 12.5}}));
}

// A structure item as the .NET client writes it.
std::string component(const std::string& part_no, const std::string& quantity, const std::string& sort_order) {
  return R"({"StructurePartNo":"BUNDLE","PartNo":")" + part_no + R"(","Quantity":)" + quantity +
         R"(,"SortOrder":)" + sort_order + R"(,"StandardStructureItemPrice":null,"AdditionalInfo":null})";
}

// The structure's components as the Query API shows them: component PartNo → (Quantity, SortOrder as JSON).
std::map<std::string, std::pair<double, std::string>> components(const Session& s) {
  Json sku = query_ok(s, "Products/ProductSkus('BUNDLE')?$select=PartNo&$expand=StructureItems($expand=ItemSku($select=PartNo))");
  std::map<std::string, std::pair<double, std::string>> out;
  for (const auto& c : sku["StructureItems"])
    out[c["ItemSku"]["PartNo"].get<std::string>()] = {c["Quantity"].get<double>(), c["SortOrder"].dump()};
  return out;
}

constexpr const char* kStructureLists =
    R"("ProductFieldsThatAreSet":[0,1,3,4],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2,25],)"
    R"("SkuStructureItemFieldsThatAreSet":[0,1])";

TEST_F(ConnectImportSkuRowsTest, StructureItemsAreTheStructuresComponents) {
  ClientInfo client = server().add_client("import-structure", "en-US", {"management", "connect", "query"});
  Session s = server().session_for(client);
  const std::string none = R"("VatRates":null,"StructureItems":null)";
  auto bundle = [](const std::string& items) {
    return item("BUNDLE", R"("VatRates":null,"StructureItems":[)" + items + "]");
  };
  Job first = import(s, kStructureLists,
                     "[" + item("C-1", none) + "," + item("C-2", none) + "," + item("C-3", none) + "," +
                         bundle(component("C-1", "2.0", "1") + "," + component("C-2", "1", "2") + "," +
                                component("NOPE", "1", "3") + "," + component("C-3", "0", "4") + "," +
                                R"({"StructurePartNo":"BUNDLE","PartNo":"C-3","Quantity":1,"SortOrder":5,)"
                                R"("StandardStructureItemPrice":{"PriceListCode":"X","PriceSale":10},"AdditionalInfo":null})") +
                         "]");
  EXPECT_EQ(first.dto["Inserts"], 1 + 4 * 2 + 3) << "manufacturer, 4 products and SKUs, 3 components: " << first.log;
  EXPECT_NE(first.log.find("StructureItems[2].PartNo: there is no SKU 'NOPE'"), std::string::npos) << first.log;
  EXPECT_NE(first.log.find("StructureItems[3].Quantity: must be above 0"), std::string::npos) << first.log;
  EXPECT_NE(first.log.find("StandardStructureItemPrice are not imported yet"), std::string::npos) << first.log;
  auto expected = std::map<std::string, std::pair<double, std::string>>{
      {"C-1", {2.0, "1"}}, {"C-2", {1.0, "2"}}, {"C-3", {1.0, "5"}}};
  EXPECT_EQ(components(s), expected);
  Reply metadata = query(s, "Products/$metadata");
  EXPECT_NE(metadata.body.find(R"(EntitySet Name="ProductSkuStructureItems")"), std::string::npos) << metadata.body;

  Job same = import(s, kStructureLists,
                    "[" + bundle(component("C-1", "2", "1") + "," + component("C-2", "1.0", "2") + "," +
                                 component("C-3", "1", "5")) + "]");
  EXPECT_EQ(same.dto["Inserts"], 0) << same.log;
  EXPECT_EQ(same.dto["Updates"], 0) << same.log;

  // The list is the whole structure: C-2 left out is removed, C-1's quantity changes. SortOrder unlisted keeps
  // the stored one.
  Job changed = import(s, R"("ProductFieldsThatAreSet":[0,1,3,4],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2,25])",
                       "[" + bundle(component("C-1", "3", "9") + "," + component("C-3", "1", "null")) + "]");
  EXPECT_EQ(changed.dto["Inserts"], 0) << changed.log;
  EXPECT_EQ(changed.dto["Updates"], 2) << "C-1 changed, C-2 removed: " << changed.log;
  expected = {{"C-1", {3.0, "1"}}, {"C-3", {1.0, "5"}}};
  EXPECT_EQ(components(s), expected);

  // norced export shows the same rows, by ids.
  std::vector<std::string> argv = {NORCED_BINARY, "export", "--client", std::to_string(client.client_id),
                                   "--resources", "Sku,SkuStructureItem"};
  for (const auto& a : server().store_args()) argv.push_back(a);
  CommandResult out = run_command(argv);
  ASSERT_EQ(out.code, 0) << out.err;
  Json doc = Json::parse(out.out);
  std::map<int64_t, std::string> part_no;
  for (const auto& sku : doc["Sku"]) part_no[sku["Id"].get<int64_t>()] = sku["PartNo"].get<std::string>();
  std::map<std::string, double> exported;
  for (const auto& row : doc["SkuStructureItem"]) {
    EXPECT_EQ(part_no[row["SkuId"].get<int64_t>()], "BUNDLE") << out.out;
    exported[part_no[row["ItemSkuId"].get<int64_t>()]] = row["Quantity"].get<double>();
  }
  EXPECT_EQ(exported, (std::map<std::string, double>{{"C-1", 3.0}, {"C-3", 1.0}})) << out.out;

  // A structure item naming another structure is skipped, and that component's stored row stays.
  Job wrong = import(s, kStructureLists,
                     "[" + bundle(R"({"StructurePartNo":"OTHER","PartNo":"C-1","Quantity":7,"SortOrder":1,)"
                                  R"("StandardStructureItemPrice":null,"AdditionalInfo":null},)" +
                                  component("C-3", "1", "5")) + "]");
  EXPECT_NE(wrong.log.find("StructureItems[0].StructurePartNo: 'OTHER' is not the SKU's PartNo 'BUNDLE'"),
            std::string::npos) << wrong.log;
  EXPECT_EQ(wrong.dto["Updates"], 0) << wrong.log;
  EXPECT_EQ(components(s), expected);
}

// The product's assortment (Products/Products' AssortmentId and its navigation Assortment), or "null".
std::string assortment_of(const Session& s, const std::string& code) {
  Json rows = query_ok(s, "Products/Products?$filter=Code eq '" + code + "'&$select=Code&$expand=Assortment($select=Code)");
  if (rows["value"].size() != 1) {
    ADD_FAILURE() << code << ": " << rows.dump();
    return "";
  }
  const Json& a = rows["value"][0]["Assortment"];
  return a.is_null() ? "null" : a["Code"].get<std::string>();
}

TEST_F(ConnectImportSkuRowsTest, AssortmentCodeLinksTheProductToAnExistingAssortment) {
  Session s = query_tenant(server(), "import-assortment");
  const int64_t summer = s.create("/api/client/assortment", Json{{"Code", "SUMMER"}, {"Name", "Summer range"}});
  s.create("/api/client/assortment", Json{{"Code", "WINTER"}, {"Name", "Winter range"}});
  const std::string lists =
      R"("ProductFieldsThatAreSet":[0,1,3,4,14],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2])";
  const std::string none = R"("VatRates":null,"StructureItems":null)";
  Job first = import(s, lists, "[" + item("AS-1", none, R"("summer")") + "," + item("AS-2", none, R"("NOPE")") + "]");
  EXPECT_EQ(first.dto["Inserts"], 5) << "manufacturer, two products and their SKUs: " << first.log;
  EXPECT_NE(first.log.find("AssortmentCode: there is no assortment 'NOPE'"), std::string::npos) << first.log;
  EXPECT_EQ(assortment_of(s, "AS-1"), "SUMMER") << "found by Code, letter case ignored";
  EXPECT_EQ(assortment_of(s, "AS-2"), "null") << "an unknown assortment is not created; the product is";

  Job same = import(s, lists, "[" + item("AS-1", none, R"("SUMMER")") + "]");
  EXPECT_EQ(same.dto["Updates"], 0) << same.log;
  Job moved = import(s, lists, "[" + item("AS-1", none, R"("WINTER")") + "]");
  EXPECT_EQ(moved.dto["Updates"], 1) << moved.log;
  EXPECT_EQ(assortment_of(s, "AS-1"), "WINTER");
  Job unlisted = import(s, R"("ProductFieldsThatAreSet":[0,1,3,4],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2])",
                        "[" + item("AS-1", none, "null") + "]");
  EXPECT_EQ(unlisted.dto["Updates"], 0) << "AssortmentCode unlisted is ignored: " << unlisted.log;
  EXPECT_EQ(assortment_of(s, "AS-1"), "WINTER");
  Job cleared = import(s, lists, "[" + item("AS-1", none, "null") + "]");
  EXPECT_EQ(cleared.dto["Updates"], 1) << cleared.log;
  EXPECT_EQ(assortment_of(s, "AS-1"), "null");

  // An assortment a product is linked to cannot be removed out from under it.
  import(s, lists, "[" + item("AS-2", none, R"("SUMMER")") + "]");
  EXPECT_EQ(s.send("DELETE", "/api/client/assortment/" + std::to_string(summer)).status, 409);
}

}  // namespace
}  // namespace api
