// Reading and writing configuration files (norced seed, serve --seed, norced export): JSON, or YAML when the
// name ends in .yaml or .yml (docs/decisions.md "Seed, export and reset").
#pragma once

#include <string>

#include "core/problem.hpp"
#include "json/value.hpp"

namespace norced::app {

// The document, or a problem naming the file and where it is malformed.
Result<json::Value> read_config_file(const std::string& path);

// The document as the file's format writes it (YAML for a .yaml or .yml name, else JSON).
std::string format_config(const json::Value& document, const std::string& path);

}  // namespace norced::app
