// A document written for people and for diffs: two-space indentation, one member or item per line, members
// in the order given (configuration files written by norced export).
#pragma once

#include <string>

#include "json/value.hpp"

namespace norced::json {

std::string pretty(const Value& v);

}  // namespace norced::json
