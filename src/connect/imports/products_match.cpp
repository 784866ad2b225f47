// Matching an ImportProducts item to the stored rows (platform.md §1.4). A variant is found by its manufacturer
// (Product.ManufacturerCode) and ManufacturerPartNo, or by its SKU's PartNo; when both find a product they must
// find the same one. A variant found by neither is created, which needs all three keys. The manufacturer is
// found by code and created when the item lists and gives ManufacturerName; an unknown one without a name
// refuses the item if any variant needs it. Product.Code (the cluster) is required with several variants, when
// Code is listed, and with FullFile; without it a new variant takes the cluster of a matched sibling.
#include <set>

#include "core/ascii.hpp"
#include "connect/imports/products.hpp"
#include "connect/imports/support.hpp"
#include "management/input.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Cell;
using registry::Entity;
using registry::FieldRef;
namespace res = management::resources;

namespace {

struct Keys {
  FieldRef<std::string> manufacturer_part_no{res::product(), "ManufacturerPartNo"};
  FieldRef<std::string> code{res::product(), "Code"};
  FieldRef<int64_t> manufacturer{res::product(), "ManufacturerId"};
  FieldRef<bool> active{res::product(), "IsActive"};
  FieldRef<std::string> part_no{res::sku(), "PartNo"};
  FieldRef<int64_t> sku_product{res::sku(), "ProductId"};
};

const Keys& keys() {
  static const Keys k;
  return k;
}

// What the keys of one variant find.
struct Found {
  std::optional<int64_t> by_part_number;  // ManufacturerCode + ManufacturerPartNo
  std::optional<Entity> sku;              // PartNo
  std::optional<int64_t> by_sku;          // the product of that SKU
};

Found find_variant(ImportContext& ctx, std::optional<int64_t> manufacturer_id, const std::optional<std::string>& mpn,
                   const std::optional<std::string>& part_no) {
  Found f;
  if (mpn && manufacturer_id)
    f.by_part_number = ctx.tx.find_unique(res::product(), "ManufacturerPartNo", *mpn, {Cell{*manufacturer_id}});
  if (part_no)
    if (auto id = ctx.tx.find_unique(res::sku(), "PartNo", *part_no)) {
      f.sku = ctx.tx.get(res::sku(), *id);
      if (f.sku) f.by_sku = keys().sku_product.get(*f.sku);
    }
  return f;
}

// The variant's (one) SKU object, null when it has none; refuses more than one.
const json::Value* sku_of(ItemPlan& plan, const json::Value& variant, const std::string& path) {
  const json::Value* skus = variant.find("Skus");
  if (!skus || skus->kind() != json::Kind::Array || skus->items().empty()) return nullptr;
  if (skus->items().size() > 1) {
    plan.refuse(member_path(path, "Skus") + ": one SKU per variant (several SKUs per variant is deprecated; "
                                            "send each as a variant of its own).");
    return nullptr;
  }
  const json::Value& sku = skus->items().front();
  if (sku.kind() != json::Kind::Object) {
    plan.refuse(member_path(path, "Skus[0]") + ": a SKU must be an object.");
    return nullptr;
  }
  return &sku;
}

// The stored SKU of a matched product that the item names by no PartNo (one SKU per variant).
std::optional<Entity> sku_of_product(ImportContext& ctx, int64_t product_id) {
  registry::ListQuery q;
  q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "ProductId", product_id);
  q.limit = 1;
  auto rows = ctx.tx.list(res::sku(), q);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The stored product, or refuses when the keys name two different ones.
std::optional<int64_t> matched(ItemPlan& plan, const Found& f, const std::string& path,
                               const std::optional<std::string>& mpn, const std::optional<std::string>& part_no) {
  if (f.by_part_number && f.by_sku && *f.by_part_number != *f.by_sku) {
    plan.refuse(path + ": ManufacturerPartNo '" + mpn.value_or("") + "' and PartNo '" + part_no.value_or("") +
                "' belong to two different products.");
    return std::nullopt;
  }
  return f.by_part_number ? f.by_part_number : f.by_sku;
}

// A manufacturer to create for the item: its code and the listed ManufacturerName, decoded and checked as the
// Management API would (the manufacturer's own rules give it a Key and URL name).
void plan_new_manufacturer(ImportContext& ctx, ItemPlan& plan, const std::string& code) {
  std::optional<std::string> name;
  if (ctx.header.has(kProductFields, product_field::ManufacturerName)) name = string_member(plan.json, "ManufacturerName");
  if (!name) {
    plan.refuse("ManufacturerCode: there is no manufacturer '" + code +
                "'; give ManufacturerName (listed in ProductFieldsThatAreSet) to create it.");
    return;
  }
  json::Value body = json::Value::object({{"Code", json::Value::string(code)}, {"Name", json::Value::string(*name)}});
  management::WriteRequest req{res::manufacturer(), body, nullptr, 0, imports::changed_by(ctx), {}};
  auto built = management::build_entity(ctx.rules, req);
  if (!built) {
    const Problem& p = built.problem();
    plan.refuse("Manufacturer" + (p.errors.empty() ? ": " + p.detail
                                                    : std::string(p.errors.front().field == "Code" ? "Code" : "Name") +
                                                          ": " + p.errors.front().message));
    return;
  }
  plan.new_manufacturer = std::move(*built);
}

// Starts the rows of one variant: the stored ones copied, or new ones holding their keys.
void match_variant(ImportContext& ctx, ItemPlan& plan, VariantPlan& v, const std::optional<std::string>& mfr_code,
                   std::set<std::string>& seen) {
  const Keys& k = keys();
  const auto mpn = string_member(*v.json, "ManufacturerPartNo");
  const auto part_no = v.sku_json ? string_member(*v.sku_json, "PartNo") : std::nullopt;
  if (!mpn && !part_no) {
    plan.refuse(v.path + ": a variant needs ManufacturerPartNo or Skus[0].PartNo.");
    return;
  }
  for (const auto& key : {mpn ? "mpn:" + ascii::to_lower(*mpn) : "", part_no ? "pn:" + ascii::to_lower(*part_no) : ""})
    if (!key.empty() && !seen.insert(key).second) {
      plan.refuse(v.path + ": the item names the same variant twice.");
      return;
    }
  const Found f = find_variant(ctx, plan.manufacturer_id, mpn, part_no);
  const auto product_id = matched(plan, f, v.path, mpn, part_no);
  if (plan.refusal) return;
  if (product_id) v.product_current = ctx.tx.get(res::product(), *product_id);
  if (v.product_current) {
    v.product = *v.product_current;
    // A moved key must not take another product's: the manufacturer and part number are unique together.
    if (mfr_code && ctx.header.has(kProductFields, product_field::ManufacturerCode)) v.takes_manufacturer = true;
    if (mpn && ctx.header.has(kVariantFields, variant_field::ManufacturerPartNo)) k.manufacturer_part_no.set(v.product, *mpn);
    if (f.sku || !part_no) {
      auto sku = f.sku ? f.sku : sku_of_product(ctx, v.product.id);
      if (sku) v.sku_current = std::move(sku);
    } else if (auto other = sku_of_product(ctx, v.product.id)) {
      plan.refuse(member_path(v.path, "Skus[0].PartNo") + ": the product already has SKU '" +
                  k.part_no.get(*other).value_or("") + "' (one SKU per variant).");
      return;
    }
  } else {
    if (!mfr_code) plan.refuse("ManufacturerCode: required to create a product.");
    else if (!mpn) plan.refuse(member_path(v.path, "ManufacturerPartNo") + ": required to create a product.");
    else if (!part_no) plan.refuse(member_path(v.path, "Skus[0].PartNo") + ": required to create a product.");
    if (plan.refusal) return;
    v.product = imports::new_entity(res::product());
    k.manufacturer_part_no.set(v.product, *mpn);
    v.takes_manufacturer = true;
  }
  if (v.takes_manufacturer && plan.manufacturer_id) k.manufacturer.set(v.product, *plan.manufacturer_id);
  k.active.set(v.product, true);  // named by the feed: a product a full feed switched off comes back
  if (v.sku_current) {
    v.sku = *v.sku_current;
  } else if (part_no) {
    v.sku = imports::new_entity(res::sku());
    k.part_no.set(*v.sku, *part_no);
  }
}

// The cluster: the item's Code, else the Code of a matched variant (for the new ones).
void plan_code(ImportContext& ctx, ItemPlan& plan, size_t variant_count) {
  plan.code = string_member(plan.json, "Code");
  plan.code_given = plan.code.has_value();
  if (!plan.code_given) {
    std::string why = variant_count > 1 ? "the product has several variants"
                      : ctx.header.has(kProductFields, product_field::Code) ? "Code is in ProductFieldsThatAreSet"
                      : ctx.header.full_file ? "the import is a full file (FullFile)"
                                             : "";
    if (!why.empty()) plan.refuse("Code: required when " + why + ".");
  }
}

}  // namespace

void match_item(ImportContext& ctx, ItemPlan& plan) {
  const json::Value* variants = plan.json.find("Variants");
  if (!variants || variants->kind() != json::Kind::Array || variants->items().empty()) {
    plan.refuse("Variants: a product needs at least one variant.");
    return;
  }
  plan_code(ctx, plan, variants->items().size());
  if (plan.refusal) return;
  const auto mfr_code = string_member(plan.json, "ManufacturerCode");
  if (mfr_code) plan.manufacturer_id = ctx.tx.find_unique(res::manufacturer(), "Code", *mfr_code);

  std::set<std::string> seen;
  for (size_t i = 0; i < variants->items().size() && !plan.refusal; ++i) {
    VariantPlan v;
    v.path = "Variants[" + std::to_string(i) + "]";
    v.json = &variants->items()[i];
    if (v.json->kind() != json::Kind::Object) {
      plan.refuse(v.path + ": a variant must be an object.");
      break;
    }
    v.sku_json = sku_of(plan, *v.json, v.path);
    if (plan.refusal) break;
    match_variant(ctx, plan, v, mfr_code, seen);
    plan.variants.push_back(std::move(v));
  }
  if (plan.refusal) return;

  const bool needs_manufacturer =
      std::any_of(plan.variants.begin(), plan.variants.end(), [](const VariantPlan& v) { return v.takes_manufacturer; });
  if (needs_manufacturer && mfr_code && !plan.manufacturer_id) plan_new_manufacturer(ctx, plan, *mfr_code);
  if (!plan.code)
    for (const auto& v : plan.variants)
      if (v.product_current)
        if (auto code = keys().code.get(*v.product_current); code && !code->empty()) plan.code = code;
}

void look_up_keys(ImportContext& ctx, const std::vector<ImportItem>& items) {
  std::vector<std::string> manufacturers, part_nos;
  auto each_variant = [&](auto&& f) {
    for (const auto& item : items) {
      const json::Value* variants = item.value.find("Variants");
      if (!variants || variants->kind() != json::Kind::Array) continue;
      const auto mfr = string_member(item.value, "ManufacturerCode");
      for (const auto& v : variants->items())
        if (v.kind() == json::Kind::Object) f(mfr, v);
    }
  };
  each_variant([&](const std::optional<std::string>& mfr, const json::Value& v) {
    if (mfr) manufacturers.push_back(*mfr);
    if (const json::Value* skus = v.find("Skus"); skus && skus->kind() == json::Kind::Array)
      for (const auto& s : skus->items())
        if (auto part_no = string_member(s, "PartNo")) part_nos.push_back(std::move(*part_no));
  });
  const auto mfr_ids = imports::ids_by_code(ctx.tx, res::manufacturer(), "Code", manufacturers);
  imports::ids_by_code(ctx.tx, res::sku(), "PartNo", part_nos);
  std::vector<imports::UniqueKey> mpns;
  each_variant([&](const std::optional<std::string>& mfr, const json::Value& v) {
    auto id = mfr ? mfr_ids.find(*mfr) : mfr_ids.end();
    if (id == mfr_ids.end()) return;
    if (auto mpn = string_member(v, "ManufacturerPartNo")) mpns.push_back({std::move(*mpn), {Cell{id->second}}});
  });
  imports::prefetch_unique(ctx.tx, res::product(), "ManufacturerPartNo", mpns);
}

std::vector<int64_t> matched_product_ids(ImportContext& ctx, const json::Value& item) {
  std::vector<int64_t> ids;
  const json::Value* variants = item.find("Variants");
  if (!variants || variants->kind() != json::Kind::Array) return ids;
  std::optional<int64_t> manufacturer_id;
  if (auto code = string_member(item, "ManufacturerCode"))
    manufacturer_id = ctx.tx.find_unique(res::manufacturer(), "Code", *code);
  for (const auto& v : variants->items()) {
    if (v.kind() != json::Kind::Object) continue;
    std::optional<std::string> part_no;
    if (const json::Value* skus = v.find("Skus"); skus && skus->kind() == json::Kind::Array && !skus->items().empty())
      part_no = string_member(skus->items().front(), "PartNo");
    const Found f = find_variant(ctx, manufacturer_id, string_member(v, "ManufacturerPartNo"), part_no);
    if (f.by_part_number) ids.push_back(*f.by_part_number);
    if (f.by_sku) ids.push_back(*f.by_sku);
  }
  return ids;
}

}  // namespace norced::connect::products
