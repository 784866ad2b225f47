#include "management/resources/resources.hpp"

namespace norced::management::resources {

const registry::Catalog& catalog() {
  static const registry::Catalog c({&category(), &price_list(), &client_currency(), &client_price_list_type(),
                                    &client_sales_area(), &client_assortment(), &application(), &application_culture(),
                                    &application_currency(), &application_sales_area(), &application_country(),
                                    // Product and customer metadata (issue 8)
                                    &product_flag_group(), &product_flag(), &product_info_type(), &product_type(),
                                    &relation_type(), &family(), &file(), &manufacturer(), &variant_group(),
                                    &variant_type(), &customer_flag_group(), &customer_flag(), &customer_info_type(),
                                    &shopping_info_type(),
                                    // Parametrics
                                    &parametric_group(), &parametric(), &parametric_list(), &parametric_multiple(),
                                    &category_parametric(),
                                    // Commerce data written by Connect imports
                                    &product(), &sku(), &sku_price_list(), &warehouse(), &warehouse_location(),
                                    &sku_onhand(), &price_list_warehouse(), &price_list_price_rule(),
                                    &product_parametric(), &product_image(), &sku_vat_rate(), &sku_structure_item()});
  return c;
}

}  // namespace norced::management::resources
