// The structure items of an ImportProducts SKU (Sku.StructureItems, SkuField 25) as SkuStructureItem rows: the
// components of a structure (bundle) SKU, one row per component SKU. When given, the list is the structure's
// whole set of components: a stored component it does not name is removed (a structure is defined by its
// components, and the enum has no cleanup switch that could say otherwise). A component is found by its PartNo
// among the client's SKUs and is never created; StructurePartNo, when given, must be the SKU's own PartNo.
// Quantity is always written; SortOrder only when SkuStructureItemFieldsThatAreSet lists it (0).
// StandardStructureItemPrice (1) and AdditionalInfo (2) have no storage yet: a warning when listed and given.
// An unknown component, the SKU itself, another StructurePartNo or a Quantity that is not above 0 is a warning
// naming the member, and that component is skipped (a stored row for it stays).
#include <map>
#include <set>

#include "connect/imports/products.hpp"
#include "connect/imports/support.hpp"
#include "core/ascii.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Entity;
namespace res = management::resources;

namespace {

namespace structure_field {
enum : int { SortOrder = 0, StandardStructureItemPrice = 1, AdditionalInfo = 2 };
}

struct Members {
  registry::FieldRef<int64_t> item{res::sku_structure_item(), "ItemSkuId"};
  registry::FieldRef<Decimal> quantity{res::sku_structure_item(), "Quantity"};
  registry::FieldRef<int64_t> sort{res::sku_structure_item(), "SortOrder"};
  registry::FieldRef<std::string> part_no{res::sku(), "PartNo"};
};

const Members& members() {
  static const Members m;
  return m;
}

bool has_data(const json::Value* v) {
  if (!v || v->is_null()) return false;
  return v->kind() != json::Kind::Array || !v->items().empty();
}

// One StructureItem onto `next` (the stored row, or a new one). The component's id, nullopt when it is skipped;
// `named` gets the component even then, so that a bad value never removes a stored row.
std::optional<int64_t> apply_item(ImportContext& ctx, ItemPlan& plan, const VariantPlan& v, const json::Value& item,
                                  const std::string& where, std::set<int64_t>& named, Entity& next,
                                  const std::map<int64_t, Entity>& stored) {
  if (item.kind() != json::Kind::Object) {
    plan.warn(where + ": must be a SkuStructureItem object; skipped.");
    return std::nullopt;
  }
  const std::string own = members().part_no.get(*v.sku).value_or("");
  const auto part_no = imports::key_text(item, "PartNo");
  if (!part_no) {
    plan.warn(where + ": no PartNo; skipped.");
    return std::nullopt;
  }
  if (ascii::iequals(*part_no, own)) {
    plan.warn(member_path(where, "PartNo") + ": a structure cannot hold itself; skipped.");
    return std::nullopt;
  }
  const auto component = ctx.tx.find_unique(res::sku(), "PartNo", *part_no);
  if (!component) {
    plan.warn(member_path(where, "PartNo") + ": there is no SKU '" + *part_no + "'; skipped.");
    return std::nullopt;
  }
  named.insert(*component);
  if (auto parent = string_member(item, "StructurePartNo"); parent && !ascii::iequals(*parent, own)) {
    plan.warn(member_path(where, "StructurePartNo") + ": '" + *parent + "' is not the SKU's PartNo '" + own +
              "'; skipped.");
    return std::nullopt;
  }

  registry::Cell quantity;
  const json::Value* q = item.find("Quantity");
  auto why = q ? imports::decode_member(res::sku_structure_item(), "Quantity", *q, quantity)
               : std::optional<std::string>("is required");
  const auto* amount = std::get_if<Decimal>(&quantity);
  if (!why && !(amount && Decimal::from_int(0) < *amount)) why = "must be above 0";
  if (why) {
    plan.warn(member_path(where, "Quantity") + ": " + *why + "; skipped.");
    return std::nullopt;
  }
  const json::Value* sort_value =
      ctx.header.has(kSkuStructureItemFields, structure_field::SortOrder) ? item.find("SortOrder") : nullptr;
  registry::Cell sort;
  if (sort_value)
    if (auto bad = imports::decode_member(res::sku_structure_item(), "SortOrder", *sort_value, sort)) {
      plan.warn(member_path(where, "SortOrder") + ": " + *bad + "; skipped.");
      return std::nullopt;
    }
  for (auto [value, member] : {std::pair<int, std::string_view>{structure_field::StandardStructureItemPrice,
                                                                 "StandardStructureItemPrice"},
                               {structure_field::AdditionalInfo, "AdditionalInfo"}})
    if (ctx.header.has(kSkuStructureItemFields, value) && has_data(item.find(member)))
      plan.warn("StructureItems " + std::string(member) + " are not imported yet; skipped.");

  if (auto s = stored.find(*component); s != stored.end()) next = s->second;
  else {
    next = imports::new_entity(res::sku_structure_item());
    members().item.set(next, *component);
  }
  members().quantity.set(next, *amount);
  if (sort_value) next.cells[members().sort.index()] = std::move(sort);
  return component;
}

}  // namespace

void apply_structure_items(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  std::string path;
  const json::Value* list = sku_list(ctx, plan, v, sku_field::StructureItems, "StructureItems", path);
  if (!list) return;
  const auto stored = sku_rows(ctx, v, res::sku_structure_item(), members().item);  // by component SKU
  std::map<int64_t, Entity> wanted;  // by component SKU; a later item for the same component wins
  std::set<int64_t> named;
  for (size_t i = 0; i < list->items().size(); ++i) {
    Entity next;
    if (auto component = apply_item(ctx, plan, v, list->items()[i], path + "[" + std::to_string(i) + "]", named,
                                    next, stored))
      wanted[*component] = std::move(next);
  }

  for (auto& [component, current] : stored)
    if (!named.count(component)) v.structure_items.push_back({current, std::nullopt});
  for (auto& [component, next] : wanted) {
    ChildPlan p;
    if (auto s = stored.find(component); s != stored.end()) p.current = s->second;
    p.next = std::move(next);
    v.structure_items.push_back(std::move(p));
  }
}

}  // namespace norced::connect::products
