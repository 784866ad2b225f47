// The members of a Product row an ImportProducts item sets: the product level (Code, Alias), the variant level
// (SortOrderValue, StockDisplayBreakPoint, IsDangerousGoods, TranslationRequested) and the culture texts. Product
// texts and the variant's own texts are one set of texts on the row, the variant's applied last so they win;
// SKU texts (ErpName, Comment) go on the Sku row. A culture the client does not have is skipped with a warning.
#include "connect/imports/products.hpp"
#include "management/convert.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Entity;
using registry::Resource;
namespace res = management::resources;

namespace {

struct TextMember {
  std::string_view member;  // the JSON member and the row's text slot
  Switches on;
};

// ProductCultureField and VariantCultureField (platform.md §1.7) for the same slots.
const std::vector<TextMember>& product_texts() {
  static const std::vector<TextMember> t = {
      {"Name", {0, 1, 12}},     {"SubHeader", {2}}, {"SubDescription", {3}}, {"DescriptionHeader", {4}},
      {"Description", {5, 6}},  {"Synonyms", {7}},  {"Title", {8}},          {"Tags", {9}},
      {"MetaTags", {10}},       {"MetaDescription", {11}}, {"UniqueUrlName", {13, 15}}};
  return t;
}
const std::vector<TextMember>& variant_texts() {
  static const std::vector<TextMember> t = {
      {"Name", {1, 2, 3}},       {"UniqueUrlName", {4, 6}}, {"SubHeader", {7}}, {"SubDescription", {8}},
      {"DescriptionHeader", {9}}, {"Description", {10, 11}}, {"Synonyms", {12}}, {"Title", {13}},
      {"Tags", {14}},            {"MetaTags", {15}},       {"MetaDescription", {16}}};
  return t;
}
const std::vector<TextMember>& sku_texts() {
  static const std::vector<TextMember> t = {{"ErpName", {0, 1}}, {"Comment", {2, 3}}};
  return t;
}

// One list of culture texts: which header list switches its members on, and its IsUniqueUrlNameManuallyMaintained
// value (-1 when it has none).
struct CultureList {
  std::string_view header_list;
  const std::vector<TextMember>& members;
  int manual_url_name = -1;
};

// Applies one culture entry's listed texts to `e`.
void apply_culture(ImportContext& ctx, ItemPlan& plan, const Resource& r, Entity& e, bool creating,
                   const json::Value& c, const std::string& path, const CultureList& list) {
  const auto code = string_member(c, "CultureCode");
  if (!code) {
    plan.warn(path + ": no CultureCode; skipped.");
    return;
  }
  const auto culture = client_culture(ctx, *code);
  if (!culture) {
    plan.warn(path + ": '" + *code + "' is not a culture of the client; skipped.");
    return;
  }
  const uint64_t listed = ctx.header.mask(list.header_list);
  for (const auto& m : list.members) {
    if (!writes(listed, m.on, creating)) continue;
    const json::Value* v = c.find(m.member);
    if (!v) continue;
    const int slot = r.text_index(m.member);
    if (v->is_null()) {
      set_text(r, e, *culture, slot, std::nullopt);
    } else if (v->kind() != json::Kind::String) {
      plan.refuse(member_path(path, m.member) + ": must be a string or null.");
    } else if (int max = r.texts[slot].max_length; max > 0 && management::utf8_length(v->as_string()) > size_t(max)) {
      plan.refuse(member_path(path, m.member) + ": at most " + std::to_string(max) + " characters.");
    } else {
      set_text(r, e, *culture, slot, v->as_string());
    }
  }
  if (list.manual_url_name >= 0 && ctx.header.has(list.header_list, list.manual_url_name))
    if (const json::Value* v = c.find("IsUniqueUrlNameManuallyMaintained"); v && !v->is_null())
      decode_into(plan, r, "IsUniqueUrlNameManuallyMaintained", *v, path, "IsUniqueUrlNameManuallyMaintained",
                  e);
}

void apply_cultures(ImportContext& ctx, ItemPlan& plan, const Resource& r, Entity& e, bool creating,
                    const json::Value* cultures, const std::string& path, const CultureList& list) {
  if (!cultures || cultures->is_null()) return;
  if (cultures->kind() != json::Kind::Array) {
    plan.refuse(path + ": must be a list.");
    return;
  }
  for (size_t i = 0; i < cultures->items().size(); ++i) {
    const json::Value& c = cultures->items()[i];
    const std::string where = path + "[" + std::to_string(i) + "]";
    if (c.kind() != json::Kind::Object) plan.refuse(where + ": must be an object.");
    else apply_culture(ctx, plan, r, e, creating, c, where, list);
  }
}

// A listed member of `obj` decoded into `e` (absent: left as it is).
void apply_member(ImportContext& ctx, ItemPlan& plan, const Resource& r, Entity& e, const json::Value& obj,
                  std::string_view list, int value, std::string_view member, const std::string& path) {
  if (!ctx.header.has(list, value)) return;
  if (const json::Value* v = obj.find(member)) decode_into(plan, r, member, *v, path, member, e);
}

}  // namespace

void apply_product_members(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  static const registry::FieldRef<std::string> code(res::product(), "Code");
  if (plan.code && (plan.code_given || v.creating())) code.set(v.product, *plan.code);
  apply_member(ctx, plan, res::product(), v.product, plan.json, kProductFields, product_field::Alias, "Alias", "");
}

void apply_variant_members(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  using namespace variant_field;
  const Resource& r = res::product();
  apply_member(ctx, plan, r, v.product, *v.json, kVariantFields, SortOrderValue, "SortOrderValue", v.path);
  apply_member(ctx, plan, r, v.product, *v.json, kVariantFields, StockDisplayBreakPoint, "StockDisplayBreakPoint", v.path);
  apply_member(ctx, plan, r, v.product, *v.json, kVariantFields, TranslationRequested, "TranslationRequested", v.path);
  if (ctx.header.has(kVariantFields, IsDangerousGoods)) {
    // The docs' example spells it IsDagerousGoods.
    const json::Value* d = v.json->find("IsDangerousGoods");
    if (!d) d = v.json->find("IsDagerousGoods");
    if (d) decode_into(plan, r, "IsDangerousGoods", *d, v.path, "IsDangerousGoods", v.product);
  }
}

void apply_product_texts(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  if (ctx.header.has(kProductFields, product_field::Cultures))
    apply_cultures(ctx, plan, res::product(), v.product, v.creating(), plan.json.find("Cultures"), "Cultures",
                   {kProductCultureFields, product_texts(), 14});
  if (ctx.header.has(kVariantFields, variant_field::Cultures))
    apply_cultures(ctx, plan, res::product(), v.product, v.creating(), v.json->find("Cultures"),
                   member_path(v.path, "Cultures"), {kVariantCultureFields, variant_texts(), 5});
}

void apply_sku_texts(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  if (!v.sku || !v.sku_json || ctx.header.list(kSkuCultureFields).empty()) return;
  apply_cultures(ctx, plan, res::sku(), *v.sku, !v.sku_current, v.sku_json->find("Cultures"),
                 member_path(v.path, "Skus[0].Cultures"), {kSkuCultureFields, sku_texts()});
}

}  // namespace norced::connect::products
