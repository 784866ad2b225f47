// The SKU of an ImportProducts variant: its members as SkuFieldsThatAreSet lists them (enums as integers or as
// their names, each checked against its values), and its one price, Sku.StandardPrice, on the client's standard
// price list at QuantityBreak 1. The standard price list is the client's active price list marked IsPrimary,
// else its active one with the lowest id. A price of null or 0 never overwrites; a price missing a member of
// IgnoreSkuPriceListFieldsWhenEmpty is skipped with a warning.
#include "core/ascii.hpp"
#include "connect/imports/products.hpp"
#include "connect/imports/support.hpp"
#include "management/convert.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Entity;
using registry::Expr;
namespace res = management::resources;

namespace {

// Enums a client may send by name (platform.md §1.7).
const std::vector<EnumValue>& sku_statuses() {
  static const std::vector<EnumValue> v = {{1, "Active"},   {2, "Coming"},   {3, "Expiring"},
                                           {4, "Hidden"},   {5, "Inactive"}, {6, "NotActivated"}};
  return v;
}
const std::vector<EnumValue>& sku_types() {
  static const std::vector<EnumValue> v = {
      {1, "ErpStandard"},       {2, "ErpRefurbished"},       {3, "Freight"},
      {4, "Insurance"},         {7, "Download"},             {8, "Structure"},
      {9, "Invoice"},           {11, "Service"},             {14, "Standard"},
      {15, "ErpExtended"},      {16, "ErpStandardNoStock"},  {17, "ErpPackage"},
      {18, "Donations"},        {19, "ErpTempOutOfStock"},   {20, "EnvironmentalFee"},
      {21, "PackingFee"},       {22, "Configuration"},       {24, "ErpPackageWithCalc"},
      {25, "DisplayOnly"},      {26, "ErpDownload"},         {27, "ErpDownloadNoStock"},
      {28, "ErpDownloadTempNoStock"}, {29, "ErpStandard2"},  {30, "Standard2"},
      {31, "ErpStandardNoStock2"}, {32, "ErpTempOutOfStock2"}, {33, "License"},
      {34, "CentRounding"},     {35, "SalesTax"},            {36, "FreightStructure"},
      {37, "ManagedStructure"}, {38, "ManagedErpPackage"},   {39, "ManagedErpPackageWithCalc"},
      {40, "Virtual"},          {41, "PspGiftCard"},         {42, "PayLater"},
      {43, "GiftCardPaymentPlaceHolder"}, {44, "Compensation"}};
  return v;
}
const std::vector<EnumValue>& units() {
  static const std::vector<EnumValue> v = {{1, "Pieces"}, {2, "Hour"},         {3, "Kilogram"},
                                           {4, "Litre"},  {5, "Pair"},         {6, "SquareMeter"},
                                           {7, "Meter"},  {8, "Boxes"},        {9, "Rolls"}};
  return v;
}
const std::vector<EnumValue>& price_rules() {
  static const std::vector<EnumValue> v = {
      {1, "CostPlus_PurchaseCost"},  {2, "FixedPrice"},           {3, "Margin_PurchaseCost"},
      {4, "UseRecommendedPrice"},    {5, "CostPlus_UnitCost"},    {6, "Margin_UnitCost"},
      {7, "UseStandardPrice_PctDiscount"}, {8, "Competitive_PurchaseCost"}, {9, "Competitive_UnitCost"},
      {10, "UseStandardPrice_FixedDiscount"}, {11, "StructureCalculation"}, {12, "UseCatalogPrice"}};
  return v;
}

// An enum value sent by name, as the number it stands for (other values as they are: the decoder judges them).
json::Value enum_value(const json::Value& v, const std::vector<EnumValue>* names) {
  if (names && v.kind() == json::Kind::String)
    for (const auto& e : *names)
      if (ascii::iequals(e.name, v.as_string())) return json::Value::number(std::to_string(e.value));
  return v;
}

struct Member {
  Switches on;
  std::string_view name;
  const std::vector<EnumValue>* names = nullptr;
};

const std::vector<Member>& sku_members() {
  using namespace sku_field;
  static const std::vector<Member> m = {
      {{Status, StatusCreateOnly}, "Status", &sku_statuses()},
      {{Type}, "Type", &sku_types()},
      {{IntegrationPartNo}, "IntegrationPartNo"},
      {{CommodityCode}, "CommodityCode"},
      {{EanCode}, "EanCode"},
      {{TrackingCode}, "TrackingCode"},
      {{UnitOfMeasurementType}, "UnitOfMeasurementType", &units()},
      {{UnitOfMeasurementCount}, "UnitOfMeasurementCount"},
      {{IsDropShipOnly}, "IsDropShipOnly"},
      {{IsBuyable}, "IsBuyable"},
      {{DiscountClass}, "DiscountClass"},
      {{RecommendedSalesQty}, "RecommendedSalesQty"},
      {{IsRecommendedSalesQtyFixed}, "IsRecommendedSalesQtyFixed"},
      {{ActualWeight}, "ActualWeight"},
      {{VolumeWeight}, "VolumeWeight"},
      {{LogisticWidth}, "LogisticWidth"},
      {{LogisticHeight}, "LogisticHeight"},
      {{LogisticDepth}, "LogisticDepth"},
      {{StartDate}, "StartDate"},
      {{StopDate}, "StopDate"},
  };
  return m;
}

// SkuPriceListField members of the standard price; `price` members are amounts, which null or 0 never overwrite.
struct PriceMember {
  Switches on;
  std::string_view name;
  bool price = false;
  const std::vector<EnumValue>* names = nullptr;
};

const std::vector<PriceMember>& price_members() {
  using namespace price_field;
  static const std::vector<PriceMember> m = {
      {{PriceSale}, "PriceSale", true},
      {{CostPurchase}, "CostPurchase", true},
      {{CostUnit}, "CostUnit", true},
      {{PriceRecommended}, "PriceRecommended", true},
      {{PricePrevious}, "PricePrevious", true},
      {{PriceCatalog}, "PriceCatalog", true},
      {{IsPriceDiscountable, IsPriceDiscountableCreateOnly}, "IsPriceDiscountable"},
      {{IsActive}, "IsActive"},
      {{PriceRule}, "PriceRule", false, &price_rules()},
      {{PriceRule}, "PriceRuleValue"},  // the rule's parameter goes with the rule
  };
  return m;
}

// Whether a price member has no value: absent, null, or an amount of 0.
bool empty_value(const json::Value* v) {
  if (!v || v->is_null()) return true;
  if (v->kind() != json::Kind::Number) return false;
  auto d = Decimal::parse(v->number_text());
  return d && *d == Decimal::from_int(0);
}

std::optional<int64_t> standard_price_list(ImportContext& ctx, ChunkState& chunk) {
  static const registry::FieldRef<bool> primary(res::price_list(), "IsPrimary");
  if (!chunk.standard_price_list) {
    registry::ListQuery q;
    q.where = Expr::cmp(Expr::Op::Eq, "IsActive", true);
    std::optional<int64_t> pick;
    for (const auto& l : ctx.tx.list(res::price_list(), q)) {  // id order
      if (!pick) pick = l.id;
      if (primary.get(l).value_or(false)) {
        pick = l.id;
        break;
      }
    }
    chunk.standard_price_list = pick;
  }
  return *chunk.standard_price_list;
}

std::optional<Entity> stored_price(ImportContext& ctx, int64_t sku_id, int64_t price_list_id) {
  registry::ListQuery q;
  q.where = Expr::all_of({Expr::cmp(Expr::Op::Eq, "SkuId", sku_id), Expr::cmp(Expr::Op::Eq, "PriceListId", price_list_id),
                          Expr::cmp(Expr::Op::Eq, "QuantityBreak", int64_t{1})});
  q.limit = 1;
  auto rows = ctx.tx.list(res::sku_price_list(), q);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

void apply_sku_members(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  if (!v.sku || !v.sku_json) return;
  const std::string path = member_path(v.path, "Skus[0]");
  const uint64_t listed = ctx.header.mask(kSkuFields);
  for (const auto& m : sku_members()) {
    if (!writes(listed, m.on, !v.sku_current)) continue;
    if (const json::Value* value = v.sku_json->find(m.name))
      decode_into(plan, res::sku(), m.name, enum_value(*value, m.names), path, m.name, *v.sku);
  }
}

void apply_standard_price(ImportContext& ctx, ChunkState& chunk, ItemPlan& plan, VariantPlan& v) {
  static const registry::FieldRef<int64_t> list(res::sku_price_list(), "PriceListId");
  static const registry::FieldRef<int64_t> quantity(res::sku_price_list(), "QuantityBreak");
  if (!v.sku || !v.sku_json || !ctx.header.has(kSkuFields, sku_field::StandardPrice)) return;
  const json::Value* price = v.sku_json->find("StandardPrice");
  if (!price || price->is_null()) return;
  const std::string path = member_path(v.path, "Skus[0].StandardPrice");
  if (price->kind() != json::Kind::Object) {
    plan.refuse(path + ": must be an object.");
    return;
  }
  for (int required : ctx.header.list(kIgnorePriceFieldsWhenEmpty))
    for (const auto& m : price_members())
      if (m.on.normal == required && empty_value(price->find(m.name))) {
        plan.warn(path + ": skipped, " + std::string(m.name) + " is empty (IgnoreSkuPriceListFieldsWhenEmpty).");
        return;
      }
  const auto price_list = standard_price_list(ctx, chunk);
  if (!price_list) {
    plan.warn(path + ": skipped, the client has no active price list.");
    return;
  }
  if (v.sku_current) v.price_current = stored_price(ctx, v.sku_current->id, *price_list);
  Entity next = v.price_current ? *v.price_current : imports::new_entity(res::sku_price_list());
  list.set(next, *price_list);
  quantity.set(next, 1);
  bool any = false;
  const uint64_t listed = ctx.header.mask(kSkuPriceListFields);
  for (const auto& m : price_members()) {
    if (!writes(listed, m.on, !v.price_current)) continue;
    const json::Value* value = price->find(m.name);
    if (!value || value->is_null() || (m.price && empty_value(value))) continue;
    decode_into(plan, res::sku_price_list(), m.name, enum_value(*value, m.names), path, m.name, next);
    any = true;
  }
  if (any || v.price_current) v.price = std::move(next);
}

}  // namespace norced::connect::products
