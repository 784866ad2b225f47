// The application with rotating token signing keys: a token signed with a key this instance has not loaded yet
// (another instance already signs with it) is declined by the socket-thread fast path without a store read,
// as that path promises, and accepted by handle(), which loads the key; from then on the fast path answers it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../identity/counting_store.hpp"
#include "app/application.hpp"
#include "core/clock.hpp"
#include "identity/key_store.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;

namespace {

constexpr timeutil::Micros kSecond = 1'000'000;

class SigningKeysAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("norced-appkeys-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<store::Store> open() const {
    return store::sqlite::open((dir_ / "norced.db").string(), management::resources::catalog().all());
  }

  std::filesystem::path dir_;
};

TEST_F(SigningKeysAppTest, ATokenOfAKeyNotLoadedYetGoesFromTheFastPathToHandleWhichLoadsIt) {
  auto counting = std::make_unique<test::CountingStore>(open());
  test::CountingStore& store = *counting;
  store::CreatedClient client;
  {
    auto tx = store.system_write();
    store::NewClient c;
    c.name = "Shop";
    c.oauth_client_id = "shop";
    c.oauth_secret_hash = "x";
    client = tx->create_client(c);
    tx->commit();
  }
  ManualClock clock(timeutil::now());
  app::AppOptions options;
  options.api.clock = &clock;
  app::Application app(std::move(counting), options);

  auto request = [&](const std::string& token) {
    http::Request req;
    req.method = "GET";
    req.target = req.path = "/api/category";
    req.headers.add("Authorization", "Bearer " + token);
    req.headers.add("application-id", std::to_string(client.application_id));
    req.headers.add("account-id", std::to_string(client.account_id));
    return req;
  };
  const std::string old_token = app.tokens().issue("shop", client.client_id, {"management"}, "");
  ASSERT_EQ(app.handle(request(old_token)).status, 200);
  ASSERT_TRUE(app.handle_fast(request(old_token))) << "cached: the fast path answers";

  // Another instance rotates and signs with the new key at once.
  auto other_store = open();
  identity::rotate_signing_key(*other_store, clock.now() / kSecond, identity::Rotation{0, 100'000});
  identity::TokenOptions other_options;
  other_options.clock = &clock;
  identity::TokenService other(*other_store, other_options);
  const std::string new_token = other.issue("shop", client.client_id, {"management"}, "");
  ASSERT_NE(other.signing_kid(), app.tokens().signing_kid());
  clock.advance(2 * kSecond);  // past the gap between reloads for unknown kids

  const int reads = store.reads;
  EXPECT_FALSE(app.handle_fast(request(new_token)));
  EXPECT_EQ(store.reads, reads) << "the fast path never reads the store";
  http::Response r = app.handle(request(new_token));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_GT(store.reads, reads);
  EXPECT_TRUE(app.handle_fast(request(new_token))) << "known now: the fast path answers it";
  EXPECT_TRUE(app.handle_fast(request(old_token))) << "the old key still verifies";
}

}  // namespace
