#include "query/options.hpp"

#include <charconv>

#include "query/error.hpp"
#include "query/filter.hpp"

namespace norced::query {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char by) {
  std::vector<std::string_view> out;
  for (;;) {
    const size_t at = s.find(by);
    out.push_back(trim(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

Result<int64_t> count_option(const std::string& name, const std::string& value) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 0)
    return bad_request("InvalidOption", name + " takes a non-negative integer, not '" + value + "'.", name);
  return n;
}

Result<const registry::Field*> property_of(const EntitySet& set, std::string_view name, const std::string& option) {
  if (const registry::Field* f = set.property(name)) return f;
  if (name.empty()) return bad_request("InvalidOption", option + " names an empty property.", option);
  return bad_request("UnknownProperty", "The entity set " + set.name + " has no property '" + std::string(name) + "'.",
                     std::string(name));
}

}  // namespace

Result<QueryOptions> parse_options(const http::Request& req, const EntitySet& set, const Limits& limits) {
  QueryOptions o;
  std::vector<std::string> seen;
  for (const auto& [name, value] : req.query) {
    if (!name.starts_with("$")) continue;
    for (const auto& s : seen)
      if (s == name) return bad_request("InvalidOption", "The option " + name + " is given twice.", name);
    seen.push_back(name);
    if (name == "$filter") {
      auto e = parse_filter(value, set, limits.max_filter_depth);
      if (!e) return e.problem();
      o.filter = std::move(*e);
    } else if (name == "$select") {
      if (trim(value) == "*") continue;
      for (auto item : split(value, ',')) {
        auto f = property_of(set, item, name);
        if (!f) return f.problem();
        o.select.push_back(*f);
      }
    } else if (name == "$orderby") {
      for (auto item : split(value, ',')) {
        const size_t space = item.find(' ');
        std::string_view property = item.substr(0, space), direction;
        if (space != std::string_view::npos) direction = trim(item.substr(space + 1));
        if (!direction.empty() && direction != "asc" && direction != "desc")
          return bad_request("InvalidOption", "$orderby takes 'asc' or 'desc' after a property, not '" +
                                                  std::string(direction) + "'.", name);
        auto f = property_of(set, property, name);
        if (!f) return f.problem();
        if (is_text(**f))
          return bad_request("NotSupported", "The culture text " + std::string(property) + " can be selected but not ordered by yet.",
                             std::string(property));
        o.order.push_back({(*f)->name, direction == "desc"});
      }
      if (o.order.size() > limits.max_order_keys)
        return bad_request("InvalidOption", "$orderby takes at most " + std::to_string(limits.max_order_keys) + " keys.", name);
    } else if (name == "$top") {
      auto n = count_option(name, value);
      if (!n) return n.problem();
      o.top = std::min(*n, limits.max_top);
    } else if (name == "$skip") {
      auto n = count_option(name, value);
      if (!n) return n.problem();
      o.skip = *n;
    } else if (name == "$count") {
      if (value != "true" && value != "false")
        return bad_request("InvalidOption", "$count takes true or false, not '" + value + "'.", name);
      o.count = value == "true";
    } else if (name == "$skiptoken") {
      o.skiptoken = value;
    } else if (name == "$format") {
      if (value != "json" && !value.starts_with("application/json"))
        return bad_request("InvalidOption", "Only the JSON format is served.", name);
    } else if (name == "$expand" || name == "$search" || name == "$apply" || name == "$compute" || name == "$levels") {
      return bad_request("NotSupported", "The option " + name + " is not served yet.", name);
    } else {
      return bad_request("InvalidOption", "Unknown query option " + name + ".", name);
    }
  }
  return o;
}

}  // namespace norced::query
