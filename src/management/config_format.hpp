// What a configuration file holds (norced seed, norced export, serve --seed; docs/decisions.md "Seed, export
// and reset"): the Management API models of one client, grouped by resource name, every group an array of
// items. All of it follows from the registry: the resources a client writes, each item's natural key, and the
// members that refer to another item by its Code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management::config {

// The resources a file may hold: those with a table and a natural key that a client writes (an Insert or
// Update operation), in
// the order seed applies them and export writes them. Resources that feed the client's reference data
// (currencies, cultures, sales areas, price-list types) come first, because other resources' rules check
// against it; then the rest. Each part keeps catalog order.
std::vector<const registry::Resource*> resources(const registry::Catalog& catalog);

// The resources a seeded state (snapshot) keeps and a reset puts back: those of resources(), then the child
// resources a file cannot hold yet (unique within a parent: a parametric's values, a category's parametrics), so
// a reset also removes the children added since and restores the ones changed.
std::vector<const registry::Resource*> snapshot_resources(const registry::Catalog& catalog);

// The member that names an item the same way in every database: the resource's first unique key (Code; a
// link's system-wide Id; ApplicationCulture's CultureCode). Null when the resource has none.
const registry::Field* natural_key(const registry::Resource& r);

// The resource a member refers to when the file writes the reference as that resource's Code (Category's
// ParentId, PriceList's ParentPriceListId): a reference member whose target has a unique Code. Else null.
const registry::Resource* code_reference(const registry::Catalog& catalog, const registry::Field& f);

// A natural key's value as text (an integer key as its decimal digits); nullopt for null.
std::optional<std::string> key_text(const registry::Cell& c);

// The client's first application (lowest id): application-scoped settings are read and written in it unless
// a command names another. Nullopt when the client has none (it does not exist).
std::optional<int64_t> first_application(store::ReadTx& tx, const registry::Catalog& catalog);

}  // namespace norced::management::config
