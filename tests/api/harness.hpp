// Harness for the HTTP integration tests: starts the real norced binary (NORCED_BINARY) on a free port with a
// fresh database, talks HTTP to it with cpp-httplib and parses answers with nlohmann::json.
//
// The engine: SQLite in a fresh data folder, or — when NORCED_TEST_ENGINE=postgres — a fresh PostgreSQL
// database per server on the server NORCED_TEST_DATABASE names (CTest runs the whole suite both ways; without
// NORCED_TEST_DATABASE the PostgreSQL run skips).
//
//   class CategoryTest : public api::ServerFixture<CategoryTest> {};   // one server per test suite
//   TEST_F(CategoryTest, X) { auto s = server().default_session(); auto id = s.create("/api/category", {...}); }
//
// A suite that needs other server flags defines `static api::ServerConfig config()` in its fixture.
// Tests that need exact list contents make their own tenant with `server().new_tenant(...)` (norced client add),
// so each test sees only its own data while the suite shares one server.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace api {

// Keeps members in document order, so "$id first" and numbering in document order can be checked.
using Json = nlohmann::ordered_json;

// Credentials the harness gives the bootstrap OAuth client (NORCED_CLIENT_ID / NORCED_CLIENT_SECRET).
inline constexpr const char* kClientId = "api-test-client";
inline constexpr const char* kClientSecret = "api-test-secret-0123456789";

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 0;      // HTTP status; -1 when no response arrived (error says why)
  std::string body;
  httplib::Headers headers;
  std::string error;   // transport error, if any

  // The body as JSON; records a test failure (and returns null) when it is not JSON.
  Json json() const;
  // First value of a response header (case-insensitive), or "".
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
  // "STATUS body" for assertion messages.
  std::string describe() const;
};

struct ServerConfig {
  bool demo = false;
  std::vector<std::string> extra_args;  // appended to `norced serve ...`
  std::vector<std::string> global_args;  // before `serve`: `norced --log-level info ... serve`
  // Another server's data folder, to run a second instance on the same database; empty = a fresh folder of
  // its own. Only an own folder is removed with the server.
  std::string data_dir;
  // PostgreSQL: another server's database (its connection string), for the same; empty = a fresh database
  // of its own, dropped with the server. TestServer::same_store() fills both.
  std::string database;
  // NAME=value entries that replace the harness's own environment entries of that NAME (such as
  // NORCED_CLIENT_ID); NAME= alone removes the variable.
  std::vector<std::string> env;
};

// Whether this run of the suite is on PostgreSQL (NORCED_TEST_ENGINE=postgres), and whether a server to make
// databases on is given (NORCED_TEST_DATABASE).
bool on_postgres();
bool postgres_available();

// One line of `norced client add`.
struct ClientInfo {
  int64_t client_id = 0;
  int64_t application_id = 0;
  int64_t account_id = 0;
  std::string oauth_client_id;
  std::string oauth_client_secret;
};

class TestServer;

// An authenticated caller: a bearer token plus the application-id and account-id headers.
class Session {
 public:
  Session(TestServer& server, std::string token, int64_t application_id, int64_t account_id)
      : server_(&server), token_(std::move(token)), application_id_(application_id), account_id_(account_id) {}

  // The Authorization, application-id and account-id headers of this caller.
  HeaderList auth_headers() const;

  Reply get(const std::string& path) const;
  Reply post(const std::string& path, const Json& body) const;
  Reply put(const std::string& path, const Json& body) const;
  Reply post_raw(const std::string& path, const std::string& body,
                 const std::string& content_type = "application/json") const;
  Reply put_raw(const std::string& path, const std::string& body,
                const std::string& content_type = "application/json") const;
  // Any method, with the auth headers plus `extra` (same-named extra headers replace the auth ones).
  Reply send(const std::string& method, const std::string& path, const std::string& body = {},
             const std::string& content_type = {}, const HeaderList& extra = {}) const;

  // POST that must answer 200 with a bare integer id; returns it (0 and a test failure otherwise).
  int64_t create(const std::string& path, const Json& body) const;
  // PUT that must answer 200 with the path's id.
  void update(const std::string& path, const Json& body) const;
  // GET that must answer 200 with JSON; returns it (null and a test failure otherwise).
  Json fetch(const std::string& path) const;

  const std::string& token() const { return token_; }
  int64_t application_id() const { return application_id_; }
  int64_t account_id() const { return account_id_; }
  TestServer& server() const { return *server_; }

 private:
  TestServer* server_;
  std::string token_;
  int64_t application_id_;
  int64_t account_id_;
};

class TestServer {
 public:
  explicit TestServer(ServerConfig config = {});
  ~TestServer();  // stops the child (without asserting) and removes the data folder
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Creates the data folder, starts `norced serve` on a free port and waits (10 s) for /healthz.
  bool start(std::string* error);
  // SIGTERM, then waits up to `timeout_ms` for the exit. Returns the exit code, 128+signal when killed by a
  // signal, or -1 when it had to be SIGKILLed after the timeout.
  int stop(int timeout_ms = 5000);
  bool running() const { return pid_ > 0; }
  // Stops (asserting nothing) and starts again on the same data folder, optionally with other flags.
  // Returns the exit code of the stop through `exit_code`.
  bool restart(std::string* error, int* exit_code = nullptr, const ServerConfig* config = nullptr);
  pid_t pid() const { return pid_; }

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // The options naming this server's store, for other `norced` commands: --data DIR or --database CONNINFO.
  std::vector<std::string> store_args() const;
  // A configuration for another instance on this server's store.
  ServerConfig same_store() const;
  std::string log() const;  // the server's stdout and stderr so far

  // A plain HTTP request with exactly these headers (no auth added).
  Reply request(const std::string& method, const std::string& path, const std::string& body = {},
                const std::string& content_type = {}, const HeaderList& headers = {});

  // POST /identity/1.0/connect/token with a form body; returns the reply as is.
  Reply token_request(const std::string& form_body, const HeaderList& headers = {});
  // A client_credentials token; records a failure and returns "" when it cannot get one.
  std::string token(const std::string& client_id, const std::string& secret, const std::string& scope = {});

  // `norced client add` on this server's data folder; records a failure on error.
  ClientInfo add_client(const std::string& name, const std::string& culture = "en-US",
                        const std::vector<std::string>& resources = {"management"});

  // The bootstrap tenant: client 1, application 1, account 1.
  Session default_session();
  // A new tenant (client add) with a token, for tests that need their own data.
  Session new_tenant(const std::string& name, const std::string& culture = "en-US");
  Session session_for(const ClientInfo& c);

 private:
  bool spawn(std::string* error);

  ServerConfig config_;
  std::string base_dir_;  // mkdtemp folder holding data/ and server.log
  std::string data_dir_;
  std::string database_;                    // PostgreSQL runs: the connection string of the database
  std::shared_ptr<void> own_database_;      // a database made for this server, dropped after it stops
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  int tenant_counter_ = 0;
};

// A raw TCP connection to the server, for requests httplib cannot send (partial, malformed, slow).
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes);
  // Everything received until the peer closes or `timeout_ms` passes.
  std::string read_until_close(int timeout_ms = 3000);

 private:
  int fd_ = -1;
};

// Sends raw bytes on a new TCP connection and returns everything the server answers until it closes the
// connection or `timeout_ms` passes. `half_close` shuts down the sending side after writing.
std::string raw_exchange(int port, const std::string& bytes, int timeout_ms = 3000, bool half_close = false);
// The status code of a raw HTTP response ("HTTP/1.1 400 ..."), or 0 when there is none.
int raw_status(const std::string& response);

// Runs a program and returns (exit code, stdout).
std::pair<int, std::string> run_capture(const std::vector<std::string>& argv);

// Runs a program with the test's environment changed by `env` (as ServerConfig::env) and returns its exit
// code, stdout and stderr.
struct CommandResult {
  int code = -1;
  std::string out, err;
};
CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

std::string base64(const std::string& in, bool url = false);
std::string url_encode(const std::string& s);  // percent-encodes everything but unreserved characters

// Every object in document order must start with "$id" numbered "1", "2", ...; returns what is wrong ("" if ok).
std::string check_id_numbering(const Json& doc);

// Asserts a problem document: status member, type/title strings, problem content type; returns the document.
Json expect_problem(const Reply& r, int status);
// Asserts a 400 validation problem whose errors name `field` (with at least one message).
void expect_field_error(const Reply& r, const std::string& field, int status = 400);

// One server per test suite, started in SetUpTestSuite and stopped (asserting exit code 0) in TearDownTestSuite.
// `Base` is ::testing::TestWithParam<P> for value-parameterised suites (tests/api/generated_test.cpp).
template <class Derived, class Base = ::testing::Test>
class ServerFixture : public Base {
 public:
  static ServerConfig config() { return {}; }

  static void SetUpTestSuite() {
    if (on_postgres() && !postgres_available()) return;  // every test skips (harness.cpp)
    auto s = std::make_unique<TestServer>(Derived::config());
    std::string error;
    if (!s->start(&error)) {
      ADD_FAILURE() << "norced did not start: " << error << "\n--- server log ---\n" << s->log();
      return;
    }
    server_ = std::move(s);
  }

  static void TearDownTestSuite() {
    if (!server_) return;
    int code = server_->stop();
    EXPECT_EQ(code, 0) << "norced did not exit cleanly on SIGTERM\n--- server log ---\n" << server_->log();
    server_.reset();
  }

 protected:
  void SetUp() override { ASSERT_TRUE(server_ != nullptr) << "the suite's server is not running"; }
  static TestServer& server() { return *server_; }

 private:
  static inline std::unique_ptr<TestServer> server_;
};

}  // namespace api
