#include "http/problem_response.hpp"

#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/writer.hpp"

namespace norced::http {

const char* problem_type(int status) {
  switch (status) {
    case 400: return "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    case 401: return "https://tools.ietf.org/html/rfc9110#section-15.5.2";
    case 403: return "https://tools.ietf.org/html/rfc9110#section-15.5.4";
    case 404: return "https://tools.ietf.org/html/rfc9110#section-15.5.5";
    case 405: return "https://tools.ietf.org/html/rfc9110#section-15.5.6";
    case 409: return "https://tools.ietf.org/html/rfc9110#section-15.5.10";
    case 413: return "https://tools.ietf.org/html/rfc9110#section-15.5.14";
    case 415: return "https://tools.ietf.org/html/rfc9110#section-15.5.16";
    case 501: return "https://tools.ietf.org/html/rfc9110#section-15.6.2";
    default: return "about:blank";
  }
}

Response problem_response(const Problem& p) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("type", problem_type(p.status));
  w.member("title", p.title);
  w.member("status", static_cast<int64_t>(p.status));
  if (!p.detail.empty()) w.member("detail", p.detail);
  for (const auto& [name, value] : p.members) w.member(name, value);
  if (!p.errors.empty()) {
    // Grouped by member, in the order first seen, as ASP.NET's ValidationProblemDetails does. One hash
    // lookup per error keeps this linear however many errors a large body produces. Only the first
    // kMaxProblemMembers members are listed; the errors of the others are counted in "errorsOmitted".
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> grouped;
    std::unordered_map<std::string_view, size_t> index;  // member -> position in `grouped`
    size_t omitted = 0;
    for (const auto& e : p.errors) {
      auto it = index.find(e.field);
      if (it != index.end()) {
        grouped[it->second].second.push_back(e.message);
      } else if (grouped.size() < kMaxProblemMembers) {
        index.emplace(e.field, grouped.size());
        grouped.push_back({e.field, {e.message}});
      } else {
        ++omitted;
      }
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
    if (omitted > 0) w.member("errorsOmitted", static_cast<int64_t>(omitted));
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
