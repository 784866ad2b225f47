#include "app/config_file.hpp"

#include <fstream>
#include <sstream>

#include "core/ascii.hpp"
#include "json/pretty.hpp"

namespace norced::app {

std::optional<ConfigFormat> parse_config_format(std::string_view name) {
  if (name == "json") return ConfigFormat::Json;
  if (name == "yaml") return ConfigFormat::Yaml;
  return std::nullopt;
}

std::optional<ConfigFormat> format_of_name(std::string_view path) {
  const size_t dot = path.find_last_of("./");
  if (dot == std::string_view::npos || path[dot] != '.') return std::nullopt;
  const std::string_view ext = path.substr(dot + 1);
  if (ascii::iequals(ext, "json")) return ConfigFormat::Json;
  if (ascii::iequals(ext, "yaml") || ascii::iequals(ext, "yml")) return ConfigFormat::Yaml;
  return std::nullopt;
}

ConfigFormat format_of(std::string_view path, std::string_view text) {
  if (auto by_name = format_of_name(path)) return *by_name;
  text = json::without_bom(text);
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) return ConfigFormat::Json;
  return ConfigFormat::Yaml;
}

Result<ConfigDocument> parse_config(std::string_view text, ConfigFormat format, const std::string& source) {
  if (format == ConfigFormat::Yaml) return parse_yaml(text, source);
  json::ParseOptions options;
  options.max_depth = 32;
  auto doc = json::parse(json::without_bom(text), options);  // editors on Windows may save one
  if (!doc) return Problem::bad_request(source + ": " + doc.problem().detail);
  return ConfigDocument{std::move(*doc), {}};
}

Result<ConfigDocument> read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Problem::bad_request(path + ": cannot be read.");
  std::stringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  return parse_config(content, format_of(path, content), path);
}

std::string format_config(const json::Value& document, ConfigFormat format) {
  return format == ConfigFormat::Yaml ? to_yaml(document) : json::pretty(document);
}

}  // namespace norced::app
