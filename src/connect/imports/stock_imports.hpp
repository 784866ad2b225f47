// The price and stock imports of Connect's Product service (platform.md §1.4): ImportOnhands (onhands.cpp),
// ImportSkuPriceLists (sku_price_lists.cpp) and ImportPriceLists (price_lists.cpp).
#pragma once

#include "connect/import.hpp"

namespace norced::connect {

const ImportKind& import_onhands();          // Product/ImportOnhands
const ImportKind& import_sku_price_lists();  // Product/ImportSkuPriceLists
const ImportKind& import_price_lists();      // Product/ImportPriceLists

}  // namespace norced::connect
