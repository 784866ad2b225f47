// Opt-in CORS (norced serve --cors-origin): preflight answers, and the headers on ordinary answers, whoever
// gives them: a handler, the fast path (a cached GET, /healthz) or the transport itself (413). Off by default.
#include "api/harness.hpp"

namespace api {
namespace {

constexpr const char* kApp = "http://app.example";
constexpr const char* kOther = "http://localhost:3000";

HeaderList preflight(const std::string& origin, const std::string& method, const std::string& headers) {
  return {{"Origin", origin}, {"Access-Control-Request-Method", method}, {"Access-Control-Request-Headers", headers}};
}

class CorsTest : public ServerFixture<CorsTest> {
 public:
  static ServerConfig config() {
    return {.demo = false, .extra_args = {"--cors-origin", kApp, "--cors-origin", kOther, "--max-body-bytes", "1024"}};
  }
};

TEST_F(CorsTest, APreflightFromAListedOriginIsAllowed) {
  for (const char* origin : {kApp, kOther}) {
    Reply r = server().request("OPTIONS", "/api/category", {}, {},
                               preflight(origin, "POST", "authorization,content-type,application-id,account-id"));
    ASSERT_EQ(r.status, 204) << r.describe();
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), origin);
    EXPECT_EQ(r.header("Access-Control-Allow-Methods"), "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    EXPECT_EQ(r.header("Access-Control-Allow-Headers"), "authorization,content-type,application-id,account-id");
    EXPECT_EQ(r.header("Access-Control-Max-Age"), "600");
    EXPECT_EQ(r.header("Vary"), "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  }
  // Any path: the token endpoint too, which a page calls to log in.
  Reply token = server().request("OPTIONS", "/identity/1.0/connect/token", {}, {}, preflight(kApp, "POST", "content-type"));
  EXPECT_EQ(token.status, 204);
  EXPECT_EQ(token.header("Access-Control-Allow-Origin"), kApp);
}

TEST_F(CorsTest, APreflightFromAnotherOriginIs403) {
  Reply r = server().request("OPTIONS", "/api/category", {}, {}, preflight("http://evil.example", "GET", "authorization"));
  Json p = expect_problem(r, 403);
  EXPECT_NE(p["detail"].get<std::string>().find("http://evil.example"), std::string::npos);
  EXPECT_FALSE(r.has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(r.header("Vary"), "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
}

TEST_F(CorsTest, OrdinaryAnswersCarryTheOriginWhoeverGivesThem) {
  Session s = server().default_session();
  HeaderList from_app = s.auth_headers();
  from_app.emplace_back("Origin", kApp);
  // A handler's answer, then the same GET from the response cache on the fast path.
  for (int i = 0; i < 2; ++i) {
    Reply r = server().request("GET", "/api/client/currency", {}, {}, from_app);
    ASSERT_EQ(r.status, 200) << r.describe();
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), kApp) << i;
    EXPECT_EQ(r.header("Access-Control-Expose-Headers"),
              "Allow, Retry-After, WWW-Authenticate, ETag, X-Total-Count, Warning");
    EXPECT_EQ(r.header("Vary"), "Origin");
  }
  Reply health = server().request("GET", "/healthz", {}, {}, {{"Origin", kOther}});
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.header("Access-Control-Allow-Origin"), kOther);
  // Errors too, so a page sees the status: a 401 from the API, a 413 from the transport.
  Reply unauthorised = server().request("GET", "/api/category", {}, {}, {{"Origin", kApp}});
  EXPECT_EQ(unauthorised.status, 401);
  EXPECT_EQ(unauthorised.header("Access-Control-Allow-Origin"), kApp);
  Reply too_large = server().request("POST", "/api/category", std::string(4096, ' '), "application/json", from_app);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.header("Access-Control-Allow-Origin"), kApp);
  // Another origin, or none: no permission, but the answer still varies by Origin for caches.
  Reply other = server().request("GET", "/healthz", {}, {}, {{"Origin", "http://evil.example"}});
  EXPECT_FALSE(other.has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(other.header("Vary"), "Origin");
  Reply none = server().request("GET", "/healthz");
  EXPECT_FALSE(none.has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(none.header("Vary"), "Origin");
}

// What a page acts on beyond the body is exposed to its script: strict mode's Warning on a write with an
// unknown member, a list's X-Total-Count, Retry-After (on a 503) and Allow (on a 405).
TEST_F(CorsTest, ThePagesScriptMayReadWarningTotalCountRetryAfterAndAllow) {
  Session s = server().default_session();
  HeaderList from_app = s.auth_headers();
  from_app.emplace_back("Origin", kApp);
  Reply typo = server().request("POST", "/api/category", R"({"Code":"CORS","Name":"Cors","Nmae":"Typo"})",
                                "application/json", from_app);
  ASSERT_EQ(typo.status, 200) << typo.describe();
  EXPECT_NE(typo.header("Warning").find("unknown member 'Nmae'"), std::string::npos) << typo.describe();
  Reply list = server().request("GET", "/api/category?pageSize=1", {}, {}, from_app);
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_TRUE(list.has_header("X-Total-Count"));
  for (const Reply* r : {&typo, &list}) {
    EXPECT_EQ(r->header("Access-Control-Allow-Origin"), kApp);
    std::string exposed = r->header("Access-Control-Expose-Headers");
    for (const char* name : {"Warning", "X-Total-Count", "Retry-After", "Allow"})
      EXPECT_NE(exposed.find(name), std::string::npos) << name << " in " << exposed;
  }
}

class CorsAnyOriginTest : public ServerFixture<CorsAnyOriginTest> {
 public:
  static ServerConfig config() { return {.demo = false, .extra_args = {"--cors-origin", "*"}}; }
};

TEST_F(CorsAnyOriginTest, StarAllowsEveryOriginAndVariesByNone) {
  Reply pre = server().request("OPTIONS", "/api/category/1", {}, {}, preflight("http://any.example", "PUT", "authorization"));
  ASSERT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(pre.has_header("Vary"));
  Reply r = server().request("GET", "/openapi.json", {}, {}, {{"Origin", "http://any.example"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(r.has_header("Vary"));
}

class CorsOffTest : public ServerFixture<CorsOffTest> {};

TEST_F(CorsOffTest, OffByDefault) {
  Reply r = server().request("GET", "/healthz", {}, {}, {{"Origin", kApp}});
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(r.has_header("Vary"));
  Reply pre = server().request("OPTIONS", "/api/category", {}, {}, preflight(kApp, "POST", "authorization"));
  EXPECT_NE(pre.status, 204);
  EXPECT_FALSE(pre.has_header("Access-Control-Allow-Origin"));
}

}  // namespace
}  // namespace api
