#include "app/docs_page.hpp"

#include "app/docs_assets.hpp"
#include "core/ascii.hpp"
#include "http/problem_response.hpp"

namespace norced::app {

namespace {

const EmbeddedFile* find_file(std::string_view name) {
  for (const auto& f : docs_files())
    if (f.name == name) return &f;
  return nullptr;
}

// A cache must ask again (the files change with the binary), and may reuse its copy when the ETag still holds.
http::Response file_response(const http::Request& req, const EmbeddedFile& f) {
  http::Response r;
  r.headers.emplace_back("ETag", std::string(f.etag));
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  const std::string* match = req.headers.find("If-None-Match");
  if (match && match->find(f.etag) != std::string::npos) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = std::string(f.content_type);
  r.body = std::string(f.data);
  return r;
}

}  // namespace

std::optional<http::Response> docs_page(const http::Request& req) {
  std::string_view path = req.path;
  std::string_view name;
  if (path == "/" || path == "/docs" || path == "/docs/") name = "index.html";
  else if (path.starts_with("/docs/")) name = path.substr(6);
  else return std::nullopt;
  if (req.method != "GET" && req.method != "HEAD") {
    Problem p{405, "Method Not Allowed", "Use GET.", {}, {{"Allow", "GET"}}};
    return http::problem_response(p);
  }
  if (docs_files().empty())
    return http::problem_response(Problem::not_found(
        "This norced was built without the API reference page (-DNORCED_DOCS_PAGE=OFF); /openapi.json is served."));
  const EmbeddedFile* f = find_file(name);
  if (!f) return http::problem_response(Problem::not_found("No file of the API reference page at this path."));
  return file_response(req, *f);
}

}  // namespace norced::app
