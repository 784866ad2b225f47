#include "app/config_file.hpp"

#include <fstream>
#include <sstream>

#include "core/ascii.hpp"
#include "json/pretty.hpp"

namespace norced::app {

Result<json::Value> read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Problem::bad_request(path + ": cannot be read.");
  std::stringstream text;
  text << in.rdbuf();
  json::ParseOptions options;
  options.max_depth = 32;
  auto doc = json::parse(text.str(), options);
  if (!doc) return Problem::bad_request(path + ": " + doc.problem().detail);
  return std::move(*doc);
}

std::string format_config(const json::Value& document, const std::string&) { return json::pretty(document); }

}  // namespace norced::app
