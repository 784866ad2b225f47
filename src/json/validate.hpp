// Checking that a text is JSON without building it (json/value.hpp's parse builds the tree).
#pragma once

#include <string_view>

#include "core/problem.hpp"
#include "json/value.hpp"

namespace norced::json {

// The same checks and errors as parse, without building the Value: for a caller that only needs to know that
// the text is JSON (the Connect accept path checks every item of a large body and keeps only its text).
Status validate(std::string_view text, const ParseOptions& options = {});

}  // namespace norced::json
