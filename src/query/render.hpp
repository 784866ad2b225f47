// Entities as OData v4 JSON (odata.metadata=minimal): one object per row holding the selected properties under
// their names, with OData's value spellings (Edm.DateTimeOffset as ISO 8601 UTC text, Edm.Decimal as an exact
// JSON number, null as null). No "$id" members: those belong to the Norce Management API's documents.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "json/writer.hpp"
#include "query/entity_sets.hpp"
#include "registry/model.hpp"

namespace norced::query {

// The cultures a culture text property is shown in: the application's, else the client's default one.
struct TextCultures {
  std::string culture;
  std::string default_culture;
};

// The values of a page's lookup properties (EntitySet::lookups): per lookup field, by the referenced row's id.
struct LookedUp {
  std::vector<std::pair<const registry::Field*, std::unordered_map<int64_t, registry::Cell>>> values;
  // nullptr when the reference names no row the caller sees.
  const registry::Cell* find(const registry::Field* f, int64_t id) const;
};

// REQUIRES: every property is one of set.properties; `cultures` is given when one of them is a text. A non-empty `context` is written first as
// "@odata.context" (an entity read by key carries its own; one of a collection does not).
// The members write_entity writes between its braces (no "@odata.context").
// REQUIRES: `looked` holds the lookups among `properties`.
void write_properties(json::Writer& w, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                      const registry::Entity& e, const TextCultures* cultures, const LookedUp* looked = nullptr);

void write_entity(json::Writer& w, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                  const registry::Entity& e, const TextCultures* cultures, std::string_view context = {},
                  const LookedUp* looked = nullptr);

}  // namespace norced::query
