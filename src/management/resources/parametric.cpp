// Parametrics (catalog part B): typed product attributes (ParametricModel), the groups they are shown in
// (ParametricGroupModel), and the predefined values of the two choice types: list values
// (parametric/{parametricId}/list, ParametricListModel) and multiple-choice values
// (parametric/{parametricId}/multiple, ParametricMultipleModel), each a child of its parametric: bound to it by
// the path, listed per parametric, with a Code unique within it. Members and operations the catalog only
// describes are inferred as docs/decisions.md ("Parametrics") records.
#include <memory>

#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::Expr;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

// The value types of a parametric, as the catalog's enum spells them (CategoryParametricModel.Type).
constexpr std::string_view kList = "list";
constexpr std::string_view kMultiple = "multiple";
const std::vector<std::string_view>& parametric_types() {
  static const std::vector<std::string_view> t = {"text", "html", "int", "decimal", "date", "boolean", kList, kMultiple};
  return t;
}

registry::Field not_null(registry::Field f) {
  f.nullable = false;
  return f;
}

// The members of a predefined value of a choice parametric (list or multiple), in the catalog's order;
// ImageKey and ImageUrl only where the catalog shows them (multiple).
std::vector<registry::Field> choice_value_members(bool images) {
  std::vector<registry::Field> out = {
      id("Value id."),
      required(not_null(ref("ParametricId", "Parametric", "The parametric the value belongs to (the path's parametricId)."))),
      text("Value", "Value", "Display value in the application's culture."),
      default_text("DefaultValue", "Value", "Display value in the default culture."),
      inherited("IsValueInherited", "Value", "True when the value falls back to the default culture."),
      text("Description", "Description", "Description in the application's culture; no length limit."),
      default_text("DefaultDescription", "Description", "Description in the default culture."),
      inherited("IsDescriptionInherited", "Description", "True when the description falls back."),
      col("SortOrder", Type::Int, true, "Display order among the parametric's values; null = no particular order."),
      col("Code", Type::String, true, "Code of the value; unique within its parametric, letter case ignored.", 50),
  };
  if (images) {
    out.push_back(col("ImageKey", Type::String, true, "Image key."));
    out.push_back(col("ImageUrl", Type::String, true, "Path of an attached image; deprecated."));
  }
  out.push_back(is_active("False when soft-deleted: removed from pick lists, listed under deleted, restorable."));
  out.push_back(changed());
  out.push_back(changed_by());
  return out;
}

// --- ParametricGroup --------------------------------------------------------------------------------------

Resource describe_group() {
  Resource r;
  r.name = "ParametricGroup";
  r.model = "ParametricGroupModel";
  r.culture_model = "ParametricGroupCultureModel";
  r.path = "parametricgroup";
  r.table = "parametric_group";
  r.tag = "Parametric Group";
  r.texts = {{"Name", 50, true}, {"Description", 500, true}};
  r.fields = members({
      {id("Parametric group id.")},
      name_and_description(),
      {is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       col("Code", Type::String, true, "Group code; unique among the client's parametric groups.", 50),
       changed(),
       changed_by(),
       cultures("ParametricGroupCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = registry::conventional(
      r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert, OpKind::ListDeleted, OpKind::Compact});
  r.example = R"({"Code":"DIMENSIONS","Name":"Dimensions","Description":"Size and weight.","IsActive":true,)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"Mått"}]})";
  return r;
}

// --- Parametric -------------------------------------------------------------------------------------------

struct ParametricMembers {
  explicit ParametricMembers(const Resource& r) : type(r, "Type") {}
  FieldRef<std::string> type;
};

// Rule: every parametric has a value type (PUT replaces the model, so a PUT without Type is refused too).
void require_type(const ParametricMembers& m, const Entity& next, std::vector<FieldError>& errors) {
  if (!m.type.get(next).value_or("").empty()) return;
  std::string list;
  for (auto t : parametric_types()) list += (list.empty() ? "" : ", ") + std::string(t);
  errors.push_back({"Type", "A value is required; one of: " + list + "."});
}

// Rule: a list or multiple parametric keeps its type while it has values of that type (409 naming Type): the
// values would belong to a parametric that cannot show them.
Status keep_type_of_values(RuleContext& ctx, const ParametricMembers& m, const Entity& next, const Entity* current) {
  if (!current) return ok_status();
  const std::string before = m.type.get(*current).value_or("");
  if (before == m.type.get(next).value_or("")) return ok_status();
  const Resource* values = before == kList       ? &parametric_list()
                           : before == kMultiple ? &parametric_multiple()
                                                 : nullptr;
  if (!values) return ok_status();
  registry::ListQuery q;
  q.where = Expr::cmp(Expr::Op::Eq, "ParametricId", next.id);
  q.limit = 1;
  if (ctx.tx.list(*values, q).empty()) return ok_status();
  return Problem::conflict("Type", "Parametric " + std::to_string(next.id) + " has " + before +
                                       " values; it stays of type '" + before + "' while it has them.");
}

Resource describe_parametric() {
  Resource r;
  r.name = "Parametric";
  r.model = "ParametricModel";
  r.culture_model = "ParametricCultureModel";
  r.path = "parametric";
  r.table = "parametric";
  r.tag = "Parametric";
  r.texts = {{"Name", 50, true}, {"Description", 500, true}, {"Uom", 50, true}};
  registry::Field type = col("Type", Type::String, false, "Value type: text, html, int, decimal, date, boolean, list or multiple.");
  type.allowed_text = parametric_types();
  r.fields = members({
      {id("Parametric id.")},
      name_and_description(),
      {text("Uom", "Uom", "Unit of measure in the application's culture (free text, kept exactly)."),
       default_text("DefaultUom", "Uom", "Unit of measure in the default culture."),
       inherited("IsUomInherited", "Uom", "True when the unit falls back to the default culture."),
       required(type),
       ref("GroupId", "ParametricGroup", "Default parametric group; null = none."),
       col("Code", Type::String, true, "Parametric code; unique among the client's parametrics.", 50),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       changed(),
       changed_by(),
       cultures("ParametricCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = registry::conventional(
      r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert, OpKind::ListDeleted, OpKind::Compact});
  auto m = std::make_shared<const ParametricMembers>(r);
  rules_for(r).validate = [m](RuleContext&, const json::Value&, Entity& next, const Entity*,
                              std::vector<FieldError>& errors) { require_type(*m, next, errors); };
  rules_for(r).guard = [m](RuleContext& ctx, const Entity& next, const Entity* current) {
    return keep_type_of_values(ctx, *m, next, current);
  };
  // A list parametric: the type whose values the list resource holds. GroupId names a row the generated tests make
  // from ParametricGroup's own example.
  r.example = R"({"Code":"COLOUR","Name":"Colour","Description":"Main colour.","Uom":null,"Type":"list",)"
              R"("GroupId":1,"IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Name":"Färg"}]})";
  return r;
}

// --- ParametricList and ParametricMultiple -----------------------------------------------------------------

// Rule: list values belong to a parametric of type list, multiple-choice values to one of type multiple (400
// naming ParametricId). An unknown parametric is the reference check's 400.
void check_owner_type(RuleContext& ctx, std::string_view owner_type, const FieldRef<int64_t>& parametric,
                      const Entity& next, std::vector<FieldError>& errors) {
  static const FieldRef<std::string> type(resources::parametric(), "Type");
  auto id = parametric.get(next);
  if (!id) return;
  auto owner = ctx.tx.get(resources::parametric(), *id);
  if (!owner) return;
  const std::string actual = type.get(*owner).value_or("");
  if (actual != owner_type)
    errors.push_back({"ParametricId", "Parametric " + std::to_string(*id) + " is of type '" + actual + "'; only a " +
                                          std::string(owner_type) + " parametric has " + std::string(owner_type) +
                                          " values."});
}

Resource describe_choice_values(std::string_view owner_type) {
  const bool multiple = owner_type == kMultiple;
  Resource r;
  r.name = multiple ? "ParametricMultiple" : "ParametricList";
  r.model = multiple ? "ParametricMultipleModel" : "ParametricListModel";
  r.culture_model = multiple ? "ParametricMultipleCultureModel" : "ParametricListCultureModel";
  r.path = multiple ? "parametric/{parametricId}/multiple" : "parametric/{parametricId}/list";
  r.table = multiple ? "parametric_multiple" : "parametric_list";
  r.tag = multiple ? "Parametric Multiple" : "Parametric List";
  r.texts = {{"Value", 255, true}, {"Description", 0, true}};
  r.fields = choice_value_members(multiple);
  r.fields.push_back(cultures(r.culture_model));
  r.unique = {"Code"};
  r.unique_within = {"ParametricId"};
  r.soft_delete = true;
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted});
  auto parametric = std::make_shared<const FieldRef<int64_t>>(r, "ParametricId");
  rules_for(r).validate = [parametric, owner_type](RuleContext& ctx, const json::Value&, Entity& next, const Entity*,
                                                   std::vector<FieldError>& errors) {
    check_owner_type(ctx, owner_type, *parametric, next, errors);
  };
  r.example = multiple ? R"({"ParametricId":1,"Code":"COTTON","Value":"Cotton","Description":"Natural fibre.",)"
                         R"("SortOrder":1,"IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Value":"Bomull"}]})"
                       : R"({"ParametricId":1,"Code":"RED","Value":"Red","Description":"Bright red.","SortOrder":1,)"
                         R"("IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Value":"Röd"}]})";
  // The parametric the example's value belongs to must be of the owning type.
  if (multiple)
    r.example_references = {{"ParametricId", R"({"Code":"MATERIAL","Name":"Material","Type":"multiple","IsActive":true})"}};
  return r;
}

}  // namespace

const Resource& parametric_group() {
  static const Resource r = describe_group();
  return r;
}
const Resource& parametric() {
  static const Resource r = describe_parametric();
  return r;
}
const Resource& parametric_list() {
  static const Resource r = describe_choice_values(kList);
  return r;
}
const Resource& parametric_multiple() {
  static const Resource r = describe_choice_values(kMultiple);
  return r;
}

}  // namespace norced::management::resources
