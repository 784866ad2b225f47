// The two ways a page's rows become JSON write the same text: query/row_json.hpp (from the cursor's values,
// for pages of the set's own columns) and query/render.hpp (from entities, for the others). Checked for every
// entity set the registry makes, with a value of each member's type, so a member or type added later is
// covered too.
#include "query/row_json.hpp"

#include <gtest/gtest.h>

#include "json/writer.hpp"
#include "management/resources/resources.hpp"
#include "query/render.hpp"

using namespace norced;
using registry::Cell;
using registry::Type;

namespace {

const query::Model& model() {
  static const query::Model m(management::resources::catalog());
  return m;
}

// A value of `type` that needs the writers' care: escapes, exact scale, microseconds, the null of every type.
Cell sample(Type type, int row, size_t member) {
  if ((row + member) % 4 == 0) return Cell{};
  switch (type) {
    case Type::Int: return int64_t{-42} * (row + 1) - static_cast<int64_t>(member);
    case Type::Bool: return row % 2 == 0;
    case Type::Decimal: return *Decimal::parse(row % 2 ? "12.50" : "-0.000100");
    case Type::DateTime: return registry::Instant{1'700'000'000'123'456 + row};
    default: return std::string("q\"b\\n\nt\tå€ ") + std::to_string(row);
  }
}

}  // namespace

TEST(QueryPageJson, WritesWhatTheEntityRendererWrites) {
  int sets = 0;
  for (const char* ns_name : {"Products", "Application"}) {
    const query::Namespace* ns = model().find(ns_name);
    ASSERT_NE(ns, nullptr);
    for (const query::EntitySet& set : ns->sets) {
      const registry::Resource& r = *set.resource;
      std::vector<const registry::Field*> shown;
      for (const registry::Field* f : set.properties)
        if (query::PageJson::serves(set, {f})) shown.push_back(f);
      ASSERT_TRUE(query::PageJson::serves(set, shown));
      if (shown.empty()) continue;
      ++sets;
      query::PageJson page(set, shown, 2);
      // Handed the values in the other order, after a head (the envelope a response writes before the rows).
      query::PageJson reversed(set, shown, 2, "{\"value\":");
      std::vector<int> columns;  // the members' indexes, in the order the page's rows hold their values
      for (const registry::Field* f : shown)
        if (f->role != registry::Role::Id) columns.push_back(static_cast<int>(f - r.fields.data()));
      const std::vector<int> reversed_columns(columns.rbegin(), columns.rend());
      page.columns(columns);
      reversed.columns(reversed_columns);
      json::Writer w;
      w.begin_array();
      for (int row = 0; row < 3; ++row) {
        registry::Entity e;
        e.id = 1000 + row;
        e.cells.resize(r.fields.size());
        for (int index : columns) e.cells[index] = sample(r.fields[index].type, row, index);
        std::vector<store::CellView> values, reversed_values;
        for (int index : columns) values.push_back(store::view_of(e.cells[index]));
        for (int index : reversed_columns) reversed_values.push_back(store::view_of(e.cells[index]));
        const bool written = page.row(e.id, values);
        EXPECT_EQ(reversed.row(e.id, reversed_values), written);
        if (!written) break;
        query::write_entity(w, set, shown, e, nullptr);
      }
      w.end_array();
      const std::string want = w.take();
      EXPECT_EQ(page.take(), want) << set.name;
      EXPECT_EQ(reversed.take(), "{\"value\":" + want) << "the values in any order: " << set.name;
      EXPECT_EQ(page.rows(), 2) << set.name;
      EXPECT_TRUE(page.more()) << "a third row tells that more follow: " << set.name;
      EXPECT_EQ(page.last().id, 1001) << set.name;
    }
  }
  EXPECT_GT(sets, 20);
}

TEST(QueryPageJson, ServesOnlyTheSetsOwnColumns) {
  const query::EntitySet* prices = model().find("Products")->find("ProductSkuPriceLists");
  ASSERT_NE(prices, nullptr);
  const registry::Field* part_no = prices->property("PartNo");
  ASSERT_NE(part_no, nullptr);
  EXPECT_FALSE(query::PageJson::serves(*prices, {part_no})) << "a lookup is read from another set";
  const query::EntitySet* categories = model().find("Application")->find("Categories");
  const registry::Field* name = categories->property("Name");
  ASSERT_NE(name, nullptr);
  EXPECT_FALSE(query::PageJson::serves(*categories, {name})) << "a culture text lives in another table";
  EXPECT_TRUE(query::PageJson::serves(*categories, {categories->property("Id"), categories->property("Code")}));
}
