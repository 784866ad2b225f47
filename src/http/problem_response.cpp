#include "http/problem_response.hpp"

#include <algorithm>

#include "json/writer.hpp"

namespace norced::http {

namespace {
const char* type_for(int status) {
  switch (status) {
    case 400: return "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    case 401: return "https://tools.ietf.org/html/rfc9110#section-15.5.2";
    case 403: return "https://tools.ietf.org/html/rfc9110#section-15.5.4";
    case 404: return "https://tools.ietf.org/html/rfc9110#section-15.5.5";
    case 405: return "https://tools.ietf.org/html/rfc9110#section-15.5.6";
    case 409: return "https://tools.ietf.org/html/rfc9110#section-15.5.10";
    case 413: return "https://tools.ietf.org/html/rfc9110#section-15.5.14";
    case 415: return "https://tools.ietf.org/html/rfc9110#section-15.5.16";
    default: return "about:blank";
  }
}
}  // namespace

Response problem_response(const Problem& p) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("type", type_for(p.status));
  w.member("title", p.title);
  w.member("status", static_cast<int64_t>(p.status));
  if (!p.detail.empty()) w.member("detail", p.detail);
  if (!p.errors.empty()) {
    // Grouped by member, in the order first seen, as ASP.NET's ValidationProblemDetails does.
    std::vector<std::pair<std::string, std::vector<std::string>>> grouped;
    for (const auto& e : p.errors) {
      auto it = std::find_if(grouped.begin(), grouped.end(), [&](const auto& g) { return g.first == e.field; });
      if (it == grouped.end()) grouped.push_back({e.field, {e.message}});
      else it->second.push_back(e.message);
    }
    w.key("errors");
    w.begin_object_without_id();
    for (const auto& [field, messages] : grouped) {
      w.key(field);
      w.begin_array();
      for (const auto& m : messages) w.string(m);
      w.end_array();
    }
    w.end_object();
  }
  w.end_object();
  Response r;
  r.status = p.status;
  r.content_type = "application/problem+json; charset=utf-8";
  r.headers = p.headers;
  r.body = w.take();
  return r;
}

}  // namespace norced::http
