// The VAT rates of an ImportProducts SKU (Sku.VatRates, SkuField 21 VatRate) as SkuVatRate rows: one per SKU and
// sales area. A VatRate's SalesArea is the Connect SalesArea enum, whose values are the ids of the system-wide
// sales areas (Core/SalesAreas), sent as the number or as the area's name or code (letter case ignored). The list
// is not the SKU's whole set (the enum has no cleanup switch): each rate it gives is written, rates of other sales
// areas stay, and a Rate of null removes the SKU's rate in that area. An unknown sales area, no SalesArea, or a
// Rate that is not a decimal of 0 or more is a warning naming the member, and that rate is skipped.
#include <map>
#include <variant>

#include "connect/imports/products.hpp"
#include "connect/imports/support.hpp"
#include "core/ascii.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Entity;
namespace res = management::resources;

namespace {

struct Members {
  registry::FieldRef<int64_t> sales_area{res::sku_vat_rate(), "SalesAreaId"};
  registry::FieldRef<Decimal> rate{res::sku_vat_rate(), "Rate"};
};

const Members& members() {
  static const Members m;
  return m;
}

// A SalesArea value as a message shows it: a number as sent, a string quoted.
std::string shown(const json::Value& v) {
  if (v.kind() == json::Kind::Number) return v.number_text();
  if (v.kind() == json::Kind::String) return "'" + v.as_string() + "'";
  return "of that kind";
}

// The system sales area `v` names (its id, name or code), else nullptr.
const store::SalesArea* sales_area(const ImportContext& ctx, const json::Value& v) {
  const auto& system = ctx.rules.ref.system;
  if (v.kind() == json::Kind::Number) {
    registry::Cell cell;
    if (imports::decode_member(res::sku_vat_rate(), "SalesAreaId", v, cell)) return nullptr;
    const auto* id = std::get_if<int64_t>(&cell);
    return id ? system.sales_area(*id) : nullptr;
  }
  if (v.kind() != json::Kind::String) return nullptr;
  for (const auto& a : system.sales_areas)
    if (ascii::iequals(a.name, v.as_string()) || ascii::iequals(a.code, v.as_string())) return &a;
  return nullptr;
}

// The rate `v` gives: a decimal of 0 or more; the reason it is not one otherwise.
std::variant<Decimal, std::string> rate_of(const json::Value& v) {
  registry::Cell cell;
  if (auto why = imports::decode_member(res::sku_vat_rate(), "Rate", v, cell)) return *why;
  const auto* d = std::get_if<Decimal>(&cell);
  if (!d) return std::string("must be a decimal");
  if (*d < Decimal::from_int(0)) return std::string("must be 0 or more");
  return *d;
}

}  // namespace

void apply_vat_rates(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  std::string path;
  const json::Value* list = sku_list(ctx, plan, v, sku_field::VatRate, "VatRates", path);
  if (!list) return;
  const auto stored = sku_rows(ctx, v, res::sku_vat_rate(), members().sales_area);  // by sales area
  std::map<int64_t, std::optional<Decimal>> wanted;  // by sales area; nullopt: remove (a later rate wins)
  for (size_t i = 0; i < list->items().size(); ++i) {
    const json::Value& item = list->items()[i];
    const std::string where = path + "[" + std::to_string(i) + "]";
    if (item.kind() != json::Kind::Object) {
      plan.warn(where + ": must be a VatRate object; skipped.");
      continue;
    }
    const json::Value* area_value = item.find("SalesArea");
    if (!area_value || area_value->is_null()) {
      plan.warn(where + ": no SalesArea; skipped.");
      continue;
    }
    const store::SalesArea* area = sales_area(ctx, *area_value);
    if (!area) {
      plan.warn(member_path(where, "SalesArea") + ": there is no sales area " + shown(*area_value) + "; skipped.");
      continue;
    }
    const json::Value* rate_value = item.find("Rate");
    if (!rate_value || rate_value->is_null()) {
      wanted[area->id] = std::nullopt;
      continue;
    }
    auto rate = rate_of(*rate_value);
    if (const auto* why = std::get_if<std::string>(&rate)) {
      plan.warn(member_path(where, "Rate") + ": " + *why + "; skipped.");
      continue;
    }
    wanted[area->id] = std::get<Decimal>(rate);
  }

  for (const auto& [area, rate] : wanted) {
    const auto s = stored.find(area);
    ChildPlan p;
    if (s != stored.end()) p.current = s->second;
    if (!rate) {
      if (p.current) v.vat_rates.push_back(std::move(p));  // nothing stored: nothing to remove
      continue;
    }
    Entity next = p.current ? *p.current : imports::new_entity(res::sku_vat_rate());
    members().sales_area.set(next, area);
    members().rate.set(next, *rate);
    p.next = std::move(next);
    v.vat_rates.push_back(std::move(p));
  }
}

}  // namespace norced::connect::products
