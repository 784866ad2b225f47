// The parametric values of an ImportProducts item (ProductParametrics, VariantParametrics) as ProductParametric
// rows of each Product row: the product level first, the variant's own after so they win for the same
// parametric. The parametric, found by ParametricCode, says which member carries the value (its Type); that
// member given as null (or, for text, no text left) removes the product's value. List and multiple-choice
// values are found by Code within their parametric; nothing is created: an unknown parametric or value is a
// warning and skipped. With ParametricsCleanup (either level) the product's values the item does not name are
// removed.
#include <algorithm>
#include <map>

#include "connect/imports/products.hpp"
#include "connect/imports/support.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Cell;
using registry::Entity;
namespace res = management::resources;

namespace {

struct Members {
  registry::FieldRef<int64_t> product{res::product_parametric(), "ProductId"};
  registry::FieldRef<int64_t> parametric{res::product_parametric(), "ParametricId"};
  registry::FieldRef<int64_t> list_value{res::product_parametric(), "ValueListId"};
  registry::FieldRef<std::string> type{res::parametric(), "Type"};
};

const Members& members() {
  static const Members m;
  return m;
}

enum class Outcome { Set, Remove, Skip };

// A plain value: the member the parametric's type reads.
Outcome plain(ItemPlan& plan, const json::Value& pv, std::string_view member, const std::string& path, Entity& next) {
  const json::Value* v = pv.find(member);
  if (!v || v->is_null()) return Outcome::Remove;
  decode_into(plan, res::product_parametric(), member, *v, path, member, next);
  return Outcome::Set;
}

// Text and html: ValueText per culture of the client.
Outcome text(ImportContext& ctx, ItemPlan& plan, const json::Value& pv, const std::string& path, Entity& next) {
  const json::Value* cultures = pv.find("Cultures");
  if (!cultures || cultures->is_null()) return Outcome::Remove;
  if (cultures->kind() != json::Kind::Array) {
    plan.refuse(member_path(path, "Cultures") + ": must be a list.");
    return Outcome::Skip;
  }
  const auto& r = res::product_parametric();
  const int slot = r.text_index("ValueText");
  for (size_t i = 0; i < cultures->items().size(); ++i) {
    const json::Value& c = cultures->items()[i];
    const std::string where = member_path(path, "Cultures[" + std::to_string(i) + "]");
    const auto code = c.kind() == json::Kind::Object ? string_member(c, "CultureCode") : std::nullopt;
    const auto culture = code ? client_culture(ctx, *code) : std::nullopt;
    if (!culture) {
      plan.warn(where + ": " + (code ? "'" + *code + "' is not a culture of the client" : "no CultureCode") +
                "; skipped.");
      continue;
    }
    const json::Value* v = c.find("ValueText");
    if (!v) continue;
    if (!v->is_null() && v->kind() != json::Kind::String) {
      plan.refuse(where + ".ValueText: must be a string or null.");
      return Outcome::Skip;
    }
    set_text(r, next, *culture, slot, v->is_null() ? std::nullopt : std::optional(v->as_string()));
  }
  for (const auto& t : next.cultures)
    if (static_cast<size_t>(slot) < t.texts.size() && t.texts[slot]) return Outcome::Set;
  return Outcome::Remove;
}

// A list value's id by its Code within the parametric; a warning when there is none.
std::optional<int64_t> choice(ImportContext& ctx, ItemPlan& plan, const registry::Resource& values,
                              int64_t parametric, const json::Value& v, const std::string& path) {
  const auto code = v.kind() == json::Kind::Object ? string_member(v, "Code") : std::nullopt;
  if (!code) {
    plan.warn(path + ": no Code; skipped.");
    return std::nullopt;
  }
  auto id = ctx.tx.find_unique(values, "Code", *code, {Cell{parametric}});
  if (!id) plan.warn(path + ".Code: the parametric has no value '" + *code + "'; skipped.");
  return id;
}

Outcome list(ImportContext& ctx, ItemPlan& plan, int64_t parametric, const json::Value& pv, const std::string& path,
             Entity& next) {
  const json::Value* v = pv.find("ValueList");
  if (!v || v->is_null()) return Outcome::Remove;
  auto id = choice(ctx, plan, res::parametric_list(), parametric, *v, member_path(path, "ValueList"));
  if (!id) return Outcome::Skip;
  members().list_value.set(next, *id);
  return Outcome::Set;
}

Outcome multiple(ImportContext& ctx, ItemPlan& plan, int64_t parametric, const json::Value& pv,
                 const std::string& path, Entity& next) {
  const json::Value* v = pv.find("MultipleValueList");
  if (!v || v->is_null()) return Outcome::Remove;
  if (v->kind() != json::Kind::Array) {
    plan.refuse(member_path(path, "MultipleValueList") + ": must be a list.");
    return Outcome::Skip;
  }
  std::vector<std::vector<int64_t>> rows;
  for (size_t i = 0; i < v->items().size(); ++i)
    if (auto id = choice(ctx, plan, res::parametric_multiple(), parametric, v->items()[i],
                         member_path(path, "MultipleValueList[" + std::to_string(i) + "]")))
      if (std::find(rows.begin(), rows.end(), std::vector<int64_t>{*id}) == rows.end()) rows.push_back({*id});
  if (rows.empty()) return v->items().empty() ? Outcome::Remove : Outcome::Skip;
  next.collections[0] = std::move(rows);
  return Outcome::Set;
}

Outcome value(ImportContext& ctx, ItemPlan& plan, std::string_view type, int64_t parametric, const json::Value& pv,
              const std::string& path, Entity& next) {
  if (type == "int") return plain(plan, pv, "ValueInteger", path, next);
  if (type == "decimal") return plain(plan, pv, "ValueDecimal", path, next);
  if (type == "boolean") return plain(plan, pv, "ValueBoolean", path, next);
  if (type == "date") return plain(plan, pv, "ValueDateTime", path, next);
  if (type == "text" || type == "html") return text(ctx, plan, pv, path, next);
  if (type == "list") return list(ctx, plan, parametric, pv, path, next);
  if (type == "multiple") return multiple(ctx, plan, parametric, pv, path, next);
  plan.warn(path + ": parametric type '" + std::string(type) + "' is not imported; skipped.");
  return Outcome::Skip;
}

using Stored = std::map<int64_t, Entity>;                  // the product's values, by parametric id
using Wanted = std::map<int64_t, std::optional<Entity>>;   // what the item asks; nullopt: removed

// One list of ParametricValues applied onto `wanted`.
void apply_values(ImportContext& ctx, ItemPlan& plan, const json::Value* values, const std::string& path,
                  const Stored& stored, Wanted& wanted) {
  if (!values || values->is_null()) return;
  if (values->kind() != json::Kind::Array) {
    plan.refuse(path + ": must be a list.");
    return;
  }
  for (size_t i = 0; i < values->items().size() && !plan.refusal; ++i) {
    const json::Value& pv = values->items()[i];
    const std::string where = path + "[" + std::to_string(i) + "]";
    const auto code = pv.kind() == json::Kind::Object ? string_member(pv, "ParametricCode") : std::nullopt;
    if (!code) {
      plan.warn(where + ": no ParametricCode; skipped.");
      continue;
    }
    const auto id = ctx.tx.find_unique(res::parametric(), "Code", *code);
    const auto parametric = id ? ctx.tx.get(res::parametric(), *id) : std::nullopt;
    if (!parametric) {
      plan.warn(where + ".ParametricCode: there is no parametric '" + *code + "'; skipped.");
      continue;
    }
    Entity next;
    if (auto w = wanted.find(*id); w != wanted.end() && w->second) next = *w->second;
    else if (auto s = stored.find(*id); s != stored.end()) next = s->second;
    else {
      next = imports::new_entity(res::product_parametric());
      members().parametric.set(next, *id);
    }
    switch (value(ctx, plan, members().type.get(*parametric).value_or(""), *id, pv, where, next)) {
      case Outcome::Set: wanted[*id] = std::move(next); break;
      case Outcome::Remove: wanted[*id] = std::nullopt; break;
      case Outcome::Skip: break;
    }
  }
}

}  // namespace

void apply_parametrics(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  using namespace product_field;
  const bool product_level =
      writes(ctx.header, kProductFields, {ProductParametrics, ProductParametricsCreateOnly}, v.creating());
  const bool variant_level = writes(
      ctx.header, kVariantFields, {variant_field::VariantParametrics, variant_field::VariantParametricsCreateOnly},
      v.creating());
  if (!product_level && !variant_level) return;
  const bool cleanup =
      ctx.header.has(kProductFields, ParametricsCleanup) || ctx.header.has(kVariantFields, variant_field::ParametricsCleanup);

  Stored stored;
  if (v.product_current) {
    registry::ListQuery q;
    q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "ProductId", v.product_current->id);
    for (auto& e : ctx.tx.list(res::product_parametric(), q))
      stored.emplace(members().parametric.get(e).value_or(0), std::move(e));
  }
  Wanted wanted;
  if (product_level) apply_values(ctx, plan, plan.json.find("ProductParametrics"), "ProductParametrics", stored, wanted);
  if (variant_level)
    apply_values(ctx, plan, v.json->find("VariantParametrics"), member_path(v.path, "VariantParametrics"), stored, wanted);

  for (auto& [id, next] : wanted) {
    ParametricPlan p;
    if (auto s = stored.find(id); s != stored.end()) p.current = s->second;
    p.next = std::move(next);
    if (p.current || p.next) v.parametrics.push_back(std::move(p));
  }
  if (cleanup)
    for (auto& [id, e] : stored)
      if (!wanted.count(id)) v.parametrics.push_back({e, std::nullopt});
}

}  // namespace norced::connect::products
