// GET .../{Namespace}/$metadata: the namespace's CSDL (OData v4 XML), generated from the same entity sets the
// queries are answered from, so what a client generates from it is what the server serves. One schema per
// namespace, one entity type per set with its key and properties (Edm types from the registry's member types,
// MaxLength and Nullable from the description), and one entity container listing the sets.
#pragma once

#include <string>

#include "query/entity_sets.hpp"

namespace norced::query {

std::string metadata_document(const Namespace& ns);

// The Edm type of a registry member type: "Edm.Int32", "Edm.String", ...
const char* edm_type(registry::Type t);

}  // namespace norced::query
