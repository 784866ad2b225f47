// Loading a configuration file into a client (norced seed, serve --seed; the format: management/config_format.hpp).
// Each item goes through the same decoding, validation, rules, reference and unique-key checks as a PUT or
// POST of the Management API (management/input.hpp, management/save.hpp), in one write transaction: the first
// item at fault stops the seed and nothing is written. An item is found by its natural key: one that exists is
// replaced (PUT), a new one inserted (POST), one equal to what is stored is left alone. Items the file does
// not name are left as they are. The client's rows as the seed leaves them are saved, in the same
// transaction, as its seeded state, which a reset restores (management/reset.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "json/value.hpp"
#include "management/config_format.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

struct SeedOptions {
  int64_t client = 0;
  std::optional<int64_t> application;  // application-scoped settings; default: the client's first
  std::string source = "seed";         // the file's name, for messages
  config::SourceLines lines;           // where its items and members are, when the format says (YAML)
  store::Author author{"norced seed", 0};
  int max_hierarchy_depth = 32;
};

struct SeedCount {
  std::string resource;
  int64_t inserted = 0, updated = 0, unchanged = 0;
};

struct Seeded {
  std::vector<SeedCount> counts;       // per resource of the file, in the order applied
  std::vector<store::Change> changes;  // what the commit appended; the caller applies them to its caches
};

// A problem names the file, the item (its index in the group, from 0, and its natural key) and the member:
// "fixtures.json: Category[3] (Code 'SHOES'): ParentId: There is no Category with Code 'X'.", with the line
// after the file's name when `lines` knows it ("fixtures.yaml:12: Category[3] ..."). Its errors carry the
// same as "Category[3].ParentId".
// What a seed did, as one JSON line: {"ClientId":N,"Resources":{"Category":{"Inserted":..,"Updated":..,"Unchanged":..}}}.
std::string summary(int64_t client, const Seeded& seeded);

Result<Seeded> seed(store::Store& store, const registry::Catalog& catalog, const json::Value& document,
                    const SeedOptions& options);

}  // namespace norced::management
