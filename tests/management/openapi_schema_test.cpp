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
