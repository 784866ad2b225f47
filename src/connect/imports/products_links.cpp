// What an ImportProducts item links a Product row to, by code: its categories (with its position in each), its
// family, its assortment, its variant group and its flags. Nothing is created here: an unknown code is a warning
// and that link is skipped.
//
// Categories, when listed and given, are the product's categories (the list replaces them; the import has no
// other way to take a product out of a category). Flags carry their own switches (IsSet, IsCreateOnly), so
// ProductFlags and VariantFlags are applied whenever they are given; setting a flag of a single-choice group
// clears the other flags of that group on the product, as Norce does.
#include <algorithm>
#include <climits>
#include <map>

#include "connect/imports/products.hpp"
#include "management/convert.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Entity;
namespace res = management::resources;

namespace {

size_t collection_index(std::string_view field) {
  const auto& c = res::product().collections;
  for (size_t i = 0; i < c.size(); ++i)
    if (c[i].field == field) return i;
  registry::detail::bad_field_ref("Product", field, "is not a collection");
}

// An optional int32 member (SortOrder) as stored in a collection row (INT64_MIN: null).
int64_t collection_int(ItemPlan& plan, const json::Value* v, const std::string& path) {
  if (!v || v->is_null()) return INT64_MIN;
  auto cell = management::to_cell(*v, {registry::Type::Int, true});
  if (const auto* message = std::get_if<std::string>(&cell)) {
    plan.refuse(path + ": " + *message);
    return INT64_MIN;
  }
  const auto* n = std::get_if<int64_t>(&std::get<registry::Cell>(cell));
  return n ? *n : INT64_MIN;
}

struct FlagInfo {
  int64_t id = 0;
  int64_t group = 0;
  bool single_choice = false;
};

std::optional<FlagInfo> find_flag(ImportContext& ctx, const std::string& code) {
  static const registry::FieldRef<int64_t> group(res::product_flag(), "GroupId");
  static const registry::FieldRef<bool> multiple(res::product_flag_group(), "IsMultipleChoice");
  auto id = ctx.tx.find_unique(res::product_flag(), "Code", code);
  if (!id) return std::nullopt;
  FlagInfo f{*id};
  if (auto flag = ctx.tx.get(res::product_flag(), *id)) {
    f.group = group.get(*flag).value_or(0);
    if (auto g = ctx.tx.get(res::product_flag_group(), f.group)) f.single_choice = !multiple.get(*g).value_or(true);
  }
  return f;
}

// Sets a flag on the row: first clears the other flags of its group when the group is single-choice.
void set_flag(ImportContext& ctx, std::vector<std::vector<int64_t>>& rows, const FlagInfo& f) {
  static const registry::FieldRef<int64_t> group(res::product_flag(), "GroupId");
  if (f.single_choice) {
    std::vector<int64_t> ids;
    for (const auto& row : rows)
      if (row.front() != f.id) ids.push_back(row.front());
    for (const auto& other : ctx.tx.get_many(res::product_flag(), ids))
      if (group.get(other).value_or(0) == f.group)
        std::erase_if(rows, [&](const auto& row) { return row.front() == other.id; });
  }
  if (std::none_of(rows.begin(), rows.end(), [&](const auto& row) { return row.front() == f.id; }))
    rows.push_back({f.id});
}

void apply_flag_list(ImportContext& ctx, ItemPlan& plan, VariantPlan& v, const json::Value* flags,
                     const std::string& path) {
  if (!flags || flags->is_null()) return;
  if (flags->kind() != json::Kind::Array) {
    plan.refuse(path + ": must be a list.");
    return;
  }
  auto& rows = v.product.collections[collection_index("Flags")];
  for (size_t i = 0; i < flags->items().size(); ++i) {
    const json::Value& f = flags->items()[i];
    const std::string where = path + "[" + std::to_string(i) + "]";
    const auto code = f.kind() == json::Kind::Object ? string_member(f, "Code") : std::nullopt;
    if (!code) {
      plan.warn(where + ": no flag Code; skipped.");
      continue;
    }
    const json::Value* create_only = f.find("IsCreateOnly");
    if (create_only && create_only->kind() == json::Kind::Bool && create_only->as_bool() && !v.creating()) continue;
    const auto flag = find_flag(ctx, *code);
    if (!flag) {
      plan.warn(where + ".Code: there is no product flag '" + *code + "'; skipped.");
      continue;
    }
    // A flag named without IsSet is being set.
    const json::Value* is_set = f.find("IsSet");
    if (!is_set || is_set->kind() != json::Kind::Bool || is_set->as_bool()) set_flag(ctx, rows, *flag);
    else std::erase_if(rows, [&](const auto& row) { return row.front() == flag->id; });
    if (const json::Value* stop = f.find("StopDate"); stop && !stop->is_null())
      plan.warn(where + ".StopDate: flag stop dates are not stored yet; the flag is set without one.");
  }
}

}  // namespace

void apply_categories(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  using namespace product_field;
  if (!writes(ctx.header, kProductFields, {Categories, CategoriesCreateOnly, CategoriesLimitedUpdate}, v.creating()))
    return;
  const json::Value* categories = plan.json.find("Categories");
  if (!categories || categories->is_null()) return;
  if (categories->kind() != json::Kind::Array) {
    plan.refuse("Categories: must be a list.");
    return;
  }
  std::vector<std::vector<int64_t>> rows;
  for (size_t i = 0; i < categories->items().size(); ++i) {
    const json::Value& c = categories->items()[i];
    const std::string where = "Categories[" + std::to_string(i) + "]";
    const auto code = c.kind() == json::Kind::Object ? string_member(c, "Code") : std::nullopt;
    if (!code) {
      plan.warn(where + ": no category Code; skipped.");
      continue;
    }
    const auto id = ctx.tx.find_unique(res::category(), "Code", *code);
    if (!id) {
      plan.warn(where + ".Code: there is no category '" + *code + "'; skipped.");
      continue;
    }
    const int64_t sort_order = collection_int(plan, c.find("SortOrder"), where + ".SortOrder");
    std::erase_if(rows, [&](const auto& row) { return row.front() == *id; });  // a repeat: the last one counts
    rows.push_back({*id, sort_order});
  }
  v.product.collections[collection_index("Categories")] = std::move(rows);
}

namespace {

// A reference member of the Product row set from an object of the item that names a row of `target` by Code
// (Family, VariantDefinitionGroup): null clears it, an unknown code is a warning. Returns the object when set.
const json::Value* link_by_code(ImportContext& ctx, ItemPlan& plan, VariantPlan& v, std::string_view member,
                                const registry::Resource& target, std::string_view field, std::string_view what) {
  const json::Value* o = plan.json.find(member);
  if (!o) return nullptr;
  const registry::FieldRef<int64_t> ref(res::product(), field);
  if (o->is_null()) {
    ref.set(v.product, std::nullopt);
    return nullptr;
  }
  const std::string path = std::string(member) + ".Code";
  const auto code = o->kind() == json::Kind::Object ? string_member(*o, "Code") : std::nullopt;
  if (!code) {
    plan.refuse(path + ": required.");
    return nullptr;
  }
  const auto id = ctx.tx.find_unique(target, "Code", *code);
  if (!id) {
    plan.warn(path + ": there is no " + std::string(what) + " '" + *code + "'; the import does not create one.");
    return nullptr;
  }
  ref.set(v.product, *id);
  return o;
}

}  // namespace

void apply_family(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  if (ctx.header.has(kProductFields, product_field::Family))
    link_by_code(ctx, plan, v, "Family", res::family(), "FamilyId", "family");
}

// AssortmentCode (ProductField 14) is a plain Code, not an object: the ClientAssortment of that Code (the
// Management API's; never created), null or "" clears the link, an unknown code is a warning.
void apply_assortment(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  static const registry::FieldRef<int64_t> assortment(res::product(), "AssortmentId");
  if (!ctx.header.has(kProductFields, product_field::Assortment)) return;
  const json::Value* code = plan.json.find("AssortmentCode");
  if (!code) return;
  if (code->is_null() || (code->kind() == json::Kind::String && code->as_string().empty())) {
    assortment.set(v.product, std::nullopt);
    return;
  }
  if (code->kind() != json::Kind::String) {
    plan.warn("AssortmentCode: must be a string or null; skipped.");
    return;
  }
  const auto id = ctx.tx.find_unique(res::client_assortment(), "Code", code->as_string());
  if (!id) {
    plan.warn("AssortmentCode: there is no assortment '" + code->as_string() + "'; the import does not create one.");
    return;
  }
  assortment.set(v.product, *id);
}

void apply_variant_group(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  using namespace product_field;
  if (!writes(ctx.header, kProductFields, {VariantDefinitionGroup, VariantDefinitionGroupCreateOnly}, v.creating()))
    return;
  const json::Value* group = link_by_code(ctx, plan, v, "VariantDefinitionGroup", res::variant_group(),
                                          "VariantGroupId", "variant group");
  // The group's dimensions are the group's own (Management API, VariantGroup.VariantTypes).
  if (const json::Value* types = group ? group->find("Types") : nullptr;
      types && types->kind() == json::Kind::Array && !types->items().empty())
    plan.warn("VariantDefinitionGroup.Types are not imported yet; the product is linked to the group as it is.");
}

void apply_flags(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  apply_flag_list(ctx, plan, v, plan.json.find("ProductFlags"), "ProductFlags");
  apply_flag_list(ctx, plan, v, v.json->find("VariantFlags"), member_path(v.path, "VariantFlags"));
}

}  // namespace norced::connect::products
