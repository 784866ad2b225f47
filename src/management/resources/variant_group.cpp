// Product VariantGroup (catalog part C, `product/variant-group`): a set of variant types (the dimensions products
// vary on: size, colour), each tied to a parametric. The variant types have no operations of their own in the
// catalog; they are written through their group's VariantTypes array and stored as a resource of their own
// (VariantType, no routes), which the group lists by id in a collection. Writing VariantTypes follows the array
// convention of docs/decisions.md: each listed entry is written (by its Id, which must be one of the group's, or
// new without one), entries not listed stay; a variant type is soft-deleted with IsActive false.
#include <algorithm>
#include <memory>
#include <set>

#include "json/value.hpp"
#include "json/writer.hpp"
#include "management/convert.hpp"
#include "management/input.hpp"
#include "management/render.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/metadata.hpp"
#include "management/resources/resources.hpp"
#include "management/rules.hpp"
#include "management/save.hpp"
#include "management/texts.hpp"
#include "store/fold_case.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

// The parametric a variant type is tied to is served by the Parametric resource, when the catalog has it.
constexpr std::string_view kParametric = "Parametric";
const std::vector<std::string_view> kVariantTypeTypes = {"text", "html", "int", "decimal", "date", "boolean", "list",
                                                         "multiple"};

// --- VariantType (VariantTypeModel): the group's elements ----------------------------------------------------

struct TypeMembers {
  explicit TypeMembers(const Resource& r)
      : parametric(r, "ParametricId"), parametric_name(r, "ParametricName"),
        parametric_description(r, "ParametricDescription"), type(r, "Type") {}
  FieldRef<int64_t> parametric;
  FieldRef<std::string> parametric_name, parametric_description, type;
};

// Rule: a variant type's ParametricId names one of the client's parametrics (none exist while the catalog serves
// no Parametric), and its Type is one of the value types the catalog lists.
void check_variant_type(RuleContext& ctx, const TypeMembers& m, const Entity& next, std::vector<FieldError>& errors) {
  if (auto id = m.parametric.get(next)) {
    const Resource* parametric = ctx.catalog.find(kParametric);
    if (!parametric || !ctx.tx.exists(*parametric, *id))
      errors.push_back({"ParametricId", "There is no Parametric with id " + std::to_string(*id) + "."});
  }
  if (auto type = m.type.get(next);
      type && std::find(kVariantTypeTypes.begin(), kVariantTypeTypes.end(), *type) == kVariantTypeTypes.end())
    errors.push_back({"Type", "'" + *type + "' is not a variant type value type; use text, html, int, decimal, date, "
                                            "boolean, list or multiple."});
}

// Derived: the linked parametric's name and description, in the application's culture.
void derive_parametric(RuleContext& ctx, const TypeMembers& m, std::vector<Entity>& items) {
  const Resource* parametric = ctx.catalog.find(kParametric);
  if (!parametric) return;
  metadata::derive_referenced_name(ctx, items, *parametric, m.parametric, m.parametric_name);
  const int slot = parametric->text_index("Description");
  if (slot < 0) return;
  for (auto& e : items)
    if (auto id = m.parametric.get(e))
      if (auto p = ctx.tx.get(*parametric, *id))
        m.parametric_description.set(e, effective_text(*p, ctx.culture(), ctx.default_culture(), slot));
}

Resource describe_variant_type() {
  // No path: no operations (written and read through VariantGroup.VariantTypes).
  Resource r = metadata::resource("VariantType", "VariantTypeModel", "VariantTypeCultureModel", "", "variant_type",
                                  "Product VariantGroup");
  // Not a registry reference (Field::references): the Parametric resource may be absent from the catalog, so
  // check_variant_type looks it up when the check runs.
  Field parametric = col("ParametricId", Type::Int, true, "The parametric the variant type is tied to.");
  r.fields = members({
      {id("Variant type id.")},
      name_and_description(),
      {col("Code", Type::String, true, "Unique code; keep it equal to the parametric's code.", 50),
       col("SortOrder", Type::Int, false, "Sort order within the group."),
       is_active("False when soft-deleted from its group."),
       parametric,
       derived("ParametricName", Type::String, true, "Name of the parametric."),
       derived("ParametricDescription", Type::String, true, "Description of the parametric."),
       col("Uom", Type::String, true, "Unit of measurement."),
       col("Type", Type::String, true, "Value type: text, html, int, decimal, date, boolean, list or multiple."),
       changed(), changed_by(), cultures("VariantTypeCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  // No operations: written and read through VariantGroup.VariantTypes.
  auto m = std::make_shared<const TypeMembers>(r);
  rules_for(r).validate = [m](RuleContext& ctx, const json::Value&, Entity& next, const Entity*,
                              std::vector<FieldError>& errors) { check_variant_type(ctx, *m, next, errors); };
  rules_for(r).derive = [m](RuleContext& ctx, std::vector<Entity>& items) { derive_parametric(ctx, *m, items); };
  return r;
}

// --- VariantGroup (VariantGroupModel) ------------------------------------------------------------------------

// The ids of the group's variant types (collection 0: variant_type_id).
std::set<int64_t> type_ids(const Entity& group) {
  std::set<int64_t> out;
  if (!group.collections.empty())
    for (const auto& row : group.collections[0]) out.insert(row[0]);
  return out;
}

// Whether a decoded variant type says nothing new compared with the stored one (audit members aside), so that a
// group read and written back does not rewrite every element.
bool same_variant_type(const Entity& next, const Entity& current) {
  static const int changed = variant_type().field_index("Changed"), by = variant_type().field_index("ChangedBy");
  for (size_t i = 0; i < next.cells.size(); ++i)
    if (static_cast<int>(i) != changed && static_cast<int>(i) != by && next.cells[i] != current.cells[i]) return false;
  if (next.cultures.size() != current.cultures.size()) return false;
  for (size_t i = 0; i < next.cultures.size(); ++i)
    if (next.cultures[i].culture != current.cultures[i].culture || next.cultures[i].texts != current.cultures[i].texts)
      return false;
  return true;
}

// The problem's member errors under the element's path: "Code" -> "VariantTypes[2].Code".
void add_element_errors(const std::string& at, Problem p, std::vector<FieldError>& errors) {
  if (p.errors.empty()) errors.push_back({at, p.detail});
  for (auto& e : p.errors) errors.push_back({at + (e.field.empty() ? "" : "." + e.field), std::move(e.message)});
}

// The group's variant type whose Code is the entry's, ignoring case, if any.
std::optional<Entity> by_code(RuleContext& ctx, const std::set<int64_t>& mine, const json::Value& item) {
  static const FieldRef<std::string> code(variant_type(), "Code");
  const json::Value* v = item.find("Code");
  if (!v || v->kind() != json::Kind::String || mine.empty()) return std::nullopt;
  for (auto& e : ctx.tx.get_many(variant_type(), std::vector<int64_t>(mine.begin(), mine.end())))
    if (auto c = code.get(e); c && store::fold_case(*c) == store::fold_case(v->as_string())) return std::move(e);
  return std::nullopt;
}

// Rule: VariantTypes[] writes each listed variant type (decoded, checked and saved as a VariantType, within this
// write's transaction) and keeps the group's list of them. An Id must be one of this group's variant types; an
// entry without one (or with 0) is a new variant type. Any element's error is reported under its path, a taken
// Code included, and the whole write is refused.
void apply_variant_types(RuleContext& ctx, const json::Value& body, Entity& next, std::vector<FieldError>& errors) {
  const json::Value* list = body.find("VariantTypes");
  if (!list || list->kind() != json::Kind::Array) return;  // missing or null: left alone (shape checked before)
  static const FieldRef<std::string> changed_by(variant_group(), "ChangedBy");
  const Resource& vt = variant_type();
  std::set<int64_t> mine = type_ids(next);
  for (size_t i = 0; i < list->items().size(); ++i) {
    const json::Value& item = list->items()[i];
    const std::string at = "VariantTypes[" + std::to_string(i) + "]";
    std::optional<Entity> current;
    int64_t id = 0;
    if (const json::Value* v = item.find("Id"); v && !v->is_null()) {
      auto given = decoded_int(*v);
      if (!given) {
        errors.push_back({at + ".Id", "Expected an integer id of a variant type of this group."});
        continue;
      }
      if (*given != 0) {
        if (!mine.count(*given) || !(current = ctx.tx.get(vt, *given))) {
          errors.push_back({at + ".Id", "Variant type " + std::to_string(*given) + " is not a variant type of this "
                                                                                   "group; leave Id out to add one."});
          continue;
        }
        id = *given;
      }
    }
    if (id == 0) current = by_code(ctx, mine, item);  // a seed file names elements by Code
    if (current) id = current->id;
    WriteRequest wr{vt, item, current ? &*current : nullptr, id, changed_by.get(next).value_or(""), {}};
    auto built = build_entity(ctx, wr);
    if (!built) {
      add_element_errors(at, built.take_problem(), errors);
      continue;
    }
    if (current && same_variant_type(*built, *current)) continue;
    auto saved = save(ctx, vt, std::move(*built), current ? &*current : nullptr,
                      current ? SaveKind::Update : SaveKind::Insert);
    if (!saved) {
      add_element_errors(at, saved.take_problem(), errors);
      continue;
    }
    mine.insert(saved->id);
  }
  if (next.collections.empty()) next.collections.resize(1);
  next.collections[0].clear();
  for (int64_t t : mine) next.collections[0].push_back({t});
}

// VariantTypes on read: the group's variant types, active and soft-deleted, by SortOrder then Id.
void render_variant_types(RuleContext& ctx, const Entity& group, json::Writer& w) {
  static const FieldRef<int64_t> sort(variant_type(), "SortOrder");
  const std::set<int64_t> ids = type_ids(group);
  auto items = ctx.tx.get_many(variant_type(), std::vector<int64_t>(ids.begin(), ids.end()));
  std::sort(items.begin(), items.end(), [](const Entity& a, const Entity& b) {
    return std::pair(sort.get(a).value_or(0), a.id) < std::pair(sort.get(b).value_or(0), b.id);
  });
  if (const auto& derive = rules_of(variant_type()).derive) derive(ctx, items);
  w.begin_array();
  for (const auto& e : items) render_entity(ctx, variant_type(), e, w);
  w.end_array();
}

Resource describe_variant_group() {
  Resource r = metadata::resource("VariantGroup", "VariantGroupModel", "VariantGroupCultureModel",
                                   "product/variant-group", "variant_group", "Product VariantGroup");
  r.fields = members({
      {id("Variant group id.")},
      name_and_description(),
      {col("Code", Type::String, true, "Variant group code; unique within the client.", 50),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       changed(), changed_by(),
       custom("VariantTypes", Type::Array, true,
              "The group's variant types. On a write, each listed entry is written (by Id, or new without one); "
              "entries not listed stay.",
              "VariantTypeModel"),
       cultures("VariantGroupCultureModel")},
  });
  r.collections = {{"VariantTypes", "variant_group_type", {"variant_type_id"}, "VariantType"}};
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted, OpKind::Compact});
  rules_for(r).validate = [](RuleContext& ctx, const json::Value& body, Entity& next, const Entity*,
                             std::vector<FieldError>& errors) { apply_variant_types(ctx, body, next, errors); };
  rules_for(r).render_custom = [](RuleContext& ctx, const registry::Field&, const Entity& e, json::Writer& w) {
    render_variant_types(ctx, e, w);
  };
  r.example = R"({"Name":"Size","Description":"Clothing sizes.","Code":"SIZE","IsActive":true,)"
              R"("VariantTypes":[{"Name":"Size","SortOrder":1,"IsActive":true,"Type":"list"}],)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"Storlek"}]})";
  return r;
}

}  // namespace

const Resource& variant_type() { return described<describe_variant_type>(); }
const Resource& variant_group() { return described<describe_variant_group>(); }

}  // namespace norced::management::resources
