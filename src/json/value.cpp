#include "json/value.hpp"
#include "json/validate.hpp"

#include "core/ascii.hpp"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <optional>
#include <utility>

namespace norced::json {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  return v;
}

Value Value::number(std::string source_text) {
  Value v;
  v.kind_ = Kind::Number;
  v.text_ = std::move(source_text);
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.text_ = std::move(s);
  return v;
}

Value Value::array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::Array;
  v.items_ = std::move(items);
  return v;
}

namespace {

// Four bytes that equal names (ignoring ASCII case) share: the length (capped) and three letters, lowered.
// Why: a Member is about 120 bytes, so comparing keys touched a cache line per member, and an import's item of
// 40 or so members is asked for most of them, often on another core than the one that parsed it. An object keeps
// its keys' signatures side by side, so find() reads a few lines and compares a key only where they match.
constexpr size_t kSignatureBytes = 4;

std::array<char, kSignatureBytes> signature(std::string_view key) {
  const size_t n = key.size();
  if (n == 0) return {};
  return {static_cast<char>(n > 255 ? 255 : n), ascii::lower(key[0]), ascii::lower(key[n / 2]),
          ascii::lower(key[n - 1])};
}

}  // namespace

const std::string Value::empty_;

Value Value::object(std::vector<Member> members) {
  Value v;
  v.kind_ = Kind::Object;
  v.members_ = std::move(members);
  v.text_.reserve(v.members_.size() * kSignatureBytes);
  for (const Member& m : v.members_) {
    const auto sig = signature(m.key);
    v.text_.append(sig.data(), sig.size());
  }
  return v;
}

const Value* Value::find(std::string_view name) const {
  if (kind_ != Kind::Object) return nullptr;
  const auto wanted = signature(name);
  const char* signatures = text_.data();
  for (size_t i = members_.size(); i-- > 0;) {
    if (std::memcmp(signatures + i * kSignatureBytes, wanted.data(), kSignatureBytes) == 0 &&
        ascii::iequals(members_[i].key, name))
      return &members_[i].value;
  }
  return nullptr;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
  }
  return "unknown";
}

namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kPrefix = "The request body is not valid JSON: ";

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_json_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 8259 number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
bool is_json_number(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n || !is_digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  return i == n;
}

// Builds the Value tree from simdjson's forward-only ondemand cursor. Every value is consumed exactly once and
// every scalar is checked in full, because ondemand only validates what is actually read. With Build false it
// makes the same checks and builds nothing (json::validate): no string is copied, no vector allocated.
template <bool Build>
class Builder {
 public:
  Builder(const char* base, size_t size, size_t max_depth) : base_(base), size_(size), max_depth_(max_depth) {}

  std::optional<Problem> problem;

  bool fail(std::string what) {
    if (!problem) problem = Problem::bad_request(std::string(kPrefix) + what);
    return false;
  }
  // simdjson's own errors: report where its cursor stopped, when it can tell.
  bool fail(simdjson::error_code e) {
    if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
      // simdjson checks that the last token closes the root; it cannot tell truncation from trailing content.
      return fail("the root object or array is not closed where the document ends (truncated input or content "
                  "after the root value)");
    }
    std::string what = simdjson::error_message(e);
    if (!what.empty() && what.back() == '.') what.pop_back();
    const char* where = nullptr;
    if (doc_ == nullptr || doc_->current_location().get(where)) where = nullptr;
    return fail_at(std::move(what), where);
  }
  bool fail_at(std::string what, const char* where) {
    if (where != nullptr && where >= base_ && where <= base_ + size_) {
      what += " at offset " + std::to_string(where - base_);
    }
    return fail(std::move(what));
  }

  Result<Value> document(od::document& doc) {
    doc_ = &doc;
    Value out;
    if (!root(doc, out)) return std::move(*problem);
    return out;
  }

 private:
  bool root(od::document& doc, Value& out) {
    od::json_type type;
    if (auto e = doc.type().get(type)) return fail(e);
    if ((type == od::json_type::object || type == od::json_type::array) && max_depth_ == 0) {
      const char* where = nullptr;
      if (doc.current_location().get(where)) where = nullptr;
      return too_deep(where);
    }
    switch (type) {
      case od::json_type::object: {
        od::object obj;
        if (auto e = doc.get_object().get(obj)) return fail(e);
        if (!object(obj, 1, out)) return false;
        return at_end(doc);
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = doc.get_array().get(arr)) return fail(e);
        if (!array(arr, 1, out)) return false;
        return at_end(doc);
      }
      default: {
        // A scalar document: the token (plus trailing space) must run to the end of the input.
        std::string_view raw;
        if (auto e = doc.raw_json_token().get(raw)) return fail(e);
        if (raw.data() + raw.size() != base_ + size_) {
          return fail_at("unexpected content after the root value", raw.data() + raw.size());
        }
        raw = trim_right(raw);
        switch (type) {
          case od::json_type::number: return number(raw, out);
          case od::json_type::string: {
            std::string_view s;
            if (auto e = doc.get_string().get(s)) return fail(e);
            if constexpr (Build) out = Value::string(std::string(s));
            return true;
          }
          case od::json_type::boolean: return literal(raw, out);
          case od::json_type::null: return literal(raw, out);
          default: return fail_at("unexpected token", raw.data());
        }
      }
    }
  }

  bool at_end(od::document& doc) {
    auto loc = doc.current_location();
    if (loc.error() == simdjson::OUT_OF_BOUNDS) return true;
    if (loc.error()) return fail(loc.error());
    return fail_at("unexpected content after the root value", loc.value_unsafe());
  }

  bool value(od::value v, size_t depth, Value& out) {
    od::json_type type;
    if (auto e = v.type().get(type)) return fail(e);
    if ((type == od::json_type::object || type == od::json_type::array) && depth + 1 > max_depth_) {
      const char* where = nullptr;
      if (v.current_location().get(where)) where = nullptr;
      return too_deep(where);
    }
    switch (type) {
      case od::json_type::object: {
        od::object obj;
        if (auto e = v.get_object().get(obj)) return fail(e);
        return object(obj, depth + 1, out);
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = v.get_array().get(arr)) return fail(e);
        return array(arr, depth + 1, out);
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return fail(e);
        if constexpr (Build) out = Value::string(std::string(s));
        return true;
      }
      case od::json_type::number:
      case od::json_type::boolean:
      case od::json_type::null: {
        const std::string_view raw = trim_right(v.raw_json_token());
        return type == od::json_type::number ? number(raw, out) : literal(raw, out);
      }
    }
    return fail("unknown value type");
  }

  bool too_deep(const char* where) {
    return fail_at("nesting is deeper than " + std::to_string(max_depth_) + " levels", where);
  }

  bool object(od::object& obj, size_t depth, Value& out) {
    std::vector<Member> members;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return fail(e);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return fail(e);
      if constexpr (Build) {
        Member m{std::string(key), Value()};
        if (!value(field.value(), depth, m.value)) return false;
        members.push_back(std::move(m));
      } else if (!value(field.value(), depth, out)) {
        return false;
      }
    }
    if constexpr (Build) out = Value::object(std::move(members));
    return true;
  }

  bool array(od::array& arr, size_t depth, Value& out) {
    std::vector<Value> items;
    for (auto item_result : arr) {
      od::value item;
      if (auto e = std::move(item_result).get(item)) return fail(e);
      if constexpr (Build) {
        Value v;
        if (!value(item, depth, v)) return false;
        items.push_back(std::move(v));
      } else if (!value(item, depth, out)) {
        return false;
      }
    }
    if constexpr (Build) out = Value::array(std::move(items));
    return true;
  }

  bool number(std::string_view raw, Value& out) {
    if (!is_json_number(raw)) return fail_at("invalid number '" + std::string(raw.substr(0, 40)) + "'", raw.data());
    if constexpr (Build) out = Value::number(std::string(raw));
    return true;
  }

  bool literal(std::string_view raw, Value& out) {
    if (raw == "true") {
      if constexpr (Build) out = Value::boolean(true);
    } else if (raw == "false") {
      if constexpr (Build) out = Value::boolean(false);
    } else if (raw == "null") {
      if constexpr (Build) out = Value::null();
    } else {
      return fail_at("invalid literal '" + std::string(raw.substr(0, 40)) + "'", raw.data());
    }
    return true;
  }

  od::document* doc_ = nullptr;
  const char* base_;
  size_t size_;
  size_t max_depth_;
};

// Parses `text` with a Builder: the work of parse and validate.
template <bool Build>
Result<Value> run(std::string_view text, const ParseOptions& options) {
  size_t first = 0;
  while (first < text.size() && is_json_space(text[first])) ++first;
  if (first == text.size()) return Problem::bad_request("The request body is empty; a JSON document is required.");
  try {
    // Request bodies are not padded; simdjson needs SIMDJSON_PADDING readable bytes after the input. The copy
    // goes to a buffer of the thread's that keeps its capacity: an import parses thousands of items in a row.
    thread_local std::string buffer;
    buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    buffer.assign(text.data(), text.size());
    const simdjson::padded_string_view padded(buffer.data(), text.size(), buffer.capacity());
    auto out = [&]() -> Result<Value> {
      thread_local od::parser parser;
      od::document doc;
      if (auto e = parser.iterate(padded).get(doc)) {
        std::string what = simdjson::error_message(e);
        if (!what.empty() && what.back() == '.') what.pop_back();
        return Problem::bad_request(std::string(kPrefix) + what);
      }
      Builder<Build> builder(buffer.data(), text.size(), options.max_depth);
      return builder.document(doc);
    }();
    if (buffer.capacity() > (size_t{4} << 20)) std::string().swap(buffer);  // a large body's copy is not kept
    return out;
  } catch (const simdjson::simdjson_error& e) {
    return Problem::bad_request(std::string(kPrefix) + e.what());
  } catch (const std::bad_alloc&) {
    return Problem::bad_request("The request body is too large to parse.");
  }
}

}  // namespace

Result<Value> parse(std::string_view text, const ParseOptions& options) { return run<true>(text, options); }

Status validate(std::string_view text, const ParseOptions& options) {
  auto checked = run<false>(text, options);
  if (!checked) return checked.take_problem();
  return Unit{};
}

}  // namespace norced::json
