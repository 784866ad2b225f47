// The price rules of a price list (PriceList.PriceRules of Connect ImportPriceLists, platform.md §1.6
// PriceListPriceRule): how the list's prices follow from costs, recommended or standard prices for the products
// a rule targets. Commerce data the Management API does not serve, a registry resource without operations like
// PriceListWarehouse.
//
// A rule is known by what it targets, since the contract gives it no code or id: its manufacturer, category,
// product flags and cost band (MinValue..MaxValue). `TargetKey` is that target written as one text, unique
// within the list, so the import finds the rule it updates; Type, Value, LimitToRecPrice and the supplemental
// charges are its data (PriceListPriceRuleFieldsThatAreSet).
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Collection;
using registry::Resource;

namespace {

Resource describe_price_list_price_rule() {
  Resource r;
  r.name = "PriceListPriceRule";
  r.model = "PriceListPriceRuleModel";
  r.table = "price_list_price_rule";
  r.tag = "Pricing";
  r.fields = {
      id("Price rule id."),
      required(ref("PriceListId", "PriceList", "The price list the rule belongs to.")),
      required(col("TargetKey", Type::String, false,
                   "What the rule targets, as one text: manufacturer, category, flags and cost band. Unique within "
                   "the list.", 400)),
      one_of("Type", false, {1, 3, 4, 5, 6, 7, 10, 12}, "Rule type (PriceListPriceRuleType)."),
      col("Value", Type::Decimal, true, "Parameter of the rule (a percentage or an amount, by Type)."),
      col("LimitToRecPrice", Type::Bool, true, "Whether the price is capped at the recommended price."),
      col("MinValue", Type::Decimal, true, "Lower bound of the cost band the rule applies to."),
      col("MaxValue", Type::Decimal, true, "Upper bound of the cost band the rule applies to."),
      ref("ManufacturerId", "Manufacturer", "Only products of this manufacturer; null for any."),
      ref("CategoryId", "Category", "Only products in this category; null for any."),
      col("SupplementalChargeFixed", Type::Decimal, true, "Fixed amount added to the price."),
      col("SupplementalChargePercent", Type::Decimal, true, "Percentage added to the price."),
      changed(),
      changed_by(),
  };
  // Only products with all of these flags.
  r.collections = {Collection{"Flags", "price_list_price_rule_flag", {"flag_id"}}};
  r.unique = {"TargetKey"};
  r.unique_within = {"PriceListId"};
  r.soft_delete = false;  // a rule the list no longer has is removed (PriceRulesCleanup)
  return r;
}

}  // namespace

const Resource& price_list_price_rule() { return described<describe_price_list_price_rule>(); }

}  // namespace norced::management::resources
