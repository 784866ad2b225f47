// A parsed request document. Numbers keep their source text so decimals stay exact; member lookup ignores
// letter case because Norce's .NET binder does (clients send "code", "Code" or "CODE" alike).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace norced::json {

enum class Kind : uint8_t { Null, Bool, Number, String, Array, Object };

struct Member;

class Value {
 public:
  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b);
  static Value number(std::string source_text);
  static Value string(std::string s);
  static Value array(std::vector<Value> items);
  static Value object(std::vector<Member> members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool as_bool() const { return bool_; }
  const std::string& number_text() const { return kind_ == Kind::Object ? empty_ : text_; }  // Kind::Number: as written
  const std::string& as_string() const { return kind_ == Kind::Object ? empty_ : text_; }    // Kind::String: unescaped UTF-8
  const std::vector<Value>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }

  // Case-insensitive (ASCII) lookup of an object member; nullptr when absent or when this is not an object.
  // When a name occurs twice the last one wins, as in Newtonsoft.
  const Value* find(std::string_view name) const;

 private:
  static const std::string empty_;

  Kind kind_ = Kind::Null;
  bool bool_ = false;
  // A string's or number's text. An object's holds its members' key signatures instead (value.cpp, find).
  std::string text_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

struct Member {
  std::string key;
  Value value;
};

const char* kind_name(Kind k);  // "null", "boolean", "number", "string", "array", "object"

struct ParseOptions {
  size_t max_depth = 64;  // nesting deeper than this is rejected (no unbounded recursion on client input)
};

// Parses one complete JSON document (trailing non-space content is an error). Errors are 400 Problems whose
// detail says what is wrong and where.
Result<Value> parse(std::string_view text, const ParseOptions& options = {});

// A request body without its UTF-8 byte order mark, if it has one. RFC 8259 lets a parser ignore it, and .NET
// and PowerShell writers may send it; the parse itself stays strict (a mark inside a document is an error).
inline std::string_view without_bom(std::string_view body) {
  return body.substr(0, 3) == "\xEF\xBB\xBF" ? body.substr(3) : body;
}

}  // namespace norced::json
