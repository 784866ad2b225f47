// Warehouses, their stock locations, the on-hand quantities of SKUs at a location, and the locations a price
// list sells from (Connect ImportOnhands and ImportPriceLists, platform.md §1.4 and §1.6): commerce data that
// the Management API does not serve. Registry resources without operations, like Product and Sku, so that one
// description drives their storage and export and their writes go through management::save.
//
// A warehouse is identified by its Code within the client, a location by its Code within its warehouse, an
// on-hand row by its SKU and location (the import's PartNo + WarehouseCode + LocationCode). A price list's
// warehouses are links to locations (PriceListWarehouse): the import names a warehouse with its locations.
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Resource;

namespace {

Resource describe_warehouse() {
  Resource r;
  r.name = "Warehouse";
  r.model = "WarehouseModel";
  r.table = "warehouse";
  r.tag = "Stock";
  r.fields = {
      id("Warehouse id."),
      required(col("Code", Type::String, false, "Warehouse code; identifies it in imports. Unique per client.", 50)),
      col("Name", Type::String, true, "Warehouse name.", 255),
      one_of("Type", true, {1, 2, 3, 4}, "1 Warehouse, 2 Store, 3 Transport, 4 Other (WarehouseType)."),
      col("LeadTimeDayCount", Type::Int, true, "Lead time in days."),
      is_active("False when the warehouse is switched off."),
      changed(),
      changed_by(),
  };
  r.unique = {"Code"};
  r.soft_delete = true;
  return r;
}

Resource describe_warehouse_location() {
  Resource r;
  r.name = "WarehouseLocation";
  r.model = "WarehouseLocationModel";
  r.table = "warehouse_location";
  r.tag = "Stock";
  r.fields = {
      id("Location id."),
      required(ref("WarehouseId", "Warehouse", "The warehouse the location is in.")),
      required(col("Code", Type::String, false, "Location code; unique within its warehouse.", 50)),
      col("Name", Type::String, true, "Location name.", 255),
      col("IsIncludedInStockCalculation", Type::Bool, true, "Counted in the available stock."),
      col("LeadTimeDayCount", Type::Int, true, "Lead time in days."),
      is_active("False when the location is switched off."),
      changed(),
      changed_by(),
  };
  r.unique = {"Code"};
  r.unique_within = {"WarehouseId"};
  r.soft_delete = true;
  return r;
}

// The stock of one SKU at one location (Connect SkuOnhand; the Query API's ProductOnHands).
Resource describe_sku_onhand() {
  Resource r;
  r.name = "SkuOnhand";
  r.model = "SkuOnhandModel";
  r.table = "sku_onhand";
  r.tag = "Stock";
  r.fields = {
      id("On-hand row id."),
      required(ref("SkuId", "Sku", "The SKU.")),
      required(ref("LocationId", "WarehouseLocation", "The location; one row per SKU and location.")),
      required(ref("WarehouseId", "Warehouse", "The location's warehouse.")),
      col("OnhandValue", Type::Decimal, false, "Quantity on the shelf."),
      col("IncomingValue", Type::Decimal, true, "Quantity ordered from the supplier but not yet received."),
      col("NextDeliveryDate", Type::DateTime, true, "Expected next delivery to the warehouse."),
      col("LeadTimeDayCount", Type::Int, true, "Delivery lead time from this location in days."),
      col("OnOrderValue", Type::Decimal, true, "Quantity on order (deprecated in Connect)."),
      col("MinimumValue", Type::Decimal, true, "Reorder point."),
      col("MaximumValue", Type::Decimal, true, "Target stock level."),
      is_active("False when the row is switched off (a full feed left it out)."),
      changed(),
      changed_by(),
  };
  r.unique = {"LocationId"};
  r.unique_within = {"SkuId"};
  r.soft_delete = true;
  return r;
}

// A location a price list sells from (PriceList.Warehouses of ImportPriceLists): one row per list and location.
Resource describe_price_list_warehouse() {
  Resource r;
  r.name = "PriceListWarehouse";
  r.model = "PriceListWarehouseModel";
  r.table = "price_list_warehouse";
  r.tag = "Stock";
  r.fields = {
      id("Link id."),
      required(ref("PriceListId", "PriceList", "The price list.")),
      required(ref("LocationId", "WarehouseLocation", "The location the list sells from.")),
      required(ref("WarehouseId", "Warehouse", "The location's warehouse.")),
      changed(),
      changed_by(),
  };
  r.unique = {"LocationId"};
  r.unique_within = {"PriceListId"};
  r.soft_delete = false;  // a link is there or not
  return r;
}

}  // namespace

const Resource& warehouse() { return described<describe_warehouse>(); }
const Resource& warehouse_location() { return described<describe_warehouse_location>(); }
const Resource& sku_onhand() { return described<describe_sku_onhand>(); }
const Resource& price_list_warehouse() { return described<describe_price_list_warehouse>(); }

}  // namespace norced::management::resources
