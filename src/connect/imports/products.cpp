// Product/ImportProducts: the import's entry points (apply, full_file), the plan-then-write loop over a chunk's
// items, and the helpers its parts share. See products.hpp for the model.
#include "connect/imports/products.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "connect/imports/support.hpp"
#include "core/ascii.hpp"
#include "management/convert.hpp"
#include "management/resources/resources.hpp"
#include "management/save.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect {

namespace products {

using registry::Cell;
using registry::Entity;
using registry::Resource;
using registry::Role;
namespace res = management::resources;

std::optional<std::string> string_member(const json::Value& obj, std::string_view name) {
  const json::Value* v = obj.find(name);
  if (!v || v->kind() != json::Kind::String || v->as_string().empty()) return std::nullopt;
  return v->as_string();
}

void set_text(const Resource& r, Entity& e, const std::string& culture, int slot, std::optional<std::string> value) {
  registry::CultureTexts* t = e.texts_of(culture);
  if (!t) {
    if (!value) return;  // nothing to clear
    e.cultures.push_back({culture, std::vector<std::optional<std::string>>(r.texts.size())});
    t = &e.cultures.back();
  }
  t->texts.resize(r.texts.size());
  t->texts[slot] = std::move(value);
}

std::string member_path(const std::string& path, std::string_view member) {
  return path.empty() ? std::string(member) : path + "." + std::string(member);
}

void decode_into(ItemPlan& plan, const Resource& r, std::string_view field, const json::Value& v,
                 const std::string& parent, std::string_view member, Entity& e) {
  const int i = r.field_index(field);
  if (i < 0) registry::detail::bad_field_ref(r.name, field, "does not exist");
  auto cell = management::to_cell(v, management::spec_of(r.fields[i]));
  if (const auto* message = std::get_if<std::string>(&cell)) {
    plan.refuse(member_path(parent, member) + ": " + *message);
    return;
  }
  e.cells[i] = std::move(std::get<Cell>(cell));
}

const json::Value* sku_list(ImportContext& ctx, ItemPlan& plan, const VariantPlan& v, int listed,
                            std::string_view member, std::string& path) {
  if (!v.sku || !v.sku_json || !ctx.header.has(kSkuFields, listed)) return nullptr;
  const json::Value* list = v.sku_json->find(member);
  if (!list || list->is_null()) return nullptr;
  path = member_path(member_path(v.path, "Skus[0]"), member);
  if (list->kind() != json::Kind::Array) {
    plan.warn(path + ": must be a list; skipped.");
    return nullptr;
  }
  return list;
}

std::map<int64_t, Entity> sku_rows(ImportContext& ctx, const VariantPlan& v, const Resource& r,
                                   const registry::FieldRef<int64_t>& key) {
  std::map<int64_t, Entity> out;
  if (!v.sku_current) return out;
  registry::ListQuery q;
  q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "SkuId", v.sku_current->id);
  for (auto& e : ctx.tx.list(r, q)) out.emplace(key.get(e).value_or(0), std::move(e));
  return out;
}

std::optional<std::string> client_culture(const ImportContext& ctx, std::string_view code) {
  for (const auto& c : ctx.rules.ref.cultures)
    if (ascii::iequals(c.code, code)) return c.code;
  return std::nullopt;
}

namespace {

// --- Rows: compare, stamp, write -----------------------------------------------------------------------

// A row's own texts by culture, cultures without any text left out (the store keeps no row for them).
std::map<std::string, std::vector<std::optional<std::string>>> texts_of(const Resource& r, const Entity& e) {
  std::map<std::string, std::vector<std::optional<std::string>>> out;
  for (const auto& c : e.cultures) {
    auto texts = c.texts;
    texts.resize(r.texts.size());
    if (std::any_of(texts.begin(), texts.end(), [](const auto& t) { return t.has_value(); }))
      out[c.culture] = std::move(texts);
  }
  return out;
}

std::vector<std::vector<std::vector<int64_t>>> sorted_collections(const Entity& e) {
  auto out = e.collections;
  for (auto& c : out) std::sort(c.begin(), c.end());
  return out;
}

// Whether writing `next` would change the stored row: its stored members, texts and collections.
bool same_row(const Resource& r, const Entity& next, const Entity& current) {
  for (size_t i = 0; i < r.fields.size(); ++i)
    if (r.fields[i].role == Role::Stored && next.cells[i] != current.cells[i]) return false;
  return texts_of(r, next) == texts_of(r, current) && sorted_collections(next) == sorted_collections(current);
}

// Changed and ChangedBy as the change log records the write: the job's account (the transaction's author).
void stamp(const ImportContext& ctx, const Resource& r, Entity& e) {
  if (int i = r.field_index("Changed"); i >= 0) e.cells[i] = registry::Instant{ctx.now()};
  if (int i = r.field_index("ChangedBy"); i >= 0) e.cells[i] = imports::changed_by(ctx);
}

std::string describe(const Problem& p) { return imports::problem_text(p); }

// Writes `next` unless it equals `current` (nothing written, nothing counted). False when save refused it.
bool write_row(ImportContext& ctx, ItemPlan& plan, const Resource& r, Entity& next,
               const std::optional<Entity>& current) {
  if (current && same_row(r, next, *current)) return true;
  stamp(ctx, r, next);
  auto saved = management::save(ctx.rules, r, next, current ? &*current : nullptr,
                                current ? management::SaveKind::Update : management::SaveKind::Insert);
  if (!saved) {
    plan.refuse(std::string(r.name) + " " + describe(saved.problem()));
    return false;
  }
  next = std::move(*saved);
  ++(current ? ctx.outcome.updates : ctx.outcome.inserts);
  return true;
}

// Removes a stored row (a parametric value no longer set), counted as an update of its owner.
bool remove_row(ImportContext& ctx, ItemPlan& plan, const Resource& r, const Entity& current) {
  auto removed = management::save(ctx.rules, r, current, &current, management::SaveKind::Remove);
  if (!removed) {
    plan.refuse(std::string(r.name) + " " + describe(removed.problem()));
    return false;
  }
  ++ctx.outcome.updates;
  return true;
}

// Writes the rows of `r` that belong to one owner (a product's parametric values or images, a SKU's VAT rates or
// structure items) and need its id: `owner` is their member that holds it.
bool write_children(ImportContext& ctx, ItemPlan& plan, const Resource& r, const registry::FieldRef<int64_t>& owner,
                    int64_t owner_id, std::vector<ChildPlan>& rows) {
  for (auto& c : rows) {
    if (!c.next) {
      if (!remove_row(ctx, plan, r, *c.current)) return false;
      continue;
    }
    owner.set(*c.next, owner_id);
    if (!write_row(ctx, plan, r, *c.next, c.current)) return false;
  }
  return true;
}

// Writes a planned item: its new manufacturer, then per variant the product, its parametric values and images, its
// SKU, the SKU's VAT rates, structure items and price (each needs the id of the one before). A refusal here is a
// bug or a concurrent writer: the rows written so far stay (docs/decisions.md).
bool write_item(ImportContext& ctx, ItemPlan& plan) {
  static const registry::FieldRef<int64_t> manufacturer(res::product(), "ManufacturerId");
  static const registry::FieldRef<int64_t> sku_product(res::sku(), "ProductId");
  static const registry::FieldRef<int64_t> price_sku(res::sku_price_list(), "SkuId");
  static const registry::FieldRef<int64_t> parametric_product(res::product_parametric(), "ProductId");
  static const registry::FieldRef<int64_t> image_product(res::product_image(), "ProductId");
  static const registry::FieldRef<int64_t> vat_sku(res::sku_vat_rate(), "SkuId");
  static const registry::FieldRef<int64_t> structure_sku(res::sku_structure_item(), "SkuId");
  if (plan.new_manufacturer) {
    auto saved = management::save(ctx.rules, res::manufacturer(), *plan.new_manufacturer, nullptr,
                                  management::SaveKind::Insert);
    if (!saved) {
      plan.refuse("Manufacturer " + describe(saved.problem()));
      return false;
    }
    ++ctx.outcome.inserts;
    plan.manufacturer_id = saved->id;
  }
  for (auto& v : plan.variants) {
    if (v.takes_manufacturer && plan.manufacturer_id) manufacturer.set(v.product, *plan.manufacturer_id);
    if (!write_row(ctx, plan, res::product(), v.product, v.product_current)) return false;
    if (!write_children(ctx, plan, res::product_parametric(), parametric_product, v.product.id, v.parametrics))
      return false;
    if (!write_children(ctx, plan, res::product_image(), image_product, v.product.id, v.images)) return false;
    if (!v.sku) continue;
    sku_product.set(*v.sku, v.product.id);
    if (!write_row(ctx, plan, res::sku(), *v.sku, v.sku_current)) return false;
    if (!write_children(ctx, plan, res::sku_vat_rate(), vat_sku, v.sku->id, v.vat_rates)) return false;
    if (!write_children(ctx, plan, res::sku_structure_item(), structure_sku, v.sku->id, v.structure_items))
      return false;
    if (!v.price) continue;
    price_sku.set(*v.price, v.sku->id);
    if (!write_row(ctx, plan, res::sku_price_list(), *v.price, v.price_current)) return false;
  }
  return true;
}

// --- What is not imported yet ---------------------------------------------------------------------------

enum class Level { Product, Variant };

struct NotImported {
  std::string_view list;
  std::vector<int> values;  // any of them switches it on
  std::string_view member;  // the JSON member holding the data
  Level level;
};

const std::vector<NotImported>& not_imported() {
  using namespace product_field;
  static const std::vector<NotImported> all = {
      {kVariantFields,
       {variant_field::NonParametricVariantDefinitions, variant_field::NonParametricVariantDefinitionsCreateOnly},
       "NonParametricVariantDefinitions", Level::Variant},
      {kVariantFields, {variant_field::DeliveryMethods, variant_field::DeliveryMethodsCreateOnly}, "DeliveryMethods",
       Level::Variant},
  };
  return all;
}

bool has_data(const json::Value* v) {
  if (!v || v->is_null()) return false;
  if (v->kind() == json::Kind::Array) return !v->items().empty();
  if (v->kind() == json::Kind::String) return !v->as_string().empty();
  return true;
}

// One warning per item and member that carries data the import cannot apply yet.
void warn_not_imported(const ImportContext& ctx, ItemPlan& plan) {
  for (const auto& n : not_imported()) {
    if (std::none_of(n.values.begin(), n.values.end(), [&](int v) { return ctx.header.has(n.list, v); })) continue;
    bool data = n.level == Level::Product && has_data(plan.json.find(n.member));
    for (const auto& v : plan.variants)
      if (n.level == Level::Variant) data |= has_data(v.json->find(n.member));
    if (data) plan.warn(std::string(n.member) + " are not imported yet; skipped.");
  }
}

// Switches that change how rows are cleaned up or created, which norced does not apply yet: said once per chunk.
void note_unapplied_switches(ImportContext& ctx) {
  struct Switch {
    std::string_view list;
    int value;
    std::string_view name;
  };
  static const std::vector<Switch> switches = {
      {kSkuFields, sku_field::PartNoCreateWhenMissing, "PartNoCreateWhenMissing"},
      {kSkuPriceListFields, price_field::FullfileResetInheritance, "FullfileResetInheritance"},
  };
  for (const auto& s : switches)
    if (ctx.header.has(s.list, s.value))
      ctx.info(std::string(s.list) + " " + std::string(s.name) + " is not applied yet; ignored.");
}

// How messages name an item: its cluster Code, else its first PartNo, else its manufacturer part number.
std::string item_name(const json::Value& product) {
  if (auto code = string_member(product, "Code")) return "Product '" + *code + "'";
  if (const json::Value* variants = product.find("Variants"); variants && variants->kind() == json::Kind::Array)
    for (const auto& v : variants->items()) {
      if (const json::Value* skus = v.find("Skus"); skus && skus->kind() == json::Kind::Array)
        for (const auto& s : skus->items())
          if (auto part_no = string_member(s, "PartNo")) return "PartNo '" + *part_no + "'";
      if (auto mpn = string_member(v, "ManufacturerPartNo")) return "ManufacturerPartNo '" + *mpn + "'";
    }
  return "Product";
}

// Plans one item, then writes it when nothing refused it.
void import_item(ImportContext& ctx, ChunkState& chunk, const ImportItem& item) {
  if (item.value.kind() != json::Kind::Object) {
    ctx.failed(item, "An item must be a Product object.");
    return;
  }
  const std::string name = item_name(item.value);
  ItemPlan plan{item, item.value};
  match_item(ctx, plan);
  for (auto& v : plan.variants) {
    if (plan.refusal) break;
    apply_product_members(ctx, plan, v);
    apply_product_texts(ctx, plan, v);
    apply_categories(ctx, plan, v);
    apply_family(ctx, plan, v);
    apply_assortment(ctx, plan, v);
    apply_variant_group(ctx, plan, v);
    apply_flags(ctx, plan, v);
    apply_parametrics(ctx, plan, v);
    apply_images(ctx, plan, v);
    apply_variant_members(ctx, plan, v);
    apply_sku_members(ctx, plan, v);
    apply_sku_texts(ctx, plan, v);
    apply_vat_rates(ctx, plan, v);
    apply_structure_items(ctx, plan, v);
    apply_standard_price(ctx, chunk, plan, v);
  }
  if (!plan.refusal) warn_not_imported(ctx, plan);
  if (plan.refusal || !write_item(ctx, plan)) {
    ctx.failed(item, name + ": " + *plan.refusal);
    return;
  }
  for (auto& w : plan.warnings) ctx.warning(item, name + ": " + w);
}

void apply(ImportContext& ctx, const std::vector<ImportItem>& items) {
  ChunkState chunk;
  note_unapplied_switches(ctx);
  look_up_keys(ctx, items);
  for (const auto& item : items) import_item(ctx, chunk, item);
}

// FullFile (the older Storm reading, docs/decisions.md): the client's active products that no item of the feed
// names are deactivated.
FullFileScope full_file(ImportContext& ctx, const JobItems& items, bool apply_it) {
  std::set<int64_t> named;
  items([&](const ImportItem& item) {
    if (item.value.kind() != json::Kind::Object) return;
    for (int64_t id : matched_product_ids(ctx, item.value)) named.insert(id);
  });
  registry::ListQuery q;
  q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "IsActive", true);
  FullFileScope scope;
  scope.what = "products";
  imports::deactivate_unsent(
      ctx, res::product(), ctx.tx.list(res::product(), q), [&](const Entity& p) { return named.count(p.id) > 0; },
      apply_it, scope, "Product");
  return scope;
}

}  // namespace
}  // namespace products

const ImportKind& import_products() {
  static const ImportKind kind{"Product/ImportProducts", &products::product_header, &products::apply,
                               &products::full_file};
  return kind;
}

}  // namespace norced::connect
