// The served OpenAPI 3.0 document, generated from the catalog and the routes actually served: every path and
// operation with the errors it can give, every model's members with their types, formats, nullability, limits,
// required members and an example, and the token endpoint and health probes.
#pragma once

#include <string>

#include "management/router.hpp"
#include "registry/catalog.hpp"

namespace norced::management {

inline constexpr std::string_view kTokenPath = "/identity/1.0/connect/token";

// The document's tokenUrl is kTokenPath. Renderers disagree on what a relative tokenUrl is relative to (the
// server URL, the page, the document), so the server serves it absolute for the origin the client reached it
// at: an OpenApiDocument splits the text once, and each request joins the parts around its origin.
class OpenApiDocument {
 public:
  explicit OpenApiDocument(std::string text);
  // The document with tokenUrl `origin` + kTokenPath; origin "" keeps the path alone.
  // `origin` must be JSON-string safe (app/application.cpp only passes scheme://host[:port] characters).
  std::string with_origin(std::string_view origin) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  size_t token_url_at_ = std::string::npos;  // where kTokenPath's value starts in text_
};

// `extra_paths` and `extra_schemas`: JSON objects whose members are added to `paths` and components.schemas
// (the layers above, such as Connect, describe their own operations).
std::string openapi_document(const registry::Catalog& catalog, const Router& router,
                             std::string_view extra_paths = "{}", std::string_view extra_schemas = "{}");

}  // namespace norced::management
