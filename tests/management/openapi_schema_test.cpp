// The schema part of the served OpenAPI document describes every request and response exactly: readOnly marks
// precisely the members the server ignores on input, and a nullable member with allowed values lists null.
#include <gtest/gtest.h>

#include <string>

#include "json/value.hpp"
#include "management/resources/resources.hpp"
#include "management/router.hpp"
#include "registry/field_ref.hpp"
#include "management/openapi.hpp"

using namespace norced;
using registry::Role;

namespace {

json::Value document() {
  management::Router router(management::resources::catalog());
  auto doc = json::parse(management::openapi_document(management::resources::catalog(), router));
  EXPECT_TRUE(doc.ok());
  return doc.ok() ? std::move(*doc) : json::Value();
}

const json::Value* property(const json::Value& doc, std::string_view model, std::string_view member) {
  const json::Value* schemas = doc.find("components") ? doc.find("components")->find("schemas") : nullptr;
  const json::Value* m = schemas ? schemas->find(model) : nullptr;
  const json::Value* props = m ? m->find("properties") : nullptr;
  return props ? props->find(member) : nullptr;
}

bool read_only_in(const json::Value& doc, std::string_view model, std::string_view member) {
  const json::Value* p = property(doc, model, member);
  EXPECT_NE(p, nullptr) << model << "." << member;
  const json::Value* ro = p ? p->find("readOnly") : nullptr;
  return ro && ro->kind() == json::Kind::Bool && ro->as_bool();
}

}  // namespace

TEST(OpenApiSchema, ReadOnlyIsExactlyTheMembersIgnoredOnInput) {
  const json::Value doc = document();
  for (const registry::Resource* r : management::resources::catalog().all()) {
    for (const auto& f : r->fields) {
      if (f.role == registry::Role::Scope) continue;  // never in JSON
      SCOPED_TRACE(std::string(r->model) + "." + std::string(f.name));
      EXPECT_EQ(read_only_in(doc, r->model, f.name), registry::read_only(*r, f));
    }
  }
  // The rule, spelled out for CategoryModel.
  for (auto m : {"Id", "FullName", "DefaultFullName", "IsFullNameInherited", "ParentCode", "ParentName", "Changed",
                 "ChangedBy", "InheritedVatCodeId", "IsVatCodeIdInherited", "VatCodeName"})
    EXPECT_TRUE(read_only_in(doc, "CategoryModel", m)) << m;
  // DefaultName is written when the application's culture is not the default; IsNameInherited is read as a
  // hint; VatCodeId, VatCodes and Cultures are applied by the rules and the text writer.
  for (auto m : {"Name", "DefaultName", "IsNameInherited", "DefaultDescription", "Code", "ParentId", "VatCodeId",
                 "VatCodes", "Cultures", "IsActive"})
    EXPECT_FALSE(read_only_in(doc, "CategoryModel", m)) << m;
  for (auto m : {"PriceListId", "TypeName", "IsEnded", "IsNotStarted", "SalesAreaIdIsInherited"})
    EXPECT_TRUE(read_only_in(doc, "PriceListModel", m)) << m;
  EXPECT_FALSE(read_only_in(doc, "PriceListModel", "TypeId"));
  // The culture model: stored texts and their inherited flags are read, FullName's are not.
  EXPECT_FALSE(read_only_in(doc, "CategoryCultureModel", "Name"));
  EXPECT_FALSE(read_only_in(doc, "CategoryCultureModel", "IsNameInherited"));
  EXPECT_TRUE(read_only_in(doc, "CategoryCultureModel", "FullName"));
  EXPECT_TRUE(read_only_in(doc, "CategoryCultureModel", "IsFullNameInherited"));
  EXPECT_TRUE(read_only_in(doc, "CategoryCultureModel", "IsTranslated"));
  EXPECT_FALSE(read_only_in(doc, "SalesAreaVatCodeModel", "SalesAreaId"));
  EXPECT_TRUE(read_only_in(doc, "SalesAreaVatCodeModel", "VatCodeName"));
}

TEST(OpenApiSchema, NullableEnumsListNull) {
  const json::Value doc = document();
  for (const registry::Resource* r : management::resources::catalog().all()) {
    for (const auto& f : r->fields) {
      if (f.allowed.empty()) continue;
      SCOPED_TRACE(std::string(r->model) + "." + std::string(f.name));
      const json::Value* p = property(doc, r->model, f.name);
      ASSERT_NE(p, nullptr);
      const json::Value* values = p->find("enum");
      ASSERT_NE(values, nullptr);
      ASSERT_EQ(values->items().size(), f.allowed.size() + (f.nullable ? 1 : 0));
      EXPECT_EQ(values->items().back().is_null(), f.nullable);
    }
  }
  const json::Value* unit = property(doc, "CategoryModel", "UnitOfMeasurementId");
  ASSERT_NE(unit, nullptr);
  EXPECT_TRUE(unit->find("nullable") && unit->find("nullable")->as_bool());
}

// Field handles resolve when a description is built; a wrong name or type is a bug that stops the process.
TEST(FieldRef, ReadsAndWritesTypedCells) {
  const auto& c = management::resources::category();
  registry::FieldRef<int64_t> parent(c, "ParentId");
  registry::FieldRef<std::string> code(c, "Code");
  registry::Entity e;
  e.cells.resize(c.fields.size());
  EXPECT_EQ(parent.get(e), std::nullopt);
  parent.set(e, 7);
  code.set(e, "SHOES");
  EXPECT_EQ(parent.get(e), 7);
  EXPECT_EQ(code.get(e), "SHOES");
  parent.set(e, std::nullopt);
  EXPECT_TRUE(registry::is_null(e.cells[parent.index()]));
}

TEST(FieldRefDeathTest, AWrongNameOrTypeAborts) {
  const auto& c = management::resources::category();
  EXPECT_DEATH(registry::FieldRef<int64_t>(c, "ParentID"), "ParentID does not exist");
  EXPECT_DEATH(registry::FieldRef<bool>(c, "ParentId"), "ParentId has another type");
}

namespace {

const json::Value& schemas_of(const json::Value& doc) { return *doc.find("components")->find("schemas"); }

std::vector<std::string> names_in(const json::Value* list) {
  std::vector<std::string> out;
  if (list)
    for (const auto& v : list->items()) out.emplace_back(v.as_string());
  return out;
}

std::vector<std::string> statuses_of(const json::Value& doc, std::string_view path, std::string_view method) {
  std::vector<std::string> out;
  for (const auto& m : doc.find("paths")->find(path)->find(method)->find("responses")->members()) out.push_back(m.key);
  return out;
}

}  // namespace

// Every model shows an example; `required` names only its own members, and a POST example gives each required
// member the client writes (so the example is valid against its schema).
TEST(OpenApiSchema, EveryModelHasAnExampleThatGivesItsRequiredMembers) {
  const json::Value doc = document();
  size_t models = 0;
  for (const auto& s : schemas_of(doc).members()) {
    SCOPED_TRACE(s.key);
    ++models;
    const json::Value* example = s.value.find("example");
    ASSERT_NE(example, nullptr);
    ASSERT_EQ(example->kind(), json::Kind::Object);
    const json::Value* props = s.value.find("properties");
    for (const auto& name : names_in(s.value.find("required"))) {
      ASSERT_NE(props->find(name), nullptr) << name;
      const json::Value* ro = props->find(name)->find("readOnly");
      if (!ro || !ro->as_bool()) EXPECT_NE(example->find(name), nullptr) << name << " is required but not in the example";
    }
  }
  EXPECT_GT(models, 20u);
}

// `required` is the registry's: the catalog's required members and those a rule cannot do without (a link's Id,
// an application culture's code), and in culture and nested models what input.cpp and texts.cpp refuse to miss.
TEST(OpenApiSchema, RequiredListsFollowTheRegistry) {
  const json::Value doc = document();
  const json::Value& schemas = schemas_of(doc);
  for (const registry::Resource* r : management::resources::catalog().all()) {
    std::vector<std::string> want;
    for (const auto& f : r->fields)
      if (f.required) want.emplace_back(f.name);
    EXPECT_EQ(names_in(schemas.find(r->model)->find("required")), want) << r->model;
  }
  EXPECT_EQ(names_in(schemas.find("ApplicationCultureModel")->find("required")), std::vector<std::string>{"CultureCode"});
  EXPECT_EQ(names_in(schemas.find("ApplicationCurrencyModel")->find("required")), std::vector<std::string>{"Id"});
  EXPECT_EQ(names_in(schemas.find("CategoryCultureModel")->find("required")), std::vector<std::string>{"CultureCode"});
  EXPECT_EQ(names_in(schemas.find("SalesAreaVatCodeModel")->find("required")), std::vector<std::string>{"SalesAreaId"});
  EXPECT_EQ(schemas.find("CategoryModel")->find("required"), nullptr) << "Norce requires no member of a category";
}

// Each operation lists the errors it can give: every one 400 (tenancy headers), 401, 403 and 503; 404 where a
// path parameter names something; 409 on writes to a resource with unique keys or a guard rule; 413 and 415
// where there is a body. The server's own endpoints list theirs.
TEST(OpenApiSchema, OperationsListTheErrorsTheyCanGive) {
  const json::Value doc = document();
  using V = std::vector<std::string>;
  EXPECT_EQ(statuses_of(doc, "/api/category", "post"), (V{"200", "400", "401", "403", "409", "413", "415", "503"}));
  EXPECT_EQ(statuses_of(doc, "/api/category/{id}", "get"), (V{"200", "400", "401", "403", "404", "503"}));
  EXPECT_EQ(statuses_of(doc, "/api/category/{id}", "put"),
            (V{"200", "400", "401", "403", "404", "409", "413", "415", "503"}));
  EXPECT_EQ(statuses_of(doc, "/api/category", "get"), (V{"200", "400", "401", "403", "503"}));
  EXPECT_EQ(statuses_of(doc, "/api/application/culture/{cultureCode}", "delete"),
            (V{"204", "400", "401", "403", "404", "409", "503"}))
      << "the default culture cannot be removed (409)";
  EXPECT_EQ(statuses_of(doc, "/identity/1.0/connect/token", "post"), (V{"200", "400", "413", "503"}));
  EXPECT_EQ(statuses_of(doc, "/readyz", "get"), (V{"200", "503"}));
  const json::Value* problem = doc.find("components")->find("responses")->find("UnsupportedMediaType");
  ASSERT_NE(problem, nullptr);
  EXPECT_NE(problem->find("content")->find("application/problem+json"), nullptr);
}

// The token URL is served absolute for the origin the client reached; a Host that is not a plain host[:port]
// leaves it relative rather than writing it into the document.
TEST(OpenApiSchema, TheTokenUrlIsMadeAbsolutePerOrigin) {
  management::Router router(management::resources::catalog());
  management::OpenApiDocument doc(management::openapi_document(management::resources::catalog(), router));
  EXPECT_NE(doc.text().find("\"tokenUrl\":\"/identity/1.0/connect/token\""), std::string::npos);
  const std::string served = doc.with_origin("https://norced.example:8443");
  EXPECT_NE(served.find("\"tokenUrl\":\"https://norced.example:8443/identity/1.0/connect/token\""), std::string::npos);
  EXPECT_EQ(served.size(), doc.text().size() + std::string("https://norced.example:8443").size());
  EXPECT_EQ(doc.with_origin(""), doc.text());
}
