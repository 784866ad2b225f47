#include "json/escape.hpp"

namespace norced::json {

void append_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;  // where the bytes not yet appended begin
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    char escape[6];
    out.append(escape, write_escape(escape, c));
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace norced::json
