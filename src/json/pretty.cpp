#include "json/pretty.hpp"

#include "json/writer.hpp"

namespace norced::json {

namespace {

std::string quoted(const std::string& s) {
  Writer w;  // RapidJSON's escaping; a bare string has no "$id" to number
  w.string(s);
  return w.take();
}

void write(const Value& v, int depth, std::string& out) {
  const std::string indent(static_cast<size_t>(depth) * 2, ' ');
  const std::string inner = indent + "  ";
  switch (v.kind()) {
    case Kind::Null:
      out += "null";
      break;
    case Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      break;
    case Kind::Number:
      out += v.number_text();
      break;
    case Kind::String:
      out += quoted(v.as_string());
      break;
    case Kind::Array:
      if (v.items().empty()) {
        out += "[]";
        break;
      }
      out += "[\n";
      for (size_t i = 0; i < v.items().size(); ++i) {
        out += inner;
        write(v.items()[i], depth + 1, out);
        out += i + 1 < v.items().size() ? ",\n" : "\n";
      }
      out += indent + "]";
      break;
    case Kind::Object:
      if (v.members().empty()) {
        out += "{}";
        break;
      }
      out += "{\n";
      for (size_t i = 0; i < v.members().size(); ++i) {
        out += inner + quoted(v.members()[i].key) + ": ";
        write(v.members()[i].value, depth + 1, out);
        out += i + 1 < v.members().size() ? ",\n" : "\n";
      }
      out += indent + "}";
      break;
  }
}

}  // namespace

std::string pretty(const Value& v) {
  std::string out;
  write(v, 0, out);
  out += "\n";
  return out;
}

}  // namespace norced::json
