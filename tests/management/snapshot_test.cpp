// The seeded-state snapshot (management/snapshot.hpp): rows survive encode → decode exactly, members are
// matched by name, and same_row compares what the store keeps regardless of order.
#include <algorithm>
#include <gtest/gtest.h>

#include "json/pretty.hpp"
#include "management/config_format.hpp"
#include "management/resources/resources.hpp"
#include "management/snapshot.hpp"

namespace norced::management {
namespace {

using registry::Cell;
using registry::Entity;

Entity category_row() {
  const auto& r = resources::category();
  Entity e;
  e.id = 42;
  e.cells.resize(r.fields.size());
  e.cells[r.field_index("Code")] = std::string("SHÖES");
  e.cells[r.field_index("ParentId")] = int64_t{7};
  e.cells[r.field_index("GrossWeight")] = *Decimal::parse("1.250");
  e.cells[r.field_index("IsActive")] = false;
  e.cells[r.field_index("Changed")] = registry::Instant{1'700'000'000'123'456};
  e.cells[r.field_index("ChangedBy")] = std::string("norced seed");
  std::vector<std::optional<std::string>> texts(r.texts.size());
  texts[r.text_index("Name")] = "Skor";
  e.cultures.push_back({"sv-SE", texts});
  e.collections = {{{1, 2}, {2, INT64_MIN}}};
  return e;
}

TEST(Snapshot, RowsSurviveEncodeAndDecode) {
  const auto& catalog = resources::catalog();
  snapshot::Rows rows;
  rows["Category"] = {category_row()};
  auto back = snapshot::decode(catalog, snapshot::encode(catalog, rows));
  ASSERT_TRUE(back) << back.problem().detail;
  ASSERT_EQ((*back)["Category"].size(), 1u);
  const Entity& e = (*back)["Category"][0];
  EXPECT_EQ(e.id, 42);
  EXPECT_TRUE(snapshot::same_row(resources::category(), e, category_row(), true));
  EXPECT_EQ(e.cells[resources::category().field_index("GrossWeight")], Cell{*Decimal::parse("1.25")});
  EXPECT_EQ(e.collections[0][1][1], INT64_MIN) << "a null collection value stays null";
}

TEST(Snapshot, SameRowIgnoresAuditOnRequestAndOrderAlways) {
  const auto& r = resources::category();
  Entity a = category_row(), b = category_row();
  b.cells[r.field_index("Changed")] = registry::Instant{1};
  EXPECT_FALSE(snapshot::same_row(r, a, b, true));
  EXPECT_TRUE(snapshot::same_row(r, a, b, false));
  std::swap(b.collections[0][0], b.collections[0][1]);
  b.cultures.push_back({"en-US", std::vector<std::optional<std::string>>(r.texts.size())});  // no own text: nothing
  EXPECT_TRUE(snapshot::same_row(r, a, b, false));
  b.cultures[0].texts[r.text_index("Name")] = "Sko";
  EXPECT_FALSE(snapshot::same_row(r, a, b, false));
}

TEST(Snapshot, AMalformedSnapshotIsAProblemNotACrash) {
  const auto& catalog = resources::catalog();
  EXPECT_FALSE(snapshot::decode(catalog, "not json"));
  EXPECT_FALSE(snapshot::decode(catalog, R"({"format":2,"resources":{}})"));
  EXPECT_FALSE(snapshot::decode(catalog, R"({"format":1,"resources":{"Category":{"members":["Code"],"texts":[],"rows":[[1]]}}})"));
  auto old = snapshot::decode(catalog, R"({"format":1,"resources":{"Category":{"members":["Code","Gone"],"texts":["Name"],)"
                                       R"("rows":[[3,["A",5],[["en-US",["Hat"]]],[]]]}}})");
  ASSERT_TRUE(old) << old.problem().detail;  // a member no longer served is skipped
  EXPECT_EQ((*old)["Category"][0].cells[resources::category().field_index("Code")], Cell{std::string("A")});
}

TEST(ConfigFormat, SettingsComeFirstAndEveryResourceHasAKey) {
  auto rs = config::resources(resources::catalog());
  ASSERT_FALSE(rs.empty());
  bool seen_plain = false;
  for (const auto* r : rs) {
    EXPECT_NE(config::natural_key(*r), nullptr) << r->name;
    if (!r->feeds_reference_data) seen_plain = true;
    else EXPECT_FALSE(seen_plain) << r->name << " feeds reference data but comes after a resource that does not";
  }
  EXPECT_EQ(config::code_reference(resources::catalog(), *resources::category().field("ParentId")),
            &resources::category());
  EXPECT_EQ(config::code_reference(resources::catalog(), *resources::price_list().field("CurrencyId")), nullptr);
}

// A child resource (unique within its parent) is not in the file format yet, but its rows are in the seeded state.
// Child resources whose parents have a Code are in the file, after every other group (parents are written
// first); the snapshot holds each resource of the file once, and any child a file cannot name besides.
TEST(ConfigFormat, ChildResourcesComeAfterTheirParentsAndOnceInTheSnapshot) {
  const auto file = config::resources(resources::catalog());
  const auto snapshot = config::snapshot_resources(resources::catalog());
  const auto first_child = std::find_if(file.begin(), file.end(), [](const registry::Resource* r) {
    return !r->unique_within.empty();
  });
  for (const auto* child : {&resources::parametric_list(), &resources::parametric_multiple(),
                            &resources::category_parametric()}) {
    EXPECT_TRUE(config::is_child_in_files(resources::catalog(), *child)) << child->name;
    EXPECT_EQ(std::count(first_child, file.end(), child), 1) << child->name;
  }
  for (auto it = first_child; it != file.end(); ++it) EXPECT_FALSE((*it)->unique_within.empty()) << (*it)->name;
  for (const auto* r : file) EXPECT_EQ(std::count(snapshot.begin(), snapshot.end(), r), 1) << r->name;
  EXPECT_FALSE(config::is_child_in_files(resources::catalog(), resources::category()));
  EXPECT_EQ(config::code_reference(resources::catalog(), *resources::parametric().field("GroupId")),
            &resources::parametric_group());
}

TEST(Pretty, OneMemberPerLineTwoSpaces) {
  auto v = json::parse(R"({"a":[1,{"b":"x\"y"}],"c":{},"d":[]})");
  ASSERT_TRUE(v);
  EXPECT_EQ(json::pretty(*v), "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x\\\"y\"\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}\n");
}

}  // namespace
}  // namespace norced::management
