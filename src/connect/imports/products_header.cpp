// The ProductHeader (platform.md §1.3, §1.7): its enum lists with their exact values, and the dependencies
// between them that the docs state, checked when a job is accepted.
#include <algorithm>

#include "connect/imports/products.hpp"

namespace norced::connect::products {

namespace {

Problem member_problem(std::string_view member, std::string message) {
  return Problem::validation(std::string(kHeaderName) + "." + std::string(member), std::move(message));
}

// The docs' dependencies: the list that structures a member must be switched on for its own list to mean
// anything, and a price row can only be skipped for members that are written.
Status check(const ConnectHeader& h) {
  if (!h.list(kVariantFields).empty() && !h.has(kProductFields, product_field::Variants))
    return member_problem(kVariantFields, "VariantFieldsThatAreSet needs Variants (4) in ProductFieldsThatAreSet.");
  if (!h.list(kProductCultureFields).empty() && !h.has(kProductFields, product_field::Cultures))
    return member_problem(kProductCultureFields,
                          "ProductCultureFieldsThatAreSet needs Cultures (5) in ProductFieldsThatAreSet.");
  if (!h.list(kVariantCultureFields).empty() && !h.has(kVariantFields, variant_field::Cultures))
    return member_problem(kVariantCultureFields,
                          "VariantCultureFieldsThatAreSet needs Cultures (4) in VariantFieldsThatAreSet.");
  const auto& ignore = h.list(kIgnorePriceFieldsWhenEmpty);
  if (!ignore.empty()) {
    if (!h.has(kSkuFields, sku_field::StandardPrice))
      return member_problem(kIgnorePriceFieldsWhenEmpty,
                            "IgnoreSkuPriceListFieldsWhenEmpty needs StandardPrice (20) in SkuFieldsThatAreSet.");
    for (int v : ignore)
      if (!h.has(kSkuPriceListFields, v))
        return member_problem(kIgnorePriceFieldsWhenEmpty,
                              "Every value of IgnoreSkuPriceListFieldsWhenEmpty must be in "
                              "SkuPriceListFieldsThatAreSet; " + std::to_string(v) + " is not.");
  }
  return ok_status();
}

std::vector<EnumValue> price_list_fields() {
  return {{3, "PriceSale"},           {4, "CostPurchase"}, {5, "CostUnit"},         {6, "PriceRecommended"},
          {7, "PricePrevious"},       {8, "PriceCatalog"}, {9, "IsPriceDiscountable"}, {10, "IsActive"},
          {11, "IsPriceDiscountableCreateOnly"}, {12, "PriceRule"}, {13, "FullfileResetInheritance"}};
}

}  // namespace

const HeaderSpec& product_header() {
  static const HeaderSpec spec{
      "ProductHeader",
      true,
      {{kProductFields,
        {{0, "ManufacturerCode"}, {1, "ManufacturerName"}, {2, "Alias"}, {3, "Code"}, {4, "Variants"},
         {5, "Cultures"}, {6, "Categories"}, {7, "MainImage"}, {8, "AdditionalImages"}, {9, "Family"},
         {10, "ProductParametrics"}, {11, "ProductParametricsCreateOnly"}, {12, "VariantDefinitionGroup"},
         {13, "VariantDefinitionGroupCreateOnly"}, {14, "Assortment"}, {15, "CategoriesCreateOnly"},
         {16, "CategoriesLimitedUpdate"}, {17, "AdditionalImagesCleanup"}, {18, "ParametricsCleanup"},
         {19, "ImagesAndFilesCleanup"}}},
       {kProductCultureFields,
        {{0, "Name"}, {1, "NameCreateOnly"}, {2, "SubHeader"}, {3, "SubDescription"}, {4, "DescriptionHeader"},
         {5, "Description"}, {6, "DescriptionCreateOnly"}, {7, "Synonyms"}, {8, "Title"}, {9, "Tags"},
         {10, "MetaTags"}, {11, "MetaDescription"}, {12, "NameLimitedUpdate"}, {13, "UniqueUrlName"},
         {14, "IsUniqueUrlNameManuallyMaintained"}, {15, "UniqueUrlNameCreateOnly"}}},
       {kVariantFields,
        {{0, "ManufacturerPartNo"}, {1, "SortOrderValue"}, {2, "StockDisplayBreakPoint"}, {3, "IsDangerousGoods"},
         {4, "Cultures"}, {5, "Skus"}, {6, "MainImage"}, {7, "AdditionalImages"}, {8, "VariantParametrics"},
         {9, "VariantParametricsCreateOnly"}, {10, "NonParametricVariantDefinitions"},
         {11, "NonParametricVariantDefinitionsCreateOnly"}, {12, "DeliveryMethods"},
         {13, "DeliveryMethodsCreateOnly"}, {14, "AdditionalImagesCleanup"}, {15, "ParametricsCleanup"},
         {16, "TranslationRequested"}, {17, "ImagesAndFilesCleanup"}}},
       {kVariantCultureFields,
        {{0, "CultureCode"}, {1, "Name"}, {2, "NameCreateOnly"}, {3, "NameLimitedUpdate"}, {4, "UniqueUrlName"},
         {5, "IsUniqueUrlNameManuallyMaintained"}, {6, "UniqueUrlNameCreateOnly"}, {7, "SubHeader"},
         {8, "SubDescription"}, {9, "DescriptionHeader"}, {10, "Description"}, {11, "DescriptionCreateOnly"},
         {12, "Synonyms"}, {13, "Title"}, {14, "Tags"}, {15, "MetaTags"}, {16, "MetaDescription"}}},
       {kSkuFields,
        {{1, "Status"}, {2, "Type"}, {3, "IntegrationPartNo"}, {4, "CommodityCode"}, {5, "EanCode"},
         {6, "TrackingCode"}, {7, "UnitOfMeasurementType"}, {8, "UnitOfMeasurementCount"}, {9, "IsDropShipOnly"},
         {10, "IsBuyable"}, {11, "DiscountClass"}, {12, "RecommendedSalesQty"}, {13, "IsRecommendedSalesQtyFixed"},
         {14, "ActualWeight"}, {15, "VolumeWeight"}, {16, "LogisticWidth"}, {18, "LogisticHeight"},
         {19, "LogisticDepth"}, {20, "StandardPrice"}, {21, "VatRate"}, {22, "StatusCreateOnly"},
         {23, "StartDate"}, {24, "StopDate"}, {25, "StructureItems"}, {26, "PartNoCreateWhenMissing"}}},
       {kSkuCultureFields, {{0, "ErpName"}, {1, "ErpNameCreateOnly"}, {2, "Comment"}, {3, "CommentCreateOnly"}}},
       {kSkuPriceListFields, price_list_fields()},
       {kSkuStructureItemFields, {{0, "SortOrder"}, {1, "StandardStructureItemPrice"}, {2, "AdditionalInfo"}}},
       {kIgnorePriceFieldsWhenEmpty, price_list_fields()},
       {kImageCultureFields, {{0, "Name"}, {1, "Description"}, {2, "AltText"}}}},
      check};
  return spec;
}

bool writes(const ConnectHeader& h, std::string_view list, Switches s, bool creating) {
  if (s.normal >= 0 && h.has(list, s.normal)) return true;
  if (s.limited >= 0 && h.has(list, s.limited)) return true;
  return creating && s.create_only >= 0 && h.has(list, s.create_only);
}

bool writes(uint64_t listed, Switches s, bool creating) {
  const auto on = [&](int v) { return v >= 0 && v < 64 && ((listed >> v) & 1); };
  return on(s.normal) || on(s.limited) || (creating && on(s.create_only));
}

}  // namespace norced::connect::products
