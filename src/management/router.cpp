#include "management/router.hpp"

#include <stdexcept>

#include "core/ascii.hpp"

namespace norced::management {

namespace {

std::vector<std::string> split_lower(std::string_view path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ascii::lower(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

constexpr std::string_view kParam = "{}";

// The number of parameter segments when `route` matches `segs`, or -1.
int wildcards(const Route& route, const std::vector<std::string>& segs) {
  if (route.segments.size() != segs.size()) return -1;
  int wild = 0;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (route.segments[i] == kParam) ++wild;
    else if (route.segments[i] != segs[i]) return -1;
  }
  return wild;
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

Router::Router(const registry::Catalog& catalog) {
  for (const registry::Resource* r : catalog.all()) {
    for (const auto& op : r->operations) {
      Route route{r, &op, "/api/" + op.path, {}};
      for (const auto& s : op.segments) route.segments.push_back(s.front() == '{' ? std::string(kParam) : ascii::to_lower(s));
      for (const auto& other : routes_)
        if (other.segments == route.segments && other.op->method == op.method)
          throw std::logic_error("two operations at " + op.method + " " + route.path);
      routes_.push_back(std::move(route));
    }
  }
}

Result<Match> Router::match(std::string_view method, std::string_view path) const {
  // Raw segments keep their case (a string key such as a culture code is passed on as written).
  std::vector<std::string> raw;
  for (std::string_view segment : split_path(path)) raw.emplace_back(segment);
  auto segs = split_lower(path);
  if (segs.empty() || segs.front() != "api") return Problem::not_found("No resource at this path.");
  segs.erase(segs.begin());
  raw.erase(raw.begin());

  // The best pattern for the path is the one with the fewest parameters; then its methods.
  int best = -1;
  for (const auto& r : routes_) {
    int wild = wildcards(r, segs);
    if (wild >= 0 && (best < 0 || wild < best)) best = wild;
  }
  if (best < 0) return Problem::not_found("No resource at this path.");

  std::string allow;
  for (const auto& r : routes_) {
    if (wildcards(r, segs) != best) continue;
    if (r.op->method == method) {
      Match m{&r, {}};
      for (size_t i = 0; i < segs.size(); ++i)
        if (r.segments[i] == kParam) m.values.push_back(raw[i]);
      return m;
    }
    if (allow.find(r.op->method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r.op->method;
  }
  Problem p{405, "Method Not Allowed", "This path does not support " + std::string(method) + ".", {}, {}};
  p.headers.emplace_back("Allow", allow);
  return p;
}

}  // namespace norced::management
