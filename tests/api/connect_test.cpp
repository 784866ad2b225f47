// Connect API 4.0 against the real binary: the Job service's routes under both prefixes and in any letter
// case, the token's Connect resource, and the application header in the spellings clients send. (Jobs are
// created by the imports, which come next in issue 9; the job documents themselves are tested in
// tests/connect/ over the store.)
#include "api/harness.hpp"

namespace api {
namespace {

class ConnectTest : public ServerFixture<ConnectTest> {
 protected:
  static Reply call(const Session& s, const std::string& method, const std::string& path,
                    const std::string& app_header = "application-id") {
    HeaderList h = {{"Authorization", "Bearer " + s.token()}};
    if (!app_header.empty()) h.push_back({app_header, std::to_string(s.application_id())});
    return s.server().request(method, path, "", "", h);
  }
};

TEST_F(ConnectTest, PingAnswersUnderBothPrefixesInAnyCase) {
  Session s = server().default_session();
  for (const std::string path : {"/commerce/connect/4.0/Job/Ping", "/commerce/connect/4.0/api/Job/Ping",
                                 "/commerce/connect/4.0/job/ping", "/Commerce/Connect/4.0/API/JOB/PING"}) {
    Reply r = call(s, "GET", path);
    EXPECT_EQ(r.status, 200) << path << " " << r.describe();
  }
  EXPECT_EQ(call(s, "GET", "/commerce/connect/4.0/Job/Unknown").status, 404);
  Reply wrong = call(s, "DELETE", "/commerce/connect/4.0/Job/Ping");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET");
}

TEST_F(ConnectTest, TheApplicationHeaderInEachSpellingIsRequired) {
  Session s = server().default_session();
  for (const std::string h : {"application-id", "applicationId", "ApplicationId"})
    EXPECT_EQ(call(s, "GET", "/commerce/connect/4.0/Job/List", h).status, 200) << h;
  expect_field_error(call(s, "GET", "/commerce/connect/4.0/Job/List", ""), "application-id");
}

TEST_F(ConnectTest, ATokenWithoutTheConnectResourceIs403) {
  ClientInfo c = server().add_client("connectless", "en-US", {"management"});
  Session s = server().session_for(c);
  Reply r = call(s, "GET", "/commerce/connect/4.0/Job/Ping");
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(server().request("GET", "/commerce/connect/4.0/Job/Ping").status, 401);
  // Another tenant's application is refused.
  ClientInfo other = server().add_client("connected", "en-US", {"connect"});
  Session o = server().session_for(other);
  HeaderList h = {{"Authorization", "Bearer " + o.token()}, {"applicationId", "1"}};
  EXPECT_EQ(server().request("GET", "/commerce/connect/4.0/Job/Ping", "", "", h).status, 403);
}

TEST_F(ConnectTest, JobsOfAnEmptyQueue) {
  ClientInfo c = server().add_client("nojobs", "en-US", {"connect"});
  Session s = server().session_for(c);
  Reply list = call(s, "GET", "/commerce/connect/4.0/Job/List");
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.body, "[]");
  EXPECT_EQ(list.header("X-Total-Count"), "0");
  EXPECT_EQ(call(s, "GET", "/commerce/connect/4.0/Job/Get?id=1").status, 404);
  EXPECT_EQ(call(s, "GET", "/commerce/connect/4.0/api/Job/GetLog?id=1").status, 404);
  EXPECT_EQ(call(s, "POST", "/commerce/connect/4.0/Job/Restart?id=1").status, 404);
  expect_field_error(call(s, "GET", "/commerce/connect/4.0/Job/Get"), "id");
  expect_field_error(call(s, "GET", "/commerce/connect/4.0/Job/Get?id=abc"), "id");
}

}  // namespace
}  // namespace api
