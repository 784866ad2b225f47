// Decode before rules: build_entity reports every shape error and runs no rule when there is one, so a rule only
// ever sees cells of their declared type. Uses a small resource of its own, so the guarantee is tested apart
// from any real resource's rules.
#include <gtest/gtest.h>

#include <filesystem>

#include "json/value.hpp"
#include "management/rules.hpp"
#include "management/input.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"
#include "store/sqlite/sqlite_store.hpp"

using namespace norced;
using namespace norced::management::fields;

namespace {

int rule_runs = 0;
bool last_flag = false;

const registry::Resource& probe() {
  static const registry::Resource r = [] {
    registry::Resource r;
    r.name = "Probe";
    r.model = "ProbeModel";
    r.fields = {id("Id."), flag("IsVirtual", false, "A flag."), col("Count", Type::Int, true, "A number."),
                custom("Items", Type::Array, true, "Items.", "ProbeItemModel")};
    r.nested_models = {{"ProbeItemModel", {col("Key", Type::Int, false, "Key."), derived("Shown", Type::String, true, "")}}};
    auto is_virtual = std::make_shared<registry::FieldRef<bool>>(r, "IsVirtual");
    management::rules_for(r).validate = [is_virtual](management::RuleContext&, const json::Value&, registry::Entity& next,
                                    const registry::Entity*, std::vector<FieldError>&) {
      ++rule_runs;
      last_flag = is_virtual->get(next).value();  // the pipeline promises a bool here
    };
    return r;
  }();
  return r;
}

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("norced-input-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = store::sqlite::open((dir_ / "norced.db").string(), management::resources::catalog().all());
    rule_runs = 0;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<registry::Entity> build(const std::string& body) {
    auto doc = json::parse(body);
    EXPECT_TRUE(doc.ok());
    auto tx = store_->read(1);
    management::RuleContext ctx(*tx, ref_, app_, management::resources::catalog(), 0);
    management::WriteRequest req{probe(), *doc, nullptr, 0, "test"};
    return management::build_entity(ctx, req);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  store::ReferenceData ref_;
  store::ApplicationRow app_;
};

std::vector<std::string> fields_of(const Problem& p) {
  std::vector<std::string> out;
  for (const auto& e : p.errors) out.push_back(e.field);
  return out;
}

}  // namespace

TEST_F(InputTest, AnyShapeErrorStopsBeforeTheRulesAndAllAreReported) {
  auto r = build(R"({"IsVirtual":"yes","Count":1.5,"Items":[{"Key":null},{"Shown":5},7]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().status, 400);
  EXPECT_EQ(fields_of(r.problem()),
            (std::vector<std::string>{"IsVirtual", "Count", "Items[0].Key", "Items[1].Key", "Items[2]"}));
  EXPECT_EQ(rule_runs, 0);
  for (const char* body : {R"({"IsVirtual":null})", R"({"IsVirtual":[]})", R"({"IsVirtual":{}})", R"({"IsVirtual":1})",
                           R"({"Items":{}})", R"({"Items":"x"})"}) {
    EXPECT_FALSE(build(body).ok()) << body;
    EXPECT_EQ(rule_runs, 0) << body;
  }
}

TEST_F(InputTest, RulesRunOnWellFormedBodies) {
  auto r = build(R"({"IsVirtual":true,"Count":2,"Items":[{"Key":1,"Shown":[]}]})");
  ASSERT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().errors.front().field);
  EXPECT_EQ(rule_runs, 1);
  EXPECT_TRUE(last_flag);
  ASSERT_TRUE(build(R"({"Items":null})").ok());  // a missing flag takes its default
  EXPECT_EQ(rule_runs, 2);
  EXPECT_FALSE(last_flag);
}
