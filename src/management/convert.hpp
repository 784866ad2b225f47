// Converting one JSON value of a request to a typed cell, with the checks every member gets: JSON type,
// int32 range, allowed values, string length, GUID and date-time formats, exact decimals.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "json/value.hpp"
#include "registry/model.hpp"

namespace norced::management {

struct CellSpec {
  registry::Type type;
  bool nullable = true;
  int max_length = 0;
  const std::vector<int64_t>* allowed = nullptr;
  const std::vector<std::string_view>* allowed_text = nullptr;
};

inline CellSpec spec_of(const registry::Field& f) {
  return {f.type, f.nullable, f.max_length, &f.allowed, &f.allowed_text};
}

// The cell, or a message saying why the value does not fit (the caller adds the member name).
std::variant<registry::Cell, std::string> to_cell(const json::Value& v, const CellSpec& spec);

// The integer of a value that already passed the Int shape check (to_cell), or nullopt for null. Lets rules
// read Custom members of the request body after decoding without touching cells.
std::optional<int64_t> decoded_int(const json::Value& v);

// Length in characters (Unicode code points) of UTF-8 text.
size_t utf8_length(std::string_view s);

}  // namespace norced::management
