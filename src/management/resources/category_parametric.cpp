// CategoryParametric (catalog part A): the parametrics linked to a category (category/{categoryId}/parametric),
// shown and filterable for its products. A link is keyed by the parametric's id (the model's Id) within its
// category, like a Settings link is by a system-wide id; it carries the category's own sort order, required flag
// and group, and shows the parametric's name, code, unit, description and type. DELETE unlinks softly (IsActive
// false, listed under deleted); PUT with IsActive true links again. Inferred members and operations:
// docs/decisions.md ("Parametrics").
#include <memory>
#include <unordered_map>

#include "core/ascii.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "management/texts.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::Expr;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

Resource describe();

const Resource& self() {
  static const Resource r = describe();
  return r;
}

// The members the rules read and write, resolved once when the description is built.
struct Members {
  explicit Members(const Resource& r)
      : id(r, "Id"), name(r, "Name"), code(r, "Code"), uom(r, "Uom"), description(r, "Description"), type(r, "Type"),
        type_id(r, "TypeId"), group(r, "GroupId"), p_code(parametric(), "Code"), p_type(parametric(), "Type"),
        p_group(parametric(), "GroupId") {}
  FieldRef<int64_t> id;
  FieldRef<std::string> name, code, uom, description, type;
  FieldRef<int64_t> type_id, group;
  FieldRef<std::string> p_code, p_type;  // of the linked parametric
  FieldRef<int64_t> p_group;
};

// TypeId, which the catalog calls obsolete: Connect's ParametricType numbers (1 text, 2 int, 3 decimal, 4 boolean,
// 5 html, 6 date), then list 7 and multiple 8.
int64_t type_id_of(const std::string& type) {
  static const std::pair<std::string_view, int64_t> ids[] = {{"text", 1}, {"int", 2},  {"decimal", 3}, {"boolean", 4},
                                                             {"html", 5}, {"date", 6}, {"list", 7},    {"multiple", 8}};
  for (const auto& [name, id] : ids)
    if (name == type) return id;
  return 0;
}

// Derived members: the linked parametric's texts in the application's culture, its code and type, and its own
// group where the link names none.
void derive(RuleContext& ctx, const Members& m, std::vector<Entity>& items) {
  std::vector<int64_t> ids;
  for (const auto& e : items)
    if (auto id = m.id.get(e)) ids.push_back(*id);
  std::unordered_map<int64_t, Entity> linked;
  for (auto& p : ctx.tx.get_many(parametric(), ids)) linked.emplace(p.id, std::move(p));
  const Resource& p = parametric();
  const int name_slot = p.text_index("Name"), uom_slot = p.text_index("Uom"), desc_slot = p.text_index("Description");
  for (auto& e : items) {
    auto it = linked.find(m.id.get(e).value_or(0));
    if (it == linked.end()) continue;
    const Entity& par = it->second;
    m.name.set(e, effective_text(par, ctx.culture(), ctx.default_culture(), name_slot));
    m.uom.set(e, effective_text(par, ctx.culture(), ctx.default_culture(), uom_slot));
    m.description.set(e, effective_text(par, ctx.culture(), ctx.default_culture(), desc_slot));
    m.code.set(e, m.p_code.get(par));
    const std::string type = m.p_type.get(par).value_or("");
    m.type.set(e, type);
    m.type_id.set(e, type_id_of(type));
    if (!m.group.get(e)) m.group.set(e, m.p_group.get(par));
  }
}

// The list shows the active links; isRequired=true only the required ones.
Result<registry::ListQuery> list_query(RuleContext&, const registry::ListParams& params) {
  registry::ListQuery q;
  q.where = Expr::cmp(Expr::Op::Eq, "IsActive", true);
  const std::string* required = params.find("isRequired");
  if (!required || required->empty() || ascii::iequals(*required, "false")) return q;
  if (!ascii::iequals(*required, "true"))
    return Problem::validation("isRequired", "'" + *required + "' is not a boolean; use true or false.");
  q.where = Expr::all_of({std::move(q.where), Expr::cmp(Expr::Op::Eq, "IsRequired", true)});
  return q;
}

Resource describe() {
  Resource r;
  r.name = "CategoryParametric";
  r.model = "CategoryParametricModel";
  r.path = "category/{categoryId}/parametric";
  r.table = "category_parametric";
  r.tag = "CategoryParametric";
  registry::Field id = key_id("parametric_id", "Parametric id: the parametric linked to the category.");
  id.references = "Parametric";
  r.fields = {
      id,
      ref("CategoryId", "Category", "The category the parametric is linked to (the path's categoryId)."),
      derived("Name", Type::String, true, "The parametric's name in the application's culture."),
      derived("Code", Type::String, true, "The parametric's code."),
      derived("Uom", Type::String, true, "The parametric's unit of measure in the application's culture."),
      derived("Description", Type::String, true, "The parametric's description in the application's culture."),
      derived("Type", Type::String, true, "The parametric's value type."),
      derived("TypeId", Type::Int, false, "Obsolete; use Type. 1 text, 2 int, 3 decimal, 4 boolean, 5 html, 6 date, 7 list, 8 multiple."),
      ref("GroupId", "ParametricGroup", "Group for this category; null shows the parametric's own group."),
      col("SortOrder", Type::Int, true, "Position among the category's parametrics."),
      flag("IsRequired", false, "Products of the category must have a value for it."),
      is_active("False when unlinked (DELETE): listed under deleted; PUT with true links it again."),
  };
  r.unique = {"Id"};
  r.unique_within = {"CategoryId"};
  r.soft_delete = true;
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::Delete, OpKind::List,
                                                 OpKind::Insert, OpKind::ListDeleted});
  r.list_params = {{"isRequired", Type::Bool, "When true, only the parametrics the category requires.", {}, "false"}};
  auto m = std::make_shared<const Members>(r);
  rules_for(r).derive = [m](RuleContext& ctx, std::vector<Entity>& items) { derive(ctx, *m, items); };
  rules_for(r).list_query = list_query;
  // Id and CategoryId name rows the generated tests make from Parametric's and Category's own examples.
  r.example = R"({"Id":1,"CategoryId":1,"SortOrder":1,"IsRequired":true,"IsActive":true})";
  return r;
}

}  // namespace

const Resource& category_parametric() { return self(); }

}  // namespace norced::management::resources
