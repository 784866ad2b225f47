// Conventions every Management API answer follows: $id numbering, member-name handling, 404 routing, URL
// prefixes, health endpoints, problem documents, content types, body limits, and no server error for any
// hostile input. The checks that follow from each resource's description (405 with Allow, the OpenAPI
// operations, limits, types, unique keys, ids) are generated for every resource in generated_test.cpp.
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/harness.hpp"

namespace api {
namespace {

std::vector<std::string> keys_of(const Json& o) {
  std::vector<std::string> out;
  for (auto it = o.begin(); it != o.end(); ++it) out.push_back(it.key());
  return out;
}

// A string literal with embedded NUL bytes, all of it.
template <size_t N>
std::string with_nul(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

std::string nested(const std::string& open, const std::string& close, int depth, const std::string& inner = "") {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += inner;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

class ConventionsTest : public ServerFixture<ConventionsTest> {
 protected:
  static std::string unique(const std::string& prefix) {
    static int n = 0;
    return prefix + "-" + std::to_string(++n);
  }
  static int64_t any_category(Session& s) {
    return s.create("/api/category", {{"Code", unique("ANY")}, {"Name", "Any"}});
  }
  static int64_t any_price_list(Session& s) {
    return s.create("/api/pricing/pricelist", {{"Code", unique("ANYPL")}, {"Name", "Any"}, {"TypeId", 1}, {"CurrencyId", 1}});
  }
  // No response may be a server error; a missing response (connection closed) is tolerated only if allowed.
  static void expect_client_error(const Reply& r, const std::string& what) {
    EXPECT_GE(r.status, 400) << what << ": " << r.describe();
    EXPECT_LT(r.status, 500) << what << ": " << r.describe();
  }
};

// ---- $id -----------------------------------------------------------------------------------------------------

TEST_F(ConventionsTest, IdIsFirstAndNumberedInDocumentOrder) {
  Session s = server().new_tenant("conv-ids");
  int64_t a = s.create("/api/category", {{"Code", "A"}, {"Name", "A"}});
  s.create("/api/category", {{"Code", "B"}, {"Name", "B"}, {"ParentId", a}});
  s.create("/api/pricing/pricelist", {{"Code", "P"}, {"Name", "P"}, {"TypeId", 1}, {"CurrencyId", 1}});

  Json one = s.fetch("/api/category/" + std::to_string(a));
  EXPECT_EQ(check_id_numbering(one), "");
  EXPECT_EQ(one["$id"], "1");
  EXPECT_EQ(one["VatCodes"][0]["$id"], "2");
  EXPECT_EQ(one["Cultures"][0]["$id"], "3");
  EXPECT_EQ(one["Cultures"][1]["$id"], "4");

  Json list = s.fetch("/api/category");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(check_id_numbering(list), "");
  EXPECT_EQ(list[0]["$id"], "1");
  EXPECT_EQ(list[1]["$id"], "5") << "numbering continues across the items of a list";

  for (const char* path : {"/api/category/compact", "/api/category/deleted", "/api/pricing/pricelist",
                           "/api/pricing/pricelist?filter=inactive", "/api/client/currency",
                           "/api/pricing/clientpricelisttype"}) {
    Json doc = s.fetch(path);
    EXPECT_EQ(check_id_numbering(doc), "") << path;
  }
  Json pl = s.fetch("/api/pricing/pricelist");
  ASSERT_EQ(pl.size(), 1u);
  EXPECT_EQ(pl[0]["$id"], "1");
  // Each response starts again at "1".
  EXPECT_EQ(s.fetch("/api/category/" + std::to_string(a))["$id"], "1");
}

TEST_F(ConventionsTest, WritesAnswerTheBareId) {
  Session s = server().default_session();
  Reply post = s.post("/api/category", {{"Code", unique("BARE")}, {"Name", "Bare"}});
  ASSERT_EQ(post.status, 200) << post.describe();
  EXPECT_TRUE(std::regex_match(post.body, std::regex("[1-9][0-9]*"))) << post.body;
  EXPECT_NE(post.header("Content-Type").find("application/json"), std::string::npos) << post.header("Content-Type");
  Reply put = s.put("/api/category/" + post.body, {{"Code", unique("BARE")}, {"Name", "Bare"}});
  ASSERT_EQ(put.status, 200) << put.describe();
  EXPECT_EQ(put.body, post.body);
  Reply pl = s.post("/api/pricing/pricelist", {{"Code", unique("BAREPL")}, {"Name", "x"}, {"TypeId", 1}, {"CurrencyId", 1}});
  ASSERT_EQ(pl.status, 200) << pl.describe();
  EXPECT_TRUE(std::regex_match(pl.body, std::regex("[1-9][0-9]*"))) << pl.body;
}

// ---- member names --------------------------------------------------------------------------------------------

TEST_F(ConventionsTest, MemberNamesMatchInAnyCase) {
  Session s = server().default_session();
  std::string code = unique("case");
  int64_t id = s.create("/api/category", Json::parse(R"({"code":")" + code + R"(","NAME":"Lower","sortorder":4,
      "isDisplayOnly":true,"PARENTID":null,"vatcodeid":3,
      "cultures":[{"culturecode":"sv-SE","NAME":"Svensk","description":"Beskrivning"}]})"));
  Json c = s.fetch("/api/category/" + std::to_string(id));
  EXPECT_EQ(c["Code"], code);
  EXPECT_EQ(c["Name"], "Lower");
  EXPECT_EQ(c["SortOrder"], 4);
  EXPECT_EQ(c["IsDisplayOnly"], true);
  EXPECT_EQ(c["VatCodeId"], 3);
  EXPECT_EQ(c["Cultures"][1]["Name"], "Svensk");
  EXPECT_EQ(c["Cultures"][1]["Description"], "Beskrivning");

  int64_t pl = s.create("/api/pricing/pricelist", Json::parse(R"({"CODE":")" + unique("plcase") +
                                                              R"(","name":"lower pl","typeid":2,"CurrencyID":3,
      "startdate":"2030-01-01T00:00:00Z","ISPUBLIC":true})"));
  Json p = s.fetch("/api/pricing/pricelist/" + std::to_string(pl));
  EXPECT_EQ(p["Name"], "lower pl");
  EXPECT_EQ(p["TypeId"], 2);
  EXPECT_EQ(p["CurrencyCode"], "NOK");
  EXPECT_EQ(p["StartDate"], "2030-01-01T00:00:00Z");
  EXPECT_EQ(p["IsPublic"], true);
}

TEST_F(ConventionsTest, UnknownMembersAndIdAreAccepted) {
  Session s = server().default_session();
  std::string code = unique("UNK");
  std::string raw = R"({"$id":"1","Code":")" + code + R"(","Name":"Unknowns","Foo":123,"Bar":{"x":[1,2,{"y":null}]},
      "Baz":[],"$type":"Norce.CategoryModel","$ref":"7","Qux":"😀","VatCodes":[{"$id":"2","SalesAreaId":1,"Extra":1}],
      "Cultures":[{"$id":"3","CultureCode":"sv-SE","Name":"Okänd","Whatever":true}]})";
  Reply r = s.post_raw("/api/category", raw);
  ASSERT_EQ(r.status, 200) << r.describe();
  Json c = s.fetch("/api/category/" + r.body);
  EXPECT_EQ(c["Name"], "Unknowns");
  EXPECT_EQ(c["Cultures"][1]["Name"], "Okänd");
  for (const char* k : {"Foo", "Bar", "Baz", "$type", "$ref", "Qux"}) EXPECT_FALSE(c.contains(k)) << k;
  // A whole document read back with its $ids is accepted as is.
  Json doc = s.fetch("/api/category/" + r.body);
  s.update("/api/category/" + r.body, doc);
}

TEST_F(ConventionsTest, LastOfDuplicateMembersWins) {
  Session s = server().default_session();
  std::string code = unique("DUPM");
  Reply r = s.post_raw("/api/category", R"({"Code":")" + code + R"(","Name":"First","name":"Second","SortOrder":1,"SORTORDER":2})");
  ASSERT_EQ(r.status, 200) << r.describe();
  Json c = s.fetch("/api/category/" + r.body);
  EXPECT_EQ(c["Name"], "Second");
  EXPECT_EQ(c["SortOrder"], 2);
}

TEST_F(ConventionsTest, ReadModifyWriteRoundTripsUnchanged) {
  Session s = server().default_session();
  int64_t parent = any_category(s);
  int64_t cat = s.create("/api/category", {{"Code", unique("RT")},
                                           {"Name", "Round trip"},
                                           {"ParentId", parent},
                                           {"VatCodeId", 2},
                                           {"GrossWeight", 1.25},
                                           {"Cultures", {{{"CultureCode", "sv-SE"}, {"Name", "Tur och retur"}}}}});
  Json before = s.fetch("/api/category/" + std::to_string(cat));
  s.update("/api/category/" + std::to_string(cat), before);
  Json after = s.fetch("/api/category/" + std::to_string(cat));
  before.erase("Changed");
  after.erase("Changed");
  EXPECT_EQ(before, after);

  int64_t pl = s.create("/api/pricing/pricelist", {{"Code", unique("RTPL")},
                                                   {"Name", "Round trip"},
                                                   {"TypeId", 2},
                                                   {"CurrencyId", 4},
                                                   {"StartDate", "2001-01-01T00:00:00Z"},
                                                   {"EndDate", "2099-01-01T00:00:00Z"},
                                                   {"SalesAreaId", 1},
                                                   {"ParentPriceListId", any_price_list(s)}});
  Json pbefore = s.fetch("/api/pricing/pricelist/" + std::to_string(pl));
  s.update("/api/pricing/pricelist/" + std::to_string(pl), pbefore);
  Json pafter = s.fetch("/api/pricing/pricelist/" + std::to_string(pl));
  pbefore.erase("Changed");
  pafter.erase("Changed");
  EXPECT_EQ(pbefore, pafter);
}

TEST_F(ConventionsTest, TextsRoundTripEveryCharacter) {
  Session s = server().default_session();
  std::string name = "q\"b\\s/\n\t\x01 é ü 😀 \xE2\x80\xA8";
  int64_t id = s.create("/api/category", {{"Code", unique("ESC")}, {"Name", name}, {"Description", std::string(5000, 'd')}});
  Reply r = s.get("/api/category/" + std::to_string(id));
  ASSERT_EQ(r.status, 200);
  Json c = r.json();
  EXPECT_EQ(c["Name"], name);
  EXPECT_EQ(c["Description"], std::string(5000, 'd'));
}

// ---- routing -------------------------------------------------------------------------------------------------

TEST_F(ConventionsTest, UnknownPathsAre404) {
  Session s = server().default_session();
  for (const char* path :
       {"/api/nothing", "/api/category/1/extra", "/api/category/compact/1", "/api", "/api/", "/foo", "/docsx",
        "/api/pricing", "/api/pricing/pricelist/1/2", "/api/product/1", "/commerce/management/1.0/api/nothing",
        "/commerce/management/1.0/", "/commerce/management/1.0/category", "/commerce/management/2.0/api/category",
        "/api/client", "/api/client/currency/1/2", "/identity/1.0/connect/authorize", "/openapi.yaml"}) {
    SCOPED_TRACE(path);
    expect_problem(s.get(path), 404);
    expect_problem(server().request("GET", path), 404);  // without a token too
  }
}

TEST_F(ConventionsTest, BothUrlPrefixesAndAnyCaseReachTheSameRoutes) {
  Session s = server().default_session();
  int64_t id = any_category(s);
  std::string tail = "/api/category/" + std::to_string(id);
  Reply short_form = s.get(tail);
  ASSERT_EQ(short_form.status, 200);
  for (const std::string prefix : {"/commerce/management/1.0", "/Commerce/Management/1.0", "/COMMERCE/MANAGEMENT/1.0"}) {
    Reply r = s.get(prefix + tail);
    EXPECT_EQ(r.status, 200) << prefix << ": " << r.describe();
    EXPECT_EQ(r.body, short_form.body) << prefix;
  }
  EXPECT_EQ(s.get("/API/CATEGORY/" + std::to_string(id)).body, short_form.body);
  EXPECT_EQ(s.get("/Api/Category/" + std::to_string(id) + "/").body, short_form.body) << "trailing slash";
  // Lists and writes through the long prefix.
  Reply list = s.get("/commerce/management/1.0/api/category/");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body, s.get("/api/category").body);
  Reply post = s.post("/commerce/management/1.0/api/category", {{"Code", unique("LONG")}, {"Name", "Via long prefix"}});
  ASSERT_EQ(post.status, 200) << post.describe();
  EXPECT_EQ(s.fetch("/api/category/" + post.body)["Name"], "Via long prefix");
  Reply put = s.put("/commerce/management/1.0/api/Category/" + post.body, {{"Code", unique("LONG")}, {"Name", "Renamed"}});
  EXPECT_EQ(put.status, 200) << put.describe();
  EXPECT_EQ(s.fetch("/commerce/management/1.0/api/category/" + post.body)["Name"], "Renamed");
  EXPECT_EQ(s.get("/commerce/management/1.0/api/pricing/pricelist?filter=open").status, 200);
  EXPECT_EQ(s.get("/commerce/management/1.0/api/client/currency").status, 200);
}

// ---- health --------------------------------------------------------------------------------------------------

TEST_F(ConventionsTest, HealthAndReadiness) {
  Reply h = server().request("GET", "/healthz");
  ASSERT_EQ(h.status, 200) << h.describe();
  EXPECT_EQ(h.json(), Json({{"status", "ok"}}));
  Reply r = server().request("GET", "/readyz");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.json(), Json({{"status", "ready"}}));
  Reply head = server().request("HEAD", "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  for (const char* path : {"/healthz", "/readyz", "/openapi.json"}) {
    Reply post = server().request("POST", path, "{}", "application/json");
    expect_problem(post, 405);
    EXPECT_EQ(post.header("Allow"), "GET") << path;
  }
}

// ---- problem documents ---------------------------------------------------------------------------------------

TEST_F(ConventionsTest, ProblemDocumentShape) {
  Session s = server().default_session();
  Reply v = s.post("/api/category", {{"Code", 5}, {"Name", "x"}});
  Json p = expect_problem(v, 400);
  EXPECT_EQ(p["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.1");
  EXPECT_EQ(p["title"], "One or more validation errors occurred.");
  EXPECT_EQ(p["status"], 400);
  ASSERT_TRUE(p["errors"].is_object());
  EXPECT_EQ(keys_of(p["errors"]), std::vector<std::string>{"Code"});
  ASSERT_TRUE(p["errors"]["Code"].is_array());
  EXPECT_FALSE(p["errors"]["Code"][0].get<std::string>().empty());
  for (const auto& k : keys_of(p))
    EXPECT_TRUE(k == "type" || k == "title" || k == "status" || k == "detail" || k == "errors") << k;

  Json nf = expect_problem(s.get("/api/category/99999999"), 404);
  EXPECT_EQ(nf["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.5");
  EXPECT_TRUE(nf["detail"].is_string());
  EXPECT_FALSE(nf.contains("errors"));

  std::string code = unique("PRB");
  s.create("/api/category", {{"Code", code}, {"Name", "x"}});
  Json conflict = expect_problem(s.post("/api/category", {{"Code", code}, {"Name", "y"}}), 409);
  EXPECT_EQ(conflict["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.10");
  EXPECT_TRUE(conflict["errors"].contains("Code"));

  Json unauth = expect_problem(server().request("GET", "/api/category"), 401);
  EXPECT_EQ(unauth["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.2");

  Json na = expect_problem(s.send("DELETE", "/api/category"), 405);
  EXPECT_EQ(na["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.6");

  Json unsupported = expect_problem(s.post_raw("/api/category", "<xml/>", "application/xml"), 415);
  EXPECT_EQ(unsupported["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.16");

  Json missing_header = expect_problem(
      server().request("GET", "/api/category", {}, {}, {{"Authorization", "Bearer " + s.token()}, {"account-id", "1"}}),
      400);
  EXPECT_TRUE(missing_header["errors"].contains("application-id"));
}

// ---- content types -------------------------------------------------------------------------------------------

TEST_F(ConventionsTest, NonJsonContentTypeIs415) {
  Session s = server().default_session();
  int64_t id = any_category(s);
  std::string good = Json({{"Code", unique("CT")}, {"Name", "x"}}).dump();
  for (const char* type : {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                           "text/html; charset=utf-8", "application/octet-stream"}) {
    SCOPED_TRACE(type);
    expect_problem(s.post_raw("/api/category", good, type), 415);
    expect_problem(s.put_raw("/api/category/" + std::to_string(id), good, type), 415);
    expect_problem(s.post_raw("/api/pricing/pricelist", good, type), 415);
  }
  // JSON with parameters is fine.
  EXPECT_EQ(s.post_raw("/api/category", Json({{"Code", unique("CT")}, {"Name", "x"}}).dump(),
                       "application/json; charset=utf-8").status,
            200);
  EXPECT_EQ(s.post_raw("/api/category", Json({{"Code", unique("CT")}, {"Name", "x"}}).dump(), "Application/JSON").status,
            200);
  EXPECT_EQ(s.fetch("/api/category/" + std::to_string(id))["Name"], "Any") << "a 415 must not write";
}

TEST_F(ConventionsTest, MissingContentTypeIsAccepted) {
  Session s = server().default_session();
  std::string code = unique("NOCT");
  std::string payload = Json({{"Code", code}, {"Name", "No content type"}}).dump();
  std::string req = "POST /api/category HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.token() +
                    "\r\napplication-id: 1\r\naccount-id: 1\r\nContent-Length: " + std::to_string(payload.size()) +
                    "\r\nConnection: close\r\n\r\n" + payload;
  std::string resp = raw_exchange(server().port(), req);
  ASSERT_EQ(raw_status(resp), 200) << resp;
  std::string id = resp.substr(resp.find("\r\n\r\n") + 4);
  EXPECT_EQ(s.fetch("/api/category/" + id)["Code"], code);
}

// RFC 8259 lets a parser ignore a leading UTF-8 byte order mark, and .NET and PowerShell writers may send one.
TEST_F(ConventionsTest, ALeadingByteOrderMarkIsIgnored) {
  Session s = server().default_session();
  const std::string bom = "\xEF\xBB\xBF";
  std::string code = unique("BOM");
  auto created = s.post_raw("/api/category", bom + Json({{"Code", code}, {"Name", "With a mark"}}).dump(),
                            "application/json; charset=utf-8");
  ASSERT_EQ(created.status, 200) << created.body;
  Json row = s.fetch("/api/category/" + created.body);
  EXPECT_EQ(row["Code"], code);
  EXPECT_EQ(row["Name"], "With a mark");
  // Only in front: a mark inside the document is still malformed JSON.
  expect_problem(s.post_raw("/api/category", "{" + bom + "\"Code\":\"x\"}", "application/json"), 400);
}

// ---- hostile input -------------------------------------------------------------------------------------------

TEST_F(ConventionsTest, NoServerErrorForHostileBodies) {
  Session s = server().default_session();
  int64_t cat = any_category(s);
  int64_t pl = any_price_list(s);
  std::vector<std::pair<std::string, std::string>> bodies = {
      {"deep arrays", nested("[", "]", 100000)},
      {"deep objects", nested("{\"a\":", "}", 100000, "1")},
      {"deep unknown member", "{\"Code\":\"D\"," + nested("\"x\":{", "}", 200, "\"y\":1") + "}"},
      {"deep in Cultures", "{\"Code\":\"D\",\"Cultures\":" + nested("[", "]", 1000) + "}"},
      {"unclosed deep", std::string(50000, '[')},
      {"huge int", R"({"Code":"H","SortOrder":123456789012345678901234567890123456789})"},
      {"huge exponent", R"({"Code":"H","SortOrder":1e999999999})"},
      {"huge negative exponent", R"({"Code":"H","SortOrder":-9e-999999999})"},
      {"huge decimal", R"({"Code":"H","GrossWeight":1e999999999})"},
      {"long number", "{\"Code\":\"H\",\"GrossWeight\":1" + std::string(100000, '0') + "}"},
      {"long fraction", "{\"Code\":\"H\",\"GrossWeight\":0." + std::string(100000, '1') + "}"},
      {"string for int", R"({"Code":"H","SortOrder":"twelve"})"},
      {"string for decimal", R"({"Code":"H","GrossWeight":"NaN"})"},
      {"string for bool", R"({"Code":"H","IsActive":"maybe"})"},
      {"object for int", R"({"Code":"H","ParentId":{"Id":1}})"},
      {"array body", R"([{"Code":"H"}])"},
      {"array for Cultures entry", R"({"Code":"H","Cultures":[["sv-SE","x"]]})"},
      {"array for VatCodes entry", R"({"Code":"H","VatCodes":[[1,2]]})"},
      {"object for string", R"({"Code":{"value":"H"}})"},
      {"invalid UTF-8", "{\"Code\":\"H\",\"Name\":\"\xff\xfe\"}"},
      {"overlong UTF-8", "{\"Code\":\"H\",\"Name\":\"\xc0\xaf\"}"},
      {"truncated UTF-8", "{\"Code\":\"H\",\"Name\":\"\xe2\x82\"}"},
      {"invalid UTF-8 key", "{\"Co\xff" "de\":\"H\"}"},
      {"UTF-16 surrogate bytes", "{\"Code\":\"H\",\"Name\":\"\xed\xa0\x80\"}"},
      {"raw control character", "{\"Code\":\"H\",\"Name\":\"a\nb\"}"},
      {"bad escape", R"({"Code":"H","Name":"\q"})"},
      {"short unicode escape", R"({"Code":"H","Name":"\u12"})"},
      {"NaN", R"({"Code":"H","GrossWeight":NaN})"},
      {"Infinity", R"({"Code":"H","GrossWeight":Infinity})"},
      {"-Infinity", R"({"Code":"H","GrossWeight":-Infinity})"},
      {"leading zero", R"({"Code":"H","SortOrder":01})"},
      {"plus sign", R"({"Code":"H","SortOrder":+1})"},
      {"bare fraction", R"({"Code":"H","GrossWeight":.5})"},
      {"trailing dot", R"({"Code":"H","GrossWeight":1.})"},
      {"hex", R"({"Code":"H","SortOrder":0x10})"},
      {"single quotes", R"({'Code':'H'})"},
      {"comment", "{\"Code\":\"H\" /* c */}"},
      {"trailing comma", R"({"Code":"H",})"},
      {"missing value", R"({"Code":})"},
      {"missing colon", R"({"Code" "H"})"},
      {"unquoted key", R"({Code:"H"})"},
      {"two documents", R"({"Code":"H"}{"Code":"I"})"},
      {"truncated", R"({"Code":"H","Name":"x)"},
      {"only whitespace", " \r\n\t "},
      {"NUL byte", with_nul("{\"Code\":\"H\"\0}")},
      {"null body", "null"},
      {"number body", "12"},
      {"string body", "\"{}\""},
      {"true literal typo", R"({"Code":"H","IsActive":tru})"},
      {"very long name", "{\"Code\":\"H\",\"Name\":\"" + std::string(1000000, 'n') + "\"}"},
      {"very long code", "{\"Code\":\"" + std::string(1000000, 'c') + "\"}"},
  };
  for (const auto& [what, body] : bodies) {
    SCOPED_TRACE(what);
    Reply post = s.post_raw("/api/category", body);
    expect_client_error(post, "POST category");
    if (post.status >= 400) EXPECT_NE(post.header("Content-Type").find("problem+json"), std::string::npos);
    expect_client_error(s.put_raw("/api/category/" + std::to_string(cat), body), "PUT category");
    expect_client_error(s.post_raw("/api/pricing/pricelist", body), "POST pricelist");
    expect_client_error(s.put_raw("/api/pricing/pricelist/" + std::to_string(pl), body), "PUT pricelist");
  }
  // The two rows are untouched and the server is healthy.
  EXPECT_EQ(s.fetch("/api/category/" + std::to_string(cat))["Name"], "Any");
  EXPECT_EQ(s.fetch("/api/pricing/pricelist/" + std::to_string(pl))["Name"], "Any");
  EXPECT_EQ(server().request("GET", "/healthz").status, 200);
}

TEST_F(ConventionsTest, NoServerErrorForOddButValidJson) {
  Session s = server().default_session();
  std::vector<std::string> bodies = {
      R"({"Code":"ODD1","Name":"\u0000nul"})",
      R"({"Code":"ODD2","Name":"\ud800"})",
      R"({"Code":"ODD3","Name":"\udc00\ud800"})",
      R"({"Code":"ODD4","Name":"\ud83d\ude00"})",
      R"({"Code":"ODD5","SortOrder":-0})",
      R"({"Code":"ODD6","GrossWeight":-0.0})",
      R"({"Code":"ODD7","GrossWeight":0e999999999})",
      R"({"Code":"ODD8","GrossWeight":1E+2})",
      R"({"Code":"ODD9","Cultures":[]})",
      R"({"Code":"ODD10","VatCodes":[]})",
      R"({"Code":"ODD11","Cultures":null,"VatCodes":null})",
      R"({"Code":"ODD12","Name":""})",
      R"({"":"empty key","Code":"ODD13"})",
      "\xEF\xBB\xBF{\"Code\":\"ODD17\"}",
  };
  // Many members and many Cultures entries.
  std::string many = "{\"Code\":\"ODD14\"";
  for (int i = 0; i < 20000; ++i) many += ",\"m" + std::to_string(i) + "\":" + std::to_string(i);
  bodies.push_back(many + "}");
  std::string entries = "{\"Code\":\"ODD15\",\"Cultures\":[";
  for (int i = 0; i < 5000; ++i) entries += std::string(i ? "," : "") + R"({"CultureCode":"sv-SE","Name":"n)" + std::to_string(i) + "\"}";
  bodies.push_back(entries + "]}");
  std::string bad_entries = "{\"Code\":\"ODD16\",\"Cultures\":[";
  for (int i = 0; i < 5000; ++i) bad_entries += std::string(i ? "," : "") + "1";
  bodies.push_back(bad_entries + "]}");
  for (const auto& body : bodies) {
    SCOPED_TRACE(body.substr(0, 80));
    Reply r = s.post_raw("/api/category", body);
    EXPECT_GT(r.status, 0) << r.describe();
    EXPECT_LT(r.status, 500) << r.describe();
    if (r.status == 200) {
      Reply g = s.get("/api/category/" + r.body);
      EXPECT_EQ(g.status, 200) << g.describe();
      g.json();  // must be valid JSON
    }
  }
  Reply list = s.get("/api/category");
  EXPECT_EQ(list.status, 200) << list.describe();
  list.json();
}

TEST_F(ConventionsTest, NoServerErrorForHostilePathsQueriesAndHeaders) {
  Session s = server().default_session();
  for (const std::string& path : std::vector<std::string>{"/api/category/%00", "/api/category/%FF", "/api/category/..%2F..%2Fetc%2Fpasswd", "/api/category/" + std::string(5000, '9'),
        "/api/category/-2147483649", "/api/category/%2B1", "/api/category/1%20", "/api/category/0x10",
        "/api/pricing/pricelist?search=%FF%FE", "/api/pricing/pricelist?search=%00", "/api/pricing/pricelist?search=%C3",
        "/api/pricing/pricelist?search=" + std::string(5000, 'x'), "/api/pricing/pricelist?page=1%00&pageSize=2",
        "/api/pricing/pricelist?page=&pageSize=", "/api/pricing/pricelist?filter=%00", "/api/pricing/pricelist?&&&=&=",
        "/api/pricing/pricelist?page=1&page=2", "/api/pricing/pricelist?search=%zz", "/api/category?page=abc",
        "/api/category/compact?page=-1", "/api/category//1", "//api//category", "/api/category/%2e%2e"}) {
    SCOPED_TRACE(path);
    Reply r = s.get(path);
    EXPECT_GT(r.status, 0) << r.describe();
    EXPECT_LT(r.status, 500) << r.describe();
  }
  auto with = [&](const HeaderList& h) { return server().request("GET", "/api/category", {}, {}, h); };
  std::string bearer = "Bearer " + s.token();
  expect_client_error(with({{"Authorization", bearer}, {"application-id", std::string(10000, '1')}, {"account-id", "1"}}),
                      "long application-id");
  expect_client_error(with({{"Authorization", bearer}, {"application-id", "-9223372036854775808"}, {"account-id", "1"}}),
                      "int64 min application-id");
  expect_client_error(with({{"Authorization", bearer}, {"application-id", "4294967297"}, {"account-id", "1"}}),
                      "application-id above int32");
  expect_client_error(with({{"Authorization", bearer}, {"application-id", "1"}, {"account-id", "-2147483648"}}),
                      "int32 min account-id");
  expect_client_error(with({{"Authorization", "Bearer " + std::string(5000, 'a')}, {"application-id", "1"}, {"account-id", "1"}}),
                      "long token");
  expect_client_error(with({{"Authorization", "Bearer a.b.c"}, {"application-id", "1"}, {"account-id", "1"}}),
                      "three-part junk token");
  expect_client_error(with({{"Authorization", "Bearer " + base64("{}", true) + "." + base64("{}", true) + "."},
                            {"application-id", "1"},
                            {"account-id", "1"}}),
                      "empty JWT");
  expect_client_error(with({{"Authorization", "Bearer " + std::string(20000, 'a')}, {"application-id", "1"}, {"account-id", "1"}}),
                      "header block over the limit");
  // Token endpoint with junk.
  for (const std::string form : {std::string(""), std::string("&&&"), std::string("grant_type"),
                                 std::string("grant_type=client_credentials&client_id=%FF&client_secret=%00"),
                                 "grant_type=client_credentials&client_id=" + std::string(5000, 'x') + "&client_secret=y"}) {
    expect_client_error(server().token_request(form), "token form " + form.substr(0, 40));
  }
  expect_client_error(server().token_request("grant_type=client_credentials", {{"Authorization", "Basic !!!!"}}),
                      "bad basic auth");
  expect_client_error(server().token_request("grant_type=client_credentials", {{"Authorization", "Basic " + base64("nocolon")}}),
                      "basic auth without colon");
  EXPECT_EQ(server().request("GET", "/healthz").status, 200);
}

TEST_F(ConventionsTest, MalformedHttpGets4xxNever5xx) {
  std::vector<std::pair<std::string, int>> requests = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET\r\n\r\n", 400},
      {"GET / HTTP/9.9\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHeader\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400},
      {"POST /api/category HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}{}{}", 400},
      {"POST /api/category HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n\r\n", 400},
      {"POST /api/category HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\n" + std::string(20000, 'X') + ": y\r\n\r\n", 431},
      {with_nul("GET /healthz HTTP/1.1\r\nHost: x\0y\r\n\r\n"), 400},
      {"\r\n\r\n\r\n", 400},
      {std::string(100, '\0'), 400},
      // Well-formed ones on the same path, to show the connection handling works.
      {"GET /healthz HTTP/1.0\r\n\r\n", 200},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200},
  };
  for (const auto& [req, expected] : requests) {
    SCOPED_TRACE(req.substr(0, 60));
    std::string resp = raw_exchange(server().port(), req, 3000, true);
    EXPECT_EQ(raw_status(resp), expected) << resp.substr(0, 300);
  }
  EXPECT_EQ(server().request("GET", "/healthz").status, 200);
}

TEST_F(ConventionsTest, ConcurrentRequestsNeverFail) {
  Session s = server().new_tenant("conv-race");
  // Eight writers race for one code: exactly one wins, the others get 409.
  std::vector<int> statuses(8);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
      threads.emplace_back([&, i] {
        statuses[i] = s.post("/api/category", {{"Code", "RACE"}, {"Name", "racer " + std::to_string(i)}}).status;
      });
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 7);
  // Readers and writers at the same time.
  std::vector<std::vector<int>> results(8);
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          Reply r = t % 2 ? s.get(i % 2 ? "/api/category" : "/api/pricing/pricelist?filter=open")
                          : s.post("/api/pricing/pricelist", {{"Code", "C" + std::to_string(t) + "-" + std::to_string(i)},
                                                              {"Name", "concurrent"},
                                                              {"TypeId", 1},
                                                              {"CurrencyId", 1}});
          results[t].push_back(r.status);
        }
      });
    for (auto& t : threads) t.join();
  }
  for (const auto& r : results)
    for (int status : r) EXPECT_EQ(status, 200);
  EXPECT_EQ(s.fetch("/api/pricing/pricelist").size(), 100u);
  EXPECT_EQ(s.fetch("/api/category").size(), 1u);
}

TEST_F(ConventionsTest, KeepAliveConnectionServesManyRequests) {
  Session s = server().default_session();
  httplib::Client cli("127.0.0.1", server().port());
  cli.set_keep_alive(true);
  cli.set_tcp_nodelay(true);  // the client writes head and body separately: avoid Nagle/delayed-ACK stalls
  httplib::Headers h;
  for (const auto& [k, v] : s.auth_headers()) h.emplace(k, v);
  for (int i = 0; i < 20; ++i) {
    auto res = i % 2 ? cli.Get("/api/category/compact", h) : cli.Get("/healthz");
    ASSERT_TRUE(res) << i << ": " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200) << i;
  }
  // An error answer does not break the connection for the next request.
  auto bad = cli.Post("/api/category", h, "{", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto after = cli.Get("/api/category/compact", h);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

// ---- body limit (its own server with a small --max-body-bytes) ----------------------------------------------

class BodyLimitTest : public ServerFixture<BodyLimitTest> {
 public:
  static ServerConfig config() { return {.demo = false, .extra_args = {"--max-body-bytes", "1024"}}; }
};

TEST_F(BodyLimitTest, BodyOverTheLimitIs413) {
  Session s = server().default_session();
  std::string small = Json({{"Code", "SMALL"}, {"Name", "fits"}, {"Description", std::string(800, 'd')}}).dump();
  ASSERT_LE(small.size(), 1024u);
  Reply ok = s.post_raw("/api/category", small);
  EXPECT_EQ(ok.status, 200) << ok.describe();

  std::string big = Json({{"Code", "BIG"}, {"Name", "too big"}, {"Description", std::string(4000, 'd')}}).dump();
  Reply r = s.post_raw("/api/category", big);
  Json p = expect_problem(r, 413);
  EXPECT_TRUE(p.contains("detail")) << r.body;
  // Whatever the route or method, and before authentication.
  expect_problem(server().request("POST", "/api/category", big, "application/json"), 413);
  expect_problem(s.put_raw("/api/category/1", big), 413);
  expect_problem(s.post_raw("/api/pricing/pricelist", big), 413);
  expect_problem(server().token_request("grant_type=client_credentials&client_id=" + std::string(2000, 'x')), 413);
  // Nothing was written.
  Json list = s.fetch("/api/category");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["Code"], "SMALL");
  // A chunked body over the limit too.
  std::string chunk = std::string(1500, 'x');
  std::stringstream hex;
  hex << std::hex << chunk.size();
  std::string raw = "POST /api/category HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                    "chunked\r\nAuthorization: Bearer " + s.token() +
                    "\r\napplication-id: 1\r\naccount-id: 1\r\n\r\n" + hex.str() + "\r\n" + chunk + "\r\n0\r\n\r\n";
  EXPECT_EQ(raw_status(raw_exchange(server().port(), raw)), 413);
  // The server keeps serving.
  EXPECT_EQ(server().request("GET", "/healthz").status, 200);
  EXPECT_EQ(s.get("/api/category").status, 200);
}

}  // namespace
}  // namespace api
