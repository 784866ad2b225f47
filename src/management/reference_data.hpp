// A client's reference data (store::ReferenceData), the snapshot every rule reads: its cultures and the
// system catalog come from the store; its currencies, sales areas and price-list types are the rows of the
// Settings resources (ClientCurrency, ClientSalesArea, ClientPriceListType), read through the generic store
// like any resource, and the cultures its applications enabled (ApplicationCulture) are added. Tenancy caches
// the snapshot; the change log retires it when one of those resources changes.
#pragma once

#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

// The resources the snapshot is built from, found in the catalog by name (null when not served).
struct ReferenceResources {
  const registry::Resource* currencies = nullptr;        // ClientCurrency
  const registry::Resource* sales_areas = nullptr;       // ClientSalesArea
  const registry::Resource* price_list_types = nullptr;  // ClientPriceListType
  const registry::Resource* cultures = nullptr;          // ApplicationCulture
  const registry::Resource* app_sales_areas = nullptr;   // ApplicationSalesArea

  static ReferenceResources from(const registry::Catalog& catalog);
};

store::ReferenceData load_reference_data(store::ReadTx& tx, const ReferenceResources& from);

}  // namespace norced::management
