// Connect imports against the real binary, as integrations call them: both body forms (a JSON array, and the
// .NET client's back-to-back objects sent chunked without a Content-Type), the X-StormConnect-Header, the
// JobResponse, a job that runs on the server's own workers and what it wrote (seen through the Management API),
// the legacy Basic credentials, the body limits, and an accepted job that survives kill -9. What each import
// does to each item is tested over the store in tests/connect/.
#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include "api/harness.hpp"

namespace api {
namespace {

constexpr const char* kImportPriceLists = "/commerce/connect/4.0/Product/ImportPriceLists";

HeaderList connect_headers(const Session& s, const std::string& stormconnect_header) {
  HeaderList h = {{"Authorization", "Bearer " + s.token()}, {"applicationId", std::to_string(s.application_id())}};
  if (!stormconnect_header.empty()) h.push_back({"X-StormConnect-Header", stormconnect_header});
  return h;
}

std::string price_list_header(const Session& s) {
  return R"({"AccountId":)" + std::to_string(s.account_id()) +
         R"(,"PriceListFieldsThatAreSet":[0,1],"SerializationType":0})";
}

// A PriceList item as the .NET client writes it: every member present, defaulted.
std::string price_list_item(const std::string& code, const std::string& name) {
  return R"({"Code":")" + code + R"(","Name":")" + name +
         R"(","CurrencyCode":"SEK","StartDate":null,"EndDate":null,"IsPrimary":false,"IsPublic":false,)"
         R"("IsFavorite":false,"TypeCode":null,"Warehouses":null,"Description":null,"IsErpIntegrated":false})";
}

Reply import_price_lists(const Session& s, const std::string& body, const std::string& header) {
  return s.server().request("POST", kImportPriceLists, body, "application/json", connect_headers(s, header));
}

Reply connect_get(const Session& s, const std::string& path) {
  return s.server().request("GET", "/commerce/connect/4.0/" + path, "", "", connect_headers(s, ""));
}

// The job, once its worker has finished it. The workers run in the server process: the test can only ask.
Json finished_job(const Session& s, const std::string& id, std::chrono::seconds limit = std::chrono::seconds(120)) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  for (;;) {
    Reply r = connect_get(s, "Job/Get?id=" + id);
    if (r.status == 200 && r.json()["IsFinished"] == true) return r.json();
    if (std::chrono::steady_clock::now() > give_up) {
      ADD_FAILURE() << "job " << id << " did not finish: " << r.describe();
      return r.status == 200 ? r.json() : Json();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process, not timing anything
  }
}

std::vector<std::string> price_list_codes(const Session& s) {
  std::vector<std::string> codes;
  for (const auto& pl : s.fetch("/api/pricing/pricelist")) codes.push_back(pl["Code"].get<std::string>());
  return codes;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// A tenant of its own whose OAuth client may call both the Management API and Connect.
Session connect_tenant(TestServer& server, const std::string& name) {
  return server.session_for(server.add_client(name, "en-US", {"management", "connect"}));
}

class ConnectImportTest : public ServerFixture<ConnectImportTest> {};

TEST_F(ConnectImportTest, AnAcceptedImportRunsAndWhatItWroteShowsInTheManagementApi) {
  Session s = connect_tenant(server(), "import-array");
  const std::string body = "[" + price_list_item("CAMPAIGN-1", "Campaign one") + ",\n" +
                           price_list_item("CAMPAIGN-2", "Campaign two") + "]";
  Reply r = import_price_lists(s, body, price_list_header(s));
  ASSERT_EQ(r.status, 200) << r.describe();
  Json response = r.json();
  EXPECT_EQ(response["StatusCode"], "Accepted");
  ASSERT_TRUE(response["JobId"].is_string()) << "JobResponse.JobId is a string";
  EXPECT_EQ(response["ValidationSummary"]["NrOfItemsInTotal"], 2);
  EXPECT_EQ(response["ValidationSummary"]["NrOfValidationFailures"], 0);

  Json job = finished_job(s, response["JobId"].get<std::string>());
  EXPECT_EQ(job["StatusId"], 2) << job.dump();
  EXPECT_EQ(job["Totals"], 2);
  EXPECT_EQ(job["Fail"], 0);
  EXPECT_GE(job["Inserts"].get<int>(), 2);
  auto codes = price_list_codes(s);
  EXPECT_TRUE(has(codes, "CAMPAIGN-1") && has(codes, "CAMPAIGN-2")) << "visible at once";

  Reply log = connect_get(s, "Job/GetLog?id=" + response["JobId"].get<std::string>());
  ASSERT_EQ(log.status, 200) << log.describe();
  ASSERT_GE(log.json().size(), 2u);
  EXPECT_EQ(log.json().front()["Message"], "Starting import.");
  EXPECT_EQ(log.json().back()["Message"], "Import finished.");

  // The same import again changes nothing: no inserts, no updates.
  Reply again = import_price_lists(s, body, price_list_header(s));
  ASSERT_EQ(again.status, 200) << again.describe();
  Json second = finished_job(s, again.json()["JobId"].get<std::string>());
  EXPECT_EQ(second["StatusId"], 2);
  EXPECT_EQ(second["Inserts"], 0);
  EXPECT_EQ(second["Updates"], 0);
}

TEST_F(ConnectImportTest, BackToBackObjectsSentChunkedWithoutAContentTypeAreItemsToo) {
  Session s = connect_tenant(server(), "import-stream");
  const std::string items = price_list_item("STREAM-1", "One") + price_list_item("STREAM-2", "Two");
  // Transfer-Encoding: chunked, the items split across chunks at arbitrary places, as EnumeratorStream does.
  std::string chunked;
  for (size_t at = 0; at < items.size(); at += 37) {
    const std::string part = items.substr(at, 37);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    chunked += std::string(size) + "\r\n" + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  std::string request = std::string("POST ") + kImportPriceLists + " HTTP/1.1\r\nHost: localhost\r\n";
  for (const auto& [name, value] : connect_headers(s, price_list_header(s))) request += name + ": " + value + "\r\n";
  request += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked;
  const std::string raw = raw_exchange(server().port(), request, 10'000);
  ASSERT_EQ(raw_status(raw), 200) << raw;
  const Json response = Json::parse(raw.substr(raw.find("\r\n\r\n") + 4));
  EXPECT_EQ(response["ValidationSummary"]["NrOfItemsInTotal"], 2);
  Json job = finished_job(s, response["JobId"].get<std::string>());
  EXPECT_EQ(job["StatusId"], 2) << job.dump();
  auto codes = price_list_codes(s);
  EXPECT_TRUE(has(codes, "STREAM-1") && has(codes, "STREAM-2"));
}

TEST_F(ConnectImportTest, HeaderMistakesAre400sNamingTheMemberAndQueueNothing) {
  Session s = connect_tenant(server(), "import-header");
  const std::string body = "[" + price_list_item("NEVER", "Never") + "]";
  expect_field_error(import_price_lists(s, body, ""), "X-StormConnect-Header");
  expect_field_error(import_price_lists(s, body, "{not json"), "X-StormConnect-Header");
  expect_field_error(import_price_lists(s, body, R"({"PriceListFieldsThatAreSet":[0]})"),
                     "X-StormConnect-Header.AccountId");
  // An account of another tenant's application is not this application's.
  expect_field_error(import_price_lists(s, body, R"({"AccountId":1,"PriceListFieldsThatAreSet":[0]})"),
                     "X-StormConnect-Header.AccountId");
  expect_field_error(
      import_price_lists(s, body, R"({"AccountId":)" + std::to_string(s.account_id()) +
                                      R"(,"PriceListFieldsThatAreSet":[0],"SerializationType":1})"),
      "X-StormConnect-Header.SerializationType");
  expect_field_error(import_price_lists(s, body, R"({"AccountId":)" + std::to_string(s.account_id()) +
                                                     R"(,"PriceListFieldsThatAreSet":["NoSuchField"]})"),
                     "X-StormConnect-Header.PriceListFieldsThatAreSet");
  // Enum lists by name are read like integers.
  Reply by_name = import_price_lists(
      s, "[]", R"({"AccountId":)" + std::to_string(s.account_id()) + R"(,"PriceListFieldsThatAreSet":["Name"]})");
  EXPECT_EQ(by_name.status, 200) << by_name.describe();
  Reply list = connect_get(s, "Job/List");
  EXPECT_EQ(list.header("X-Total-Count"), "1") << "only the last one was queued";
}

TEST_F(ConnectImportTest, BodyMistakesAre400sNamingTheItem) {
  Session s = connect_tenant(server(), "import-body");
  const std::string header = price_list_header(s);
  expect_field_error(import_price_lists(s, "[" + price_list_item("A", "A") + ", 7]", header), "items[1]");
  expect_field_error(import_price_lists(s, price_list_item("A", "A") + R"({"Code":)", header), "items[1]");
  expect_field_error(import_price_lists(s, "[" + price_list_item("A", "A"), header), "items");
  EXPECT_EQ(connect_get(s, "Job/List").header("X-Total-Count"), "0");
  Reply get = server().request("GET", kImportPriceLists, "", "", connect_headers(s, header));
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.header("Allow"), "POST");
}

TEST_F(ConnectImportTest, TheLegacyBasicCredentialsAreTheApplicationIdAndAConnectClientSecret) {
  ClientInfo c = server().add_client("basic-connect", "en-US", {"connect"});
  auto basic = [&](const std::string& user, const std::string& secret) {
    HeaderList h = {{"Authorization", "Basic " + base64(user + ":" + secret)},
                    {"applicationId", std::to_string(c.application_id)}};
    return server().request("GET", "/commerce/connect/4.0/Job/List", "", "", h);
  };
  Reply ok = basic(std::to_string(c.application_id), c.oauth_client_secret);
  EXPECT_EQ(ok.status, 200) << ok.describe();
  EXPECT_EQ(basic(std::to_string(c.application_id), "wrong-secret-0123456789").status, 401);
  EXPECT_EQ(basic("1", c.oauth_client_secret).status, 401) << "another tenant's application";
  // A client without the Connect resource cannot use its secret here.
  ClientInfo m = server().add_client("basic-management", "en-US", {"management"});
  HeaderList h = {{"Authorization", "Basic " + base64(std::to_string(m.application_id) + ":" + m.oauth_client_secret)},
                  {"applicationId", std::to_string(m.application_id)}};
  EXPECT_EQ(server().request("GET", "/commerce/connect/4.0/Job/List", "", "", h).status, 403);
}

// Product/ImportProducts through the same path: its header's dependencies are checked when the job is accepted,
// and a .NET-style item (every member present, defaulted) creates its manufacturer, which the Management API
// shows.
TEST_F(ConnectImportTest, ImportProductsChecksItsHeaderAndCreatesWhatTheItemNames) {
  Session s = server().session_for(server().add_client("import-products", "en-US", {"management", "connect"}));
  const std::string path = "/commerce/connect/4.0/Product/ImportProducts";
  const std::string account = R"({"AccountId":)" + std::to_string(s.account_id());
  const std::string item =
      R"({"ManufacturerCode":"NORDIC","ManufacturerName":"Nordic Outdoor","Alias":null,"Code":"PARKA","Cultures":null,)"
      R"("Categories":null,"Family":null,"ProductFlags":null,"ProductParametrics":null,"MainImage":null,)"
      R"("Variants":[{"ManufacturerPartNo":"PARKA-M","SortOrderValue":0,"IsDangerousGoods":false,"Cultures":null,)"
      R"("Skus":[{"PartNo":"PARKA-M","Status":1,"Type":1,"StandardPrice":null,"VatRates":null,"Cultures":null}]}]})";
  auto post = [&](const std::string& header) {
    return s.server().request("POST", path, "[" + item + "]", "application/json", connect_headers(s, header));
  };
  expect_field_error(post(account + R"(,"ProductFieldsThatAreSet":[0,1],"VariantFieldsThatAreSet":[1]})"),
                     "X-StormConnect-Header.VariantFieldsThatAreSet");
  Reply r = post(account + R"(,"FullFile":false,"ProductFieldsThatAreSet":[0,1,3,4],"VariantFieldsThatAreSet":[0,1,5],)"
                           R"("SkuFieldsThatAreSet":[1,2]})");
  ASSERT_EQ(r.status, 200) << r.describe();
  Json job = finished_job(s, r.json()["JobId"].get<std::string>());
  EXPECT_EQ(job["StatusId"], 2) << job.dump();
  EXPECT_EQ(job["Fail"], 0) << connect_get(s, "Job/GetLog?id=" + r.json()["JobId"].get<std::string>()).body;
  EXPECT_EQ(job["Inserts"], 3) << "the manufacturer, the product and its SKU";
  bool found = false;
  for (const auto& m : s.fetch("/api/manufacturer"))
    if (m["Code"] == "NORDIC") found = m["Name"] == "Nordic Outdoor";
  EXPECT_TRUE(found) << "the new manufacturer is the Management API's";
}

// The whole chain an integration runs: products, then their stock and prices, each only for the SKUs that
// exist, and what was stored, as `norced export` shows it.
TEST_F(ConnectImportTest, ProductsThenTheirStockAndPricesAsTheExportShowsThem) {
  ClientInfo c = server().add_client("import-chain", "en-US", {"management", "connect"});
  Session s = server().session_for(c);
  const std::string account = R"({"AccountId":)" + std::to_string(s.account_id()) + R"(,"FullFile":false,)";
  auto run = [&](const std::string& method, const std::string& header, const std::string& body) {
    Reply r = s.server().request("POST", "/commerce/connect/4.0/Product/" + method, body, "application/json",
                                 connect_headers(s, header));
    EXPECT_EQ(r.status, 200) << method << " " << r.describe();
    return r.status == 200 ? finished_job(s, r.json()["JobId"].get<std::string>()) : Json();
  };
  std::string products;
  for (const char* part : {"A-1", "A-2", "A-3"})
    products += std::string(R"({"ManufacturerCode":"CHAIN","ManufacturerName":"Chain AB","Variants":[)") +
                R"({"ManufacturerPartNo":")" + part + R"(","Skus":[{"PartNo":")" + part + R"(","Status":1,"Type":1}]}]})";
  Json p = run("ImportProducts",
               account + R"("ProductFieldsThatAreSet":[0,1,4],"VariantFieldsThatAreSet":[0,5],"SkuFieldsThatAreSet":[1,2]})",
               products);  // back to back
  EXPECT_EQ(p["StatusId"], 2) << p.dump();
  EXPECT_EQ(p["Fail"], 0);
  Json pl = run("ImportPriceLists", R"({"AccountId":)" + std::to_string(s.account_id()) +
                                        R"(,"PriceListFieldsThatAreSet":[0,1]})",
                "[" + price_list_item("CHAIN-PL", "Chain prices") + "]");
  EXPECT_EQ(pl["StatusId"], 2) << pl.dump();
  Json stock = run("ImportOnhands", account + R"("SkuOnhandFieldsThatAreSet":["OnhandValue","IncomingValue"]})",
                   R"([{"PartNo":"A-1","WarehouseCode":"MAIN","LocationCode":"SHELF","OnhandValue":12.5,"IncomingValue":3,)"
                   R"("LeadTimeDayCount":99},{"PartNo":"NOPE","WarehouseCode":"MAIN","LocationCode":"SHELF","OnhandValue":1}])");
  EXPECT_EQ(stock["StatusId"], 2) << stock.dump();
  EXPECT_EQ(stock["Fail"], 1) << "the unknown SKU";
  Json prices = run("ImportSkuPriceLists", account + R"("SkuPriceListFieldsThatAreSet":[3]})",
                    R"([{"PartNo":"A-2","PriceListCode":"CHAIN-PL","QuantityBreak":0,"PriceSale":199.90,"CostUnit":5}])");
  EXPECT_EQ(prices["StatusId"], 2) << prices.dump();
  EXPECT_EQ(prices["Fail"], 0);

  CommandResult out = run_command([&] {
    std::vector<std::string> argv = {NORCED_BINARY, "export", "--client", std::to_string(c.client_id),
                                     "--resources", "Sku,SkuOnhand,SkuPriceList"};
    for (const auto& a : server().store_args()) argv.push_back(a);
    return argv;
  }());
  ASSERT_EQ(out.code, 0) << out.err;
  Json doc = Json::parse(out.out);
  ASSERT_EQ(doc["Sku"].size(), 3u) << out.out;
  std::map<int64_t, std::string> part_no;
  for (const auto& sku : doc["Sku"]) part_no[sku["Id"].get<int64_t>()] = sku["PartNo"].get<std::string>();
  ASSERT_EQ(doc["SkuOnhand"].size(), 1u) << out.out;
  const Json& onhand = doc["SkuOnhand"][0];
  EXPECT_EQ(part_no[onhand["SkuId"].get<int64_t>()], "A-1");
  EXPECT_EQ(onhand["OnhandValue"], 12.5);
  EXPECT_EQ(onhand["IncomingValue"], 3);
  EXPECT_TRUE(onhand["LeadTimeDayCount"].is_null()) << "not listed in the header";
  ASSERT_EQ(doc["SkuPriceList"].size(), 1u) << out.out;
  const Json& price = doc["SkuPriceList"][0];
  EXPECT_EQ(part_no[price["SkuId"].get<int64_t>()], "A-2");
  EXPECT_EQ(price["PriceSale"], 199.9);
  EXPECT_EQ(price["QuantityBreak"], 1) << "0 means 1";
  EXPECT_TRUE(price["CostUnit"].is_null()) << "not listed in the header";
}

// Imports have their own body limit; everything else keeps --max-body-bytes.
class ConnectImportLimitsTest : public ServerFixture<ConnectImportLimitsTest> {
 public:
  static ServerConfig config() {
    ServerConfig c;
    c.extra_args = {"--max-body-bytes", "600", "--connect-max-body-bytes", "1500", "--connect-rate-limit", "5/min"};
    return c;
  }
};

TEST_F(ConnectImportLimitsTest, AnImportMayBeLargerThanOtherRequestsUpToItsOwnLimit) {
  Session s = server().default_session();
  std::string four = "[";
  for (int i = 0; i < 4; ++i) four += (i ? "," : "") + price_list_item("LIMIT-" + std::to_string(i), "x");
  four += "]";
  ASSERT_GT(four.size(), 600u);
  ASSERT_LT(four.size(), 1500u);
  EXPECT_EQ(import_price_lists(s, four, price_list_header(s)).status, 200);
  std::string eight = four.substr(0, four.size() - 1) + "," + four.substr(1);
  ASSERT_GT(eight.size(), 1500u);
  Reply too_large = import_price_lists(s, eight, price_list_header(s));
  EXPECT_EQ(too_large.status, 413) << too_large.describe();
  EXPECT_EQ(s.post_raw("/api/category", std::string(700, ' ')).status, 413) << "the Management API's limit";
}

TEST_F(ConnectImportLimitsTest, AClientOverItsRateLimitGets429WithRetryAfterOthersDoNot) {
  Session s = connect_tenant(server(), "limited");
  int ok = 0;
  Reply refused;
  for (int i = 0; i < 10 && refused.status != 429; ++i) {
    Reply r = connect_get(s, "Job/Ping");
    if (r.status == 200) ++ok;
    else refused = r;
  }
  EXPECT_EQ(ok, 5) << "the burst is the limit";
  EXPECT_EQ(refused.status, 429) << refused.describe();
  EXPECT_FALSE(refused.header("Retry-After").empty());
  EXPECT_GE(std::stoi(refused.header("Retry-After")), 1);
  Session other = connect_tenant(server(), "not-limited");
  EXPECT_EQ(connect_get(other, "Job/Ping").status, 200) << "per client";
}

// An accepted job is durable: the process is killed (kill -9) right after accepting it, and after a restart the
// job runs to its end with every item applied exactly once.
class ConnectImportKillTest : public ServerFixture<ConnectImportKillTest> {
 public:
  static ServerConfig config() {
    ServerConfig c;
    c.extra_args = {"--connect-chunk-items", "25", "--connect-lease-ms", "500"};
    return c;
  }
};

TEST_F(ConnectImportKillTest, AJobAcceptedBeforeAKillRunsToItsEndAfterTheRestart) {
  Session s = server().default_session();
  constexpr int kItems = 400;
  std::string body = "[";
  for (int i = 0; i < kItems; ++i) body += (i ? "," : "") + price_list_item("KILL-" + std::to_string(i), "Kill test");
  body += "]";
  Reply r = import_price_lists(s, body, price_list_header(s));
  ASSERT_EQ(r.status, 200) << r.describe();
  const std::string id = r.json()["JobId"].get<std::string>();
  ASSERT_EQ(::kill(server().pid(), SIGKILL), 0);
  std::string error;
  ASSERT_TRUE(server().restart(&error, nullptr)) << error;
  Session after = server().default_session();
  Json job = finished_job(after, id);
  EXPECT_EQ(job["StatusId"], 2) << job.dump();
  EXPECT_EQ(job["Totals"], kItems);
  EXPECT_EQ(job["Fail"], 0);
  int kill_lists = 0;
  for (const auto& code : price_list_codes(after)) kill_lists += code.rfind("KILL-", 0) == 0;
  EXPECT_EQ(kill_lists, kItems) << "each item once";
  Reply log = connect_get(after, "Job/GetLog?id=" + id);
  int starts = 0;
  for (const auto& e : log.json()) starts += e["Message"] == "Starting import.";
  EXPECT_EQ(starts, 1);
}

}  // namespace
}  // namespace api
