// The SQLite backend against a real database file.
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
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
  std::unique_ptr<store::Store> open() {
    return store::sqlite::open((dir_ / "norced.db").string(), management::resources::catalog().all());
  }
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

TEST_F(SqliteStoreTest, NewClientGetsReferenceData) {
  auto ref = store_->read(created_.client_id)->reference_data();
  auto tx = store_->system();
  EXPECT_EQ(ref.default_culture, "en-US");
  ASSERT_EQ(ref.cultures.size(), 2u);
  EXPECT_EQ(ref.cultures[1].code, "sv-SE");
  ASSERT_EQ(ref.currencies.size(), 5u);
  EXPECT_EQ(ref.currencies[0].code, "SEK");
  ASSERT_EQ(ref.sales_areas.size(), 1u);
  EXPECT_EQ(ref.sales_areas[0].name, "Sweden");
  ASSERT_EQ(ref.sales_areas[0].vat_codes.size(), 4u);
  EXPECT_EQ(ref.sales_areas[0].vat_codes[1].value.to_string(), "12");
  EXPECT_EQ(ref.price_list_types.size(), 4u);
  auto app = tx->application(created_.application_id);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->culture, "en-US");
  auto account = tx->account_for_application(created_.account_id, created_.application_id);
  ASSERT_TRUE(account);
  EXPECT_EQ(account->name, "System");
  EXPECT_FALSE(tx->account_for_application(created_.account_id, created_.application_id + 1));
}

TEST_F(SqliteStoreTest, MigrationsAreIdempotent) {
  store_.reset();
  store_ = open();  // migrates again: nothing to do, nothing lost
  auto tx = store_->system();
  EXPECT_EQ(tx->client_count(), 1);
}

TEST_F(SqliteStoreTest, InsertGetUpdateKeepDecimalsAndTexts) {
  const auto& r = management::resources::category();
  Entity e;
  e.cells.resize(r.fields.size());
  e.collections.resize(r.collections.size());
  e.cells[r.field_index("Code")] = std::string("SHOES");
  e.cells[r.field_index("GrossWeight")] = *Decimal::parse("0.1");
  e.cells[r.field_index("IsActive")] = true;
  e.cultures.push_back({"en-US", {std::string("Shoes"), std::nullopt, std::nullopt, std::nullopt}});
  e.cultures.push_back({"sv-SE", {std::string("Skor"), std::string("Fina skor"), std::nullopt, std::nullopt}});
  e.collections[0].push_back({1, 3});
  int64_t id;
  {
    auto tx = store_->write(created_.client_id, {"test", 0});
    id = tx->insert(r, e);
    tx->commit();
  }
  auto tx = store_->read(created_.client_id);
  auto got = tx->get(r, id);
  ASSERT_TRUE(got);
  EXPECT_EQ(std::get<std::string>(got->cells[r.field_index("Code")]), "SHOES");
  EXPECT_EQ(std::get<Decimal>(got->cells[r.field_index("GrossWeight")]).to_string(), "0.1");
  ASSERT_NE(got->texts_of("sv-SE"), nullptr);
  EXPECT_EQ(*got->texts_of("sv-SE")->texts[1], "Fina skor");
  ASSERT_EQ(got->collections[0].size(), 1u);
  EXPECT_EQ(got->collections[0][0][1], 3);
  EXPECT_FALSE(store_->read(created_.client_id + 1)->get(r, id)) << "another client's id does not exist";
  EXPECT_EQ(tx->find_unique(r, "Code", "shoes"), id) << "codes compare without case";
}

TEST_F(SqliteStoreTest, UncommittedWritesRollBack) {
  const auto& r = management::resources::price_list();
  {
    auto tx = store_->write(created_.client_id, {"test", 0});
    tx->insert(r, price_list("A", "a"));
  }  // destroyed without commit
  auto tx = store_->read(created_.client_id);
  EXPECT_TRUE(tx->list(r, {}).empty());
}

TEST_F(SqliteStoreTest, ListFiltersSearchesAndPages) {
  const auto& r = management::resources::price_list();
  {
    auto tx = store_->write(created_.client_id, {"test", 0});
    tx->insert(r, price_list("STD", "Standard"));
    tx->insert(r, price_list("ÅR", "Årspris"));
    auto off = price_list("OFF", "Gammal");
    off.cells[r.field_index("IsActive")] = false;
    tx->insert(r, off);
    tx->commit();
  }
  auto tx = store_->read(created_.client_id);
  registry::ListQuery active{Expr::cmp(Expr::Op::Eq, "IsActive", true), std::nullopt, 0};
  EXPECT_EQ(tx->list(r, active).size(), 2u);
  registry::ListQuery search{Expr::contains_folded({"Name", "Code"}, "ÅRSP"), std::nullopt, 0};
  auto found = tx->list(r, search);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(std::get<std::string>(found[0].cells[r.field_index("Code")]), "ÅR");
  registry::ListQuery page{{}, 1, 1};
  auto second = tx->list(r, page);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(std::get<std::string>(second[0].cells[r.field_index("Code")]), "ÅR");
  EXPECT_EQ(std::get<Decimal>(second[0].cells[r.field_index("DefaultSupplementChargePercentage")]).to_string(), "12.50");
}

TEST(FoldCase, FoldsBeyondAscii) {
  EXPECT_EQ(store::sqlite::fold_case("ÅÄÖ Abc É"), "åäö abc é");
  EXPECT_EQ(store::sqlite::fold_case("ŁÓDŹ"), "łódź");
  EXPECT_EQ(store::sqlite::fold_case("日本"), "日本");
}

TEST_F(SqliteStoreTest, AncestorsFollowTheParentChainInOneQuery) {
  const auto& r = management::resources::category();
  auto category = [&](std::optional<int64_t> parent, const char* name) {
    Entity e;
    e.cells.resize(r.fields.size());
    e.collections.resize(r.collections.size());
    if (parent) e.cells[r.field_index("ParentId")] = *parent;
    e.cells[r.field_index("IsActive")] = true;
    e.cultures.push_back({"en-US", {std::string(name), std::nullopt, std::nullopt, std::nullopt}});
    return e;
  };
  int64_t root, mid, leaf, other;
  {
    auto tx = store_->write(created_.client_id, {"test", 0});
    root = tx->insert(r, category(std::nullopt, "Root"));
    mid = tx->insert(r, category(root, "Mid"));
    leaf = tx->insert(r, category(mid, "Leaf"));
    other = tx->insert(r, category(std::nullopt, "Other"));
    tx->commit();
  }
  auto tx = store_->read(created_.client_id);
  auto chain = tx->ancestors(r, "ParentId", leaf);
  std::set<int64_t> ids;
  for (const auto& e : chain) {
    ids.insert(e.id);
    ASSERT_NE(e.texts_of("en-US"), nullptr) << "texts come along";
  }
  EXPECT_EQ(ids, (std::set<int64_t>{root, mid, leaf}));
  EXPECT_EQ(tx->ancestors(r, "ParentId", other).size(), 1u);
  EXPECT_EQ(tx->ancestors(r, "ParentId", leaf, 2).size(), 2u) << "depth is bounded";
  EXPECT_TRUE(store_->read(created_.client_id + 1)->ancestors(r, "ParentId", leaf).empty()) << "scoped to the client";
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
}
