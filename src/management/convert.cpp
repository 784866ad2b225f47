#include "management/convert.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "core/time.hpp"

namespace norced::management {

using registry::Cell;
using registry::Type;

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

bool is_guid(std::string_view s) {
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

std::variant<Cell, std::string> to_cell(const json::Value& v, const CellSpec& spec) {
  if (v.is_null()) {
    if (spec.nullable) return Cell{};
    return std::string("A value is required; null is not allowed.");
  }
  switch (spec.type) {
    case Type::Int: {
      if (v.kind() != json::Kind::Number) return std::string("Expected an integer, got ") + json::kind_name(v.kind()) + ".";
      const std::string& written = v.number_text();
      int64_t n = 0;
      // Most integers are written plainly ("12", "-3"): read at once. Others ("1.0", "1e3", huge ones) take
      // the exact decimal route, which also words the refusals.
      auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), n);
      if (error != std::errc() || end != written.data() + written.size()) {
        auto d = Decimal::parse(written);
        if (!d) return "The value " + written + " is outside the 32-bit integer range.";
        if (!d->is_integer()) return std::string("Expected an integer, got ") + written + ".";
        std::string text = d->to_string();
        auto dot = text.find('.');
        if (dot != std::string::npos) text.resize(dot);
        if (text.size() > 11) return "The value " + written + " is outside the 32-bit integer range.";
        n = std::stoll(text);
      }
      if (n < std::numeric_limits<int32_t>::min() || n > std::numeric_limits<int32_t>::max())
        return "The value " + written + " is outside the 32-bit integer range.";
      if (spec.allowed && !spec.allowed->empty() &&
          std::find(spec.allowed->begin(), spec.allowed->end(), n) == spec.allowed->end()) {
        std::string list;
        for (auto a : *spec.allowed) list += (list.empty() ? "" : ", ") + std::to_string(a);
        return "The value " + std::to_string(n) + " is not allowed; allowed values: " + list + ".";
      }
      return Cell{n};
    }
    case Type::Bool:
      if (v.kind() != json::Kind::Bool) return std::string("Expected true or false, got ") + json::kind_name(v.kind()) + ".";
      return Cell{v.as_bool()};
    case Type::Decimal: {
      if (v.kind() != json::Kind::Number) return std::string("Expected a number, got ") + json::kind_name(v.kind()) + ".";
      auto d = Decimal::parse(v.number_text());
      if (!d) return "The number " + v.number_text() + " is outside the decimal range (28 digits after the point).";
      return Cell{*d};
    }
    case Type::DateTime: {
      if (v.kind() != json::Kind::String)
        return std::string("Expected an ISO 8601 date-time string, got ") + json::kind_name(v.kind()) + ".";
      auto t = timeutil::parse_iso8601(v.as_string());
      if (!t) return "'" + v.as_string() + "' is not an ISO 8601 date-time (e.g. 2026-11-22T13:45:00Z).";
      return Cell{registry::Instant{*t}};
    }
    case Type::Guid:
      if (v.kind() != json::Kind::String) return std::string("Expected a GUID string, got ") + json::kind_name(v.kind()) + ".";
      if (!is_guid(v.as_string())) return "'" + v.as_string() + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).";
      return Cell{ascii::to_lower(v.as_string().size() == 38 ? v.as_string().substr(1, 36) : v.as_string())};
    case Type::String: {
      if (v.kind() != json::Kind::String) return std::string("Expected a string, got ") + json::kind_name(v.kind()) + ".";
      if (spec.max_length > 0 && utf8_length(v.as_string()) > static_cast<size_t>(spec.max_length))
        return "The value is longer than the maximum of " + std::to_string(spec.max_length) + " characters.";
      // PostgreSQL text cannot hold U+0000: refused on every engine, so a body means the same on both.
      if (v.as_string().find('\0') != std::string::npos) return std::string("The value must not contain U+0000.");
      if (spec.allowed_text && !spec.allowed_text->empty()) {
        std::string list;
        for (auto a : *spec.allowed_text) {
          if (ascii::iequals(a, v.as_string())) return Cell{std::string(a)};  // the catalog's spelling
          list += (list.empty() ? "" : ", ") + std::string(a);
        }
        return "The value '" + v.as_string() + "' is not allowed; allowed values: " + list + ".";
      }
      return Cell{v.as_string()};
    }
    case Type::Array:
      break;
  }
  return std::string("Unsupported member type.");
}

std::optional<int64_t> decoded_int(const json::Value& v) {
  auto cell = to_cell(v, CellSpec{Type::Int, true, 0, nullptr});
  if (const auto* c = std::get_if<Cell>(&cell))
    if (const auto* n = std::get_if<int64_t>(c)) return *n;
  return std::nullopt;
}

}  // namespace norced::management
