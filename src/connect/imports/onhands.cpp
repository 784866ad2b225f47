// Product/ImportOnhands: the stock of SKUs per warehouse location (SkuOnhand items, SkuOnhandHeader). An item
// is keyed by PartNo + WarehouseCode + LocationCode. Its SKU must exist (else the item fails); its warehouse
// and location are created by code when missing. Only the members SkuOnhandFieldsThatAreSet lists are written.
// FullFile: the active rows at the locations the feed names that it does not send for their SKU are deactivated.
#include <map>
#include <set>
#include <variant>

#include "connect/imports/places.hpp"
#include "connect/imports/stock_imports.hpp"
#include "connect/imports/support.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect {

namespace {

using imports::ListedMember;
using imports::Patch;
using registry::Entity;
using registry::Expr;
using registry::FieldRef;
namespace res = management::resources;

constexpr std::string_view kList = "SkuOnhandFieldsThatAreSet";
constexpr int kIsActive = 10;
constexpr int kInfos = 11;

const ListedMember kMembers[] = {
    {3, "OnhandValue", "OnhandValue"},       {4, "IncomingValue", "IncomingValue"},
    {5, "NextDeliveryDate", "NextDeliveryDate"}, {6, "LeadTimeDayCount", "LeadTimeDayCount"},
    {7, "OnOrderValue", "OnOrderValue"},     {8, "MinimumValue", "MinimumValue"},
    {9, "MaximumValue", "MaximumValue"},     {kIsActive, "IsActive", "IsActive"},
};

struct Members {
  FieldRef<int64_t> sku{res::sku_onhand(), "SkuId"};
  FieldRef<int64_t> location{res::sku_onhand(), "LocationId"};
  FieldRef<bool> is_active{res::sku_onhand(), "IsActive"};
};
const Members& m() {
  static const Members members;
  return members;
}

struct Key {
  std::string part_no, warehouse, location;
};

// The item's key, or why it has none.
std::variant<Key, std::string> key_of(const json::Value& item) {
  auto part_no = imports::key_text(item, "PartNo");
  if (!part_no) return std::string("The on-hand row has no PartNo; it is not imported.");
  auto warehouse = imports::key_text(item, "WarehouseCode");
  if (!warehouse) return "PartNo '" + *part_no + "': the on-hand row has no WarehouseCode; it is not imported.";
  auto location = imports::key_text(item, "LocationCode");
  if (!location) return "PartNo '" + *part_no + "': the on-hand row has no LocationCode; it is not imported.";
  return Key{std::move(*part_no), std::move(*warehouse), std::move(*location)};
}

std::string named(const Key& k) {
  return "PartNo '" + k.part_no + "', warehouse '" + k.warehouse + "', location '" + k.location + "'";
}

void apply(ImportContext& ctx, const std::vector<ImportItem>& items) {
  const auto& r = res::sku_onhand();
  const std::vector<int>& listed = ctx.header.list(kList);
  std::vector<std::variant<Key, std::string>> keys;
  std::vector<std::string> part_nos;
  for (const auto& item : items) {
    keys.push_back(key_of(item.value));
    if (auto* k = std::get_if<Key>(&keys.back())) part_nos.push_back(k->part_no);
  }
  const auto skus = imports::ids_by_code(ctx.tx, res::sku(), "PartNo", part_nos);
  // The stored rows of the chunk's SKUs, by (SKU, location): most items of a stock feed change nothing, and
  // those cost no statement of their own.
  std::vector<int64_t> sku_ids;
  for (const auto& [part_no, id] : skus) sku_ids.push_back(id);
  std::map<std::pair<int64_t, int64_t>, Entity> stored;
  for (auto& row : imports::rows_where_in(ctx.tx, r, "SkuId", sku_ids))
    stored.emplace(std::make_pair(m().sku.get(row).value_or(0), m().location.get(row).value_or(0)), std::move(row));
  imports::Places places(ctx);
  // The keys of the new rows at locations that exist, asked at once: the checks before each insert then ask
  // nothing.
  std::vector<imports::UniqueKey> fresh;
  for (const auto& key : keys) {
    const auto* k = std::get_if<Key>(&key);
    if (!k) continue;
    auto sku = skus.find(k->part_no);
    if (sku == skus.end()) continue;
    auto warehouse = places.find_warehouse(k->warehouse);
    auto location = warehouse ? places.find_location(*warehouse, k->location) : std::nullopt;
    if (!location || stored.contains(std::make_pair(sku->second, *location))) continue;
    fresh.push_back({std::to_string(*location), {registry::Cell{sku->second}}});
  }
  imports::prefetch_unique(ctx.tx, r, "LocationId", fresh);

  for (size_t i = 0; i < items.size(); ++i) {
    const ImportItem& item = items[i];
    if (auto* why = std::get_if<std::string>(&keys[i])) {
      ctx.failed(item, std::move(*why));
      continue;
    }
    const Key& key = std::get<Key>(keys[i]);
    auto sku = skus.find(key.part_no);
    if (sku == skus.end()) {
      ctx.failed(item, "PartNo '" + key.part_no + "': there is no SKU with this part number; the on-hand row is not imported.");
      continue;
    }
    Patch patch;
    if (auto bad = imports::decode_listed(r, item.value, listed, kMembers, patch)) {
      ctx.failed(item, named(key) + ": " + *bad);
      continue;
    }
    if (auto bad = imports::check_text(res::warehouse(), "Code", key.warehouse)) {
      ctx.failed(item, named(key) + ": WarehouseCode: " + *bad);
      continue;
    }
    if (auto bad = imports::check_text(res::warehouse_location(), "Code", key.location)) {
      ctx.failed(item, named(key) + ": LocationCode: " + *bad);
      continue;
    }
    // A full feed states what is in stock: a row it sends is active unless it says otherwise.
    if (ctx.header.full_file && !ctx.header.has(kList, kIsActive)) patch.set(r, "IsActive", true);
    if (ctx.header.has(kList, kInfos))
      if (const json::Value* infos = item.value.find("Infos");
          infos && infos->kind() == json::Kind::Array && !infos->items().empty())
        ctx.warning(item, named(key) + ": Infos are not stored yet; they are ignored.");

    auto warehouse = places.warehouse(key.warehouse);
    if (!warehouse) {
      ctx.failed(item, named(key) + ": warehouse: " + imports::problem_text(warehouse.problem()));
      continue;
    }
    auto location = places.location(*warehouse, key.location);
    if (!location) {
      ctx.failed(item, named(key) + ": location: " + imports::problem_text(location.problem()));
      continue;
    }
    const auto at = std::make_pair(sku->second, *location);
    std::optional<Entity> current;
    if (auto it = stored.find(at); it != stored.end()) current = it->second;
    Patch init;
    init.set(r, "SkuId", sku->second);
    init.set(r, "LocationId", *location);
    init.set(r, "WarehouseId", *warehouse);
    auto row = imports::upsert(ctx, r, current, init, patch);
    if (!row) {
      ctx.failed(item, named(key) + ": " + imports::problem_text(row.problem()));
      continue;
    }
    stored.insert_or_assign(at, std::move(*row));  // a later item of the chunk with the same key sees it
  }
}

// The locations the feed names (that exist) and the (SKU, location) pairs it sends.
struct Sent {
  std::set<int64_t> locations;
  std::set<std::pair<int64_t, int64_t>> rows;
};

Sent sent_rows(ImportContext& ctx, const JobItems& items) {
  Sent sent;
  imports::Places places(ctx);
  imports::for_each_batch(items, 500, [&](const std::vector<json::Value>& batch) {
    std::vector<Key> keys;
    std::vector<std::string> part_nos;
    for (const auto& v : batch) {
      auto key = key_of(v);
      if (auto* k = std::get_if<Key>(&key)) {
        part_nos.push_back(k->part_no);
        keys.push_back(std::move(*k));
      }
    }
    const auto skus = imports::ids_by_code(ctx.tx, res::sku(), "PartNo", part_nos);
    for (const auto& k : keys) {
      auto warehouse = places.find_warehouse(k.warehouse);
      if (!warehouse) continue;
      auto location = places.find_location(*warehouse, k.location);
      if (!location) continue;
      sent.locations.insert(*location);
      if (auto sku = skus.find(k.part_no); sku != skus.end()) sent.rows.emplace(sku->second, *location);
    }
  });
  return sent;
}

FullFileScope full_file(ImportContext& ctx, const JobItems& items, bool apply_it) {
  const auto& r = res::sku_onhand();
  FullFileScope scope;
  scope.what = "on-hand rows";
  const Sent sent = sent_rows(ctx, items);
  const std::vector<int64_t> locations(sent.locations.begin(), sent.locations.end());
  imports::deactivate_unsent(
      ctx, r, imports::rows_where_in(ctx.tx, r, "LocationId", locations, Expr::cmp(Expr::Op::Eq, "IsActive", true)),
      [&](const Entity& row) {
        return sent.rows.contains({m().sku.get(row).value_or(0), m().location.get(row).value_or(0)});
      },
      apply_it, scope, "On-hand row");
  return scope;
}

}  // namespace

const ImportKind& import_onhands() {
  static const ImportKind kind{"Product/ImportOnhands", &sku_onhand_header, &apply, &full_file};
  return kind;
}

}  // namespace norced::connect
