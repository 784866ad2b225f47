// GET / and /docs: the API reference page (Swagger UI rendering /openapi.json), and its files under /docs/.
#pragma once

#include <optional>

#include "http/message.hpp"

namespace norced::app {

// The answer when the request's path is the page's (/, /docs, /docs/<file>); nullopt for any other path.
// GET and HEAD; an If-None-Match with the file's ETag gets 304. Never blocks (the files are in memory).
std::optional<http::Response> docs_page(const http::Request& req);

}  // namespace norced::app
