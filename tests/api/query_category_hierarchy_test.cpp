// Query API 2.0's Application/CategoryHierarchy (platform.md §5: CategoryId, ParentCategoryId, Hierarchy): the
// client's category tree as paths of category ids, derived from the categories when read, against the real
// binary on both engines. The server pages by 3 rows, so the set pages too.
#include "api/query_support.hpp"

namespace api {
namespace {

using namespace query_support;

class QueryCategoryHierarchyTest : public ServerFixture<QueryCategoryHierarchyTest> {
 public:
  static ServerConfig config() {
    ServerConfig c;
    c.extra_args = {"--query-page-size", "3"};
    return c;
  }
};

std::string path(std::initializer_list<int64_t> ids) {
  std::string out = "/";
  for (int64_t id : ids) out += std::to_string(id) + "/";
  return out;
}

std::vector<std::string> hierarchies(const Json& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row["Hierarchy"]);
  return out;
}

using V = std::vector<std::string>;

TEST_F(QueryCategoryHierarchyTest, EveryCategoryIsAPathOfIdsFromItsRoot) {
  Session s = query_tenant(server(), "hierarchy");
  // shoes ─ boots ─ winter, shoes ─ sandals (inactive), bags.
  const int64_t shoes = s.create("/api/category", {{"Code", "SHOES"}, {"Name", "Shoes"}});
  const int64_t boots = s.create("/api/category", {{"Code", "BOOTS"}, {"Name", "Boots"}, {"ParentId", shoes}});
  const int64_t winter = s.create("/api/category", {{"Code", "WINTER"}, {"Name", "Winter"}, {"ParentId", boots}});
  const int64_t bags = s.create("/api/category", {{"Code", "BAGS"}, {"Name", "Bags"}});
  const int64_t sandals =
      s.create("/api/category", {{"Code", "SANDALS"}, {"Name", "Sandals"}, {"ParentId", shoes}, {"IsActive", false}});

  Json sets = query_ok(s, "Application");
  bool listed = false;
  for (const auto& set : sets["value"]) listed = listed || set["name"] == "CategoryHierarchy";
  EXPECT_TRUE(listed) << "the spec's set name, not a plural: " << sets.dump();

  // Every category, inactive ones too (as Categories lists them), in CategoryId order, paged by 3.
  Json rows = all_rows(s, "Application/CategoryHierarchy");
  ASSERT_EQ(rows.size(), 5u) << rows.dump();
  EXPECT_EQ(hierarchies(rows), (V{path({shoes}), path({shoes, boots}), path({shoes, boots, winter}), path({bags}),
                                  path({shoes, sandals})}));
  EXPECT_EQ(rows[2]["CategoryId"], winter);
  EXPECT_EQ(rows[2]["ParentCategoryId"], boots);
  EXPECT_TRUE(rows[0]["ParentCategoryId"].is_null()) << "a root has no parent";
  EXPECT_EQ(rows[0].size(), 3u) << rows[0].dump();

  // A subtree by its path, the way a client finds every category under one.
  Json under_shoes = all_rows(s, "Application/CategoryHierarchy?$filter=startswith(Hierarchy,'" + path({shoes}) +
                                     "') and CategoryId ne " + std::to_string(shoes) + "&$orderby=Hierarchy desc");
  EXPECT_EQ(hierarchies(under_shoes), (V{path({shoes, sandals}), path({shoes, boots, winter}), path({shoes, boots})}));
  Json children = query_ok(s, "Application/CategoryHierarchy?$filter=ParentCategoryId eq " + std::to_string(shoes) +
                                  "&$select=CategoryId&$count=true");
  EXPECT_EQ(children["@odata.count"], 2);
  EXPECT_EQ(children["value"][0].size(), 1u);
  EXPECT_EQ(children["value"][0]["CategoryId"], boots);
  EXPECT_TRUE(children["@odata.context"].get<std::string>().ends_with("/Application/$metadata#CategoryHierarchy(CategoryId)"))
      << children["@odata.context"];
  EXPECT_EQ(all_rows(s, "Application/CategoryHierarchy?$filter=ParentCategoryId eq null&$select=CategoryId").size(), 2u);

  // Key access by CategoryId, and the navigations to the categories.
  Json one = query_ok(s, "Application/CategoryHierarchy(" + std::to_string(winter) + ")?$expand=Category($select=Code),ParentCategory($select=Code)");
  EXPECT_TRUE(one["@odata.context"].get<std::string>().ends_with("#CategoryHierarchy(Category(Code),ParentCategory(Code))/$entity"))
      << one["@odata.context"];
  EXPECT_EQ(one["Hierarchy"], path({shoes, boots, winter}));
  EXPECT_EQ(one["Category"]["Code"], "WINTER");
  EXPECT_EQ(one["ParentCategory"]["Code"], "BOOTS");
  Json with_paths = query_ok(s, "Application/Categories(" + std::to_string(boots) + ")?$select=Code&$expand=Hierarchies($select=Hierarchy)");
  ASSERT_EQ(with_paths["Hierarchies"].size(), 1u) << with_paths.dump();
  EXPECT_EQ(with_paths["Hierarchies"][0]["Hierarchy"], path({shoes, boots}));
  expect_error(query(s, "Application/CategoryHierarchy(999999)"), 404, "NotFound");
  expect_error(query(s, "Application/CategoryHierarchy('x')"), 400, "InvalidKey");
  expect_error(query(s, "Application/CategoryHierarchy?$filter=Depth eq 1"), 400, "UnknownProperty", "Depth");

  // Nothing to keep up to date: a moved branch's paths follow at once.
  s.update("/api/category/" + std::to_string(boots), {{"Code", "BOOTS"}, {"Name", "Boots"}, {"ParentId", bags}});
  EXPECT_EQ(query_ok(s, "Application/CategoryHierarchy(" + std::to_string(winter) + ")")["Hierarchy"], path({bags, boots, winter}));

  // Another client's tree is not this one's.
  Session other = query_tenant(server(), "hierarchy-other");
  EXPECT_TRUE(query_ok(other, "Application/CategoryHierarchy")["value"].empty());
  expect_error(query(other, "Application/CategoryHierarchy(" + std::to_string(shoes) + ")"), 404, "NotFound");

  Reply metadata = query(s, "Application/$metadata");
  ASSERT_EQ(metadata.status, 200);
  EXPECT_NE(metadata.body.find(R"(<EntityType Name="CategoryHierarchy"><Key><PropertyRef Name="CategoryId"/></Key>)"),
            std::string::npos)
      << metadata.body.substr(0, 400);
  EXPECT_NE(metadata.body.find(R"(<EntitySet Name="CategoryHierarchy" EntityType="Application.CategoryHierarchy"/>)"),
            std::string::npos);
}

}  // namespace
}  // namespace api
