// Product/ImportProducts (platform.md §1.4, §1.6), the pieces its files share. An item is a Product: a variant
// cluster whose Variants (one SKU each) are norced Product rows (management/resources/products.cpp). Each item is
// first planned — matched, every listed member decoded and checked, the rows to write built in memory (the
// product, its parametric values and images, its SKU, the SKU's VAT rates, structure items and standard price)
// — and only a plan without a refusal is written, through management::save. A row equal to the stored one is
// not written.
//
// Only the members the header lists in its *FieldsThatAreSet lists are applied; the keys (ManufacturerCode,
// ManufacturerPartNo, PartNo, Code) are always read, since they say which rows the item is about.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connect/import.hpp"
#include "json/value.hpp"
#include "registry/field_ref.hpp"
#include "registry/model.hpp"

namespace norced::connect::products {

// The header's lists (platform.md §1.7, values exact).
inline constexpr std::string_view kProductFields = "ProductFieldsThatAreSet";
inline constexpr std::string_view kProductCultureFields = "ProductCultureFieldsThatAreSet";
inline constexpr std::string_view kVariantFields = "VariantFieldsThatAreSet";
inline constexpr std::string_view kVariantCultureFields = "VariantCultureFieldsThatAreSet";
inline constexpr std::string_view kSkuFields = "SkuFieldsThatAreSet";
inline constexpr std::string_view kSkuCultureFields = "SkuCultureFieldsThatAreSet";
inline constexpr std::string_view kSkuPriceListFields = "SkuPriceListFieldsThatAreSet";
inline constexpr std::string_view kSkuStructureItemFields = "SkuStructureItemFieldsThatAreSet";
inline constexpr std::string_view kIgnorePriceFieldsWhenEmpty = "IgnoreSkuPriceListFieldsWhenEmpty";
inline constexpr std::string_view kImageCultureFields = "ImageCultureFieldsThatAreSet";

namespace product_field {
enum : int {
  ManufacturerCode = 0, ManufacturerName = 1, Alias = 2, Code = 3, Variants = 4, Cultures = 5, Categories = 6,
  MainImage = 7, AdditionalImages = 8, Family = 9, ProductParametrics = 10, ProductParametricsCreateOnly = 11,
  VariantDefinitionGroup = 12, VariantDefinitionGroupCreateOnly = 13, Assortment = 14, CategoriesCreateOnly = 15,
  CategoriesLimitedUpdate = 16, AdditionalImagesCleanup = 17, ParametricsCleanup = 18, ImagesAndFilesCleanup = 19,
};
}
namespace variant_field {
enum : int {
  ManufacturerPartNo = 0, SortOrderValue = 1, StockDisplayBreakPoint = 2, IsDangerousGoods = 3, Cultures = 4,
  Skus = 5, MainImage = 6, AdditionalImages = 7, VariantParametrics = 8, VariantParametricsCreateOnly = 9,
  NonParametricVariantDefinitions = 10, NonParametricVariantDefinitionsCreateOnly = 11, DeliveryMethods = 12,
  DeliveryMethodsCreateOnly = 13, AdditionalImagesCleanup = 14, ParametricsCleanup = 15, TranslationRequested = 16,
  ImagesAndFilesCleanup = 17,
};
}
namespace sku_field {
enum : int {
  Status = 1, Type = 2, IntegrationPartNo = 3, CommodityCode = 4, EanCode = 5, TrackingCode = 6,
  UnitOfMeasurementType = 7, UnitOfMeasurementCount = 8, IsDropShipOnly = 9, IsBuyable = 10, DiscountClass = 11,
  RecommendedSalesQty = 12, IsRecommendedSalesQtyFixed = 13, ActualWeight = 14, VolumeWeight = 15,
  LogisticWidth = 16, LogisticHeight = 18, LogisticDepth = 19, StandardPrice = 20, VatRate = 21,
  StatusCreateOnly = 22, StartDate = 23, StopDate = 24, StructureItems = 25, PartNoCreateWhenMissing = 26,
};
}
namespace price_field {
enum : int {
  PriceSale = 3, CostPurchase = 4, CostUnit = 5, PriceRecommended = 6, PricePrevious = 7, PriceCatalog = 8,
  IsPriceDiscountable = 9, IsActive = 10, IsPriceDiscountableCreateOnly = 11, PriceRule = 12,
  FullfileResetInheritance = 13,
};
}

// The X-StormConnect-Header of Product/ImportProducts, with the dependencies the docs state.
const HeaderSpec& product_header();

// How a member is switched on in its header list: written on every import (`normal`), only when this import
// creates the row (`create_only`), or as a "limited update" (`limited`; -1 where the enum has no such value).
// Manual changes are not tracked yet, so a limited update writes like a normal one (docs/decisions.md).
struct Switches {
  int normal = -1;
  int create_only = -1;
  int limited = -1;
};
bool writes(const ConnectHeader& h, std::string_view list, Switches s, bool creating);
// The same against a list's ConnectHeader::mask, looked up once for a loop over many members.
bool writes(uint64_t listed, Switches s, bool creating);

// What one chunk's items share: look-ups made once per chunk.
struct ChunkState {
  std::optional<std::optional<int64_t>> standard_price_list;  // looked up on first use; inner nullopt: none
};

// A row that belongs to a product or SKU of the item (a parametric value, an image, a VAT rate, a structure
// item): written (inserted or updated), or removed when `next` is empty. Its owner's id is set when written.
struct ChildPlan {
  std::optional<registry::Entity> current;
  std::optional<registry::Entity> next;
};
using ParametricPlan = ChildPlan;  // a product's value of one parametric
using ImagePlan = ChildPlan;       // a product's image (one ExternalCode)

// One variant of an item: the Product row (and its SKU, standard price and parametric values) it becomes.
struct VariantPlan {
  std::string path;                        // "Variants[0]": how messages name its members
  const json::Value* json = nullptr;       // the Variant
  const json::Value* sku_json = nullptr;   // its (one) Sku, null when none
  std::optional<registry::Entity> product_current;  // matched: the stored row
  registry::Entity product;                         // the row to write
  std::optional<registry::Entity> sku_current;
  std::optional<registry::Entity> sku;              // none: the variant has no SKU
  std::optional<registry::Entity> price_current;
  std::optional<registry::Entity> price;            // none: no standard price to write
  std::vector<ParametricPlan> parametrics;
  std::vector<ImagePlan> images;
  std::vector<ChildPlan> vat_rates;        // the SKU's, one per sales area
  std::vector<ChildPlan> structure_items;  // the SKU's components, one per component SKU
  bool takes_manufacturer = false;  // ManufacturerId is set to the item's manufacturer when written
  bool creating() const { return !product_current; }
};

// One item: the plan of its rows, the warnings it gives and, when refused, why (nothing is then written).
struct ItemPlan {
  ItemPlan(const ImportItem& item, const json::Value& json) : item(item), json(json) {}

  const ImportItem& item;
  const json::Value& json;                    // the Product
  std::optional<int64_t> manufacturer_id;     // the item's manufacturer when it exists
  std::optional<registry::Entity> new_manufacturer;  // created when the item is written
  std::optional<std::string> code;            // the cluster: the item's Code, else a matched variant's
  bool code_given = false;                    // the item gave Code: every variant takes it
  std::vector<VariantPlan> variants;
  std::vector<std::string> warnings;
  std::optional<std::string> refusal;

  void refuse(std::string message) {
    if (!refusal) refusal = std::move(message);
  }
  void warn(std::string message) {  // once: every variant applies the product-level members again
    for (const auto& w : warnings)
      if (w == message) return;
    warnings.push_back(std::move(message));
  }
};

// --- Shared helpers (products.cpp) -----------------------------------------------------------------------

// A non-empty string member of `obj`, else nullopt.
std::optional<std::string> string_member(const json::Value& obj, std::string_view name);
// Decodes `v` as member `field` of `r` would be decoded by the Management API (type, length, allowed values)
// into `e`; a refusal names member_path(parent, member), built only then (most values decode).
void decode_into(ItemPlan& plan, const registry::Resource& r, std::string_view field, const json::Value& v,
                 const std::string& parent, std::string_view member, registry::Entity& e);
// The client's culture `code` (letter case ignored), spelled as the client has it; nullopt when not one of them.
std::optional<std::string> client_culture(const ImportContext& ctx, std::string_view code);
// Sets one culture text of `e` (null clears it; clearing a culture `e` has no texts in is nothing).
void set_text(const registry::Resource& r, registry::Entity& e, const std::string& culture, int slot,
              std::optional<std::string> value);
// "Variants[0].Skus[0]" + ".PartNo".
std::string member_path(const std::string& path, std::string_view member);
// The SKU's list member `member` (VatRates, StructureItems) when SkuFieldsThatAreSet lists `listed` and the item
// gives it: null when not listed, absent or null, or (with a warning naming `path`) not a list. `path` becomes
// the member's path ("Variants[0].Skus[0].VatRates").
const json::Value* sku_list(ImportContext& ctx, ItemPlan& plan, const VariantPlan& v, int listed,
                            std::string_view member, std::string& path);
// The stored rows of `r` that belong to the matched SKU (by their SkuId), keyed by their Int member `key`; none
// for a SKU this import creates.
std::map<int64_t, registry::Entity> sku_rows(ImportContext& ctx, const VariantPlan& v, const registry::Resource& r,
                                             const registry::FieldRef<int64_t>& key);

// --- Matching (products_match.cpp) -----------------------------------------------------------------------

// Finds the item's manufacturer and the stored rows of its variants, and starts each variant's rows (current
// rows copied, new rows blank with their keys). Refuses what cannot be created or matched.
void match_item(ImportContext& ctx, ItemPlan& plan);
// The ids of the stored products an item names (nothing created): what a full feed keeps.
// Looks up the keys of the chunk's items at once (manufacturer codes, part numbers, manufacturer part
// numbers), so that matching each item and the checks before its writes ask the store nothing one by one.
void look_up_keys(ImportContext& ctx, const std::vector<ImportItem>& items);

std::vector<int64_t> matched_product_ids(ImportContext& ctx, const json::Value& item);

// --- Product and variant members, texts, categories, family, assortment, variant group, flags (products_texts.cpp,
// products_links.cpp) ----------------------------------------------------------------------------------------

void apply_product_members(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_variant_members(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_product_texts(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_sku_texts(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_categories(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_family(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_assortment(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_variant_group(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_flags(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);

// --- Parametric values (products_parametrics.cpp) -------------------------------------------------------

void apply_parametrics(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);

// --- Images (products_images.cpp) ----------------------------------------------------------------------

void apply_images(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);

// --- SKU and standard price (products_sku.cpp) -----------------------------------------------------------

void apply_sku_members(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_standard_price(ImportContext& ctx, ChunkState& chunk, ItemPlan& plan, VariantPlan& v);

// --- A SKU's VAT rates and structure items (products_vat_rates.cpp, products_structure.cpp) ----------------

void apply_vat_rates(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);
void apply_structure_items(ImportContext& ctx, ItemPlan& plan, VariantPlan& v);

}  // namespace norced::connect::products
