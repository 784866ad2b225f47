// ApplicationLookup (query/applications.hpp): a Query API caller's application is read from the store once and
// remembered for the ttl, on the injected clock; an unknown id is never remembered, so a new application is
// found at once.
#include "query/applications.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../identity/counting_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace norced::query {
namespace {

constexpr timeutil::Micros kSecond = 1'000'000;

class ApplicationLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("norced-applications-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<test::CountingStore>(store::sqlite::open((dir_ / "norced.db").string(), {}));
    auto tx = store_->system_write();
    store::NewClient c;
    c.name = "lookup";
    c.oauth_client_id = "lookup";
    c.oauth_secret_hash = "x";
    created_ = tx->create_client(c);
    tx->commit();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  ManualClock clock_{1'700'000'000 * kSecond};
  std::unique_ptr<test::CountingStore> store_;
  store::CreatedClient created_;
};

TEST_F(ApplicationLookupTest, AnApplicationIsReadOnceAndRememberedForTheTtl) {
  ApplicationLookup lookup(*store_, std::chrono::seconds(5), clock_);
  const int reads = store_->reads;
  auto first = lookup.find(created_.application_id);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->client_id, created_.client_id);
  EXPECT_EQ(store_->reads, reads + 1);

  clock_.advance(4 * kSecond);
  auto again = lookup.find(created_.application_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->client_id, created_.client_id);
  EXPECT_EQ(again->culture, first->culture);
  EXPECT_EQ(store_->reads, reads + 1) << "within the ttl the store is not asked";

  clock_.advance(2 * kSecond);
  EXPECT_TRUE(lookup.find(created_.application_id));
  EXPECT_EQ(store_->reads, reads + 2) << "after the ttl it is read again";
}

TEST_F(ApplicationLookupTest, AnUnknownApplicationIsAskedForEveryTimeSoANewOneIsFoundAtOnce) {
  ApplicationLookup lookup(*store_, std::chrono::seconds(5), clock_);
  const int64_t next = created_.application_id + 1;
  EXPECT_FALSE(lookup.find(next));
  int64_t added = 0;
  {
    auto tx = store_->system_write();
    added = tx->create_application(created_.client_id, "second", "sv-SE", created_.account_id);
    tx->commit();
  }
  ASSERT_EQ(added, next);
  auto found = lookup.find(next);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->client_id, created_.client_id);
  EXPECT_EQ(found->culture, "sv-SE");
}

}  // namespace
}  // namespace norced::query
