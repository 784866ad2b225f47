// Product/ImportSkuPriceLists: prices of SKUs on price lists (SkuPriceList items, SkuPriceListHeader). An item
// is keyed by PartNo + PriceListCode + QuantityBreak; its SKU and price list must exist (nothing is created).
// Only the members SkuPriceListFieldsThatAreSet lists are written, and a price that is null or 0 never
// overwrites one. A row lacking a member IgnoreSkuPriceListFieldsWhenEmpty lists is skipped with a warning.
// FullFile: the active prices on the price lists the feed names that it does not send are deactivated.
#include <map>
#include <set>
#include <tuple>

#include "connect/imports/stock_imports.hpp"
#include "connect/imports/support.hpp"
#include "management/resources/resources.hpp"
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

constexpr std::string_view kList = "SkuPriceListFieldsThatAreSet";
constexpr std::string_view kIgnoreList = "IgnoreSkuPriceListFieldsWhenEmpty";
constexpr int kIsActive = 10;
constexpr int kIsPriceDiscountableCreateOnly = 11;

const ListedMember kMembers[] = {
    {3, "PriceSale", "PriceSale", true},
    {4, "CostPurchase", "CostPurchase", true},
    {5, "CostUnit", "CostUnit", true},
    {6, "PriceRecommended", "PriceRecommended", true},
    {7, "PricePrevious", "PricePrevious", true},
    {8, "PriceCatalog", "PriceCatalog", true},
    {9, "IsPriceDiscountable", "IsPriceDiscountable"},
    {kIsActive, "IsActive", "IsActive"},
    {12, "PriceRule", "PriceRule"},
    {12, "PriceRuleValue", "PriceRuleValue"},
};
// Written only when the import creates the row.
const ListedMember kCreateOnly[] = {{kIsPriceDiscountableCreateOnly, "IsPriceDiscountable", "IsPriceDiscountable"}};

struct Members {
  FieldRef<int64_t> sku{res::sku_price_list(), "SkuId"};
  FieldRef<int64_t> price_list{res::sku_price_list(), "PriceListId"};
  FieldRef<int64_t> quantity_break{res::sku_price_list(), "QuantityBreak"};
  FieldRef<bool> is_active{res::sku_price_list(), "IsActive"};
};
const Members& m() {
  static const Members members;
  return members;
}

struct Key {
  std::string part_no, price_list;
  int64_t quantity_break = 1;
};

// The item's key, or why it has none. QuantityBreak 0 (the .NET default when unset) or absent means 1: the
// price applies from any quantity.
std::variant<Key, std::string> key_of(const json::Value& item) {
  Key k;
  auto part_no = imports::key_text(item, "PartNo");
  if (!part_no) return std::string("The price row has no PartNo; it is not imported.");
  auto price_list = imports::key_text(item, "PriceListCode");
  if (!price_list) return "PartNo '" + *part_no + "': the price row has no PriceListCode; it is not imported.";
  k.part_no = std::move(*part_no);
  k.price_list = std::move(*price_list);
  if (const json::Value* qb = item.find("QuantityBreak"); qb && !qb->is_null()) {
    Cell cell;
    if (auto bad = imports::decode_member(res::sku_price_list(), "QuantityBreak", *qb, cell))
      return "PartNo '" + k.part_no + "', price list '" + k.price_list + "': QuantityBreak: " + *bad;
    const int64_t n = std::get<int64_t>(cell);
    if (n < 0)
      return "PartNo '" + k.part_no + "', price list '" + k.price_list + "': QuantityBreak must not be negative.";
    k.quantity_break = n == 0 ? 1 : n;
  }
  return k;
}

std::string named(const Key& k) {
  return "PartNo '" + k.part_no + "', price list '" + k.price_list + "', quantity break " +
         std::to_string(k.quantity_break);
}

// The JSON member of a SkuPriceListField value, for IgnoreSkuPriceListFieldsWhenEmpty; null when it has none.
const ListedMember* member_of(int value) {
  for (const auto& lm : kMembers)
    if (lm.value == value) return &lm;
  for (const auto& lm : kCreateOnly)
    if (lm.value == value) return &lm;
  return nullptr;
}

// The member of IgnoreSkuPriceListFieldsWhenEmpty the item leaves empty (absent, null, or 0 for a price), if any.
std::optional<std::string_view> empty_member(const ImportContext& ctx, const json::Value& item) {
  for (int value : ctx.header.list(kIgnoreList)) {
    const ListedMember* lm = member_of(value);
    if (!lm) continue;
    const json::Value* v = item.find(lm->json);
    if (!v || v->is_null()) return lm->json;
    if (lm->price && v->kind() == json::Kind::Number) {
      if (auto d = Decimal::parse(v->number_text()); d && *d == Decimal::from_int(0)) return lm->json;
    }
  }
  return std::nullopt;
}

void apply(ImportContext& ctx, const std::vector<ImportItem>& items) {
  const auto& r = res::sku_price_list();
  const std::vector<int>& listed = ctx.header.list(kList);
  std::vector<std::variant<Key, std::string>> keys;
  std::vector<std::string> part_nos, codes;
  for (const auto& item : items) {
    keys.push_back(key_of(item.value));
    if (auto* k = std::get_if<Key>(&keys.back())) {
      part_nos.push_back(k->part_no);
      codes.push_back(k->price_list);
    }
  }
  const auto skus = imports::ids_by_code(ctx.tx, res::sku(), "PartNo", part_nos);
  const auto lists = imports::ids_by_code(ctx.tx, res::price_list(), "Code", codes);
  // The stored prices of the chunk's SKUs, by (SKU, price list, quantity break): most items of a price feed
  // change nothing, and those cost no statement of their own.
  std::vector<int64_t> sku_ids;
  for (const auto& [part_no, id] : skus) sku_ids.push_back(id);
  std::map<std::tuple<int64_t, int64_t, int64_t>, Entity> stored;
  for (auto& row : imports::rows_where_in(ctx.tx, r, "SkuId", sku_ids))
    stored.emplace(std::make_tuple(m().sku.get(row).value_or(0), m().price_list.get(row).value_or(0),
                                   m().quantity_break.get(row).value_or(0)),
                   std::move(row));
  // The keys of the new prices, asked at once: the checks before each insert then ask nothing.
  std::vector<imports::UniqueKey> fresh;
  for (const auto& key : keys) {
    const auto* k = std::get_if<Key>(&key);
    if (!k) continue;
    auto sku = skus.find(k->part_no);
    auto list = lists.find(k->price_list);
    if (sku == skus.end() || list == lists.end()) continue;
    if (stored.contains(std::make_tuple(sku->second, list->second, k->quantity_break))) continue;
    fresh.push_back({std::to_string(k->quantity_break), {Cell{sku->second}, Cell{list->second}}});
  }
  imports::prefetch_unique(ctx.tx, r, "QuantityBreak", fresh);

  for (size_t i = 0; i < items.size(); ++i) {
    const ImportItem& item = items[i];
    if (auto* why = std::get_if<std::string>(&keys[i])) {
      ctx.failed(item, std::move(*why));
      continue;
    }
    const Key& key = std::get<Key>(keys[i]);
    auto sku = skus.find(key.part_no);
    if (sku == skus.end()) {
      ctx.failed(item, "PartNo '" + key.part_no + "': there is no SKU with this part number; the price is not imported.");
      continue;
    }
    auto list = lists.find(key.price_list);
    if (list == lists.end()) {
      ctx.failed(item, "PriceListCode '" + key.price_list + "': there is no price list with this code; the price of '" +
                           key.part_no + "' is not imported.");
      continue;
    }
    if (auto empty = empty_member(ctx, item.value)) {
      ctx.warning(item, named(key) + ": " + std::string(*empty) + " is empty and listed in " + std::string(kIgnoreList) +
                            "; the price row is skipped.");
      continue;
    }
    Patch patch, create_only;
    auto bad = imports::decode_listed(r, item.value, listed, kMembers, patch);
    if (!bad) bad = imports::decode_listed(r, item.value, listed, kCreateOnly, create_only);
    if (bad) {
      ctx.failed(item, named(key) + ": " + *bad);
      continue;
    }
    // A full feed states which prices hold: a row it sends is active unless it says otherwise.
    if (ctx.header.full_file && !ctx.header.has(kList, kIsActive)) patch.set(r, "IsActive", true);

    const auto at = std::make_tuple(sku->second, list->second, key.quantity_break);
    std::optional<Entity> current;
    if (auto it = stored.find(at); it != stored.end()) current = it->second;
    Patch init = create_only;
    init.set(r, "SkuId", sku->second);
    init.set(r, "PriceListId", list->second);
    init.set(r, "QuantityBreak", key.quantity_break);
    auto row = imports::upsert(ctx, r, current, init, patch);
    if (!row) {
      ctx.failed(item, named(key) + ": " + imports::problem_text(row.problem()));
      continue;
    }
    stored.insert_or_assign(at, std::move(*row));  // a later item of the chunk with the same key sees it
  }
}

FullFileScope full_file(ImportContext& ctx, const JobItems& items, bool apply_it) {
  const auto& r = res::sku_price_list();
  FullFileScope scope;
  scope.what = "prices";
  std::set<int64_t> lists;
  std::set<std::tuple<int64_t, int64_t, int64_t>> sent;  // (SKU, price list, quantity break)
  imports::for_each_batch(items, 500, [&](const std::vector<json::Value>& batch) {
    std::vector<Key> keys;
    std::vector<std::string> part_nos, codes;
    for (const auto& v : batch) {
      auto key = key_of(v);
      if (auto* k = std::get_if<Key>(&key)) {
        part_nos.push_back(k->part_no);
        codes.push_back(k->price_list);
        keys.push_back(std::move(*k));
      }
    }
    const auto skus = imports::ids_by_code(ctx.tx, res::sku(), "PartNo", part_nos);
    const auto ids = imports::ids_by_code(ctx.tx, res::price_list(), "Code", codes);
    for (const auto& k : keys) {
      auto list = ids.find(k.price_list);
      if (list == ids.end()) continue;
      lists.insert(list->second);
      if (auto sku = skus.find(k.part_no); sku != skus.end()) sent.emplace(sku->second, list->second, k.quantity_break);
    }
  });
  for (int64_t list : lists) {
    registry::ListQuery q;
    q.where = Expr::all_of({Expr::cmp(Expr::Op::Eq, "IsActive", true), Expr::cmp(Expr::Op::Eq, "PriceListId", list)});
    imports::deactivate_unsent(
        ctx, r, ctx.tx.list(r, q),
        [&](const Entity& row) {
          return sent.contains({m().sku.get(row).value_or(0), list, m().quantity_break.get(row).value_or(0)});
        },
        apply_it, scope, "Price row");
  }
  return scope;
}

}  // namespace

const ImportKind& import_sku_price_lists() {
  static const ImportKind kind{"Product/ImportSkuPriceLists", &sku_price_list_header, &apply, &full_file};
  return kind;
}

}  // namespace norced::connect
