// The served OpenAPI 3.0 document, generated from the catalog and the routes actually served: every path and
// operation, every model's members with their types, formats, nullability and limits.
#pragma once

#include <string>

#include "management/router.hpp"
#include "registry/catalog.hpp"

namespace norced::management {

std::string openapi_document(const registry::Catalog& catalog, const Router& router);

}  // namespace norced::management
