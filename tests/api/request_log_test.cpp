// The request log as the real binary writes it to stderr: one line per request with the OAuth client, in text
// by default and as JSON objects with --log-format json; --log-bodies adds bodies with secrets redacted.
#include <chrono>
#include <regex>
#include <sstream>
#include <thread>

#include "api/harness.hpp"

namespace api {
namespace {

std::vector<std::string> lines_containing(const std::string& log, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) out.push_back(line);
  return out;
}

std::string token_form() {
  return std::string("grant_type=client_credentials&client_id=") + kClientId + "&client_secret=" + kClientSecret;
}

// The server's log once it holds `needle` (request lines reach stderr in batches, within 200 ms), polled
// for up to 5 s; the log as it is when it never does.
std::string log_with(TestServer& server, const std::string& needle) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string log = server.log();
  while (log.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    log = server.log();
  }
  return log;
}

class RequestLogTest : public ServerFixture<RequestLogTest> {};

TEST_F(RequestLogTest, OneTextLinePerRequestWithTheClientAndNoSecrets) {
  Reply t = server().token_request(token_form());
  ASSERT_EQ(t.status, 200) << t.describe();
  const std::string token = t.json()["access_token"];
  HeaderList h = {{"Authorization", "Bearer " + token}, {"application-id", "1"}, {"account-id", "1"}};
  Reply r = server().request("GET", "/api/client/currency?trace=request-log-1", {}, {}, h);
  ASSERT_EQ(r.status, 200) << r.describe();
  Reply missing = server().request("GET", "/api/nothing-here?trace=request-log-2");
  ASSERT_EQ(missing.status, 404);

  const std::string log = log_with(server(), "trace=request-log-2");  // the last request
  const auto get = lines_containing(log, "trace=request-log-1");
  ASSERT_EQ(get.size(), 1u) << log;
  const std::regex get_line(R"(.*\[info\] GET /api/client/currency\?trace=request-log-1 200 \d+\.\d{3}ms )"
                            R"(client=api-test-client in=0 out=)" + std::to_string(r.body.size()) +
                            R"( remote=127\.0\.0\.1$)");
  EXPECT_TRUE(std::regex_match(get[0], get_line)) << get[0];
  const auto none = lines_containing(log, "trace=request-log-2");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_NE(none[0].find(" 404 "), std::string::npos) << none[0];
  EXPECT_NE(none[0].find(" client=- "), std::string::npos) << none[0];
  const auto issued = lines_containing(log, "POST /identity/1.0/connect/token 200 ");
  ASSERT_FALSE(issued.empty()) << log;
  EXPECT_NE(issued.back().find("client=api-test-client in=" + std::to_string(token_form().size())),
            std::string::npos)
      << issued.back();
  EXPECT_EQ(log.find(kClientSecret), std::string::npos) << "the secret is never logged";
  EXPECT_EQ(log.find(token), std::string::npos) << "nor the token";
}

class JsonRequestLogTest : public ServerFixture<JsonRequestLogTest> {
 public:
  static ServerConfig config() {
    ServerConfig c;
    c.global_args = {"--log-format", "json"};
    c.extra_args = {"--log-bodies"};
    return c;
  }
};

TEST_F(JsonRequestLogTest, EveryLineIsAJsonObjectAndBodiesAreRedacted) {
  Reply t = server().token_request(token_form());
  ASSERT_EQ(t.status, 200) << t.describe();
  const std::string token = t.json()["access_token"];
  auto s = server().default_session();
  Reply w = s.post("/api/category", Json{{"Code", "LOG-1"}, {"Name", "Logged"}, {"Password", "hunter2"}});
  ASSERT_EQ(w.status, 200) << w.describe();

  const std::string log = log_with(server(), R"("path":"/api/category")");
  std::istringstream in(log);
  bool token_line = false, post_line = false;
  for (std::string line; std::getline(in, line);) {
    Json j = Json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << "not a JSON object: " << line;
    EXPECT_TRUE(j["time"].is_string() && j["level"].is_string() && j["msg"].is_string()) << line;
    if (j["msg"] != "request") continue;
    if (j["path"] == "/identity/1.0/connect/token" && j["status"] == 200) {
      token_line = true;
      EXPECT_EQ(j["client"], kClientId);
      EXPECT_EQ(j["request_body"], "grant_type=client_credentials&client_id=" + std::string(kClientId) +
                                       "&client_secret=[redacted]");
      const Json answer = Json::parse(j["response_body"].get<std::string>());
      EXPECT_EQ(answer["access_token"], "[redacted]");
      EXPECT_EQ(answer["token_type"], "Bearer");
    }
    if (j["method"] == "POST" && j["path"] == "/api/category") {
      post_line = true;
      EXPECT_EQ(j["status"], 200);
      EXPECT_EQ(j["client"], kClientId);
      EXPECT_TRUE(j["duration_ms"].is_number());
      EXPECT_EQ(j["bytes_out"], w.body.size());
      EXPECT_EQ(j["request_body"], R"({"Code":"LOG-1","Name":"Logged","Password":"[redacted]"})");
      EXPECT_EQ(j["response_body"], w.body);
    }
  }
  EXPECT_TRUE(token_line) << log;
  EXPECT_TRUE(post_line) << log;
  EXPECT_EQ(log.find(kClientSecret), std::string::npos);
  EXPECT_EQ(log.find(token), std::string::npos);
  EXPECT_EQ(log.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace api
