#include "store/postgres/values.hpp"

#include <charconv>
#include <cstring>

#include "core/time.hpp"
#include "store/store.hpp"

namespace norced::store::postgres {

using registry::Cell;
using registry::Instant;
using registry::Type;

bool storable_text(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == 0) return false;
    if (b < 0x80) {
      ++i;
      continue;
    }
    // The lead byte gives the length, its payload bits, and the smallest code point that length may encode
    // (a smaller one would be an overlong form).
    struct Form {
      unsigned char mask, lead;
      size_t len;
      uint32_t min;
    };
    static constexpr Form kForms[] = {{0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
    const Form* form = nullptr;
    for (const auto& f : kForms)
      if ((b & f.mask) == f.lead) form = &f;
    if (!form) return false;
    const size_t len = form->len;
    uint32_t c = b & static_cast<unsigned char>(~form->mask);
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) return false;
      c = (c << 6) | (cont & 0x3F);
    }
    if (c < form->min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Text to_text(std::string_view value, Binding how) {
  if (value.find('\0') != std::string_view::npos) {
    if (how == Binding::Lookup) return std::nullopt;
    throw StoreError("PostgreSQL text cannot hold the character U+0000");
  }
  if (how == Binding::Lookup && !storable_text(value)) return std::nullopt;
  return std::string(value);
}

std::string to_text(int64_t value) { return std::to_string(value); }

Text cell_text(const Cell& value, Binding how) {
  return std::visit(
      [&](const auto& x) -> Text {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return std::nullopt;
        else if constexpr (std::is_same_v<T, int64_t>) return std::to_string(x);
        else if constexpr (std::is_same_v<T, bool>) return std::string(x ? "true" : "false");
        else if constexpr (std::is_same_v<T, std::string>) return to_text(std::string_view(x), how);
        else if constexpr (std::is_same_v<T, Decimal>) return x.to_string();
        else return format_instant(x.micros);
      },
      value);
}

int64_t parse_int(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw StoreError("not an integer in a PostgreSQL result: " + std::string(text), StoreErrorKind::Corrupt);
  return v;
}

int64_t parse_instant(std::string_view text) {
  // "2023-11-14 22:13:20.000123+00": the zone is always +00 under TimeZone UTC; the parser wants "+00:00".
  std::string iso(text);
  if (iso.size() > 3 && iso.compare(iso.size() - 3, 3, "+00") == 0) iso += ":00";
  auto micros = timeutil::parse_iso8601(iso);
  if (!micros) throw StoreError("not a UTC instant in a PostgreSQL result: " + std::string(text), StoreErrorKind::Corrupt);
  return *micros;
}

std::string format_instant(int64_t micros) { return timeutil::format_iso8601(micros); }

Cell from_text(std::string_view text, Type type) {
  switch (type) {
    case Type::Int:
      return parse_int(text);
    case Type::Bool:
      return text == "t" || text == "true";
    case Type::Decimal: {
      auto d = Decimal::parse(text);
      if (!d) throw StoreError("not a decimal in a PostgreSQL result: " + std::string(text), StoreErrorKind::Corrupt);
      return *d;
    }
    case Type::DateTime:
      return Instant{parse_instant(text)};
    default:
      return std::string(text);
  }
}

void ArrayLiteral::separator() {
  if (count_++) text_ += ',';
}

void ArrayLiteral::add(const Text& element) {
  separator();
  if (!element) {
    text_ += "NULL";
    return;
  }
  text_ += '"';
  for (char c : *element) {
    if (c == '"' || c == '\\') text_ += '\\';
    text_ += c;
  }
  text_ += '"';
}

void ArrayLiteral::add(int64_t element) {
  separator();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, element);
  text_.append(buf, end);
}

std::string ArrayLiteral::take() {
  text_ += '}';
  std::string out = std::move(text_);
  text_ = "{";
  count_ = 0;
  return out;
}

}  // namespace norced::store::postgres
