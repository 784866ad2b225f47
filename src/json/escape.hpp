// A JSON string literal from raw text, for the few places that write JSON by hand because a Writer would cost
// more than the line it writes (transport problem documents, log lines).
#pragma once

#include <string>
#include <string_view>

namespace norced::json {

// Appends `s` as a quoted JSON string: quotes, backslashes and control characters escaped; other bytes as they are.
// Spelled as json::Writer spells them (\b \f \n \r \t, else \u00XX), so both write the same text.
void append_quoted(std::string& out, std::string_view s);

}  // namespace norced::json
