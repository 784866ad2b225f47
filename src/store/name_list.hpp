// An OAuth client's resources are kept as one comma-separated column ("management,connect") in both
// backends; these convert it, so SQLite and PostgreSQL read and write the same text.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace norced::store {

// "management,connect" → {"management", "connect"}, empty parts dropped.
inline std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = std::min(text.find(','), text.size());
    if (comma > 0) out.emplace_back(text.substr(0, comma));
    text.remove_prefix(std::min(comma + 1, text.size()));
  }
  return out;
}

inline std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& x : names) out += (out.empty() ? "" : ",") + x;
  return out;
}

}  // namespace norced::store
