// The API reference page (GET / and /docs, Swagger UI embedded at build time) and what the served OpenAPI
// document promises about errors, checked against the running server. The page in a real browser is
// tests/docs/page.mjs (CTest docs_page_browser); the document's lint is tests/docs/lint.mjs (openapi_lint).
#include <algorithm>
#include <cctype>

#include "api/harness.hpp"

namespace api {
namespace {

class DocsPageTest : public ServerFixture<DocsPageTest> {};

// The page's own tests; a build configured with -DNORCED_DOCS_PAGE=OFF serves no page (404), by design.
#define SKIP_WITHOUT_THE_PAGE() \
  if (!NORCED_DOCS_PAGE_BUILT) GTEST_SKIP() << "built with -DNORCED_DOCS_PAGE=OFF"

TEST_F(DocsPageTest, RootAndDocsServeThePage) {
  SKIP_WITHOUT_THE_PAGE();
  for (const char* path : {"/", "/docs", "/docs/"}) {
    Reply r = server().request("GET", path);
    ASSERT_EQ(r.status, 200) << path << ": " << r.describe();
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(r.body.find("<script src=\"/docs/swagger-ui-bundle.js\"></script>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("/docs/docs.js"), std::string::npos) << path;
  }
  Reply bundle = server().request("GET", "/docs/swagger-ui-bundle.js");
  ASSERT_EQ(bundle.status, 200);
  EXPECT_EQ(bundle.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_GT(bundle.body.size(), 500'000u) << "Swagger UI's bundle from swagger-ui-dist";
  Reply init = server().request("GET", "/docs/docs.js");
  ASSERT_EQ(init.status, 200);
  EXPECT_NE(init.body.find("url: '/openapi.json'"), std::string::npos);
  EXPECT_EQ(server().request("GET", "/docs/swagger-ui.css").header("Content-Type"), "text/css; charset=utf-8");
  Reply licence = server().request("GET", "/docs/swagger-ui-LICENSE.txt");
  ASSERT_EQ(licence.status, 200);
  EXPECT_NE(licence.body.find("Apache License"), std::string::npos);
}

TEST_F(DocsPageTest, FilesCarryAnETagAndRevalidate) {
  SKIP_WITHOUT_THE_PAGE();
  Reply first = server().request("GET", "/docs/swagger-ui.css");
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.header("ETag");
  ASSERT_EQ(etag.size(), 34u) << etag;  // a quoted SHA-256 prefix
  EXPECT_EQ(first.header("Cache-Control"), "no-cache");
  Reply again = server().request("GET", "/docs/swagger-ui.css", {}, {}, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  Reply changed = server().request("GET", "/docs/swagger-ui.css", {}, {}, {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, first.body);
  EXPECT_NE(server().request("GET", "/docs").header("ETag"), etag) << "each file has its own";
}

TEST_F(DocsPageTest, OtherMethodsAndUnknownFiles) {
  SKIP_WITHOUT_THE_PAGE();
  Reply head = server().request("HEAD", "/docs");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  for (const char* path : {"/", "/docs", "/docs/docs.js"}) {
    Reply post = server().request("POST", path, "{}", "application/json");
    expect_problem(post, 405);
    EXPECT_EQ(post.header("Allow"), "GET") << path;
  }
  for (const char* path : {"/docs/nothing.js", "/docs/../openapi.json", "/docs/index.html/x"})
    expect_problem(server().request("GET", path), 404);
}

// The tokenUrl is absolute for the host the client used, so a renderer anywhere finds the token endpoint.
TEST_F(DocsPageTest, TheTokenUrlIsAbsoluteForTheHostUsed) {
  Reply plain = server().request("GET", "/openapi.json");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.json()["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["tokenUrl"],
            "http://127.0.0.1:" + std::to_string(server().port()) + "/identity/1.0/connect/token");
  Reply named = server().request("GET", "/openapi.json", {}, {}, {{"Host", "norced.example:8080"}});
  EXPECT_EQ(named.json()["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["tokenUrl"],
            "http://norced.example:8080/identity/1.0/connect/token");
}

// Every error status the document lists for an operation is one the server gives it: 401 without a token for
// every Management API operation, 415 for a body of another type where there is a body, and 400 for a
// missing application-id header; 501 for a Norce operation listed as not served. Path parameters are filled
// with the first value their schema allows, or 1.
TEST_F(DocsPageTest, TheListedErrorsAreTheServersAnswers) {
  Json doc = server().request("GET", "/openapi.json").json();
  Session s = server().default_session();
  size_t checked = 0, not_served = 0;
  for (auto p = doc["paths"].begin(); p != doc["paths"].end(); ++p) {
    if (p.key().rfind("/api/", 0) != 0) continue;
    for (auto m = p.value().begin(); m != p.value().end(); ++m) {
      std::string path = p.key();
      for (const auto& param : m.value().value("parameters", Json::array())) {
        if (param.value("in", "") != "path") continue;
        const Json& schema = param["schema"];
        const std::string value = schema.contains("enum") ? schema["enum"][0].dump() : "1";
        const std::string name = "{" + param["name"].get<std::string>() + "}";
        if (size_t at = path.find(name); at != std::string::npos) path.replace(at, name.size(), value);
      }
      for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{'))  // undeclared ones
        path.replace(open, path.find('}', open) - open + 1, "1");
      std::string method = m.key();
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      const Json& responses = m.value()["responses"];
      SCOPED_TRACE(method + " " + path);
      if (responses.contains("501")) {  // a Norce operation not served yet: 501 is its only answer
        EXPECT_EQ(responses.size(), 1u);
        EXPECT_EQ(expect_problem(server().request(method, path), 501)["method"], method);
        ++not_served;
        continue;
      }
      const bool body = m.value().contains("requestBody");
      ASSERT_TRUE(responses.contains("401") && responses.contains("400") && responses.contains("503"));
      EXPECT_EQ(server().request(method, path, body ? "{}" : "", body ? "application/json" : "").status, 401);
      EXPECT_EQ(responses.contains("415"), body);
      if (body) EXPECT_EQ(s.send(method, path, "Code=1", "text/plain").status, 415);
      Reply no_app = server().request(method, path, body ? "{}" : "", body ? "application/json" : "",
                                      {{"Authorization", "Bearer " + s.token()}, {"account-id", "1"}});
      EXPECT_EQ(no_app.status, 400) << no_app.describe();
      ++checked;
    }
  }
  EXPECT_GT(checked, 40u);
  EXPECT_GT(not_served, 0u);
}

}  // namespace
}  // namespace api
