// Several norced instances on one database, in one process: two ManagementApi objects, each with its own
// response cache, reference-data cache and change follower, over one store. With shared_database on, a write
// answered by one is seen by the very next request to the other, through its caches too; with it off (one
// process owns the database), the other's cache may answer from before the write — which is what makes the
// catch-up necessary on PostgreSQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <utility>

#include "identity/tokens.hpp"
#include "in_process.hpp"
#include "management/api.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;

namespace {

class SharedDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::sqlite::open(dir_.file("norced.db"), management::resources::catalog().all());
    created_ = testing_support::add_client(*store_, "Shop", "shop");
    token_ = tokens_.issue("shop", created_.client_id, {"management"}, "");
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    store_.reset();
  }
  void start(bool shared) {
    management::ApiOptions o;
    o.shared_database = shared;
    o.change_poll = std::chrono::milliseconds(0);  // no background polling: only catch_up() can help
    a_ = std::make_unique<management::ManagementApi>(*store_, management::resources::catalog(), tokens_, o);
    b_ = std::make_unique<management::ManagementApi>(*store_, management::resources::catalog(), tokens_, o);
  }
  http::Response call(management::ManagementApi& api, const std::string& method, const std::string& path,
                      const std::string& body = "") {
    return api.handle(testing_support::api_request(method, path, token_, created_, body), path);
  }

  testing_support::ScratchDir dir_{"norced-shared"};
  identity::TokenService tokens_{std::string(40, 'k'), std::chrono::seconds(3600)};
  std::unique_ptr<store::Store> store_;
  store::CreatedClient created_;
  std::string token_;
  std::unique_ptr<management::ManagementApi> a_, b_;
};

TEST_F(SharedDatabaseTest, AWriteOnOneInstanceIsSeenByTheNextReadOnAnotherThroughItsCache) {
  start(true);
  auto made = call(*a_, "POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string path = "/api/category/" + made.body;
  ASSERT_NE(call(*b_, "GET", path).body.find("\"Shoes\""), std::string::npos);  // now cached on B
  ASSERT_EQ(call(*b_, "GET", "/api/category").status, 200);                   // and the list

  ASSERT_EQ(call(*a_, "PUT", path, R"({"Code":"SHOES","Name":"Boots"})").status, 200);
  auto read = call(*b_, "GET", path);
  EXPECT_NE(read.body.find("\"Boots\""), std::string::npos) << read.body;
  ASSERT_EQ(call(*a_, "POST", "/api/category", R"({"Code":"HATS","Name":"Hats"})").status, 200);
  EXPECT_NE(call(*b_, "GET", "/api/category").body.find("HATS"), std::string::npos);
  EXPECT_EQ(b_->handle_fast(testing_support::api_request("GET", path, token_, created_), path), std::nullopt)
      << "the fast path cannot wait for the change log, so it never answers";
}

// What the transport does with a deferred request (http/deferral.hpp), reduced to remembering how it was
// resumed.
struct RecordingDeferral : http::Deferral {
  std::shared_ptr<std::promise<http::Resume>> resumed = std::make_shared<std::promise<http::Resume>>();
  bool taken = false;
  http::Continuation defer() override {
    taken = true;
    return [p = resumed](http::Resume how) { p->set_value(how); };
  }
  http::Resume wait() {
    auto f = resumed->get_future();
    EXPECT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return f.get();
  }
};

TEST_F(SharedDatabaseTest, TheFastPathWaitsForTheNextPollWithoutAThreadThenAnswersFromTheCache) {
  start(true);
  auto made = call(*a_, "POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string path = "/api/category/" + made.body;
  ASSERT_EQ(call(*b_, "GET", path).status, 200);  // cached on B
  ASSERT_EQ(call(*a_, "PUT", path, R"({"Code":"SHOES","Name":"Boots"})").status, 200);

  auto req = testing_support::api_request("GET", path, token_, created_);
  req.received = std::chrono::steady_clock::now();
  RecordingDeferral first;
  EXPECT_EQ(b_->handle_fast(req, path, &first), std::nullopt);
  ASSERT_TRUE(first.taken) << "not caught up since the request arrived: it waits for a poll";
  EXPECT_EQ(first.wait(), http::Resume::fast);
  RecordingDeferral again;
  EXPECT_EQ(b_->handle_fast(req, path, &again), std::nullopt) << "the poll retired the cached Shoes";
  EXPECT_FALSE(again.taken) << "caught up now: nothing more to wait for";
  EXPECT_NE(b_->handle(req, path).body.find("\"Boots\""), std::string::npos);

  auto next = testing_support::api_request("GET", path, token_, created_);
  next.received = std::chrono::steady_clock::now();
  RecordingDeferral later;
  EXPECT_EQ(b_->handle_fast(next, path, &later), std::nullopt);
  ASSERT_TRUE(later.taken);
  EXPECT_EQ(later.wait(), http::Resume::fast);
  auto hit = b_->handle_fast(next, path, &later);
  ASSERT_TRUE(hit) << "cached and caught up: the fast path answers";
  EXPECT_NE(hit->body.find("\"Boots\""), std::string::npos) << hit->body;
}

TEST_F(SharedDatabaseTest, ReferenceDataChangedElsewhereIsUsedByTheNextWrite) {
  start(true);
  // B learns the client's currencies (its reference-data cache), then A gives the application GBP, which
  // makes it a client currency too.
  ASSERT_EQ(call(*b_, "GET", "/api/client/currency").status, 200);
  auto gbp = call(*a_, "POST", "/api/application/currency", R"({"Id":6,"IsActive":true})");
  ASSERT_EQ(gbp.status, 200) << gbp.body;
  auto list = call(*b_, "POST", "/api/pricing/pricelist", R"({"Code":"GBP-LIST","Name":"Pounds","CurrencyId":6})");
  EXPECT_EQ(list.status, 200) << "B must know GBP is now a client currency: " << list.body;
}

TEST_F(SharedDatabaseTest, AnImportSizedWriteOnOneInstanceRetiresTheOthersCachedResponsesOfTheResource) {
  start(true);
  auto made = call(*a_, "POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})");
  ASSERT_EQ(made.status, 200) << made.body;
  const int64_t id = std::stoll(made.body);
  const std::string path = "/api/category/" + made.body;
  ASSERT_NE(call(*b_, "GET", path).body.find("\"Shoes\""), std::string::npos);  // cached on B
  // One transaction with more entries than a digest lists rows for: B learns only "Category changed".
  const auto& category = *management::resources::catalog().find("Category");
  const auto code = static_cast<size_t>(category.field_index("Code"));
  {
    auto tx = store_->write(created_.client_id, {"importer", 0});
    std::vector<registry::Entity> rows;
    for (size_t i = 0; i <= management::ChangeFollower::kMaxIds; ++i) {
      auto e = store_->read(created_.client_id)->get(category, id);
      ASSERT_TRUE(e);
      e->id = 0;
      e->cells.at(code) = registry::Cell(std::string("C") + std::to_string(i));
      rows.push_back(*e);
    }
    tx->insert_many(category, rows);
    auto renamed = *store_->read(created_.client_id)->get(category, id);
    renamed.cells.at(code) = registry::Cell(std::string("BOOTS"));
    tx->update(category, renamed);
    a_->changes().applied_locally(tx->commit());
  }
  auto read = call(*b_, "GET", path);
  EXPECT_NE(read.body.find("\"BOOTS\""), std::string::npos) << read.body;
}

TEST_F(SharedDatabaseTest, AnotherInstancesWriteBetweenTwoOfThisOnesOwnIsApplied) {
  // The poll leaves out what this instance applied itself (and starts after its own range right after what it
  // polled); an entry of another instance between two own ranges must still be applied.
  start(true);
  auto made = call(*a_, "POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string path = "/api/category/" + made.body;
  ASSERT_NE(call(*a_, "GET", path).body.find("\"Shoes\""), std::string::npos);  // polled, cached on A
  ASSERT_EQ(call(*a_, "POST", "/api/category", R"({"Code":"HATS","Name":"Hats"})").status, 200);  // A's own
  ASSERT_EQ(call(*b_, "PUT", path, R"({"Code":"SHOES","Name":"Boots"})").status, 200);         // B's
  ASSERT_EQ(call(*a_, "POST", "/api/category", R"({"Code":"BAGS","Name":"Bags"})").status, 200);  // A's own
  auto read = call(*a_, "GET", path);
  EXPECT_NE(read.body.find("\"Boots\""), std::string::npos) << read.body;
}

// A store whose change digest lets a write commit while the poll's query runs, after it has read the log: the
// write is in no digest yet, and the next poll must still bring it.
struct WriteDuringThePoll : store::Store {
  store::Store& inner;
  std::function<void()> during;
  explicit WriteDuringThePoll(store::Store& s) : inner(s) {}
  store::JobStore& jobs() override { return inner.jobs(); }
  std::unique_ptr<store::ReadTx> read(int64_t c) override { return inner.read(c); }
  std::unique_ptr<store::WriteTx> write(int64_t c, store::Author a) override { return inner.write(c, a); }
  std::unique_ptr<store::SystemReadTx> system() override { return inner.system(); }
  std::unique_ptr<store::SystemWriteTx> system_write() override { return inner.system_write(); }
  store::ChangeDigest change_digest(int64_t after, const std::vector<store::SeqRange>& skip, size_t max) override {
    auto d = inner.change_digest(after, skip, max);
    if (auto f = std::exchange(during, nullptr)) f();
    return d;
  }
  bool ready() override { return true; }
  bool shared() const override { return true; }
  std::string describe() const override { return "write during the poll"; }
};

TEST_F(SharedDatabaseTest, AWriteCommittedWhileAPollRunsIsBroughtByTheNextPoll) {
  management::ApiOptions o;
  o.shared_database = true;
  o.change_poll = std::chrono::milliseconds(0);
  WriteDuringThePoll slow(*store_);
  a_ = std::make_unique<management::ManagementApi>(*store_, management::resources::catalog(), tokens_, o);
  b_ = std::make_unique<management::ManagementApi>(slow, management::resources::catalog(), tokens_, o);
  auto made = call(*a_, "POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string path = "/api/category/" + made.body;
  ASSERT_NE(call(*b_, "GET", path).body.find("\"Shoes\""), std::string::npos);  // cached on B
  slow.during = [&] { ASSERT_EQ(call(*a_, "PUT", path, R"({"Code":"SHOES","Name":"Boots"})").status, 200); };
  b_->changes().poll();  // the PUT commits and answers inside this poll, after its query
  EXPECT_FALSE(slow.during) << "the write ran during the poll";
  auto read = call(*b_, "GET", path);  // arrived after the PUT answered: waits for a poll that began after it
  EXPECT_NE(read.body.find("\"Boots\""), std::string::npos) << read.body;
}

TEST_F(SharedDatabaseTest, WithoutTheCatchUpTheOtherCacheAnswersFromBeforeTheWrite) {
  start(false);  // as one process owning the database would run; proves the test above can fail
  auto made = call(*a_, "POST", "/api/category", R"({"Code":"SHOES","Name":"Shoes"})");
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string path = "/api/category/" + made.body;
  ASSERT_NE(call(*b_, "GET", path).body.find("\"Shoes\""), std::string::npos);
  ASSERT_EQ(call(*a_, "PUT", path, R"({"Code":"SHOES","Name":"Boots"})").status, 200);
  EXPECT_NE(call(*b_, "GET", path).body.find("\"Shoes\""), std::string::npos) << "stale until B polls";
  b_->changes().poll();
  EXPECT_NE(call(*b_, "GET", path).body.find("\"Boots\""), std::string::npos);
}

}  // namespace
