// Opt-in CORS (`norced serve --cors-origin`): which other web origins' pages may call the server from a browser.
// Off by default (no origin listed): no CORS header is written and OPTIONS requests go on as before. The
// transport applies it to every answer (the fast path's, the handlers', its own 503s and 413s), so a browser sees
// the real status rather than a CORS failure. Tokens travel in the Authorization header, never in cookies, so
// credentials are not allowed (no Access-Control-Allow-Credentials) and `*` is safe to offer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace norced::http {

struct CorsOptions {
  std::vector<std::string> origins;  // "*" or exact origins ("https://app.example:8443"); empty = off
  int max_age_seconds = 600;         // how long a browser may reuse a preflight answer
  bool enabled() const { return !origins.empty(); }
};

// Why `origin` cannot be a --cors-origin value ("" when it can): it must be `*` or scheme://host[:port], with no
// path, as a browser's Origin header spells it.
std::string cors_origin_error(std::string_view origin);

// The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method) when CORS is on: 204 with
// the allowed origin, methods, the requested headers and Max-Age, or 403 naming the origin when it is not
// listed. nullopt for any other request.
std::optional<Response> cors_preflight(const CorsOptions& cors, const Request& req);

// The CORS headers of an ordinary response to a request from `origin` (its Origin header, "" when none):
// Access-Control-Allow-Origin and -Expose-Headers when the origin is allowed, and Vary: Origin whenever the
// answer depends on it (any list but `*`).
void add_cors_headers(const CorsOptions& cors, std::string_view origin, Response& res);

}  // namespace norced::http
