// The application's edge for a database that is away: every path that asks the store (the token endpoint,
// the tenancy look-up of an API call, /readyz) answers 503 with Retry-After, never 500, and answers normally
// again once the database is back. The store here is SQLite behind a switch that makes it fail as an
// unreachable server does (StoreError{Unavailable}), so the test needs no server.
#include "app/application.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "identity/secret.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;

namespace {

// A store that throws StoreError{Unavailable} from every call while `down` is set.
class SwitchedStore final : public store::Store {
 public:
  SwitchedStore(std::unique_ptr<store::Store> inner, std::atomic<bool>& down) : inner_(std::move(inner)), down_(down) {}
  std::unique_ptr<store::ReadTx> read(int64_t c) override { return check(), inner_->read(c); }
  std::unique_ptr<store::WriteTx> write(int64_t c, store::Author a) override { return check(), inner_->write(c, a); }
  std::unique_ptr<store::SystemReadTx> system() override { return check(), inner_->system(); }
  std::unique_ptr<store::SystemWriteTx> system_write() override { return check(), inner_->system_write(); }
  bool ready() override { return !down_ && inner_->ready(); }
  std::string describe() const override { return inner_->describe(); }
  store::JobStore& jobs() override { return inner_->jobs(); }

 private:
  void check() const {
    if (down_) throw store::StoreError("cannot connect to the database", store::StoreErrorKind::Unavailable);
  }
  std::unique_ptr<store::Store> inner_;
  std::atomic<bool>& down_;
};

http::Request request(std::string method, std::string path, std::string body = {}) {
  http::Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST(ApplicationEdge, AnUnreachableDatabaseIsA503WithRetryAfterOnEveryPath) {
  const auto dir = std::filesystem::temp_directory_path() / ("norced-app-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::atomic<bool> down{false};
  {
    auto inner = store::sqlite::open((dir / "norced.db").string(), management::resources::catalog().all());
    int64_t client;
    {
      auto tx = inner->system_write();
      store::NewClient c;
      c.name = "edge";
      c.oauth_client_id = "edge";
      c.oauth_secret_hash = identity::hash_secret("secret");
      c.resources = {"management"};
      client = tx->create_client(c).client_id;
      tx->commit();
    }
    app::Application app(std::make_unique<SwitchedStore>(std::move(inner), down), {});
    auto token_request = request("POST", "/identity/1.0/connect/token",
                                 "grant_type=client_credentials&client_id=edge&client_secret=secret");
    token_request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    auto api_request = request("GET", "/api/category");
    api_request.headers.add("Authorization", "Bearer " + app.tokens().issue("edge", client, {"management"}, ""));
    api_request.headers.add("application-id", "1");
    api_request.headers.add("account-id", "1");

    down = true;
    for (const auto* req : {&token_request, &api_request}) {
      SCOPED_TRACE(req->path);
      http::Response r = app.handle(*req);
      EXPECT_EQ(r.status, 503) << r.body;
      EXPECT_NE(r.body.find("try again"), std::string::npos) << r.body;
      bool retry_after = false;
      for (const auto& [name, value] : r.headers) retry_after |= name == "Retry-After" && value == "1";
      EXPECT_TRUE(retry_after);
    }
    EXPECT_EQ(app.handle(request("GET", "/readyz")).status, 503);

    down = false;  // the database is back: the same requests succeed, no restart
    EXPECT_EQ(app.handle(token_request).status, 200);
    EXPECT_EQ(app.handle(api_request).status, 200);
    EXPECT_EQ(app.handle(request("GET", "/readyz")).status, 200);
  }
  std::filesystem::remove_all(dir);
}
