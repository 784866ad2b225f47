// The Management API resources norced serves, and the catalog that lists them.
#pragma once

#include "registry/catalog.hpp"

namespace norced::management::resources {

const registry::Resource& category();
const registry::Resource& price_list();
const registry::Resource& client_currency();
const registry::Resource& client_price_list_type();
const registry::Resource& client_sales_area();
const registry::Resource& client_assortment();
const registry::Resource& application();
const registry::Resource& application_culture();
const registry::Resource& application_currency();
const registry::Resource& application_sales_area();
const registry::Resource& application_country();
// Parametrics (parametric.cpp, category_parametric.cpp).
const registry::Resource& parametric_group();
const registry::Resource& parametric();
const registry::Resource& parametric_list();
const registry::Resource& parametric_multiple();
const registry::Resource& category_parametric();

// Product and customer metadata (issue 8; parametrics are declared in their own block).
const registry::Resource& product_flag_group();
const registry::Resource& product_flag();
const registry::Resource& product_info_type();
const registry::Resource& product_type();
const registry::Resource& relation_type();
const registry::Resource& family();
const registry::Resource& file();
const registry::Resource& manufacturer();
const registry::Resource& variant_group();
const registry::Resource& variant_type();  // VariantGroup's elements: no routes of its own
const registry::Resource& customer_flag_group();
const registry::Resource& customer_flag();
const registry::Resource& customer_info_type();
const registry::Resource& shopping_info_type();

// Commerce data that Connect imports write and the Management API does not serve (no operations).
const registry::Resource& product();  // products.cpp
const registry::Resource& sku();
const registry::Resource& sku_price_list();
const registry::Resource& product_parametric();
const registry::Resource& product_image();
const registry::Resource& sku_vat_rate();
const registry::Resource& sku_structure_item();
const registry::Resource& warehouse();  // stock.cpp
const registry::Resource& warehouse_location();
const registry::Resource& sku_onhand();
const registry::Resource& price_list_price_rule();
const registry::Resource& price_list_warehouse();

// Every resource, in the order the OpenAPI document lists them.
const registry::Catalog& catalog();

}  // namespace norced::management::resources
