// YAML configuration files (app/config_file.hpp): yaml-cpp's node tree to the json::Value the seed reads, with
// each scalar typed by the member it is given to and the line of every group, item and member kept for
// messages; and the export's document written as YAML by hand, so its output is stable and every string reads
// back as the same string.
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <vector>

#include "app/config_file.hpp"
#include "core/ascii.hpp"
#include "management/resources/resources.hpp"

namespace norced::app {

namespace {

using management::config::ScalarType;

constexpr size_t kMaxDepth = 32;             // as the JSON reader's (app/config_file.cpp)
constexpr size_t kAliasAllowance = 100'000;  // values beyond the text's size in bytes (aliases expand)
// Lines are noted down to a nested model's member (Category[1].Cultures[0].Name: depth 6), the deepest a seed
// names; deeper paths are never asked for.
constexpr size_t kDeepestNoted = 6;

// JSON's number grammar: what a number member accepts, and what writes back exactly.
bool is_json_number(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') ++i;
  else if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

std::optional<bool> yaml_bool(std::string_view s) {  // YAML 1.2's core schema
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

json::Value typed(const std::string& text, ScalarType type) {
  if (type != ScalarType::Text && type != ScalarType::Number)
    if (auto b = yaml_bool(text)) return json::Value::boolean(*b);
  if (type != ScalarType::Text && type != ScalarType::Bool && is_json_number(text)) return json::Value::number(text);
  // Else text: where the member wants a number or a boolean, its check says so, naming the member.
  return json::Value::string(text);
}

const char* node_kind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Null: return "null";
    default: return "a value";
  }
}

class FromYaml {
 public:
  FromYaml(const registry::Catalog& catalog, const std::string& source, size_t budget)
      : catalog_(catalog), source_(source), budget_(budget) {}

  Result<json::Value> value(const YAML::Node& n, size_t depth) {
    if (++count_ > budget_)
      return problem(n, "Anchors and aliases expand the document to more than " + std::to_string(budget_) + " values.");
    if (depth > kMaxDepth) return problem(n, "Nested deeper than " + std::to_string(kMaxDepth) + " levels.");
    switch (n.Type()) {
      case YAML::NodeType::Scalar: return scalar(n);
      case YAML::NodeType::Sequence: return sequence(n, depth);
      case YAML::NodeType::Map: return mapping(n, depth);
      default: return json::Value::null();  // ~, null, or nothing
    }
  }

  Problem problem(const YAML::Node& n, const std::string& message) const {
    const YAML::Mark m = n.Mark();
    std::string where = source_;
    if (!m.is_null()) where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    return Problem::bad_request(where + ": " + message);
  }

  management::config::SourceLines lines;

 private:
  // A quoted scalar, a block scalar (| or >) and an explicit !!str are text; a plain one is typed by its member.
  json::Value scalar(const YAML::Node& n) const {
    const std::string& tag = n.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return json::Value::string(n.Scalar());
    if (tag != "?") return typed(n.Scalar(), ScalarType::Any);  // !!int, !!bool...: as the tag's own kind says
    return typed(n.Scalar(), management::config::scalar_type(catalog_, names_));
  }

  Result<json::Value> sequence(const YAML::Node& n, size_t depth) {
    std::vector<json::Value> items;
    const size_t outer = path_.size();
    for (const auto& item : n) {
      path_ += "[" + std::to_string(items.size()) + "]";
      note(item, depth + 1);
      auto v = value(item, depth + 1);
      path_.resize(outer);
      if (!v) return v.take_problem();
      items.push_back(std::move(*v));
    }
    return json::Value::array(std::move(items));
  }

  Result<json::Value> mapping(const YAML::Node& n, size_t depth) {
    std::vector<json::Member> members;
    std::vector<YAML::Node> merged;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar())
        return problem(kv.first, std::string("A member's name must be a plain name, not ") + node_kind(kv.first) + ".");
      if (kv.first.Scalar() == "<<" && kv.first.Tag() == "?") {  // a merge key: applied below
        merged.push_back(kv.second);
        continue;
      }
      auto v = member(kv.first, kv.second, depth);
      if (!v) return v.take_problem();
      members.push_back({kv.first.Scalar(), std::move(*v)});
    }
    // <<: *defaults (or a list of them): the members those maps hold and this one does not, earlier ones first.
    for (const auto& source : merged) {
      std::vector<YAML::Node> maps;
      if (source.IsSequence())
        for (const auto& m : source) maps.push_back(m);
      else
        maps.push_back(source);
      for (const auto& m : maps) {
        if (!m.IsMap()) return problem(m, std::string("A merge key (<<) takes a map or a list of maps, not ") + node_kind(m) + ".");
        for (const auto& kv : m) {
          if (!kv.first.IsScalar()) continue;  // refused where that map is read on its own
          bool given = false;
          for (const auto& have : members) given = given || ascii::iequals(have.key, kv.first.Scalar());
          if (given) continue;
          auto v = member(kv.first, kv.second, depth);
          if (!v) return v.take_problem();
          members.push_back({kv.first.Scalar(), std::move(*v)});
        }
      }
    }
    return json::Value::object(std::move(members));
  }

  Result<json::Value> member(const YAML::Node& key, const YAML::Node& value_node, size_t depth) {
    const size_t outer = path_.size();
    path_ += (path_.empty() ? "" : ".") + key.Scalar();
    names_.push_back(key.Scalar());
    note(key, depth + 1);
    auto v = value(value_node, depth + 1);
    names_.pop_back();
    path_.resize(outer);
    return v;
  }

  void note(const YAML::Node& n, size_t depth) {
    if (depth <= kDeepestNoted && !n.Mark().is_null()) lines.add(path_, n.Mark().line + 1);
  }

  const registry::Catalog& catalog_;
  const std::string& source_;
  const size_t budget_;
  size_t count_ = 0;
  std::string path_;                 // "Category[1].Cultures[0].Name": where lines are noted
  std::vector<std::string> names_;   // {"Category", "Cultures", "Name"}: what types a scalar
};

// --- Writing ------------------------------------------------------------------------------------------------

// Characters that YAML 1.1 takes as line breaks inside a scalar (NEL, LS, PS), and the byte order mark: never
// written raw. Their UTF-8 bytes and their escape in a double-quoted scalar.
struct Special {
  std::string_view utf8, escape;
};
constexpr Special kSpecials[] = {
    {"\xC2\x85", "\\N"}, {"\xE2\x80\xA8", "\\L"}, {"\xE2\x80\xA9", "\\P"}, {"\xEF\xBB\xBF", "\\uFEFF"}};

const Special* special_at(std::string_view s, size_t i) {
  for (const auto& sp : kSpecials)
    if (s.substr(i, sp.utf8.size()) == sp.utf8) return &sp;
  return nullptr;
}

// Text any YAML reader (1.1 or 1.2, typed or not) reads back as this same text: it starts with a letter or _,
// holds letters, digits, spaces, _ . - / and UTF-8 beyond ASCII, does not end in a space, and is not a word
// that some YAML reads as null or a boolean.
bool plain_safe(std::string_view s) {
  if (s.empty() || s.back() == ' ') return false;
  const unsigned char first = static_cast<unsigned char>(s.front());
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (special_at(s, i)) return false;
      continue;
    }
    if (!(std::isalnum(c) || c == ' ' || c == '_' || c == '.' || c == '-' || c == '/')) return false;
  }
  for (std::string_view word : {"null", "true", "false", "yes", "no", "on", "off", "y", "n"})
    if (ascii::iequals(s, word)) return false;
  return true;
}

void quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (const Special* sp = special_at(s, i)) {
      out += sp->escape;
      i += sp->utf8.size() - 1;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void text(std::string& out, std::string_view s) {
  if (plain_safe(s)) out += s;
  else quoted(out, s);
}

void scalar_text(std::string& out, const json::Value& v) {
  switch (v.kind()) {
    case json::Kind::Null: out += "null"; break;
    case json::Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
    case json::Kind::Number: out += v.number_text(); break;
    case json::Kind::String: text(out, v.as_string()); break;
    case json::Kind::Array: out += "[]"; break;   // only empty ones are written inline
    case json::Kind::Object: out += "{}"; break;
  }
}

bool is_block(const json::Value& v) {
  return (v.kind() == json::Kind::Array && !v.items().empty()) ||
         (v.kind() == json::Kind::Object && !v.members().empty());
}

void write_node(std::string& out, const json::Value& v, size_t indent, bool first_line_placed);

// The members of an object at column `indent`; the first one's line is already placed when `first_line_placed`
// (after "- ").
void write_members(std::string& out, const json::Value& v, size_t indent, bool first_line_placed) {
  bool first = true;
  for (const auto& m : v.members()) {
    if (!(first && first_line_placed)) out.append(indent, ' ');
    first = false;
    text(out, m.key);
    out += ':';
    if (is_block(m.value)) {
      out += '\n';
      write_node(out, m.value, indent + 2, false);
    } else {
      out += ' ';
      scalar_text(out, m.value);
      out += '\n';
    }
  }
}

void write_node(std::string& out, const json::Value& v, size_t indent, bool first_line_placed) {
  if (v.kind() == json::Kind::Object) return write_members(out, v, indent, first_line_placed);
  bool first = true;
  for (const auto& item : v.items()) {
    if (!(first && first_line_placed)) out.append(indent, ' ');
    first = false;
    out += "- ";
    if (is_block(item)) {
      write_node(out, item, indent + 2, true);
    } else {
      scalar_text(out, item);
      out += '\n';
    }
  }
}

}  // namespace

Result<ConfigDocument> parse_yaml(std::string_view text, const std::string& source) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string where = source;
    if (!e.mark.is_null()) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    return Problem::bad_request(where + ": not valid YAML: " + e.msg + ".");
  }
  if (documents.size() > 1)
    return Problem::bad_request(source + ": holds " + std::to_string(documents.size()) +
                                " YAML documents (separated by ---); a configuration file is one.");
  if (documents.empty()) return ConfigDocument{};  // null: the seed says what it expected
  FromYaml reader(management::resources::catalog(), source, text.size() + kAliasAllowance);
  auto doc = reader.value(documents.front(), 1);
  if (!doc) return doc.take_problem();
  return ConfigDocument{std::move(*doc), std::move(reader.lines)};
}

std::string to_yaml(const json::Value& document) {
  std::string out;
  if (!is_block(document)) {
    scalar_text(out, document);
    out += '\n';
    return out;
  }
  write_node(out, document, 0, false);
  return out;
}

}  // namespace norced::app
