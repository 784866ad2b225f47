// OAuth2 token endpoint (client_credentials) and bearer-token checks on the Management API.
#include <algorithm>

#include "api/harness.hpp"

namespace api {
namespace {

class IdentityTest : public ServerFixture<IdentityTest> {
 protected:
  static std::string form(const std::string& id, const std::string& secret) {
    return "grant_type=client_credentials&client_id=" + url_encode(id) + "&client_secret=" + url_encode(secret);
  }
  static HeaderList tenant_headers() { return {{"application-id", "1"}, {"account-id", "1"}}; }
  // GET /api/category with the given Authorization value (none when empty) and valid tenant headers.
  Reply list_with_authorization(const std::string& authorization) {
    HeaderList h = tenant_headers();
    if (!authorization.empty()) h.emplace_back("Authorization", authorization);
    return server().request("GET", "/api/category", {}, {}, h);
  }
};

TEST_F(IdentityTest, TokenForValidCredentials) {
  Reply r = server().token_request(form(kClientId, kClientSecret));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_NE(r.header("Content-Type").find("application/json"), std::string::npos) << r.header("Content-Type");
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  Json j = r.json();
  ASSERT_TRUE(j.is_object());
  ASSERT_TRUE(j["access_token"].is_string());
  EXPECT_FALSE(j["access_token"].get<std::string>().empty());
  EXPECT_EQ(j["expires_in"], 3600);
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_FALSE(j.contains("$id")) << "OAuth2 responses are not Norce models";
  // A JWT: three dot-separated parts.
  std::string t = j["access_token"];
  EXPECT_EQ(std::count(t.begin(), t.end(), '.'), 2) << t;
}

TEST_F(IdentityTest, TokenWorksOnManagementApi) {
  std::string t = server().token(kClientId, kClientSecret);
  Reply r = list_with_authorization("Bearer " + t);
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_TRUE(r.json().is_array());
}

TEST_F(IdentityTest, TokenWithPlaygroundScope) {
  Reply r = server().token_request(form(kClientId, kClientSecret) + "&scope=playground");
  ASSERT_EQ(r.status, 200) << r.describe();
  Json j = r.json();
  EXPECT_EQ(j["scope"], "playground");
  EXPECT_EQ(j["token_type"], "Bearer");
  Reply api = list_with_authorization("Bearer " + j["access_token"].get<std::string>());
  EXPECT_EQ(api.status, 200) << api.describe();
}

TEST_F(IdentityTest, TokenWithBasicAuthCredentials) {
  Reply r = server().token_request("grant_type=client_credentials",
                                   {{"Authorization", "Basic " + base64(std::string(kClientId) + ":" + kClientSecret)}});
  ASSERT_EQ(r.status, 200) << r.describe();
  Json j = r.json();
  Reply api = list_with_authorization("Bearer " + j["access_token"].get<std::string>());
  EXPECT_EQ(api.status, 200) << api.describe();
}

TEST_F(IdentityTest, WrongSecretIsInvalidClient) {
  Reply r = server().token_request(form(kClientId, "not-the-secret"));
  ASSERT_EQ(r.status, 400) << r.describe();
  Json j = r.json();
  EXPECT_EQ(j["error"], "invalid_client");
  EXPECT_FALSE(j.contains("access_token"));
}

TEST_F(IdentityTest, UnknownClientIsInvalidClient) {
  Reply r = server().token_request(form("no-such-client", kClientSecret));
  ASSERT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.json()["error"], "invalid_client");
}

TEST_F(IdentityTest, MissingSecretIsInvalidClient) {
  Reply r = server().token_request("grant_type=client_credentials&client_id=" + url_encode(kClientId));
  ASSERT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.json()["error"], "invalid_client");
}

TEST_F(IdentityTest, WrongBasicAuthSecretIsInvalidClient) {
  Reply r = server().token_request("grant_type=client_credentials",
                                   {{"Authorization", "Basic " + base64(std::string(kClientId) + ":wrong")}});
  ASSERT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.json()["error"], "invalid_client");
}

TEST_F(IdentityTest, UnsupportedGrantType) {
  for (const char* grant : {"password", "authorization_code", "refresh_token", "CLIENT_CREDENTIALS"}) {
    Reply r = server().token_request("grant_type=" + std::string(grant) + "&client_id=" + kClientId +
                                     "&client_secret=" + kClientSecret);
    ASSERT_EQ(r.status, 400) << grant << ": " << r.describe();
    EXPECT_EQ(r.json()["error"], "unsupported_grant_type") << grant;
  }
}

TEST_F(IdentityTest, MissingGrantTypeIsInvalidRequest) {
  Reply r = server().token_request("client_id=" + std::string(kClientId) + "&client_secret=" + kClientSecret);
  ASSERT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.json()["error"], "invalid_request");
}

TEST_F(IdentityTest, JsonBodyIsInvalidRequest) {
  Json body = {{"grant_type", "client_credentials"}, {"client_id", kClientId}, {"client_secret", kClientSecret}};
  Reply r = server().request("POST", "/identity/1.0/connect/token", body.dump(), "application/json");
  ASSERT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.json()["error"], "invalid_request");
}

TEST_F(IdentityTest, FormContentTypeWithParametersOrOtherCase) {
  for (const char* type : {"application/x-www-form-urlencoded; charset=UTF-8", "Application/X-WWW-Form-URLEncoded"}) {
    Reply r = server().request("POST", "/identity/1.0/connect/token", form(kClientId, kClientSecret), type);
    EXPECT_EQ(r.status, 200) << type << ": " << r.describe();
  }
}

TEST_F(IdentityTest, TokenEndpointOnlyAcceptsPost) {
  Reply r = server().request("GET", "/identity/1.0/connect/token");
  EXPECT_EQ(r.status, 405) << r.describe();
  EXPECT_EQ(r.header("Allow"), "POST");
}

TEST_F(IdentityTest, MissingTokenIs401WithBearerChallenge) {
  Reply r = list_with_authorization("");
  expect_problem(r, 401);
  EXPECT_EQ(r.header("WWW-Authenticate").rfind("Bearer", 0), 0u) << r.header("WWW-Authenticate");
}

TEST_F(IdentityTest, GarbageTokenIs401) {
  Reply r = list_with_authorization("Bearer not-a-token");
  expect_problem(r, 401);
  EXPECT_EQ(r.header("WWW-Authenticate").rfind("Bearer", 0), 0u) << r.header("WWW-Authenticate");
}

TEST_F(IdentityTest, TamperedTokenIs401) {
  std::string t = server().token(kClientId, kClientSecret);
  ASSERT_FALSE(t.empty());
  // Change one character of the signature.
  std::string bad = t;
  char& c = bad[bad.size() - 2];
  c = c == 'A' ? 'B' : 'A';
  Reply r = list_with_authorization("Bearer " + bad);
  expect_problem(r, 401);
  EXPECT_EQ(r.header("WWW-Authenticate").rfind("Bearer", 0), 0u);
  // And a token whose claims were changed (another tenant) but keeps the old signature.
  auto first = t.find('.');
  auto second = t.find('.', first + 1);
  std::string payload = R"({"iss":"norced","sub":"x","tenant":2,"resources":"management","exp":4102444800})";
  std::string forged = t.substr(0, first) + "." + base64(payload, true) + t.substr(second);
  Reply f = list_with_authorization("Bearer " + forged);
  expect_problem(f, 401);
}

TEST_F(IdentityTest, UnsignedAlgNoneTokenIs401) {
  std::string header = base64(R"({"alg":"none","typ":"JWT"})", true);
  std::string payload =
      base64(R"({"iss":"norced","sub":"api-test-client","tenant":1,"resources":"management","scope":"","iat":1,"exp":4102444800})",
             true);
  Reply r = list_with_authorization("Bearer " + header + "." + payload + ".");
  expect_problem(r, 401);
}

TEST_F(IdentityTest, OtherAuthorizationSchemesAre401) {
  Reply basic = list_with_authorization("Basic " + base64(std::string(kClientId) + ":" + kClientSecret));
  expect_problem(basic, 401);
  Reply empty = list_with_authorization("Bearer ");
  expect_problem(empty, 401);
  std::string t = server().token(kClientId, kClientSecret);
  Reply bare = list_with_authorization(t);  // the token without the scheme
  expect_problem(bare, 401);
}

TEST_F(IdentityTest, BearerSchemeIsCaseInsensitive) {
  std::string t = server().token(kClientId, kClientSecret);
  Reply r = list_with_authorization("bearer " + t);
  EXPECT_EQ(r.status, 200) << r.describe();
}

TEST_F(IdentityTest, TokenIsCheckedBeforeTenantHeaders) {
  // No token and no application-id/account-id: the missing token is the answer.
  Reply r = server().request("GET", "/api/category");
  expect_problem(r, 401);
}

TEST_F(IdentityTest, ClientWithoutManagementResourceIs403) {
  ClientInfo c = server().add_client("connect-only", "en-US", {"connect"});
  std::string t = server().token(c.oauth_client_id, c.oauth_client_secret);
  ASSERT_FALSE(t.empty()) << "a connect-only client still gets tokens";
  Reply r = server().request("GET", "/api/category", {}, {},
                             {{"Authorization", "Bearer " + t},
                              {"application-id", std::to_string(c.application_id)},
                              {"account-id", std::to_string(c.account_id)}});
  Json p = expect_problem(r, 403);
  EXPECT_TRUE(p.contains("detail")) << r.body;
  // Writes are refused the same way, and nothing is created.
  Reply w = server().request("POST", "/api/category", R"({"Code":"X","Name":"X"})", "application/json",
                             {{"Authorization", "Bearer " + t},
                              {"application-id", std::to_string(c.application_id)},
                              {"account-id", std::to_string(c.account_id)}});
  expect_problem(w, 403);
}

TEST_F(IdentityTest, ClientWithManagementAndConnectResourcesIsAllowed) {
  ClientInfo c = server().add_client("both", "en-US", {"management", "connect"});
  Session s = server().session_for(c);
  Reply r = s.get("/api/category");
  EXPECT_EQ(r.status, 200) << r.describe();
}

TEST_F(IdentityTest, AddedClientGetsWorkingCredentials) {
  ClientInfo c = server().add_client("added");
  EXPECT_GT(c.client_id, 1);
  EXPECT_GT(c.application_id, 1);
  EXPECT_GT(c.account_id, 1);
  EXPECT_FALSE(c.oauth_client_id.empty());
  EXPECT_FALSE(c.oauth_client_secret.empty());
  Reply wrong = server().token_request(form(c.oauth_client_id, kClientSecret));
  EXPECT_EQ(wrong.status, 400) << "another client's secret must not work";
  Session s = server().session_for(c);
  EXPECT_EQ(s.get("/api/category").status, 200);
}

}  // namespace
}  // namespace api
