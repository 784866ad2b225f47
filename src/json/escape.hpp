// A JSON string literal from raw text, for the places that write JSON by hand because a Writer would cost more
// than the text it writes (transport problem documents, log lines, the Query API's pages of rows).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace norced::json {

// The most bytes write_quoted() can write for `s`: its quotes and every byte escaped as \u00XX.
constexpr size_t quoted_size_bound(std::string_view s) { return 2 + 6 * s.size(); }

// Whether JSON needs `c` escaped inside a string: quotes, backslashes and control characters.
constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Writes the escape of `c` (REQUIRES: needs_escape(c); 6 bytes of room) at `out` and returns the end. Spelled as
// json::Writer spells them (\b \f \n \r \t, else \u00XX), so both write the same text.
inline char* write_escape(char* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  *out++ = '\\';
  switch (c) {
    case '"': *out++ = '"'; break;
    case '\\': *out++ = '\\'; break;
    case '\b': *out++ = 'b'; break;
    case '\f': *out++ = 'f'; break;
    case '\n': *out++ = 'n'; break;
    case '\r': *out++ = 'r'; break;
    case '\t': *out++ = 't'; break;
    default:
      *out++ = 'u';
      *out++ = '0';
      *out++ = '0';
      *out++ = kHex[c >> 4];
      *out++ = kHex[c & 0xf];
  }
  return out;
}

// Writes `s` as a quoted JSON string at `out` (REQUIRES: quoted_size_bound(s) bytes of room) and returns the end:
// other bytes than those escaped as they are. Inline: a page of rows calls it for every text value.
inline char* write_quoted(char* out, std::string_view s) {
  *out++ = '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (needs_escape(c)) out = write_escape(out, c);
    else *out++ = ch;
  }
  *out++ = '"';
  return out;
}

// Appends `s` to `out` as write_quoted() writes it, the runs between escapes copied whole (a long text grows
// `out` by about its own size, not by the bound).
void append_quoted(std::string& out, std::string_view s);

}  // namespace norced::json
