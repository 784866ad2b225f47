// The API reference page's files, embedded into the binary at build time (cmake/DocsPage.cmake generates the
// definition of docs_files() from web/ and the swagger-ui-dist npm package). app/docs_page.cpp serves them.
#pragma once

#include <span>
#include <string_view>

namespace norced::app {

struct EmbeddedFile {
  std::string_view name;          // "swagger-ui-bundle.js": served at /docs/<name>
  std::string_view content_type;  // from the name's extension
  std::string_view data;
  std::string_view etag;          // quoted, from the content's SHA-256
};

// Empty when built with -DNORCED_DOCS_PAGE=OFF.
std::span<const EmbeddedFile> docs_files();

}  // namespace norced::app
