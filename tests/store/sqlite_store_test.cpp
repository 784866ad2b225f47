// What only the SQLite backend has: a database file that is reopened and migrated again, resource tables
// reconciled additively when a description grows, the Management catalog's schema, and group commit on the
// single writer. Everything a backend promises through store.hpp is in the contract suite (contract_test.cpp).
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "management/resources/resources.hpp"
#include "store/sqlite/connection.hpp"

using namespace norced;
using registry::Cell;
using registry::Entity;
using registry::Expr;

namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("norced-store-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = open();
    auto tx = store_->system_write();
    store::NewClient c;
    c.name = "Test";
    c.oauth_client_id = "test";
    c.oauth_secret_hash = "x";
    c.resources = {"management"};
    created_ = tx->create_client(c);
    tx->commit();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string path() const { return (dir_ / "norced.db").string(); }
  std::unique_ptr<store::Store> open() { return store::sqlite::open(path(), management::resources::catalog().all()); }
  Entity price_list(const std::string& code, const std::string& name) {
    const auto& r = management::resources::price_list();
    Entity e;
    e.cells.resize(r.fields.size());
    e.cells[r.field_index("Code")] = code;
    e.cells[r.field_index("Name")] = name;
    e.cells[r.field_index("TypeId")] = int64_t{1};
    e.cells[r.field_index("CurrencyId")] = int64_t{1};
    e.cells[r.field_index("IsActive")] = true;
    e.cells[r.field_index("DefaultSupplementChargePercentage")] = *Decimal::parse("12.50");
    return e;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  store::CreatedClient created_;
};

}  // namespace

TEST_F(SqliteStoreTest, ReopeningMigratesAgainAndKeepsEverything) {
  const auto& r = management::resources::price_list();
  int64_t id;
  {
    auto tx = store_->write(created_.client_id, {"test", 0});
    id = tx->insert(r, price_list("KEEP", "Kept"));
    tx->commit();
  }
  const int64_t seq = store_->system()->last_change();
  store_.reset();
  store_ = open();  // migrates again: nothing to do, nothing lost
  EXPECT_EQ(store_->system()->client_count(), 1);
  EXPECT_EQ(store_->system()->last_change(), seq);
  auto tx = store_->read(created_.client_id);
  auto got = tx->get(r, id);
  ASSERT_TRUE(got);
  EXPECT_EQ(std::get<std::string>(got->cells[r.field_index("Code")]), "KEEP");
  EXPECT_EQ(tx->find_unique(r, "Code", "keep"), id);
}

// A member added to a description becomes a nullable column of the existing table, and a new unique member
// gets its key column and index, without a hand-written migration.
TEST_F(SqliteStoreTest, AGrownDescriptionExtendsTheExistingTables) {
  using registry::Role;
  using registry::Type;
  registry::Resource v1;
  v1.name = "Gadget";
  v1.table = "test_gadget";
  v1.fields = {{.name = "Id", .type = Type::Int, .role = Role::Id},
               {.name = "Code", .type = Type::String, .role = Role::Stored}};
  v1.unique = {"Code"};
  v1.texts = {{"Name", 0}};
  v1.collections = {{"Parts", "test_gadget_part", {"part_id"}}};
  registry::Resource v2 = v1;
  v2.fields.push_back({.name = "Serial", .type = Type::String, .role = Role::Stored});
  v2.fields.push_back({.name = "Weight", .type = Type::Decimal, .role = Role::Stored});
  v2.unique.push_back("Serial");
  v2.texts.push_back({"Description", 0});
  v2.collections = {{"Parts", "test_gadget_part", {"part_id", "quantity"}}};

  store_.reset();
  int64_t old_id;
  {
    auto s = store::sqlite::open(path(), {&v1});
    auto tx = s->write(created_.client_id, {"test", 0});
    Entity e;
    e.cells = {Cell{}, Cell{std::string("OLD")}};
    e.cultures.push_back({"en-US", {std::string("Old")}});
    e.collections = {{{1}}};
    old_id = tx->insert(v1, e);
    tx->commit();
  }
  auto s = store::sqlite::open(path(), {&v2});
  {
    auto tx = s->write(created_.client_id, {"test", 0});
    Entity e;
    e.cells = {Cell{}, Cell{std::string("NEW")}, Cell{std::string("S-1")}, Cell{*Decimal::parse("1.5")}};
    e.cultures.push_back({"en-US", {std::string("New"), std::string("Described")}});
    e.collections = {{{1, 2}}};
    tx->insert(v2, e);
    e.cells[1] = std::string("NEW2");
    try {
      tx->insert(v2, e);
      ADD_FAILURE() << "the new unique member is enforced";
    } catch (const store::StoreError& err) {
      EXPECT_EQ(err.kind, store::StoreErrorKind::Conflict);
      EXPECT_EQ(err.field, "Serial");
    }
  }
  auto tx = s->read(created_.client_id);
  auto old = tx->get(v2, old_id);
  ASSERT_TRUE(old);
  EXPECT_EQ(std::get<std::string>(old->cells[1]), "OLD");
  EXPECT_TRUE(registry::is_null(old->cells[2]));
  EXPECT_TRUE(registry::is_null(old->cells[3]));
  EXPECT_EQ(old->texts_of("en-US")->texts[0], "Old");
  EXPECT_EQ(old->texts_of("en-US")->texts[1], std::nullopt);
  EXPECT_EQ(old->collections[0], (std::vector<std::vector<int64_t>>{{1, INT64_MIN}})) << "a new column is null";
}

TEST_F(SqliteStoreTest, TheManagementCatalogMigratesAndSearches) {
  const auto& r = management::resources::price_list();
  {
    auto tx = store_->write(created_.client_id, {"test", 0});
    tx->insert(r, price_list("STD", "Standard"));
    tx->insert(r, price_list("ÅR", "Årspris"));
    tx->commit();
  }
  auto tx = store_->read(created_.client_id);
  registry::ListQuery search{Expr::contains_folded({"Name", "Code"}, "ÅRSP"), std::nullopt, 0};
  auto found = tx->list(r, search);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(std::get<std::string>(found[0].cells[r.field_index("Code")]), "ÅR");
  EXPECT_EQ(std::get<Decimal>(found[0].cells[r.field_index("DefaultSupplementChargePercentage")]).to_string(), "12.50");
}

TEST(FoldCase, FoldsBeyondAscii) {
  EXPECT_EQ(store::sqlite::fold_case("ÅÄÖ Abc É"), "åäö abc é");
  EXPECT_EQ(store::sqlite::fold_case("ŁÓDŹ"), "łódź");
  EXPECT_EQ(store::sqlite::fold_case("日本"), "日本");
  EXPECT_EQ(store::fold_case(store::fold_case("ÅR")), store::fold_case("ÅR")) << "idempotent";
}

TEST_F(SqliteStoreTest, GroupCommitKeepsEveryCommittedWriteAndNoRolledBackOne) {
  const auto& r = management::resources::price_list();
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto tx = store_->write(created_.client_id, {"test", 0});
        std::string code = "T" + std::to_string(t) + "-" + std::to_string(i);
        tx->insert(r, price_list(code, code));
        if (i % 5 == 4) continue;  // destroyed without commit: rolled back, alone
        tx->commit();
      }
    });
  }
  for (auto& th : threads) th.join();
  auto tx = store_->read(created_.client_id);
  auto all = tx->list(r, {});
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread * 4 / 5));
  for (const auto& e : all) {
    const auto& code = std::get<std::string>(e.cells[r.field_index("Code")]);
    int i = std::stoi(code.substr(code.find('-') + 1));
    EXPECT_NE(i % 5, 4) << code << " was rolled back and must not be stored";
  }
  EXPECT_EQ(store_->system()->changes_since(0, 1000).size(), all.size()) << "one log entry per kept insert";
}
