#include "management/router.hpp"
#include "core/ascii.hpp"

#include <cctype>

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

}  // namespace

const char* op_name(Op op) {
  switch (op) {
    case Op::Get: return "Get";
    case Op::Update: return "Update";
    case Op::List: return "List";
    case Op::Insert: return "Insert";
    case Op::Compact: return "Compact";
    case Op::Deleted: return "ListDeleted";
  }
  return "";
}

Router::Router(const registry::Catalog& catalog) {
  for (const registry::Resource* r : catalog.all()) {
    std::string base = "/api/" + std::string(r->path);
    auto add = [&](bool enabled, Op op, const char* method, const std::string& suffix) {
      if (!enabled) return;
      Route route{r, op, method, base + suffix, {}};
      route.segments = split_lower(route.path);
      route.segments.erase(route.segments.begin());  // "api"
      routes_.push_back(std::move(route));
    };
    add(r->ops.compact, Op::Compact, "GET", "/compact");
    add(r->ops.deleted, Op::Deleted, "GET", "/deleted");
    add(r->ops.get, Op::Get, "GET", "/{id}");
    add(r->ops.update, Op::Update, "PUT", "/{id}");
    add(r->ops.list, Op::List, "GET", "");
    add(r->ops.insert, Op::Insert, "POST", "");
  }
}

Result<Match> Router::match(std::string_view method, std::string_view path) const {
  auto segs = split_lower(path);
  if (segs.empty() || segs.front() != "api") return Problem::not_found("No resource at this path.");
  segs.erase(segs.begin());

  // The best pattern for the path: fewest {id} wildcards; then its methods.
  int best_wild = -1;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    int wild = 0;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      if (r.segments[i] == "{id}") ++wild;
      else ok = r.segments[i] == segs[i];
    }
    if (ok && (best_wild < 0 || wild < best_wild)) best_wild = wild;
  }
  if (best_wild < 0) return Problem::not_found("No resource at this path.");

  std::string allow;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    int wild = 0;
    bool ok = true;
    std::string id;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      if (r.segments[i] == "{id}") {
        ++wild;
        id = segs[i];
      } else {
        ok = r.segments[i] == segs[i];
      }
    }
    if (!ok || wild != best_wild) continue;
    if (r.method == method) return Match{&r, id};
    if (allow.find(r.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r.method;
  }
  Problem p{405, "Method Not Allowed", "This path does not support " + std::string(method) + ".", {}, {}};
  p.headers.emplace_back("Allow", allow);
  return p;
}

}  // namespace norced::management
