#include "connect/imports/places.hpp"

#include "core/ascii.hpp"
#include "management/resources/resources.hpp"

namespace norced::connect::imports {

using registry::Cell;
using registry::Entity;
namespace res = management::resources;

std::optional<int64_t> Places::find_warehouse(std::string_view code) {
  const std::string key = ascii::to_lower(code);
  if (auto it = warehouses_.find(key); it != warehouses_.end()) return it->second;
  auto id = ctx_.tx.find_unique(res::warehouse(), "Code", code);
  if (id) warehouses_.emplace(key, *id);
  return id;
}

std::optional<int64_t> Places::find_location(int64_t warehouse_id, std::string_view code) {
  auto key = std::make_pair(warehouse_id, ascii::to_lower(code));
  if (auto it = locations_.find(key); it != locations_.end()) return it->second;
  auto id = ctx_.tx.find_unique(res::warehouse_location(), "Code", code, {Cell{warehouse_id}});
  if (id) locations_.emplace(std::move(key), *id);
  return id;
}

Result<int64_t> Places::warehouse(std::string_view code, const Patch& patch) {
  const auto& r = res::warehouse();
  std::optional<Entity> current;
  if (auto id = find_warehouse(code)) {
    if (patch.empty()) return *id;
    current = ctx_.tx.get(r, *id);
  }
  Patch init;
  init.set(r, "Code", std::string(code));
  auto row = upsert(ctx_, r, current, init, patch);
  if (!row) return row.take_problem();
  warehouses_.emplace(ascii::to_lower(code), row->id);
  return row->id;
}

Result<int64_t> Places::location(int64_t warehouse_id, std::string_view code, const Patch& patch) {
  const auto& r = res::warehouse_location();
  std::optional<Entity> current;
  if (auto id = find_location(warehouse_id, code)) {
    if (patch.empty()) return *id;
    current = ctx_.tx.get(r, *id);
  }
  Patch init;
  init.set(r, "WarehouseId", warehouse_id);
  init.set(r, "Code", std::string(code));
  auto row = upsert(ctx_, r, current, init, patch);
  if (!row) return row.take_problem();
  locations_.emplace(std::make_pair(warehouse_id, ascii::to_lower(code)), row->id);
  return row->id;
}

}  // namespace norced::connect::imports
