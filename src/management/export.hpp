// Writing a client's configuration in the format seed reads (norced export; management/config_format.hpp):
// every item of the chosen resources, active or not, as the Management API model without what differs
// between databases or changes on every write — row ids (a reference to another item names its Code
// instead), Changed and ChangedBy, and members the server computes — and without the per-culture copies of
// texts that Cultures already holds. Items are ordered by natural key and members keep catalog order, so two
// exports of the same configuration are byte-identical and diff well.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "json/value.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

struct ExportOptions {
  int64_t client = 0;
  std::optional<int64_t> application;  // application-scoped settings; default: the client's first
  std::vector<std::string> resources;  // resource names; empty = every resource a file holds
  int64_t now = 0;                     // micros: the clock of members the rules derive (not exported)
};

// The stored data a file never holds (products, SKUs, prices, stock: what Connect imports write; resources
// without operations). An export writes them only when named in ExportOptions::resources: every row as stored,
// ids and all, in id order, so users can see what an import did until the Query API serves it. Seed ignores them.
std::vector<const registry::Resource*> data_resources(const registry::Catalog& catalog);

Result<json::Value> export_client(store::Store& store, const registry::Catalog& catalog, const ExportOptions& options);

}  // namespace norced::management
