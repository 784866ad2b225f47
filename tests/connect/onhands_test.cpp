// Product/ImportOnhands (connect/imports/onhands.cpp) on every backend: only the listed members are written,
// warehouses and locations are created by code, an unknown SKU fails its item alone, a chunk applied twice
// writes nothing the second time, and a full feed deactivates the rows it leaves out at the locations it names.
#include <gtest/gtest.h>

#include "connect/imports/stock_imports.hpp"
#include "connect/runner.hpp"
#include "core/clock.hpp"
#include "import_fixture.hpp"

namespace norced::connect {
namespace {

namespace res = management::resources;
using importtest::ImportFixture;

const std::string kHeader = R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":["OnhandValue",10]})";
const std::string kFullHeader = R"({"AccountId":1,"FullFile":true,"SkuOnhandFieldsThatAreSet":[3]})";

class OnhandsTest : public ImportFixture {};

TEST_P(OnhandsTest, WritesOnlyTheListedMembersAndCreatesWarehouseAndLocation) {
  const int64_t sku = add_sku("A-1");
  auto out = apply(import_onhands(), kHeader,
                   R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":5.5,)"
                   R"("IncomingValue":7,"IsActive":true}])");
  EXPECT_EQ(out.inserts, 3) << "warehouse, location, on-hand row";
  EXPECT_EQ(out.updates, 0);
  EXPECT_EQ(out.fail, 0);
  EXPECT_TRUE(out.log.empty());
  auto onhand = rows(res::sku_onhand());
  ASSERT_EQ(onhand.size(), 1u);
  const auto& r = res::sku_onhand();
  EXPECT_EQ(text(r, onhand[0], "SkuId"), std::to_string(sku));
  EXPECT_EQ(text(r, onhand[0], "OnhandValue"), "5.5");
  EXPECT_EQ(text(r, onhand[0], "IncomingValue"), "null") << "not listed";
  EXPECT_EQ(text(r, onhand[0], "IsActive"), "true");
  auto warehouses = rows(res::warehouse());
  ASSERT_EQ(warehouses.size(), 1u);
  EXPECT_EQ(text(res::warehouse(), warehouses[0], "Code"), "W1");
  auto locations = rows(res::warehouse_location());
  ASSERT_EQ(locations.size(), 1u);
  EXPECT_EQ(text(res::warehouse_location(), locations[0], "Code"), "L1");
  EXPECT_EQ(text(r, onhand[0], "LocationId"), std::to_string(locations[0].id));
  EXPECT_EQ(text(r, onhand[0], "WarehouseId"), std::to_string(warehouses[0].id));
}

TEST_P(OnhandsTest, AnUnknownSkuFailsItsItemAloneAndCreatesNothing) {
  add_sku("A-1");
  auto out = apply(import_onhands(), kHeader,
                   R"([{"PartNo":"NOPE","WarehouseCode":"W9","LocationCode":"L9","OnhandValue":1},)"
                   R"({"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":2},)"
                   R"({"PartNo":"A-1","WarehouseCode":"W1","OnhandValue":2}])");
  EXPECT_EQ(out.fail, 2);
  EXPECT_EQ(out.inserts, 3);
  ASSERT_EQ(out.log.size(), 2u);
  EXPECT_EQ(out.log[0].severity, store::JobSeverity::Error);
  EXPECT_NE(out.log[0].message.find("NOPE"), std::string::npos) << out.log[0].message;
  EXPECT_NE(out.log[1].message.find("LocationCode"), std::string::npos) << out.log[1].message;
  ASSERT_TRUE(out.log[0].imported_row);
  EXPECT_NE(out.log[0].imported_row->find("NOPE"), std::string::npos);
  EXPECT_EQ(rows(res::warehouse()).size(), 1u) << "W9 is not created for an item that fails";
}

TEST_P(OnhandsTest, ABadValueFailsTheItemBeforeAnyOfItIsWritten) {
  add_sku("A-1");
  auto out = apply(import_onhands(), kHeader,
                   R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":"many"}])");
  EXPECT_EQ(out.fail, 1);
  ASSERT_EQ(out.log.size(), 1u);
  EXPECT_NE(out.log[0].message.find("OnhandValue"), std::string::npos) << out.log[0].message;
  EXPECT_TRUE(rows(res::warehouse()).empty());
  EXPECT_TRUE(rows(res::sku_onhand()).empty());
}

TEST_P(OnhandsTest, ACodeTooLongForANewLocationFailsTheItemBeforeAnyOfItIsWritten) {
  add_sku("A-1");
  const std::string chunk = R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":")" + std::string(51, 'L') +
                            R"(","OnhandValue":1}])";
  auto out = apply(import_onhands(), kHeader, chunk);
  EXPECT_EQ(out.fail, 1);
  ASSERT_EQ(out.log.size(), 1u);
  EXPECT_NE(out.log[0].message.find("LocationCode: The value is longer than the maximum of 50"), std::string::npos)
      << out.log[0].message;
  EXPECT_TRUE(rows(res::warehouse()).empty());
}

TEST_P(OnhandsTest, TheSameChunkTwiceWritesNothingTheSecondTime) {
  add_sku("A-1");
  const std::string chunk = R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":5,"IsActive":true}])";
  apply(import_onhands(), kHeader, chunk);
  const int64_t before = last_change();
  auto again = apply(import_onhands(), kHeader, chunk);
  EXPECT_EQ(again.inserts, 0);
  EXPECT_EQ(again.updates, 0);
  EXPECT_EQ(last_change(), before) << "no change-log entry";
  auto changed = apply(import_onhands(), kHeader,
                       R"([{"PartNo":"A-1","WarehouseCode":"w1","LocationCode":"l1","OnhandValue":6}])");
  EXPECT_EQ(changed.inserts, 0) << "codes match ignoring case";
  EXPECT_EQ(changed.updates, 1);
  EXPECT_EQ(text(res::sku_onhand(), rows(res::sku_onhand())[0], "OnhandValue"), "6");
}

TEST_P(OnhandsTest, AKeySentTwiceInAChunkIsInsertedThenUpdated) {
  add_sku("A-1");
  auto out = apply(import_onhands(), kHeader,
                   R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1},)"
                   R"({"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":2}])");
  EXPECT_EQ(out.inserts, 3);
  EXPECT_EQ(out.updates, 1);
  auto onhand = rows(res::sku_onhand());
  ASSERT_EQ(onhand.size(), 1u);
  EXPECT_EQ(text(res::sku_onhand(), onhand[0], "OnhandValue"), "2");
}

TEST_P(OnhandsTest, InfosAreIgnoredWithAWarningOnlyWhenListed) {
  add_sku("A-1");
  const std::string chunk =
      R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1,"Infos":[{"Code":"x","Value":"1"}]}])";
  auto unlisted = apply(import_onhands(), kHeader, chunk);
  EXPECT_TRUE(unlisted.log.empty());
  auto listed = apply(import_onhands(), R"({"AccountId":1,"SkuOnhandFieldsThatAreSet":[3,"Infos"]})", chunk);
  ASSERT_EQ(listed.log.size(), 1u);
  EXPECT_EQ(listed.log[0].severity, store::JobSeverity::Warning);
  EXPECT_NE(listed.log[0].message.find("Infos are not stored yet"), std::string::npos);
  EXPECT_EQ(listed.fail, 0);
}

TEST_P(OnhandsTest, AFullFeedDeactivatesTheRowsItLeavesOutAtTheLocationsItNames) {
  add_sku("A-1");
  add_sku("A-2");
  add_sku("A-3");
  apply(import_onhands(), kHeader,
        R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1},)"
        R"({"PartNo":"A-2","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":2},)"
        R"({"PartNo":"A-3","WarehouseCode":"W2","LocationCode":"L2","OnhandValue":3}])");
  const std::vector<std::string> feed = {R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":4}])"};
  ChunkOutcome counted;
  auto scope = full_file(import_onhands(), kFullHeader, feed, false, counted);
  EXPECT_EQ(scope.deactivate, 1) << "A-2 at L1; A-3 is at a location the feed does not name";
  EXPECT_EQ(scope.active, 2);
  EXPECT_EQ(scope.what, "on-hand rows");
  EXPECT_EQ(counted.updates, 0);
  for (const auto& e : rows(res::sku_onhand())) EXPECT_EQ(text(res::sku_onhand(), e, "IsActive"), "true");

  auto out = apply(import_onhands(), kFullHeader, feed[0]);
  EXPECT_EQ(out.updates, 1);
  ChunkOutcome applied;
  scope = full_file(import_onhands(), kFullHeader, feed, true, applied);
  EXPECT_EQ(scope.deactivate, 1);
  EXPECT_EQ(applied.updates, 1);
  std::map<std::string, std::string> active;
  for (const auto& e : rows(res::sku_onhand()))
    active[text(res::sku_onhand(), e, "OnhandValue")] = text(res::sku_onhand(), e, "IsActive");
  EXPECT_EQ(active, (std::map<std::string, std::string>{{"4", "true"}, {"2", "false"}, {"3", "true"}}));

  // The next full feed that sends A-2 again makes it active again.
  apply(import_onhands(), kFullHeader, R"([{"PartNo":"A-2","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":2}])");
  for (const auto& e : rows(res::sku_onhand())) EXPECT_EQ(text(res::sku_onhand(), e, "IsActive"), "true");
}

// The whole job through the runner: chunks, then the full feed's deactivation, counted in the JobDto; a feed
// that would deactivate more than the limit fails validation and applies nothing.
TEST_P(OnhandsTest, AFullFeedJobThroughTheRunner) {
  for (const char* p : {"A-1", "A-2", "A-3"}) add_sku(p);
  apply(import_onhands(), kHeader,
        R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1},)"
        R"({"PartNo":"A-2","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":2},)"
        R"({"PartNo":"A-3","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":3}])");
  ManualClock clock(importtest::kNow);
  auto submit = [&] {
    store::NewJob j;
    j.client_id = client_.client_id;
    j.application_id = client_.application_id;
    j.account_id = client_.account_id;
    j.type = "Product/ImportOnhands";
    j.header = kFullHeader;
    j.chunks = {R"([{"PartNo":"A-1","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":10}])",
                R"([{"PartNo":"NOPE","WarehouseCode":"W1","LocationCode":"L1","OnhandValue":1}])"};
    j.totals = 2;
    j.at = clock.now();
    return store_->jobs().submit(j);
  };
  auto run = [&](double max_share) {
    RunnerOptions o;
    o.clock = &clock;
    o.full_file_max_share = max_share;
    JobRunner runner(*store_, import_kinds(), o);
    EXPECT_TRUE(runner.run_once("w"));
  };

  const int64_t refused = submit();
  run(0.5);
  auto job = store_->jobs().get(client_.client_id, refused);
  EXPECT_EQ(job->status, store::JobStatus::ValidationFailed) << "2 of 3 rows would go";
  for (const auto& e : rows(res::sku_onhand())) EXPECT_EQ(text(res::sku_onhand(), e, "IsActive"), "true");

  const int64_t id = submit();
  run(1.0);
  job = store_->jobs().get(client_.client_id, id);
  EXPECT_EQ(job->status, store::JobStatus::Succeeded);
  EXPECT_EQ(job->inserts, 0);
  EXPECT_EQ(job->updates, 1 + 2) << "A-1's value, then A-2 and A-3 deactivated";
  EXPECT_EQ(job->fail, 1);
  std::map<std::string, std::string> active;
  for (const auto& e : rows(res::sku_onhand()))
    active[text(res::sku_onhand(), e, "OnhandValue")] = text(res::sku_onhand(), e, "IsActive");
  EXPECT_EQ(active, (std::map<std::string, std::string>{{"10", "true"}, {"2", "false"}, {"3", "false"}}));
}

TEST(OnhandHeader, ListsValuesByNumberOrName) {
  auto h = parse_header(kHeader, sku_onhand_header());
  ASSERT_TRUE(h) << h.problem().errors[0].message;
  EXPECT_EQ(h->list("SkuOnhandFieldsThatAreSet"), (std::vector<int>{3, 10}));
}

INSTANTIATE_TEST_SUITE_P(Backends, OnhandsTest, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace norced::connect
