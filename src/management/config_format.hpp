// What a configuration file holds (norced seed, norced export, serve --seed; docs/decisions.md "Seed, export
// and reset"): the Management API models of one client, grouped by resource name, every group an array of
// items. All of it follows from the registry: the resources a client writes, each item's natural key, and the
// members that refer to another item by its Code.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management::config {

// The resources a file may hold: those with a table and a natural key that a client writes (an Insert or
// Update operation), in the order seed applies them and export writes them. Resources that feed the client's
// reference data (currencies, cultures, sales areas, price-list types) come first, because other resources'
// rules check against it; then the rest; then the child resources a file can name (is_child_in_files), after
// their parents. Each part keeps catalog order.
std::vector<const registry::Resource*> resources(const registry::Catalog& catalog);

// Whether `r` is a child resource (its natural key holds only within a parent: Resource::unique_within) whose
// parents a file names by their Code: a parametric's list and multiple-choice values (ParametricId), a
// category's parametrics (CategoryId). An item of it is found by its parents' Codes and its own key.
bool is_child_in_files(const registry::Catalog& catalog, const registry::Resource& r);

// The resources a seeded state (snapshot) keeps and a reset puts back: those of resources(), then any child
// resource a file cannot hold, so a reset also removes the children added since and restores the ones changed.
std::vector<const registry::Resource*> snapshot_resources(const registry::Catalog& catalog);

// The member that names an item the same way in every database: the resource's first unique key (Code; a
// link's system-wide Id; ApplicationCulture's CultureCode). Null when the resource has none.
const registry::Field* natural_key(const registry::Resource& r);

// The resource a member refers to when the file writes the reference as that resource's Code (Category's
// ParentId, PriceList's ParentPriceListId): a reference member whose target has a unique Code. Else null.
const registry::Resource* code_reference(const registry::Catalog& catalog, const registry::Field& f);

// The member of `r` named `name`, letter case ignored as the API's member lookup ignores it; null when none.
const registry::Field* member(const registry::Resource& r, std::string_view name);

// What a scalar of a file must be, for formats whose scalars carry no type of their own (YAML's plain
// scalars): Text, Number or Bool, from the member's declared type; Any where the member takes more than one
// kind (a reference by Code or by id) or is not known. `path` holds the names that lead to the scalar, array
// positions left out: {"Category", "Code"}, {"Category", "Cultures", "Name"}, {"Category", "VatCodes", "Id"}.
enum class ScalarType { Any, Text, Number, Bool };
ScalarType scalar_type(const registry::Catalog& catalog, std::span<const std::string> path);

// Where a file's groups, items and members are, for messages: the line of each path ("Category",
// "Category[1]", "Category[1].Cultures[0].Name"), letter case ignored. YAML gives them; JSON, as norced
// reads it, does not (then it is empty).
class SourceLines {
 public:
  void add(std::string_view path, int line);
  // The line of `path`, else of the nearest path that encloses it; 0 when none has one.
  int line_of(std::string_view path) const;
  bool empty() const { return lines_.empty(); }

 private:
  std::map<std::string, int, std::less<>> lines_;  // keys in ASCII lower case
};

// A natural key's value as text (an integer key as its decimal digits); nullopt for null.
std::optional<std::string> key_text(const registry::Cell& c);

// The client's first application (lowest id): application-scoped settings are read and written in it unless
// a command names another. Nullopt when the client has none (it does not exist).
std::optional<int64_t> first_application(store::ReadTx& tx, const registry::Catalog& catalog);

}  // namespace norced::management::config
