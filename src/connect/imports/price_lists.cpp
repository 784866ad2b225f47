// Product/ImportPriceLists: price lists by Code (PriceList items, PriceListHeader), created when missing. A list
// is written as the Management API writes it (the PriceList resource's rules run: a client currency and type,
// dates in order, no parent cycle), so an imported list is at once what GET /api/pricing/pricelist shows. Only
// the members PriceListFieldsThatAreSet lists are written; codes (CurrencyCode, TypeCode, ParentPriceListCode)
// are turned into the client's ids. Warehouses and their locations are created or updated by Code with the
// members their own lists name, and the list is linked to each location sent (PriceListWarehouse); with
// Warehouses (7) listed, the links the item does not send are removed. Price rules (18–20) are written as
// PriceListPriceRule rows (price_rules.hpp). Populations are not applied yet: an item that carries one gets a
// warning. There is no full feed (PriceListHeader has no FullFile).
#include <set>

#include "connect/imports/places.hpp"
#include "connect/imports/price_rules.hpp"
#include "connect/imports/stock_imports.hpp"
#include "connect/imports/support.hpp"
#include "core/ascii.hpp"
#include "management/resources/resources.hpp"
#include "management/save.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect {

namespace {

using imports::ListedMember;
using imports::Patch;
using registry::Cell;
using registry::Entity;
using registry::Expr;
using registry::FieldRef;
namespace res = management::resources;

constexpr std::string_view kList = "PriceListFieldsThatAreSet";
constexpr std::string_view kWarehouseList = "WarehouseFieldsThatAreSet";
constexpr std::string_view kLocationList = "WarehouseLocationFieldsThatAreSet";
// PriceListField values handled by hand.
constexpr int kCurrencyCode = 1, kTypeCode = 6, kWarehouses = 7, kDefaultPriceRule = 8, kSalesArea = 12,
              kParentPriceListCode = 15, kPopulation = 21, kPopulationCleanup = 22,
              kInheritStructureCalculationRule = 24;

const ListedMember kMembers[] = {
    {0, "Name", "Name"},
    {2, "StartDate", "StartDate"},
    {3, "EndDate", "EndDate"},
    {4, "IsPublic", "IsPublic"},
    {5, "IsPrimary", "IsPrimary"},
    {kDefaultPriceRule, "DefaultPriceRule", "DefaultPriceRuleId"},
    {kDefaultPriceRule, "DefaultPriceRuleValue", "DefaultPriceRuleValue"},
    {9, "Description", "Description"},
    {kSalesArea, "SalesArea", "SalesAreaId"},
    {13, "DefaultMinMarginPercent", "DefaultMinimumProductMarginPercentage"},
    {14, "LimitToRecPrice", "DefaultLimitToPriceRecommended"},
    {16, "DefaultSupplementalChargeFixed", "DefaultSupplementCharge"},
    {17, "DefaultSupplementalChargePercent", "DefaultSupplementChargePercentage"},
    {23, "IsFavorite", "IsFavorite"},
    {kInheritStructureCalculationRule, "InheritStructureCalculationRule", "InheritStructureCalculationRule"},
};
const ListedMember kWarehouseMembers[] = {{0, "Type", "Type"}, {1, "Name", "Name"}, {2, "LeadTimeDayCount", "LeadTimeDayCount"}};
const ListedMember kLocationMembers[] = {
    {0, "Name", "Name"}, {1, "LeadTimeDayCount", "LeadTimeDayCount"},
    {2, "IsIncludedInStockCalculation", "IsIncludedInStockCalculation"}};

struct Members {
  FieldRef<int64_t> default_price_rule{res::price_list(), "DefaultPriceRuleId"};
  FieldRef<int64_t> inherit_rule{res::price_list(), "InheritStructureCalculationRule"};
  FieldRef<int64_t> link_location{res::price_list_warehouse(), "LocationId"};
};
const Members& m() {
  static const Members members;
  return members;
}

// A location of the item's warehouses, decoded.
struct LocationIn {
  std::string code;
  Patch patch;
};
struct WarehouseIn {
  std::string code;
  Patch patch;
  std::vector<LocationIn> locations;
};

// Everything the item asks for, checked before any of it is written.
struct Decoded {
  Patch list;
  std::vector<WarehouseIn> warehouses;
  bool warehouses_given = false;  // the Warehouses member is read
  price_rules::Rules rules;
};

bool listed(const ImportContext& ctx, int value) { return ctx.header.has(kList, value); }

// A string member the header lists: nullopt when absent, null or empty (the member is then left alone).
std::optional<std::string> listed_text(const ImportContext& ctx, const json::Value& item, int value,
                                       std::string_view member, std::string& error) {
  if (!listed(ctx, value)) return std::nullopt;
  const json::Value* v = item.find(member);
  if (!v || v->is_null()) return std::nullopt;
  if (v->kind() != json::Kind::String) {
    error = std::string(member) + ": Expected a string, got " + json::kind_name(v->kind()) + ".";
    return std::nullopt;
  }
  if (v->as_string().empty()) return std::nullopt;
  return v->as_string();
}

// The item's members as cells of the PriceList resource and its warehouses, or what is wrong.
std::variant<Decoded, std::string> decode(ImportContext& ctx, const json::Value& item, bool exists) {
  const auto& r = res::price_list();
  Decoded d;
  if (auto bad = imports::check_text(r, "Code", *imports::key_text(item, "Code"))) return "Code: " + *bad;
  if (auto bad = imports::decode_listed(r, item, ctx.header.list(kList), kMembers, d.list)) return *bad;
  Entity probe = imports::new_entity(r);
  d.list.apply_to(probe);
  if (auto rule = m().default_price_rule.get(probe); rule && (*rule < 1 || *rule > 12))
    return "DefaultPriceRule: " + std::to_string(*rule) + " is not a PriceRule (1 to 12).";
  if (auto rule = m().inherit_rule.get(probe); rule && (*rule < 0 || *rule > 2))
    return "InheritStructureCalculationRule: " + std::to_string(*rule) + " is not a value of InheritStructureCalculationRule (0 to 2).";

  std::string error;
  if (auto code = listed_text(ctx, item, kCurrencyCode, "CurrencyCode", error)) {
    const store::Currency* found = nullptr;
    std::string known;
    for (const auto& c : ctx.rules.ref.currencies) {
      if (ascii::iequals(c.code, *code)) found = &c;
      known += (known.empty() ? "" : ", ") + c.code;
    }
    if (!found) return "CurrencyCode: '" + *code + "' is not a currency of this client; use one of: " + known + ".";
    d.list.set(r, "CurrencyId", found->id);
  }
  if (!error.empty()) return error;
  if (!exists && !d.list.has(r, "CurrencyId"))
    return "CurrencyCode: a new price list needs a currency; send CurrencyCode and list it (1) in " + std::string(kList) + ".";
  if (auto code = listed_text(ctx, item, kTypeCode, "TypeCode", error)) {
    const store::PriceListType* found = nullptr;
    std::string known;
    for (const auto& t : ctx.rules.ref.price_list_types) {
      if (ascii::iequals(t.code, *code)) found = &t;
      known += (known.empty() ? "" : ", ") + t.code;
    }
    if (!found) return "TypeCode: '" + *code + "' is not a price list type of this client; use one of: " + known + ".";
    d.list.set(r, "TypeId", found->id);
  }
  if (!error.empty()) return error;
  if (listed(ctx, kParentPriceListCode)) {
    const json::Value* v = item.find("ParentPriceListCode");
    if (!v || v->is_null() || (v->kind() == json::Kind::String && v->as_string().empty())) {
      d.list.set(r, "ParentPriceListId", Cell{});
    } else if (v->kind() != json::Kind::String) {
      return "ParentPriceListCode: Expected a string, got " + std::string(json::kind_name(v->kind())) + ".";
    } else if (auto id = ctx.tx.find_unique(r, "Code", v->as_string())) {
      d.list.set(r, "ParentPriceListId", *id);
    } else {
      return "ParentPriceListCode: there is no price list with code '" + v->as_string() + "'.";
    }
  }

  auto rules = price_rules::decode(ctx, item);
  if (auto* bad = std::get_if<std::string>(&rules)) return std::move(*bad);
  d.rules = std::move(std::get<price_rules::Rules>(rules));

  // Warehouses: read when the header lists them (PriceListField 7) or names their members.
  const json::Value* warehouses = item.find("Warehouses");
  d.warehouses_given = listed(ctx, kWarehouses) || !ctx.header.list(kWarehouseList).empty() ||
                       !ctx.header.list(kLocationList).empty();
  if (!d.warehouses_given || !warehouses || warehouses->is_null()) return d;
  if (warehouses->kind() != json::Kind::Array) return std::string("Warehouses: Expected an array of Warehouse.");
  for (size_t i = 0; i < warehouses->items().size(); ++i) {
    const json::Value& w = warehouses->items()[i];
    const std::string at = "Warehouses[" + std::to_string(i) + "]";
    auto code = imports::key_text(w, "Code");
    if (!code) return at + ".Code: a warehouse needs a Code.";
    if (auto bad = imports::check_text(res::warehouse(), "Code", *code)) return at + ".Code: " + *bad;
    WarehouseIn in{*code, {}, {}};
    if (auto bad = imports::decode_listed(res::warehouse(), w, ctx.header.list(kWarehouseList), kWarehouseMembers, in.patch))
      return at + "." + *bad;
    if (const json::Value* locations = w.find("Locations"); locations && !locations->is_null()) {
      if (locations->kind() != json::Kind::Array) return at + ".Locations: Expected an array of WarehouseLocation.";
      for (size_t j = 0; j < locations->items().size(); ++j) {
        const json::Value& l = locations->items()[j];
        const std::string lat = at + ".Locations[" + std::to_string(j) + "]";
        auto lcode = imports::key_text(l, "Code");
        if (!lcode) return lat + ".Code: a location needs a Code.";
        if (auto bad = imports::check_text(res::warehouse_location(), "Code", *lcode)) return lat + ".Code: " + *bad;
        LocationIn loc{*lcode, {}};
        if (auto bad = imports::decode_listed(res::warehouse_location(), l, ctx.header.list(kLocationList),
                                              kLocationMembers, loc.patch))
          return lat + "." + *bad;
        in.locations.push_back(std::move(loc));
      }
    }
    d.warehouses.push_back(std::move(in));
  }
  return d;
}

bool carries(const json::Value& item, std::string_view member) {
  const json::Value* v = item.find(member);
  if (!v || v->is_null()) return false;
  if (v->kind() == json::Kind::Array) return !v->items().empty();
  return true;
}

// Links the list to the locations sent; with Warehouses listed, removes the links to other locations.
Status link(ImportContext& ctx, int64_t list_id, const std::vector<std::pair<int64_t, int64_t>>& sent) {
  const auto& r = res::price_list_warehouse();
  std::set<int64_t> locations;
  for (const auto& [warehouse, location] : sent) {
    locations.insert(location);
    if (ctx.tx.find_unique(r, "LocationId", std::to_string(location), {Cell{list_id}})) continue;
    Patch init;
    init.set(r, "PriceListId", list_id);
    init.set(r, "LocationId", location);
    init.set(r, "WarehouseId", warehouse);
    if (auto row = imports::upsert(ctx, r, std::nullopt, init, {}); !row) return row.take_problem();
  }
  if (!listed(ctx, kWarehouses)) return ok_status();
  registry::ListQuery q;
  q.where = Expr::cmp(Expr::Op::Eq, "PriceListId", list_id);
  for (const Entity& row : ctx.tx.list(r, q)) {
    if (locations.contains(m().link_location.get(row).value_or(0))) continue;
    if (auto gone = management::save(ctx.rules, r, row, &row, management::SaveKind::Remove); !gone)
      return gone.take_problem();
    ++ctx.outcome.updates;
  }
  return ok_status();
}

void apply(ImportContext& ctx, const std::vector<ImportItem>& items) {
  const auto& r = res::price_list();
  std::vector<std::string> codes;  // looked up at once: each item's lookup below then asks nothing
  for (const auto& item : items)
    if (auto code = imports::key_text(item.value, "Code")) codes.push_back(std::move(*code));
  imports::ids_by_code(ctx.tx, r, "Code", codes);
  for (const auto& item : items) {
    auto code = imports::key_text(item.value, "Code");
    if (!code) {
      ctx.failed(item, "The price list has no Code; it is not imported.");
      continue;
    }
    const std::string named = "Price list '" + *code + "'";
    std::optional<Entity> current;
    if (auto id = ctx.tx.find_unique(r, "Code", *code)) current = ctx.tx.get(r, *id);
    auto decoded = decode(ctx, item.value, current.has_value());
    if (auto* bad = std::get_if<std::string>(&decoded)) {
      ctx.failed(item, named + ": " + *bad);
      continue;
    }
    const Decoded& d = std::get<Decoded>(decoded);
    if (auto bad = price_rules::check(ctx, current ? std::optional<int64_t>(current->id) : std::nullopt, d.rules)) {
      ctx.failed(item, named + ": " + *bad);
      continue;
    }
    if ((listed(ctx, kPopulation) || listed(ctx, kPopulationCleanup)) && carries(item.value, "Population"))
      ctx.warning(item, named + ": Population is not applied yet; it is ignored.");

    Patch init;
    init.set(r, "Code", *code);
    auto list = imports::upsert(ctx, r, current, init, d.list);
    if (!list) {
      ctx.failed(item, named + ": " + imports::problem_text(list.problem()));
      continue;
    }
    if (auto written = price_rules::write(ctx, list->id, d.rules); !written) {
      ctx.failed(item, named + ": " + imports::problem_text(written.problem()));
      continue;
    }
    if (!d.warehouses_given) continue;
    imports::Places places(ctx);
    std::vector<std::pair<int64_t, int64_t>> sent;  // (warehouse, location)
    std::string failure;
    for (const auto& w : d.warehouses) {
      auto warehouse = places.warehouse(w.code, w.patch);
      if (!warehouse) {
        failure = "warehouse '" + w.code + "': " + imports::problem_text(warehouse.problem());
        break;
      }
      if (w.locations.empty())
        ctx.warning(item, named + ": warehouse '" + w.code + "' has no Locations; the list is not linked to it.");
      for (const auto& l : w.locations) {
        auto location = places.location(*warehouse, l.code, l.patch);
        if (!location) {
          failure = "warehouse '" + w.code + "', location '" + l.code + "': " + imports::problem_text(location.problem());
          break;
        }
        sent.emplace_back(*warehouse, *location);
      }
      if (!failure.empty()) break;
    }
    if (failure.empty())
      if (auto linked = link(ctx, list->id, sent); !linked) failure = imports::problem_text(linked.problem());
    if (!failure.empty()) ctx.failed(item, named + ": " + failure);
  }
}

}  // namespace

const ImportKind& import_price_lists() {
  static const ImportKind kind{"Product/ImportPriceLists", &price_list_header, &apply, nullptr};
  return kind;
}

}  // namespace norced::connect
