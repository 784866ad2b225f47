#include "connect/items.hpp"

#include <string>

#include "json/validate.hpp"
#include "json/value.hpp"

namespace norced::connect {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t skip_space(std::string_view s, size_t pos) {
  while (pos < s.size() && is_space(s[pos])) ++pos;
  return pos;
}

// The end (one past the closing brace) of the object that starts at `pos`, or npos when the body ends first.
// Only brackets outside strings count; the item's own parse checks everything else.
size_t object_end(std::string_view s, size_t pos) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = pos; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

std::string item_name(size_t index) { return "items[" + std::to_string(index) + "]"; }

std::string shown(std::string_view s, size_t pos) {
  if (pos >= s.size()) return "the end of the body";
  return "'" + std::string(s.substr(pos, 1)) + "' at byte " + std::to_string(pos);
}

// The scan of scan_items and check_items: `each(raw, value)` with the item's parse when Parse, else `each(raw)`
// after json::validate (the same checks and messages, no tree).
template <bool Parse, class Each>
Status scan(std::string_view body, const Each& each, const ItemScanOptions& options) {
  body = json::without_bom(body);
  size_t pos = skip_space(body, 0);
  const bool array = pos < body.size() && body[pos] == '[';
  if (array) pos = skip_space(body, pos + 1);
  if (array && pos < body.size() && body[pos] == ']') {
    pos = skip_space(body, pos + 1);
    if (pos < body.size()) return Problem::validation("items", "Unexpected " + shown(body, pos) + " after the array.");
    return Unit{};
  }
  json::ParseOptions parse_options;
  parse_options.max_depth = options.max_depth;
  for (size_t index = 0;; ++index) {
    pos = skip_space(body, pos);
    if (pos >= body.size()) {
      if (array) return Problem::validation("items", "The array of items is not closed with ']'.");
      return Unit{};
    }
    if (body[pos] != '{')
      return Problem::validation(item_name(index), "Each item must be a JSON object; found " + shown(body, pos) + ".");
    const size_t end = object_end(body, pos);
    if (end == std::string_view::npos)
      return Problem::validation(item_name(index), "The item starting at byte " + std::to_string(pos) +
                                                       " is not closed before the end of the body.");
    const std::string_view raw = body.substr(pos, end - pos);
    if constexpr (Parse) {
      auto parsed = json::parse(raw, parse_options);
      if (!parsed) return Problem::validation(item_name(index), "The item is not valid JSON: " + parsed.problem().detail);
      each(raw, *parsed);
    } else {
      auto checked = json::validate(raw, parse_options);
      if (!checked) return Problem::validation(item_name(index), "The item is not valid JSON: " + checked.problem().detail);
      each(raw);
    }
    pos = skip_space(body, end);
    if (!array) continue;
    if (pos < body.size() && body[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < body.size() && body[pos] == ']') {
      pos = skip_space(body, pos + 1);
      if (pos < body.size()) return Problem::validation("items", "Unexpected " + shown(body, pos) + " after the array.");
      return Unit{};
    }
    return Problem::validation("items", "Expected ',' or ']' after " + item_name(index) + "; found " +
                                            shown(body, pos) + ".");
  }
}

}  // namespace

Status scan_items(std::string_view body, const std::function<void(std::string_view raw, json::Value& value)>& each,
                  const ItemScanOptions& options) {
  return scan<true>(body, each, options);
}

Status check_items(std::string_view body, const std::function<void(std::string_view raw)>& each,
                   const ItemScanOptions& options) {
  return scan<false>(body, each, options);
}

}  // namespace norced::connect
