// Warehouses and their locations by code, for the imports that name them (ImportOnhands, ImportPriceLists):
// found within the client, created when missing, updated with what the header lists, and remembered for the
// rest of the chunk so a chunk of 1,000 on-hand rows at one location looks the location up once.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "connect/imports/support.hpp"

namespace norced::connect::imports {

class Places {
 public:
  explicit Places(ImportContext& ctx) : ctx_(ctx) {}

  // The stored warehouse with `code`, if any.
  std::optional<int64_t> find_warehouse(std::string_view code);
  // The stored location `code` of the warehouse, if any.
  std::optional<int64_t> find_location(int64_t warehouse_id, std::string_view code);

  // The warehouse with `code`, created when missing, with `patch` applied (written only when it changes it).
  Result<int64_t> warehouse(std::string_view code, const Patch& patch = {});
  // The same for a location of the warehouse.
  Result<int64_t> location(int64_t warehouse_id, std::string_view code, const Patch& patch = {});

 private:
  ImportContext& ctx_;
  std::map<std::string, int64_t, std::less<>> warehouses_;                // folded code -> id
  std::map<std::pair<int64_t, std::string>, int64_t> locations_;          // (warehouse, folded code) -> id
};

}  // namespace norced::connect::imports
