// `norced client add | list | rotate-secret` against a running server's store (both engines), the refusal of
// a folder without a database, the start-up warning for NORCED_CLIENT_ID/NORCED_CLIENT_SECRET that do not
// match the data, and a start that fails to bind, which must not consume the bootstrap.
#include <filesystem>

#include "api/harness.hpp"

namespace api {
namespace {

// `norced <args> <store args>`.
CommandResult norced(const TestServer& server, std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), {NORCED_BINARY, "--log-level", "warn"});
  for (const auto& a : server.store_args()) args.push_back(a);
  return run_command(args, env);
}

std::string form(const std::string& id, const std::string& secret) {
  return "grant_type=client_credentials&client_id=" + url_encode(id) + "&client_secret=" + url_encode(secret);
}

// The lines of `client list`, parsed.
std::vector<Json> list_clients(const TestServer& server) {
  CommandResult r = norced(server, {"client", "list"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::vector<Json> lines;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    lines.push_back(Json::parse(r.out.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

class ClientsTest : public ServerFixture<ClientsTest> {};

TEST_F(ClientsTest, AddWithGivenCredentialsThenAnotherOAuthClientOfTheSameTenant) {
  const std::string secret = "given-secret-0123456789";
  CommandResult add = norced(server(), {"client", "add", "--name", "Given", "--client-id", "given-id", "--client-secret", secret});
  ASSERT_EQ(add.code, 0) << add.err;
  Json created = Json::parse(add.out);
  EXPECT_EQ(created["OAuthClientId"], "given-id");
  EXPECT_FALSE(created.contains("OAuthClientSecret")) << "a given secret is not echoed: " << add.out;
  const int64_t tenant = created["ClientId"].get<int64_t>();
  EXPECT_GT(tenant, 1);
  EXPECT_EQ(server().token_request(form("given-id", secret)).status, 200);

  CommandResult more = norced(server(), {"client", "add", "--tenant", std::to_string(tenant), "--resources", "management"});
  ASSERT_EQ(more.code, 0) << more.err;
  Json second = Json::parse(more.out);
  EXPECT_EQ(second["ClientId"], tenant);
  EXPECT_EQ(second["ApplicationId"], created["ApplicationId"]);
  EXPECT_EQ(second["AccountId"], created["AccountId"]);
  ASSERT_TRUE(second["OAuthClientSecret"].is_string()) << "a generated secret is printed once: " << more.out;
  ClientInfo info{tenant, second["ApplicationId"].get<int64_t>(), second["AccountId"].get<int64_t>(),
                  second["OAuthClientId"].get<std::string>(), second["OAuthClientSecret"].get<std::string>()};
  Session s = server().session_for(info);
  EXPECT_EQ(s.get("/api/category").status, 200) << "the second OAuth client acts for the same tenant";

  bool found = false;
  for (const Json& line : list_clients(server())) {
    EXPECT_EQ(line.dump().find("Secret"), std::string::npos) << "never a secret: " << line.dump();
    EXPECT_EQ(line.dump().find(info.oauth_client_secret), std::string::npos);
    if (line["ClientId"] != tenant) continue;
    found = true;
    EXPECT_EQ(line["Name"], "Given");
    EXPECT_EQ(line["ApplicationIds"], Json::array({created["ApplicationId"]}));
    EXPECT_EQ(line["AccountId"], created["AccountId"]);
    ASSERT_EQ(line["OAuthClients"].size(), 2u) << line.dump();
    EXPECT_EQ(line["OAuthClients"][0]["OAuthClientId"], "given-id");
    EXPECT_EQ(line["OAuthClients"][0]["Resources"], Json::array({"management"}));
    EXPECT_EQ(line["OAuthClients"][0]["IsActive"], true);
    EXPECT_EQ(line["OAuthClients"][1]["OAuthClientId"], info.oauth_client_id);
  }
  EXPECT_TRUE(found) << "client list shows the new tenant";
}

TEST_F(ClientsTest, ListStartsWithTheBootstrapClient) {
  auto lines = list_clients(server());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0]["ClientId"], 1);
  EXPECT_EQ(lines[0]["Name"], "Default");
  EXPECT_EQ(lines[0]["ApplicationIds"], Json::array({1}));
  EXPECT_EQ(lines[0]["AccountId"], 1);
  ASSERT_EQ(lines[0]["OAuthClients"].size(), 1u);
  EXPECT_EQ(lines[0]["OAuthClients"][0]["OAuthClientId"], kClientId);
  EXPECT_EQ(lines[0]["OAuthClients"][0]["Resources"], Json::array({"management", "connect", "query"}));
}

TEST_F(ClientsTest, RotateSecretStopsTheOldSecretAtOnce) {
  ClientInfo c = server().add_client("rotating");
  std::string before = server().token(c.oauth_client_id, c.oauth_client_secret);
  CommandResult r = norced(server(), {"client", "rotate-secret", "--client-id", c.oauth_client_id});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string fresh = r.out.substr(0, r.out.find('\n'));
  EXPECT_EQ(fresh.size(), 48u) << r.out;
  EXPECT_NE(fresh, c.oauth_client_secret);
  Reply old = server().token_request(form(c.oauth_client_id, c.oauth_client_secret));
  EXPECT_EQ(old.status, 400);
  EXPECT_EQ(old.json()["error"], "invalid_client");
  EXPECT_EQ(server().token_request(form(c.oauth_client_id, fresh)).status, 200);
  Session s(server(), before, c.application_id, c.account_id);
  EXPECT_EQ(s.get("/api/category").status, 200) << "tokens already issued stay valid until they expire";

  const std::string chosen = "chosen-secret-abcdefghij";
  r = norced(server(), {"client", "rotate-secret", "--client-id", c.oauth_client_id, "--client-secret", chosen});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "a given secret is not echoed";
  EXPECT_EQ(server().token_request(form(c.oauth_client_id, fresh)).status, 400);
  EXPECT_EQ(server().token_request(form(c.oauth_client_id, chosen)).status, 200);
}

TEST_F(ClientsTest, BadInputIsRefusedNamingTheOption) {
  struct Case {
    std::vector<std::string> args;
    std::string names;
  };
  const std::vector<Case> cases = {
      {{"client", "add", "--name", "Dup", "--client-id", kClientId}, "--client-id '" + std::string(kClientId) + "' is taken"},
      {{"client", "add", "--tenant", "9999"}, "--tenant 9999: no such client"},
      {{"client", "add", "--name", "X", "--client-id", "has space"}, "--client-id"},
      {{"client", "add", "--name", "X", "--client-id", "a:b"}, "--client-id"},
      {{"client", "add", "--name", "X", "--client-secret", "short"}, "--client-secret must be 16 to 200"},
      {{"client", "add"}, "--name is required"},
      {{"client", "add", "--tenant", "1", "--name", "X"}, "--tenant excludes --name"},
      {{"client", "rotate-secret", "--client-id", "nobody"}, "--client-id 'nobody': no such OAuth client"},
      {{"client", "rotate-secret"}, "--client-id is required"},
  };
  for (const auto& c : cases) {
    CommandResult r = norced(server(), c.args);
    std::string cmd;
    for (const auto& a : c.args) cmd += a + " ";
    EXPECT_NE(r.code, 0) << cmd;
    EXPECT_NE(r.err.find(c.names), std::string::npos) << cmd << "\nstderr: " << r.err;
    EXPECT_EQ(r.out, "") << cmd;
  }
  EXPECT_EQ(list_clients(server())[0]["OAuthClients"].size(), 1u) << "nothing was added";
}

// The start-up check of NORCED_CLIENT_ID/NORCED_CLIENT_SECRET against existing data: one warning line when
// they would not get a token, and a confirmation (without the secret) when they would.
TEST(ClientsStartupTest, WarnsOnceWhenTheEnvironmentCredentialsDoNotMatchTheData) {
  if (on_postgres() && !postgres_available()) GTEST_SKIP();
  TestServer srv;
  std::string error;
  ASSERT_TRUE(srv.start(&error)) << error;
  const auto count = [](const std::string& log, const std::string& what) {
    size_t n = 0;
    for (size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(srv.log(), "accepts NORCED_CLIENT_SECRET"), 0u) << "a new database: created, nothing to check";

  ServerConfig wrong_secret = srv.same_store();
  wrong_secret.env = {"NORCED_CLIENT_SECRET=another-secret-0123456789"};
  ASSERT_TRUE(srv.restart(&error, nullptr, &wrong_secret)) << error;
  EXPECT_EQ(count(srv.log(), "NORCED_CLIENT_SECRET is not the secret of OAuth client 'api-test-client'"), 1u) << srv.log();
  EXPECT_EQ(count(srv.log(), "another-secret-0123456789"), 0u) << "the secret is never logged";

  ServerConfig other_id = srv.same_store();
  other_id.env = {"NORCED_CLIENT_ID=someone-else"};
  ASSERT_TRUE(srv.restart(&error, nullptr, &other_id)) << error;
  EXPECT_EQ(count(srv.log(), "NORCED_CLIENT_ID 'someone-else' is not an OAuth client of this database"), 1u) << srv.log();

  ServerConfig same = srv.same_store();
  ASSERT_TRUE(srv.restart(&error, nullptr, &same)) << error;
  EXPECT_EQ(count(srv.log(), "OAuth client 'api-test-client' from NORCED_CLIENT_ID accepts NORCED_CLIENT_SECRET"), 1u)
      << srv.log();
  EXPECT_EQ(srv.stop(), 0);
}

// Engine-independent (they name --data themselves): run once, in the SQLite run.
class ClientsDataFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (on_postgres()) GTEST_SKIP() << "runs in the SQLite run only";
    char tmpl[] = "/tmp/norced-clients-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::string dir_;
};

TEST_F(ClientsDataFolderTest, AFolderWithoutADatabaseIsRefusedUnlessCreate) {
  const std::string data = dir_ + "/typo";
  for (const auto& args : std::vector<std::vector<std::string>>{{"client", "add", "--name", "X"},
                                                                 {"client", "list"},
                                                                 {"client", "rotate-secret", "--client-id", "x"},
                                                                 {"token", "rotate-key"}}) {
    std::vector<std::string> argv = {NORCED_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data", data});
    CommandResult r = run_command(argv);
    EXPECT_EQ(r.code, 1) << args[1];
    EXPECT_NE(r.err.find("--data " + data + " holds no norced database"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(data + "/norced.db")) << "nothing created by " << args[1];
  }
  CommandResult r = run_command({NORCED_BINARY, "client", "add", "--data", data, "--create", "--name", "New"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out)["ClientId"], 1);
  EXPECT_TRUE(std::filesystem::exists(data + "/norced.db"));
}

// A second server on a port that is taken fails to start, and its new database keeps no client: the next
// start still creates the first client (and shows a generated secret).
TEST_F(ClientsDataFolderTest, AStartThatCannotBindDoesNotConsumeTheBootstrap) {
  TestServer first;
  std::string error;
  ASSERT_TRUE(first.start(&error)) << error;
  const std::string data = dir_ + "/second";
  CommandResult r = run_command({NORCED_BINARY, "serve", "--data", data, "--listen",
                                 "127.0.0.1:" + std::to_string(first.port())},
                                {"NORCED_CLIENT_ID=", "NORCED_CLIENT_SECRET="});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.out.find("client_secret"), std::string::npos) << "no secret shown for a server that did not start: " << r.out;
  CommandResult list = run_command({NORCED_BINARY, "client", "list", "--data", data});
  EXPECT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(list.out, "") << "no client was created";
  EXPECT_EQ(first.stop(), 0);
}

}  // namespace
}  // namespace api
