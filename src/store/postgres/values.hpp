// How norced's values travel to and from PostgreSQL: every parameter and result is text (libpq's text
// format), so this file is the one place that knows each type's spelling. Instants go as ISO 8601 UTC text
// and come back in the ISO DateStyle under TimeZone UTC (both set on every connection), exact to the
// microsecond; decimals as their canonical text into `numeric`, which keeps the scale; booleans as true/false.
// A batch of values travels as one array literal per column ("{1,NULL,\"a\\\"b\"}").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "registry/model.hpp"

namespace norced::store::postgres {

// A parameter's text, or nullopt for SQL NULL.
using Text = std::optional<std::string>;

// What a string parameter is for. PostgreSQL text holds neither U+0000 nor invalid UTF-8, and libpq would
// silently cut a text parameter at its first NUL byte, so such a string never reaches the server as it is:
// - Stored: a value to write. U+0000 throws StoreError (the API layer should refuse it first); invalid UTF-8
//   is refused by the server itself.
// - Lookup: a value to compare with (a filter, a search, a unique-key lookup). No stored text can equal or
//   contain it, so it is bound as NULL, which matches nothing, as the answer must be.
enum class Binding { Stored, Lookup };

Text cell_text(const registry::Cell& value, Binding how);
Text to_text(std::string_view value, Binding how);
std::string to_text(int64_t value);

// A result column's text (the server's output spelling) as a cell of `type`. Throws StoreError on text the
// type cannot hold (a column whose type is not the one the description says).
registry::Cell from_text(std::string_view text, registry::Type type);
int64_t parse_int(std::string_view text);
int64_t parse_instant(std::string_view text);  // timestamptz in ISO DateStyle, UTC → micros
std::string format_instant(int64_t micros);     // micros → ISO 8601 UTC text the server accepts

// True for well-formed UTF-8 without U+0000: text PostgreSQL can hold.
bool storable_text(std::string_view s);

// An array literal built element by element: "{1,NULL,\"x\"}". Elements are always quoted, so any text
// (commas, braces, quotes, backslashes, spaces) is data.
class ArrayLiteral {
 public:
  ArrayLiteral() : text_("{") {}
  void add(const Text& element);
  void add(int64_t element);
  size_t size() const { return count_; }
  std::string take();

 private:
  void separator();
  std::string text_;
  size_t count_ = 0;
};

}  // namespace norced::store::postgres
