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

// Splits at `by` outside parentheses and quoted literals: `$expand=A($select=X,Y),B` holds two items.
Result<std::vector<std::string_view>> split_outside(std::string_view s, char by, const std::string& option) {
  std::vector<std::string_view> out;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'') quoted = !quoted;  // '' inside a literal toggles twice: still quoted
    if (quoted) continue;
    if (c == '(') ++depth;
    else if (c == ')' && --depth < 0) break;
    else if (c == by && depth == 0) {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (depth != 0 || quoted)
    return bad_request("InvalidOption", option + " has unbalanced parentheses or quotes.", option);
  out.push_back(trim(s.substr(start)));
  return out;
}

// `Nav` or `Nav(opt=value;...)`, each item of $expand.
Result<Expansion> expansion(std::string_view item, const EntitySet& set, const Limits& limits, int depth) {
  const std::string option = "$expand";
  std::string_view name = item, inner;
  if (const size_t open = item.find('('); open != std::string_view::npos) {
    if (item.back() != ')') return bad_request("InvalidOption", "$expand item '" + std::string(item) + "' is malformed.", option);
    name = trim(item.substr(0, open));
    inner = item.substr(open + 1, item.size() - open - 2);
  }
  if (name.empty()) return bad_request("InvalidOption", "$expand names an empty navigation.", option);
  if (name == "*") return bad_request("NotSupported", "$expand=* is not served; name the navigations.", option);
  const Navigation* nav = set.navigation(name);
  if (!nav)
    return bad_request("UnknownNavigation", "The entity set " + set.name + " has no navigation property '" + std::string(name) + "'.",
                       std::string(name));
  std::vector<std::pair<std::string, std::string>> nested;
  if (!trim(inner).empty()) {
    auto parts = split_outside(inner, ';', option);
    if (!parts) return parts.problem();
    for (auto part : *parts) {
      const size_t eq = part.find('=');
      if (eq == std::string_view::npos || !part.starts_with("$"))
        return bad_request("InvalidOption", "$expand option '" + std::string(part) + "' is not $name=value.", option);
      nested.emplace_back(std::string(trim(part.substr(0, eq))), std::string(trim(part.substr(eq + 1))));
    }
  }
  for (const auto& [n, v] : nested)
    if (n == "$skiptoken" || n == "$count")
      return bad_request("NotSupported", "The option " + n + " is not served inside $expand.", n);
  auto options = parse_options(nested, *nav->target, limits, depth + 1);
  if (!options) return options.problem();
  if (!nav->collection && (options->top || options->skip || !options->order.empty() || options->filter.op != registry::Expr::Op::True))
    return bad_request("InvalidOption", "The navigation " + nav->name + " is single-valued: only $select and $expand apply.",
                       nav->name);
  return Expansion{nav, std::move(*options)};
}

}  // namespace

Result<QueryOptions> parse_options(const http::Request& req, const EntitySet& set, const Limits& limits) {
  return parse_options(req.query, set, limits, 0);
}

Result<QueryOptions> parse_options(const std::vector<std::pair<std::string, std::string>>& query, const EntitySet& set,
                                   const Limits& limits, int depth) {
  QueryOptions o;
  std::vector<std::string> seen;
  for (const auto& [name, value] : query) {
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
        if (set.lookup(*f))
          return bad_request("NotSupported", "The property " + std::string(property) +
                                                 " is read through a reference: it can be selected and filtered, not ordered by.",
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
    } else if (name == "$expand") {
      if (depth >= limits.max_expand_depth)
        return bad_request("InvalidOption", "$expand nests at most " + std::to_string(limits.max_expand_depth) + " levels.", name);
      auto items = split_outside(value, ',', name);
      if (!items) return items.problem();
      for (auto item : *items) {
        auto x = expansion(item, set, limits, depth);
        if (!x) return x.problem();
        for (const auto& earlier : o.expand)
          if (earlier.navigation == x->navigation)
            return bad_request("InvalidOption", "$expand names " + x->navigation->name + " twice.", x->navigation->name);
        o.expand.push_back(std::move(*x));
      }
    } else if (name == "$search" || name == "$apply" || name == "$compute" || name == "$levels") {
      return bad_request("NotSupported", "The option " + name + " is not served yet.", name);
    } else {
      return bad_request("InvalidOption", "Unknown query option " + name + ".", name);
    }
  }
  return o;
}

}  // namespace norced::query
