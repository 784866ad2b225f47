// The product metadata groups' own rules, over HTTP: flags belong to an active flag group of their kind and show
// its name, info types live in the groups their kind has, product types are built-in types a client enables,
// file types show their built-in kind, manufacturers get a key and a URL name, variant groups write their variant
// types through the group, and --demo seeds a realistic set. Generic checks (types, nulls, lengths, unique codes,
// soft delete, 405s, OpenAPI) come from tests/api/generated_test.cpp.
#include "api/harness.hpp"

namespace api {
namespace {

class ProductMetadataTest : public ServerFixture<ProductMetadataTest> {};

std::string at(const std::string& base, int64_t id) { return base + "/" + std::to_string(id); }

const Json* culture_in(const Json& model, const std::string& code) {
  for (const auto& c : model["Cultures"])
    if (c["CultureCode"] == code) return &c;
  return nullptr;
}

TEST_F(ProductMetadataTest, AFlagBelongsToAnActiveGroupOfItsKindAndShowsItsName) {
  Session s = server().new_tenant("Flags");
  const int64_t group = s.create("/api/product/flaggroup", {{"Code", "CAMPAIGN"}, {"Name", "Campaign"}});
  const Json flag = {{"TypeId", 1}, {"GroupId", group}, {"Code", "NEWS"}, {"Name", "News"}};
  const int64_t news = s.create("/api/product/flag", flag);
  Json got = s.fetch(at("/api/product/flag", news));
  EXPECT_EQ(got["GroupId"], group);
  EXPECT_EQ(got["GroupName"], "Campaign");

  // A rename of the group shows at once on its flags (the cached flag is retired).
  s.update(at("/api/product/flaggroup", group), {{"Code", "CAMPAIGN"}, {"Name", "Campaigns"}});
  EXPECT_EQ(s.fetch(at("/api/product/flag", news))["GroupName"], "Campaigns");

  // No group, or an unknown one, is a 400 naming GroupId.
  Json bad = flag;
  bad["Code"] = "OTHER";
  bad.erase("GroupId");
  expect_field_error(s.post("/api/product/flag", bad), "GroupId");
  bad["GroupId"] = group + 1000;
  expect_field_error(s.post("/api/product/flag", bad), "GroupId");

  // A soft-deleted group takes no new flags; its flags stay editable.
  s.update(at("/api/product/flaggroup", group), {{"Code", "CAMPAIGN"}, {"Name", "Campaigns"}, {"IsActive", false}});
  bad["GroupId"] = group;
  Json doc = expect_problem(s.post("/api/product/flag", bad), 400);
  EXPECT_NE(doc["errors"]["GroupId"][0].get<std::string>().find("deleted"), std::string::npos) << doc.dump();
  Json edited = flag;
  edited["Name"] = "Brand new";
  s.update(at("/api/product/flag", news), edited);
  EXPECT_EQ(s.fetch(at("/api/product/flag", news))["Name"], "Brand new");
  EXPECT_EQ(s.fetch("/api/product/flaggroup/deleted").size(), 1u);
}

TEST_F(ProductMetadataTest, FlagTypeAndCodeAreRequired) {
  Session s = server().new_tenant("Flag members");
  const int64_t group = s.create("/api/product/flaggroup", {{"Code", "G"}, {"Name", "G"}});
  expect_field_error(s.post("/api/product/flag", {{"TypeId", 3}, {"GroupId", group}, {"Code", "X"}}), "TypeId");
  expect_field_error(s.post("/api/product/flag", {{"GroupId", group}, {"Code", "X"}}), "TypeId");
  expect_field_error(s.post("/api/product/flag", {{"TypeId", 2}, {"GroupId", group}, {"Code", nullptr}}), "Code");
  expect_field_error(s.post("/api/product/flag", {{"TypeId", 2}, {"GroupId", group}}), "Code");
  const int64_t variant_flag = s.create("/api/product/flag", {{"TypeId", 2}, {"GroupId", group}, {"Code", "X"}});
  EXPECT_EQ(s.fetch(at("/api/product/flag", variant_flag))["TypeId"], 2);
  Json compact = s.fetch("/api/product/flag/compact");
  ASSERT_EQ(compact.size(), 1u);
  EXPECT_EQ(compact[0]["Code"], "X");
}

TEST_F(ProductMetadataTest, FlagGroupsKeepWhetherSeveralFlagsMayBeSet) {
  Session s = server().new_tenant("Choice");
  const int64_t single = s.create("/api/product/flaggroup", {{"Code", "ONE"}, {"IsMultipleChoice", false}});
  const int64_t several = s.create("/api/product/flaggroup", {{"Code", "MANY"}, {"IsMultipleChoice", true}});
  EXPECT_EQ(s.fetch(at("/api/product/flaggroup", single))["IsMultipleChoice"], false);
  EXPECT_EQ(s.fetch(at("/api/product/flaggroup", several))["IsMultipleChoice"], true);
}

TEST_F(ProductMetadataTest, InfoTypesLiveInTheirGroup) {
  Session s = server().new_tenant("Info types");
  const int64_t shelf = s.create("/api/product/infotype/2", {{"Code", "SHELF"}, {"Name", "Shelf"}});
  const int64_t margin = s.create("/api/product/infotype/3", {{"Code", "MARGIN"}, {"Name", "Margin"}});
  EXPECT_EQ(s.fetch(at("/api/product/infotype/2/item", shelf))["GroupId"], 2) << "the path's group is stored";
  Json on_hand = s.fetch("/api/product/infotype/2");
  ASSERT_EQ(on_hand.size(), 1u);
  EXPECT_EQ(on_hand[0]["Id"], shelf);
  EXPECT_EQ(s.fetch("/api/product/infotype/3")[0]["Id"], margin);
  // An item asked for under another group is not there; a body naming another group is a 400.
  expect_problem(s.get(at("/api/product/infotype/3/item", shelf)), 404);
  expect_field_error(s.post("/api/product/infotype/2", {{"Code", "X"}, {"GroupId", 3}}), "GroupId");
  expect_field_error(s.put(at("/api/product/infotype/2/item", shelf), {{"Code", "SHELF"}, {"GroupId", 3}}), "GroupId");

  // A group the kind does not have is a 400 naming the path parameter, on every operation.
  for (const std::string& path : std::vector<std::string>{"/api/product/infotype/7",
                                                          "/api/product/infotype/1/item/" + std::to_string(shelf),
                                                          "/api/product/infotype/0/deleted"}) {
    Json doc = expect_problem(s.get(path), 400);
    ASSERT_TRUE(doc["errors"].contains("groupId")) << path << ": " << doc.dump();
    EXPECT_NE(doc["errors"]["groupId"][0].get<std::string>().find("2, 3"), std::string::npos) << doc.dump();
  }
  expect_field_error(s.post("/api/product/infotype/4", {{"Code", "Y"}}), "groupId");

  // Soft delete lists per group.
  s.update(at("/api/product/infotype/2/item", shelf), {{"Code", "SHELF"}, {"IsActive", false}});
  EXPECT_TRUE(s.fetch("/api/product/infotype/2").empty());
  EXPECT_EQ(s.fetch("/api/product/infotype/2/deleted").size(), 1u);
  EXPECT_TRUE(s.fetch("/api/product/infotype/3/deleted").empty());
  // Codes are unique across the groups of the kind.
  expect_field_error(s.post("/api/product/infotype/3", {{"Code", "shelf"}}), "Code", 409);
}

TEST_F(ProductMetadataTest, AProductTypeIsABuiltInTypeTheClientEnables) {
  Session s = server().new_tenant("Types");
  EXPECT_TRUE(s.fetch("/api/product/type").empty()) << "a new client has none enabled";
  Reply enabled = s.post("/api/product/type", {{"Id", 1}});
  ASSERT_EQ(enabled.status, 200) << enabled.describe();
  EXPECT_EQ(enabled.body, "1");
  Json standard = s.fetch("/api/product/type/1");
  EXPECT_EQ(standard["Name"], "Standard") << "the built-in name";
  EXPECT_EQ(standard["GroupName"], "Physical");
  EXPECT_EQ(s.post("/api/product/type", {{"Id", 8}, {"Name", "Kit"}}).status, 200);
  EXPECT_EQ(s.fetch("/api/product/type/8")["GroupName"], "Virtual");
  EXPECT_EQ(s.fetch("/api/product/type/8")["Name"], "Kit");

  Json doc = expect_problem(s.post("/api/product/type", {{"Id", 5}}), 400);
  EXPECT_NE(doc["errors"]["Id"][0].get<std::string>().find("1, 2, 8, 14"), std::string::npos) << doc.dump();
  expect_field_error(s.post("/api/product/type", {{"Id", 1}}), "Id", 409);
  s.update("/api/product/type/1", {{"Name", "ERP product"}, {"SortOrder", 3}});
  EXPECT_EQ(s.fetch("/api/product/type/1")["Name"], "ERP product");
  expect_problem(s.get("/api/product/type/14"), 404);
  EXPECT_EQ(s.fetch("/api/product/type").size(), 2u);
}

TEST_F(ProductMetadataTest, AFileTypeShowsItsBuiltInKind) {
  Session s = server().new_tenant("Files");
  const int64_t pdf = s.create("/api/product/file", {{"Code", "MANUAL"}, {"Name", "Manual"}, {"TypeId", 4}});
  Json got = s.fetch(at("/api/product/file", pdf));
  EXPECT_EQ(got["TypeExtension"], "pdf");
  EXPECT_EQ(got["TypeMimeType"], "application/pdf");
  EXPECT_EQ(got["IsImage"], false);
  const int64_t jpg = s.create("/api/product/file", {{"Code", "MAIN"}, {"TypeId", 1}, {"IsImage", false}});
  EXPECT_EQ(s.fetch(at("/api/product/file", jpg))["IsImage"], true) << "derived, not written";
  expect_field_error(s.post("/api/product/file", {{"Code", "X"}, {"TypeId", 99}}), "TypeId");
  expect_field_error(s.post("/api/product/file", {{"Code", "Y"}}), "TypeId");
}

TEST_F(ProductMetadataTest, AManufacturerGetsAKeyAndAUrlNameFromItsName) {
  Session s = server().new_tenant("Makers");
  const int64_t id = s.create("/api/manufacturer", {{"Name", "Nordic Outdoor AB"}, {"Code", "NORDIC"},
                                                    {"Key", "00000000-0000-0000-0000-000000000001"}});
  Json m = s.fetch(at("/api/manufacturer", id));
  const std::string key = m["Key"];
  EXPECT_EQ(key.size(), 36u);
  EXPECT_NE(key, "00000000-0000-0000-0000-000000000001") << "the server sets the key";
  EXPECT_EQ(m["UniqueUrlName"], "nordic-outdoor-ab");
  EXPECT_EQ(m["IsUniqueUrlNameManuallyMaintained"], false);

  // The URL name follows a rename until the client sends one of its own.
  s.update(at("/api/manufacturer", id), {{"Name", "Nordic Outdoor & Co"}, {"Code", "NORDIC"}});
  m = s.fetch(at("/api/manufacturer", id));
  EXPECT_EQ(m["UniqueUrlName"], "nordic-outdoor-co");
  EXPECT_EQ(m["Key"], key) << "the key stays";
  m["UniqueUrlName"] = "nordic";
  s.update(at("/api/manufacturer", id), m);
  m["Name"] = "Nordic Outdoor Group";
  s.update(at("/api/manufacturer", id), m);
  m = s.fetch(at("/api/manufacturer", id));
  EXPECT_EQ(m["UniqueUrlName"], "nordic");
  EXPECT_EQ(m["IsUniqueUrlNameManuallyMaintained"], true);

  // Support texts per culture; the compact list shows the plain Name.
  s.update(at("/api/manufacturer", id),
           {{"Name", "Nordic Outdoor Group"}, {"Code", "NORDIC"}, {"SupportUrl", "https://example.com/help"},
            {"Cultures", {{{"CultureCode", "sv-SE"}, {"SupportEmailAddress", "hjalp@example.com"}}}}});
  m = s.fetch(at("/api/manufacturer", id));
  EXPECT_EQ(m["SupportUrl"], "https://example.com/help");
  EXPECT_EQ(m["DefaultSupportUrl"], "https://example.com/help");
  const Json* sv = culture_in(m, "sv-SE");
  ASSERT_NE(sv, nullptr) << m.dump();
  EXPECT_EQ((*sv)["SupportEmailAddress"], "hjalp@example.com");
  EXPECT_EQ((*sv)["IsSupportUrlInherited"], true);
  Json compact = s.fetch("/api/manufacturer/compact");
  ASSERT_EQ(compact.size(), 1u);
  EXPECT_EQ(compact[0]["Name"], "Nordic Outdoor Group");
  EXPECT_EQ(compact[0]["Code"], "NORDIC");
  expect_problem(s.get(at("/api/product/manufacturer", id)), 404);
}

TEST_F(ProductMetadataTest, AVariantGroupWritesItsVariantTypes) {
  Session s = server().new_tenant("Variants");
  const int64_t size = s.create(
      "/api/product/variant-group",
      {{"Code", "SIZE"}, {"Name", "Size"},
       {"VariantTypes", {{{"Code", "SIZE-EU"}, {"Name", "EU size"}, {"SortOrder", 2}, {"Type", "list"}},
                         {{"Code", "SIZE-US"}, {"Name", "US size"}, {"SortOrder", 1}, {"Type", "list"},
                          {"Cultures", {{{"CultureCode", "sv-SE"}, {"Name", "Amerikansk storlek"}}}}}}}});
  Json g = s.fetch(at("/api/product/variant-group", size));
  ASSERT_EQ(g["VariantTypes"].size(), 2u) << g.dump();
  EXPECT_EQ(g["VariantTypes"][0]["Code"], "SIZE-US") << "by SortOrder";
  EXPECT_EQ(g["VariantTypes"][0]["IsActive"], true);
  EXPECT_EQ((*culture_in(g["VariantTypes"][0], "sv-SE"))["Name"], "Amerikansk storlek");
  const int64_t us = g["VariantTypes"][0]["Id"], eu = g["VariantTypes"][1]["Id"];

  // Listed entries are written (by Id, or by Code when the Id is left out), new ones added, others stay.
  s.update(at("/api/product/variant-group", size),
           {{"Code", "SIZE"}, {"Name", "Size"},
            {"VariantTypes", {{{"Id", us}, {"Code", "SIZE-US"}, {"Name", "US"}, {"SortOrder", 1}},
                              {{"Code", "size-uk"}, {"Name", "UK size"}, {"SortOrder", 3}}}}});
  g = s.fetch(at("/api/product/variant-group", size));
  ASSERT_EQ(g["VariantTypes"].size(), 3u) << g.dump();
  EXPECT_EQ(g["VariantTypes"][0]["Name"], "US");
  EXPECT_EQ(g["VariantTypes"][1]["Id"], eu) << "not listed, kept";
  s.update(at("/api/product/variant-group", size),
           {{"Code", "SIZE"}, {"VariantTypes", {{{"Code", "SIZE-UK"}, {"Name", "UK"}, {"SortOrder", 3}}}}});
  g = s.fetch(at("/api/product/variant-group", size));
  ASSERT_EQ(g["VariantTypes"].size(), 3u) << "found by Code, not added: " << g.dump();
  EXPECT_EQ(g["VariantTypes"][2]["Name"], "UK");

  // Element errors are named by their path, and nothing of the write is kept.
  const int64_t colour = s.create("/api/product/variant-group", {{"Code", "COLOUR"}, {"Name", "Colour"}});
  expect_field_error(s.put(at("/api/product/variant-group", colour),
                           {{"Code", "COLOUR"}, {"VariantTypes", {{{"Id", us}, {"Code", "SIZE-US"}}}}}),
                     "VariantTypes[0].Id");
  expect_field_error(s.put(at("/api/product/variant-group", colour),
                           {{"Code", "COLOUR"}, {"VariantTypes", {{{"Name", "Red"}, {"Type", "rgb"}}}}}),
                     "VariantTypes[0].Type");
  expect_field_error(s.put(at("/api/product/variant-group", colour),
                           {{"Code", "COLOUR"}, {"VariantTypes", {{{"Name", "Red"}, {"ParametricId", 5}}}}}),
                     "VariantTypes[0].ParametricId");
  expect_field_error(s.put(at("/api/product/variant-group", colour),
                           {{"Code", "COLOUR"},
                            {"VariantTypes", {{{"Code", "C1"}, {"Name", "Hue"}}, {{"Code", "size-eu"}, {"Name", "x"}}}}}),
                     "VariantTypes[1].Code");
  expect_field_error(s.post("/api/product/variant-group",
                            {{"Code", "MATERIAL"}, {"VariantTypes", {{{"Name", std::string(51, 'x')}}}}}),
                     "VariantTypes[0].Name");
  EXPECT_TRUE(s.fetch(at("/api/product/variant-group", colour))["VariantTypes"].empty());
  EXPECT_EQ(s.fetch("/api/product/variant-group").size(), 2u);
}

// The demo data (--demo): manufacturers, flags in two groups, relation types, variant groups and families.
class ProductMetadataDemoTest : public ServerFixture<ProductMetadataDemoTest> {
 public:
  static ServerConfig config() { return {.demo = true, .extra_args = {}}; }
};

TEST_F(ProductMetadataDemoTest, DemoSeedsARealisticSet) {
  Session s = server().default_session();
  EXPECT_EQ(s.fetch("/api/manufacturer").size(), 4u);
  Json groups = s.fetch("/api/product/flaggroup");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["IsMultipleChoice"], true);
  EXPECT_EQ(groups[1]["IsMultipleChoice"], false);
  Json flags = s.fetch("/api/product/flag");
  ASSERT_EQ(flags.size(), 5u);
  EXPECT_EQ(flags[0]["GroupName"], "Campaign");
  EXPECT_EQ((*culture_in(flags[0], "sv-SE"))["Name"], "Nyhet");
  EXPECT_EQ(s.fetch("/api/product/relationtype").size(), 3u);
  Json variants = s.fetch("/api/product/variant-group");
  ASSERT_EQ(variants.size(), 2u);
  EXPECT_EQ(variants[0]["Code"], "SIZE");
  EXPECT_EQ(variants[0]["VariantTypes"].size(), 2u);
  EXPECT_EQ(variants[1]["Code"], "COLOUR");
  EXPECT_EQ(s.fetch("/api/product/family").size(), 3u);
}

}  // namespace
}  // namespace api
