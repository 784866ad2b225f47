// The catalog's products and SKUs (Connect ImportProducts, platform.md §1.4 and §1.6): commerce data that the
// Management API does not serve. They are registry resources so that one description drives their storage,
// the export and (later) the Query API's Products namespace, and so that their writes go through
// management::save like every other row. No operations: Connect imports write them.
//
// A Product is one Norce product: one Variant of an import's variant cluster, identified by its manufacturer
// and ManufacturerPartNo; the cluster is the Code its variants share. Product-level texts of the import and
// the variant's own texts are one set of culture texts here (the variant's win). A Sku belongs to one product
// and is identified by its PartNo, unique within the client (the Query API's ProductSkus key). A product's
// parametric values are ProductParametric rows, its images (references to files, not the files) ProductImage
// rows; a SKU's VAT rates are SkuVatRate rows and, for a structure (bundle), its components SkuStructureItem rows.
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rules.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Collection;
using registry::Resource;
using registry::TextSlot;

namespace {

Resource describe_product() {
  Resource r;
  r.name = "Product";
  r.model = "ProductModel";
  r.culture_model = "ProductCultureModel";
  r.table = "product";
  r.tag = "Products";
  r.texts = {{"Name", 255, true},     {"SubHeader", 255, true},  {"SubDescription", 0, true},
             {"DescriptionHeader", 255, true}, {"Description", 0, true}, {"Synonyms", 500, true},
             {"Title", 255, true},    {"Tags", 0, true},         {"MetaTags", 0, true},
             {"MetaDescription", 0, true},     {"UniqueUrlName", 255, true}};
  r.fields = {
      id("Product id."),
      col("Code", Type::String, true, "Code of the variant cluster the product belongs to (Product.Code of the import).", 50),
      ref("ManufacturerId", "Manufacturer", "The product's manufacturer."),
      col("ManufacturerPartNo", Type::String, true, "The manufacturer's part number; unique per manufacturer.", 50),
      col("Alias", Type::String, true, "Alternative product name.", 255),
      ref("FamilyId", "Family", "The product family."),
      ref("VariantGroupId", "VariantGroup", "The variant group (dimensions) of the cluster."),
      ref("AssortmentId", "ClientAssortment", "The assortment the product is linked to (Connect AssortmentCode)."),
      col("SortOrderValue", Type::Int, true, "Sort value of the variant."),
      col("StockDisplayBreakPoint", Type::Int, true, "Threshold that changes how stock is shown."),
      flag("IsDangerousGoods", false, "Marks dangerous goods."),
      col("TranslationRequested", Type::DateTime, true, "When a translation was requested."),
      flag("IsUniqueUrlNameManuallyMaintained", false, "True when the URL name is maintained by hand."),
      text("Name", "Name", "Name in the application's culture."),
      default_text("DefaultName", "Name", "Name in the default culture."),
      is_active("False when a full feed left the product out."),
      changed(),
      changed_by(),
      cultures("ProductCultureModel"),
  };
  r.unique = {"ManufacturerPartNo"};
  r.unique_within = {"ManufacturerId"};
  // The categories the product is placed in, with its position in each, and the product flags set on it.
  r.collections = {Collection{"Categories", "product_category", {"category_id", "sort_order"}, "Category"},
                   Collection{"Flags", "product_flag_link", {"flag_id"}, "ProductFlag"}};
  r.soft_delete = true;
  return r;
}

Resource describe_sku() {
  Resource r;
  r.name = "Sku";
  r.model = "SkuModel";
  r.culture_model = "SkuCultureModel";
  r.table = "sku";
  r.tag = "Products";
  r.texts = {{"ErpName", 255, true}, {"Comment", 0, true}};
  r.fields = {
      id("SKU id."),
      required(col("PartNo", Type::String, false, "Part number; unique within the client.", 50)),
      ref("ProductId", "Product", "The product the SKU belongs to."),
      one_of("Status", true, {1, 2, 3, 4, 5, 6}, "1 Active, 2 Coming, 3 Expiring, 4 Hidden, 5 Inactive, 6 NotActivated."),
      one_of("Type", true, {1,  2,  3,  4,  7,  8,  9,  11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 27, 28,
                            29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44},
             "SKU type (SkuType)."),
      col("IntegrationPartNo", Type::String, true, "Part number used by other systems.", 50),
      col("CommodityCode", Type::String, true, "Customs classification.", 50),
      col("EanCode", Type::String, true, "EAN / barcode.", 50),
      col("TrackingCode", Type::String, true, "Tracking code.", 50),
      one_of("UnitOfMeasurementType", true, {1, 2, 3, 4, 5, 6, 7, 8, 9},
             "1 Pieces, 2 Hour, 3 Kilogram, 4 Litre, 5 Pair, 6 SquareMeter, 7 Meter, 8 Boxes, 9 Rolls."),
      col("UnitOfMeasurementCount", Type::Decimal, true, "Units per sales unit."),
      col("IsDropShipOnly", Type::Bool, true, "Only sold via drop shipping."),
      flag("IsBuyable", true, "Whether it can be added to baskets."),
      col("DiscountClass", Type::String, true, "Discount class code.", 50),
      col("RecommendedSalesQty", Type::Decimal, true, "Suggested sales quantity."),
      col("IsRecommendedSalesQtyFixed", Type::Bool, true, "Sales quantity is fixed to the recommended one."),
      col("ActualWeight", Type::Decimal, true, "Gross weight used for shipping."),
      col("VolumeWeight", Type::Decimal, true, "Volume weight."),
      col("LogisticWidth", Type::Decimal, true, "Package width."),
      col("LogisticHeight", Type::Decimal, true, "Package height."),
      col("LogisticDepth", Type::Decimal, true, "Package depth."),
      col("StartDate", Type::DateTime, true, "Switch date from Coming to Active."),
      col("StopDate", Type::DateTime, true, "Switch date from Expiring to Inactive."),
      text("ErpName", "ErpName", "ERP name in the application's culture."),
      changed(),
      changed_by(),
      cultures("SkuCultureModel"),
  };
  r.unique = {"PartNo"};
  r.soft_delete = false;  // a SKU's life is its Status
  return r;
}

// A price of a SKU on a price list from a quantity on (Connect SkuPriceList; the Query API's
// ProductSkuPriceLists). One row per SKU, price list and QuantityBreak.
Resource describe_sku_price_list() {
  Resource r;
  r.name = "SkuPriceList";
  r.model = "SkuPriceListModel";
  r.table = "sku_price_list";
  r.tag = "Products";
  r.fields = {
      id("Price row id."),
      required(ref("SkuId", "Sku", "The SKU.")),
      required(ref("PriceListId", "PriceList", "The price list.")),
      col("QuantityBreak", Type::Int, false, "Lowest quantity the price applies from (1 = any quantity)."),
      col("PriceSale", Type::Decimal, true, "Sale price."),
      col("CostPurchase", Type::Decimal, true, "Purchase cost from the supplier."),
      col("CostUnit", Type::Decimal, true, "Unit cost."),
      col("PriceRecommended", Type::Decimal, true, "Recommended sale price."),
      col("PricePrevious", Type::Decimal, true, "Previous price (to show a discount)."),
      col("PriceCatalog", Type::Decimal, true, "Catalog price."),
      flag("IsPriceDiscountable", true, "Whether discounts may apply."),
      one_of("PriceRule", true, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "Price rule (PriceRule)."),
      col("PriceRuleValue", Type::Decimal, true, "Parameter of the price rule."),
      is_active("False when the price is switched off."),
      changed(),
      changed_by(),
  };
  r.unique = {"QuantityBreak"};
  r.unique_within = {"SkuId", "PriceListId"};
  r.soft_delete = true;
  return r;
}

// A product's value of one parametric (Connect ProductParametrics and VariantParametrics). One row per product
// and parametric; which member holds the value follows the parametric's Type: ValueInteger (int), ValueDecimal
// (decimal), ValueBoolean (boolean), ValueDateTime (date), the ValueText culture texts (text, html),
// ValueListId (list) or the MultipleValues collection (multiple). The cluster's product-level values are stored
// on each of its products, as its texts are.
Resource describe_product_parametric() {
  Resource r;
  r.name = "ProductParametric";
  r.model = "ProductParametricModel";
  r.culture_model = "ProductParametricCultureModel";
  r.table = "product_parametric";
  r.tag = "Products";
  r.texts = {{"ValueText", 0, true}};
  r.fields = {
      id("Value id."),
      required(ref("ProductId", "Product", "The product.")),
      required(ref("ParametricId", "Parametric", "The parametric.")),
      col("ValueInteger", Type::Int, true, "Value of an int parametric."),
      col("ValueDecimal", Type::Decimal, true, "Value of a decimal parametric."),
      col("ValueBoolean", Type::Bool, true, "Value of a boolean parametric."),
      col("ValueDateTime", Type::DateTime, true, "Value of a date parametric."),
      ref("ValueListId", "ParametricList", "The chosen value of a list parametric."),
      text("ValueText", "ValueText", "Value of a text or html parametric in the application's culture."),
      changed(),
      changed_by(),
      cultures("ProductParametricCultureModel"),
  };
  // The chosen values of a multiple-choice parametric.
  r.collections = {Collection{"MultipleValues", "product_parametric_multiple", {"parametric_multiple_id"}}};
  r.unique = {"ParametricId"};
  r.unique_within = {"ProductId"};
  r.soft_delete = false;  // a value that is no longer set is removed
  return r;
}

// An image of a product (Connect MainImage and AdditionalImages, product or variant level), stored as a
// reference: the Url it is served from, not the file. One row per product and ExternalCode; the cluster's
// product-level images are stored on each of its products, as its texts are. IsMain marks the product's one
// main image.
Resource describe_product_image() {
  Resource r;
  r.name = "ProductImage";
  r.model = "ProductImageModel";
  r.culture_model = "ProductImageCultureModel";
  r.table = "product_image";
  r.tag = "Products";
  r.texts = {{"Name", 255, true}, {"Description", 0, true}, {"AltText", 255, true}};
  r.fields = {
      id("Image id."),
      required(ref("ProductId", "Product", "The product.")),
      required(col("ExternalCode", Type::String, false, "The image's code in the client's systems; unique within the product.", 50)),
      ref("FileTypeId", "File", "The file type (the File resource)."),
      col("Url", Type::String, true, "Public URL of the file."),
      col("Filename", Type::String, true, "File name (the Url's last path segment unless given).", 50),
      flag("IsMain", false, "True for the product's main image."),
      col("SortOrder", Type::Int, true, "Position among the product's images (0: the main image)."),
      text("Name", "Name", "Name in the application's culture."),
      text("Description", "Description", "Description in the application's culture."),
      text("AltText", "AltText", "Alt text in the application's culture."),
      changed(),
      changed_by(),
      cultures("ProductImageCultureModel"),
  };
  r.unique = {"ExternalCode"};
  r.unique_within = {"ProductId"};
  r.soft_delete = false;  // an image no longer wanted is removed
  return r;
}

// A SKU's VAT rate in one sales area (Connect Sku.VatRates, SkuField 21). One row per SKU and sales area; the
// sales area is the system-wide one (Core/SalesAreas: its id is the Connect SalesArea enum value). The rate is
// kept as sent: the contract does not say whether it is a percent (25) or a factor (1.25).
Resource describe_sku_vat_rate() {
  Resource r;
  r.name = "SkuVatRate";
  r.model = "SkuVatRateModel";
  r.table = "sku_vat_rate";
  r.tag = "Products";
  r.fields = {
      id("VAT rate id."),
      required(ref("SkuId", "Sku", "The SKU.")),
      required(col("SalesAreaId", Type::Int, false, "The sales area (Core/SalesAreas; the Connect SalesArea value).")),
      col("Rate", Type::Decimal, false, "The VAT rate, as the import sent it."),
      changed(),
      changed_by(),
  };
  r.unique = {"SalesAreaId"};
  r.unique_within = {"SkuId"};
  r.soft_delete = false;  // a rate sent as null is removed
  return r;
}

// A component of a structure (bundle) SKU (Connect Sku.StructureItems, SkuField 25; the Query API's
// ProductSkuStructureItem, keyed in Norce by StructurePartNo and PartNo). One row per structure and component
// SKU, both SKUs of the client.
Resource describe_sku_structure_item() {
  Resource r;
  r.name = "SkuStructureItem";
  r.model = "SkuStructureItemModel";
  r.table = "sku_structure_item";
  r.tag = "Products";
  r.fields = {
      id("Structure item id."),
      required(ref("SkuId", "Sku", "The structure (parent) SKU.")),
      required(ref("ItemSkuId", "Sku", "The component SKU.")),
      col("Quantity", Type::Decimal, false, "How many of the component the structure holds."),
      col("SortOrder", Type::Int, true, "The component's position in the structure."),
      changed(),
      changed_by(),
  };
  r.unique = {"ItemSkuId"};
  r.unique_within = {"SkuId"};
  r.soft_delete = false;  // a component the structure no longer lists is removed
  return r;
}

}  // namespace

const Resource& product_image() { return described<describe_product_image>(); }
const Resource& product_parametric() { return described<describe_product_parametric>(); }
const Resource& sku_price_list() { return described<describe_sku_price_list>(); }
const Resource& product() { return described<describe_product>(); }
const Resource& sku() { return described<describe_sku>(); }
const Resource& sku_vat_rate() { return described<describe_sku_vat_rate>(); }
const Resource& sku_structure_item() { return described<describe_sku_structure_item>(); }

}  // namespace norced::management::resources
