// A client's rows exactly as the store holds them (ids, columns, culture texts, collections), as text: the
// seeded state that a reset restores (management/reset.hpp). Unlike an export it keeps row ids and audit
// members, so a restore puts back the very rows a test suite saw after seeding.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management::snapshot {

// Rows per resource name, each resource's rows in id order.
using Rows = std::map<std::string, std::vector<registry::Entity>, std::less<>>;

// Every row of the client in the resources a configuration file holds (config::resources), read in `tx`.
Rows read(store::EntityReader& tx, const registry::Catalog& catalog);

std::string encode(const registry::Catalog& catalog, const Rows& rows);
// Members are matched by name, so a snapshot taken before a member was added restores it as null.
Result<Rows> decode(const registry::Catalog& catalog, std::string_view text);

// Whether two rows of `r` hold the same stored values: columns (audit members only with `with_audit`),
// own culture texts and collection rows, regardless of their order.
bool same_row(const registry::Resource& r, const registry::Entity& a, const registry::Entity& b, bool with_audit);

}  // namespace norced::management::snapshot
