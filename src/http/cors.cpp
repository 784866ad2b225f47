#include "http/cors.hpp"

#include <cctype>

#include "core/ascii.hpp"
#include "http/problem_response.hpp"

namespace norced::http {

namespace {

constexpr std::string_view kMethods = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
// Response headers a page's script may read beyond the CORS-safelisted ones: what a client acts on (Allow
// after a 405, Retry-After after a 503, WWW-Authenticate after a 401), the ETag of the page's files, a list's
// X-Total-Count and strict mode's Warning. norced sends no Location (POST answers the new id in the body).
constexpr std::string_view kExposed = "Allow, Retry-After, WWW-Authenticate, ETag, X-Total-Count, Warning";

bool any_origin(const CorsOptions& cors) {
  for (const auto& o : cors.origins)
    if (o == "*") return true;
  return false;
}

// The value of Access-Control-Allow-Origin for `origin`, or "" when it is not allowed.
std::string allowed(const CorsOptions& cors, std::string_view origin) {
  if (origin.empty()) return "";
  if (any_origin(cors)) return "*";
  for (const auto& o : cors.origins)
    if (ascii::iequals(o, origin)) return std::string(origin);
  return "";
}

// A list of header names as a browser sends it in Access-Control-Request-Headers: tokens, commas, spaces.
bool is_header_list(std::string_view v) {
  if (v.size() > 1024) return false;
  for (char c : v)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != ',' && c != ' ') return false;
  return true;
}

}  // namespace

std::string cors_origin_error(std::string_view origin) {
  if (origin == "*") return "";
  const auto scheme_end = origin.find("://");
  const std::string_view scheme = origin.substr(0, scheme_end == std::string_view::npos ? 0 : scheme_end);
  const std::string_view rest = scheme_end == std::string_view::npos ? "" : origin.substr(scheme_end + 3);
  bool ok = !scheme.empty() && !rest.empty();
  for (char c : scheme) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.');
  for (char c : rest)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']');
  if (ok) return "";
  return "a CORS origin is * or scheme://host[:port] with no path, e.g. http://localhost:3000; got '" +
         std::string(origin) + "'";
}

std::optional<Response> cors_preflight(const CorsOptions& cors, const Request& req) {
  if (!cors.enabled() || req.method != "OPTIONS") return std::nullopt;
  const std::string* origin = req.headers.find("Origin");
  const std::string* method = req.headers.find("Access-Control-Request-Method");
  if (!origin || !method) return std::nullopt;
  const std::string allow = allowed(cors, *origin);
  Response res;
  if (allow.empty()) {
    res = problem_response(Problem{403, "Forbidden",
                                   "Origin " + *origin + " may not call this server from a browser; "
                                   "norced serve --cors-origin lists the origins that may.",
                                   {}, {}});
  } else {
    res.status = 204;
    res.content_type.clear();
    res.headers.emplace_back("Access-Control-Allow-Origin", allow);
    res.headers.emplace_back("Access-Control-Allow-Methods", std::string(kMethods));
    // Whatever headers the page asks for: the API reads its own (Authorization, application-id, ...) and
    // ignores the rest, and no cookie ever authenticates.
    const std::string* headers = req.headers.find("Access-Control-Request-Headers");
    if (headers && !headers->empty() && is_header_list(*headers))
      res.headers.emplace_back("Access-Control-Allow-Headers", *headers);
    res.headers.emplace_back("Access-Control-Max-Age", std::to_string(cors.max_age_seconds));
  }
  if (!any_origin(cors)) res.headers.emplace_back("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return res;
}

void add_cors_headers(const CorsOptions& cors, std::string_view origin, Response& res) {
  if (!cors.enabled()) return;
  if (const std::string allow = allowed(cors, origin); !allow.empty()) {
    res.headers.emplace_back("Access-Control-Allow-Origin", allow);
    res.headers.emplace_back("Access-Control-Expose-Headers", std::string(kExposed));
  }
  if (!any_origin(cors)) res.headers.emplace_back("Vary", "Origin");
}

}  // namespace norced::http
