// Reading and writing configuration files (norced seed, serve --seed, POST /admin/seed, norced export): JSON, or
// YAML (docs/decisions.md "Seed, export and reset"). Both become the same json::Value of the Management API's
// models, which management/seed.hpp loads; YAML's untyped scalars take their type from the member they are
// given to (management::config::scalar_type), and YAML also says where each item and member is, for messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/problem.hpp"
#include "json/value.hpp"
#include "management/config_format.hpp"

namespace norced::app {

enum class ConfigFormat { Json, Yaml };

// "json" or "yaml" (what --format takes); nullopt for anything else.
std::optional<ConfigFormat> parse_config_format(std::string_view name);
// A file's format by its name: .json, or .yaml and .yml (letter case ignored); nullopt for any other name.
std::optional<ConfigFormat> format_of_name(std::string_view path);
// By its name, else by its content: JSON when its first character other than a space is { or [, else YAML.
ConfigFormat format_of(std::string_view path, std::string_view text);

struct ConfigDocument {
  json::Value document;
  management::config::SourceLines lines;  // YAML: the line of each group, item and member; JSON: none
};

// `text` read as `format`, or a problem naming `source` and where the text is malformed
// ("fixtures.yaml:3:7: ...").
Result<ConfigDocument> parse_config(std::string_view text, ConfigFormat format, const std::string& source);
// The file at `path`, in the format format_of() gives.
Result<ConfigDocument> read_config_file(const std::string& path);

// The document written in `format`: two-space indentation, one member or item per line, members in the order
// given, so that exports diff well.
std::string format_config(const json::Value& document, ConfigFormat format);

// The YAML side (app/config_yaml.cpp). Scalars: a quoted one (or !!str) is text; a plain one is null when
// empty, ~ or null; otherwise text where the member is text, and where it is a number or a boolean, or not
// known, a JSON number is a number and true/false a boolean (YAML 1.2: yes, no, on and off are text). Merge
// keys (<<: *defaults) copy the members a map does not give itself. Anchors may not expand the document beyond
// 100,000 values more than its size in bytes.
Result<ConfigDocument> parse_yaml(std::string_view text, const std::string& source);
// Block style; text is plain where any YAML reader reads it back as the same text, double-quoted otherwise.
std::string to_yaml(const json::Value& document);

}  // namespace norced::app
