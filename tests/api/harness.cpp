#include "api/harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "store/pg_test_database.hpp"

extern char** environ;

#ifndef NORCED_BINARY
#error "NORCED_BINARY must name the norced executable"
#endif

namespace api {

namespace {

using Clock = std::chrono::steady_clock;

bool iequals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// The test's environment with `overrides` applied in order: NAME=value replaces NAME, NAME= removes it.
std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  for (const auto& o : overrides) {
    const std::string name = o.substr(0, o.find('=') + 1);
    std::erase_if(env, [&](const std::string& e) { return e.rfind(name, 0) == 0; });
    if (o.size() > name.size()) env.push_back(o);
  }
  return env;
}

// Exit code of a waitpid status: the code, or 128 + signal.
int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

Reply do_request(int port, const std::string& method, const std::string& path, const std::string& body,
                 const std::string& content_type, const HeaderList& headers) {
  httplib::Client cli("127.0.0.1", port);
  cli.set_keep_alive(false);
  cli.set_tcp_nodelay(true);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(15, 0);
  cli.set_write_timeout(15, 0);
  httplib::Request req;
  req.method = method;
  req.path = path;
  for (const auto& [k, v] : headers) req.headers.emplace(k, v);
  if (!content_type.empty()) req.headers.emplace("Content-Type", content_type);
  req.body = body;
  Reply out;
  auto res = cli.send(req);
  if (!res) {
    out.status = -1;
    out.error = httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  out.headers = res->headers;
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Reply

Json Reply::json() const {
  try {
    return Json::parse(body);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "response is not JSON (" << e.what() << "): " << describe();
    return Json();
  }
}

std::string Reply::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

bool Reply::has_header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return true;
  return false;
}

std::string Reply::describe() const {
  if (status < 0) return "no response (" + error + ")";
  std::string b = body.size() > 2000 ? body.substr(0, 2000) + "..." : body;
  return std::to_string(status) + " " + b;
}

// ---------------------------------------------------------------------------------------------------------------
// Session

HeaderList Session::auth_headers() const {
  return {{"Authorization", "Bearer " + token_},
          {"application-id", std::to_string(application_id_)},
          {"account-id", std::to_string(account_id_)}};
}

Reply Session::send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& content_type, const HeaderList& extra) const {
  HeaderList headers;
  for (const auto& h : auth_headers()) {
    bool replaced = false;
    for (const auto& e : extra) replaced |= iequals(e.first, h.first);
    if (!replaced) headers.push_back(h);
  }
  for (const auto& e : extra) headers.push_back(e);
  return server_->request(method, path, body, content_type, headers);
}

Reply Session::get(const std::string& path) const { return send("GET", path); }
Reply Session::post(const std::string& path, const Json& body) const {
  return send("POST", path, body.dump(), "application/json");
}
Reply Session::put(const std::string& path, const Json& body) const {
  return send("PUT", path, body.dump(), "application/json");
}
Reply Session::post_raw(const std::string& path, const std::string& body, const std::string& content_type) const {
  return send("POST", path, body, content_type);
}
Reply Session::put_raw(const std::string& path, const std::string& body, const std::string& content_type) const {
  return send("PUT", path, body, content_type);
}

int64_t Session::create(const std::string& path, const Json& body) const {
  Reply r = post(path, body);
  if (r.status != 200) {
    ADD_FAILURE() << "POST " << path << " " << body.dump() << " -> " << r.describe();
    return 0;
  }
  Json id = r.json();
  if (!id.is_number_integer()) {
    ADD_FAILURE() << "POST " << path << " did not answer a bare integer id: " << r.body;
    return 0;
  }
  return id.get<int64_t>();
}

void Session::update(const std::string& path, const Json& body) const {
  Reply r = put(path, body);
  if (r.status != 200) {
    ADD_FAILURE() << "PUT " << path << " " << body.dump() << " -> " << r.describe();
    return;
  }
  auto slash = path.find_last_of('/');
  std::string id = path.substr(slash + 1);
  EXPECT_EQ(r.body, id) << "PUT " << path << " must answer the id as a bare integer";
}

Json Session::fetch(const std::string& path) const {
  Reply r = get(path);
  if (r.status != 200) {
    ADD_FAILURE() << "GET " << path << " -> " << r.describe();
    return Json();
  }
  return r.json();
}

// ---------------------------------------------------------------------------------------------------------------
// TestServer

bool on_postgres() {
  const char* v = std::getenv("NORCED_TEST_ENGINE");
  return v && std::string_view(v) == "postgres";
}

bool postgres_available() { return !norced::pgtest::admin_conninfo().empty(); }

namespace {
// A PostgreSQL run without a server to make databases on skips every test, fixture or not.
class PostgresRunEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (on_postgres() && !postgres_available()) GTEST_SKIP() << norced::pgtest::kSkipMessage;
  }
};
const auto* const kPostgresRunEnvironment = ::testing::AddGlobalTestEnvironment(new PostgresRunEnvironment);
}  // namespace

std::vector<std::string> TestServer::store_args() const {
  if (!database_.empty()) return {"--database", database_};
  return {"--data", data_dir_};
}

ServerConfig TestServer::same_store() const {
  ServerConfig c;
  c.data_dir = data_dir_;
  c.database = database_;
  return c;
}

TestServer::TestServer(ServerConfig config) : config_(std::move(config)) {}

TestServer::~TestServer() {
  if (pid_ > 0) stop(3000);
  own_database_.reset();  // dropped once the server is gone
  if (!base_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(base_dir_, ec);
  }
}

bool TestServer::start(std::string* error) {
  char tmpl[] = "/tmp/norced-api-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    *error = std::string("mkdtemp: ") + std::strerror(errno);
    return false;
  }
  base_dir_ = tmpl;
  data_dir_ = config_.data_dir.empty() ? base_dir_ + "/data" : config_.data_dir;
  log_path_ = base_dir_ + "/server.log";
  if (!config_.database.empty()) {
    database_ = config_.database;
  } else if (on_postgres()) {
    try {
      auto db = std::make_shared<norced::pgtest::TestDatabase>();
      database_ = db->conninfo();
      own_database_ = std::move(db);
    } catch (const std::exception& e) {
      *error = std::string("PostgreSQL: ") + e.what();
      return false;
    }
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (spawn(error)) return true;
    if (pid_ > 0) stop(2000);  // a failed attempt must not leave a child behind
  }
  return false;
}

bool TestServer::restart(std::string* error, int* exit_code, const ServerConfig* config) {
  int code = stop();
  if (exit_code) *exit_code = code;
  if (config) config_ = *config;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (spawn(error)) return true;
    if (pid_ > 0) stop(2000);
  }
  return false;
}

bool TestServer::spawn(std::string* error) {
  port_ = free_port();
  if (port_ == 0) {
    *error = "no free port";
    return false;
  }
  std::vector<std::string> args = {NORCED_BINARY, "--log-level", "info"};
  for (const auto& a : config_.global_args) args.push_back(a);
  args.insert(args.end(), {"serve", "--listen", "127.0.0.1:" + std::to_string(port_), "--workers", "2"});
  for (const auto& a : store_args()) args.push_back(a);
  if (config_.demo) args.push_back("--demo");
  for (const auto& a : config_.extra_args) args.push_back(a);

  std::vector<std::string> overrides = {std::string("NORCED_CLIENT_ID=") + kClientId,
                                        std::string("NORCED_CLIENT_SECRET=") + kClientSecret};
  overrides.insert(overrides.end(), config_.env.begin(), config_.env.end());
  std::vector<std::string> env = environment_with(overrides);
  auto argv = c_argv(args);
  auto envp = c_argv(env);

  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    *error = std::string("open log: ") + std::strerror(errno);
    return false;
  }
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    *error = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test binary
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log_fd);
  pid_ = pid;

  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      *error = "norced exited with code " + std::to_string(exit_code_of(status)) + " before it was healthy";
      return false;
    }
    httplib::Client cli("127.0.0.1", port_);
    cli.set_connection_timeout(0, 200'000);
    cli.set_read_timeout(1, 0);
    if (auto res = cli.Get("/healthz"); res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  *error = "/healthz did not answer 200 within 10 s";
  return false;
}

int TestServer::stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (Clock::now() < deadline) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return exit_code_of(status);
    }
    if (r < 0 && errno != EINTR) {
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::string TestServer::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > 20000) s = "..." + s.substr(s.size() - 20000);
  return s;
}

Reply TestServer::request(const std::string& method, const std::string& path, const std::string& body,
                          const std::string& content_type, const HeaderList& headers) {
  return do_request(port_, method, path, body, content_type, headers);
}

Reply TestServer::token_request(const std::string& form_body, const HeaderList& headers) {
  return request("POST", "/identity/1.0/connect/token", form_body, "application/x-www-form-urlencoded", headers);
}

std::string TestServer::token(const std::string& client_id, const std::string& secret, const std::string& scope) {
  std::string form = "grant_type=client_credentials&client_id=" + url_encode(client_id) +
                     "&client_secret=" + url_encode(secret);
  if (!scope.empty()) form += "&scope=" + url_encode(scope);
  Reply r = token_request(form);
  if (r.status != 200) {
    ADD_FAILURE() << "token request for " << client_id << " failed: " << r.describe();
    return {};
  }
  Json j = r.json();
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string()) {
    ADD_FAILURE() << "token response without access_token: " << r.body;
    return {};
  }
  return j["access_token"].get<std::string>();
}

ClientInfo TestServer::add_client(const std::string& name, const std::string& culture,
                                  const std::vector<std::string>& resources) {
  std::vector<std::string> args = {NORCED_BINARY, "--log-level", "warn", "client", "add"};
  for (const auto& a : store_args()) args.push_back(a);
  args.insert(args.end(), {"--name", name, "--culture", culture, "--resources"});
  for (const auto& r : resources) args.push_back(r);
  auto [code, out] = run_capture(args);
  ClientInfo info;
  if (code != 0) {
    ADD_FAILURE() << "norced client add exited with " << code << ": " << out;
    return info;
  }
  try {
    auto line = out.substr(0, out.find('\n'));
    Json j = Json::parse(line);
    info.client_id = j.at("ClientId").get<int64_t>();
    info.application_id = j.at("ApplicationId").get<int64_t>();
    info.account_id = j.at("AccountId").get<int64_t>();
    info.oauth_client_id = j.at("OAuthClientId").get<std::string>();
    info.oauth_client_secret = j.at("OAuthClientSecret").get<std::string>();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot parse the output of norced client add (" << e.what() << "): " << out;
  }
  return info;
}

Session TestServer::default_session() { return Session(*this, token(kClientId, kClientSecret), 1, 1); }

Session TestServer::new_tenant(const std::string& name, const std::string& culture) {
  return session_for(add_client(name + "-" + std::to_string(++tenant_counter_), culture));
}

Session TestServer::session_for(const ClientInfo& c) {
  return Session(*this, token(c.oauth_client_id, c.oauth_client_secret), c.application_id, c.account_id);
}

// ---------------------------------------------------------------------------------------------------------------
// Free helpers

RawConnection::RawConnection(int port) : fd_(connect_loopback(port)) {}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return fd_ >= 0;
}

std::string RawConnection::read_until_close(int timeout_ms) {
  std::string out;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[8192];
  while (fd_ >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string raw_exchange(int port, const std::string& bytes, int timeout_ms, bool half_close) {
  int fd = connect_loopback(port);
  if (fd < 0) return {};
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  if (half_close) ::shutdown(fd, SHUT_WR);
  std::string out;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[8192];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    int pr = ::poll(&p, 1, static_cast<int>(left));
    if (pr <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

int raw_status(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

std::pair<int, std::string> run_capture(const std::vector<std::string>& argv_in) {
  std::vector<std::string> args = argv_in;
  auto argv = c_argv(args);
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return {-1, "pipe failed"};
  pid_t pid = ::fork();
  if (pid < 0) return {-1, "fork failed"};
  if (pid == 0) {
    ::dup2(pipefd[1], STDOUT_FILENO);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  std::string out;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {exit_code_of(status), out};
}

CommandResult run_command(const std::vector<std::string>& argv_in, const std::vector<std::string>& env_in) {
  std::vector<std::string> args = argv_in;
  auto argv = c_argv(args);
  std::vector<std::string> env = environment_with(env_in);
  auto envp = c_argv(env);
  // stderr goes to a file: two pipes read one after the other could deadlock on a chatty child.
  char err_path[] = "/tmp/norced-cmd-err-XXXXXX";
  int err_fd = ::mkstemp(err_path);
  int pipefd[2];
  if (err_fd < 0 || ::pipe2(pipefd, O_CLOEXEC) != 0) return {-1, "", "pipe or mkstemp failed"};
  pid_t pid = ::fork();
  if (pid < 0) return {-1, "", "fork failed"};
  if (pid == 0) {
    ::dup2(pipefd[1], STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  CommandResult result;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buf, static_cast<size_t>(n));
  }
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.code = exit_code_of(status);
  ::lseek(err_fd, 0, SEEK_SET);
  while (true) {
    ssize_t n = ::read(err_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.err.append(buf, static_cast<size_t>(n));
  }
  ::close(err_fd);
  ::unlink(err_path);
  return result;
}

std::string base64(const std::string& in, bool url) {
  static const char* std_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static const char* url_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const char* chars = url ? url_chars : std_chars;
  std::string out;
  size_t i = 0;
  while (i + 2 < in.size()) {
    uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += chars[(v >> 18) & 63];
    out += chars[(v >> 12) & 63];
    out += chars[(v >> 6) & 63];
    out += chars[v & 63];
    i += 3;
  }
  if (i + 1 == in.size()) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    out += chars[(v >> 18) & 63];
    out += chars[(v >> 12) & 63];
    if (!url) out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += chars[(v >> 18) & 63];
    out += chars[(v >> 12) & 63];
    out += chars[(v >> 6) & 63];
    if (!url) out += "=";
  }
  return out;
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

namespace {

void walk_ids(const Json& v, int& next, std::string& problems, const std::string& where) {
  if (v.is_object()) {
    auto it = v.begin();
    if (it == v.end() || it.key() != "$id") {
      problems += where + ": object does not start with \"$id\"\n";
    } else if (!it.value().is_string() || it.value().get<std::string>() != std::to_string(next)) {
      problems += where + ": \"$id\" is " + it.value().dump() + ", expected \"" + std::to_string(next) + "\"\n";
    }
    ++next;
    for (auto m = v.begin(); m != v.end(); ++m) walk_ids(m.value(), next, problems, where + "." + m.key());
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) walk_ids(v[i], next, problems, where + "[" + std::to_string(i) + "]");
  }
}

}  // namespace

std::string check_id_numbering(const Json& doc) {
  int next = 1;
  std::string problems;
  walk_ids(doc, next, problems, "$");
  return problems;
}

Json expect_problem(const Reply& r, int status) {
  EXPECT_EQ(r.status, status) << r.describe();
  EXPECT_NE(r.header("Content-Type").find("application/problem+json"), std::string::npos)
      << "Content-Type: " << r.header("Content-Type") << " for " << r.describe();
  Json j;
  try {
    j = Json::parse(r.body);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "problem body is not JSON: " << r.describe();
    return Json::object();
  }
  EXPECT_TRUE(j.is_object()) << r.body;
  if (!j.is_object()) return Json::object();
  EXPECT_TRUE(j.contains("type") && j["type"].is_string()) << r.body;
  EXPECT_TRUE(j.contains("title") && j["title"].is_string() && !j["title"].get<std::string>().empty()) << r.body;
  EXPECT_TRUE(j.contains("status") && j["status"].is_number_integer() && j["status"].get<int>() == status)
      << r.body;
  EXPECT_FALSE(j.contains("$id")) << "problem documents are not Norce models and carry no $id: " << r.body;
  if (j.contains("errors")) {
    EXPECT_TRUE(j["errors"].is_object()) << r.body;
    if (j["errors"].is_object())
      for (auto it = j["errors"].begin(); it != j["errors"].end(); ++it) {
        EXPECT_TRUE(it.value().is_array() && !it.value().empty()) << "errors." << it.key() << " in " << r.body;
        for (const auto& m : it.value()) EXPECT_TRUE(m.is_string() && !m.get<std::string>().empty()) << r.body;
      }
  }
  return j;
}

void expect_field_error(const Reply& r, const std::string& field, int status) {
  Json j = expect_problem(r, status);
  ASSERT_TRUE(j.contains("errors") && j["errors"].is_object()) << "no errors member: " << r.describe();
  EXPECT_TRUE(j["errors"].contains(field)) << "errors do not name " << field << ": " << r.body;
}

}  // namespace api
