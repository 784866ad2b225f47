#include "query/filter.hpp"

#include <cctype>
#include <charconv>

#include "core/decimal.hpp"
#include "core/time.hpp"
#include "query/error.hpp"
#include "query/metadata.hpp"

namespace norced::query {

using registry::Cell;
using registry::Expr;
using registry::Field;
using registry::Type;
using Op = Expr::Op;

namespace {

// A client's mistake found deep in the descent; parse_filter turns it into a value at its boundary.
struct FilterError {
  Problem problem;
};

[[noreturn]] void fail(std::string code, std::string message, std::string target = "$filter") {
  throw FilterError{bad_request(std::move(code), std::move(message), std::move(target))};
}

struct Token {
  enum class Kind { Identifier, String, Word, Open, Close, Comma, End };
  Kind kind = Kind::End;
  std::string text;  // String: unescaped; Word: a number, date-time or GUID as written
  size_t at = 0;     // offset in the filter, for messages
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto is_word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '-' || c == '+'; };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    Token t;
    t.at = i;
    if (c == '(' || c == ')' || c == ',') {
      t.kind = c == '(' ? Token::Kind::Open : c == ')' ? Token::Kind::Close : Token::Kind::Comma;
      ++i;
    } else if (c == '\'') {
      t.kind = Token::Kind::String;
      for (++i;; ++i) {
        if (i >= s.size()) fail("InvalidFilter", "A string literal starting at position " + std::to_string(t.at) + " is not closed.");
        if (s[i] == '\'') {
          if (i + 1 < s.size() && s[i + 1] == '\'') {  // '' is a quote inside the literal
            t.text += '\'';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        t.text += s[i];
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      t.kind = Token::Kind::Word;
      while (i < s.size() && is_word_char(s[i])) t.text += s[i++];
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      t.kind = Token::Kind::Identifier;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) t.text += s[i++];
    } else {
      fail("InvalidFilter", "Unexpected character '" + std::string(1, c) + "' at position " + std::to_string(i) + ".");
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.at = s.size();
  out.push_back(end);
  return out;
}

bool is_guid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// The OData functions norced knows but does not serve: named in the 400 rather than called unknown.
constexpr std::string_view kUnservedFunctions[] = {
    "length", "indexof", "substring", "toupper", "trim", "concat", "year", "month", "day", "hour", "minute",
    "second", "fractionalseconds", "date", "time", "totaloffsetminutes", "now", "maxdatetime", "mindatetime",
    "round", "floor", "ceiling", "cast", "isof", "geo.distance", "geo.length", "geo.intersects", "matchesPattern",
    "any", "all", "totalseconds"};

// A literal as the parser met it, before the property it is compared with gives it a type.
struct Literal {
  enum class Kind { Null, Bool, String, Word, DateTime } kind = Kind::Null;
  std::string text;
  bool flag = false;
};

// One side of a comparison: a property (perhaps under tolower) or a literal.
struct Operand {
  const Field* property = nullptr;
  bool folded = false;
  Literal literal;
};

class Parser {
 public:
  Parser(std::string_view text, const EntitySet& set, int max_depth)
      : tokens_(tokenize(text)), set_(set), max_depth_(max_depth) {}

  Expr parse() {
    if (peek().kind == Token::Kind::End) fail("InvalidFilter", "The filter is empty.");
    Expr e = disjunction(1);
    if (peek().kind != Token::Kind::End) fail("InvalidFilter", "Unexpected '" + describe(peek()) + "' at position " + std::to_string(peek().at) + ".");
    return e;
  }

 private:
  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  Token next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool keyword(std::string_view k, size_t ahead = 0) const {
    return peek(ahead).kind == Token::Kind::Identifier && peek(ahead).text == k;
  }
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Token::Kind::Open: return "(";
      case Token::Kind::Close: return ")";
      case Token::Kind::Comma: return ",";
      case Token::Kind::End: return "end of the filter";
      case Token::Kind::String: return "'" + t.text + "'";
      default: return t.text;
    }
  }
  void expect(Token::Kind kind, std::string_view what) {
    if (peek().kind != kind)
      fail("InvalidFilter", "Expected " + std::string(what) + " at position " + std::to_string(peek().at) + ", found '" + describe(peek()) + "'.");
    next();
  }
  void deeper(int depth) const {
    if (depth > max_depth_)
      fail("InvalidFilter", "The filter is nested deeper than " + std::to_string(max_depth_) + " levels.");
  }

  Expr disjunction(int depth) {
    deeper(depth);
    std::vector<Expr> any{conjunction(depth)};
    while (keyword("or")) {
      next();
      any.push_back(conjunction(depth));
    }
    return any.size() == 1 ? std::move(any.front()) : Expr::any_of(std::move(any));
  }

  Expr conjunction(int depth) {
    std::vector<Expr> all{unary(depth)};
    while (keyword("and")) {
      next();
      all.push_back(unary(depth));
    }
    return all.size() == 1 ? std::move(all.front()) : Expr::all_of(std::move(all));
  }

  Expr unary(int depth) {
    if (keyword("not")) {
      next();
      deeper(depth + 1);
      return Expr::negate(unary(depth + 1));
    }
    return primary(depth);
  }

  Expr primary(int depth) {
    if (peek().kind == Token::Kind::Open) {
      next();
      Expr e = disjunction(depth + 1);
      expect(Token::Kind::Close, "')'");
      return e;
    }
    if (peek().kind == Token::Kind::Identifier && peek(1).kind == Token::Kind::Open) {
      const std::string& name = peek().text;
      if (name == "contains" || name == "startswith" || name == "endswith") return boolean_function(depth);
    }
    Operand left = operand(depth);
    static constexpr std::pair<std::string_view, Op> kComparisons[] = {
        {"eq", Op::Eq}, {"ne", Op::Ne}, {"gt", Op::Gt}, {"ge", Op::Ge}, {"lt", Op::Lt}, {"le", Op::Le}};
    if (peek().kind == Token::Kind::Identifier) {
      for (auto [word, op] : kComparisons) {
        if (peek().text != word) continue;
        next();
        return comparison(std::move(left), op, operand(depth));
      }
      if (peek().text != "and" && peek().text != "or")
        fail("UnsupportedOperator", "The operator '" + peek().text + "' is not supported.", peek().text);
    }
    if (left.property && left.property->type == Type::Bool && !left.folded)
      return Expr::cmp(Op::Eq, left.property->name, true);  // a Boolean property alone holds when true
    fail("InvalidFilter", "Expected a comparison operator at position " + std::to_string(peek().at) + ", found '" + describe(peek()) + "'.");
  }

  // contains(Property, 'text'), startswith(...), endswith(...), optionally compared with true or false.
  Expr boolean_function(int depth) {
    const std::string name = next().text;
    deeper(depth + 1);
    next();  // (
    Operand subject = operand(depth + 1);
    expect(Token::Kind::Comma, "','");
    Operand needle = operand(depth + 1);
    expect(Token::Kind::Close, "')'");
    if (!subject.property || subject.property->type != Type::String || needle.property ||
        needle.literal.kind != Literal::Kind::String)
      fail("InvalidFilter", name + " takes a string property (or tolower of one) and a string literal.", name);
    const Op op = name == "contains" ? Op::Contains : name == "startswith" ? Op::StartsWith : Op::EndsWith;
    Expr e = Expr::cmp(op, subject.property->name, needle.literal.text);
    e.fold_field = subject.folded;
    if (keyword("eq") || keyword("ne")) {
      const bool equal = next().text == "eq";
      Operand other = operand(depth);
      if (other.property || other.literal.kind != Literal::Kind::Bool)
        fail("InvalidFilter", name + "(...) can only be compared with true or false.", name);
      if (other.literal.flag != equal) return Expr::negate(std::move(e));
    }
    return e;
  }

  Operand operand(int depth) {
    Token t = next();
    Operand o;
    switch (t.kind) {
      case Token::Kind::String:
        o.literal = {Literal::Kind::String, std::move(t.text)};
        return o;
      case Token::Kind::Word:
        o.literal = {Literal::Kind::Word, std::move(t.text)};
        return o;
      case Token::Kind::Identifier:
        break;
      default:
        fail("InvalidFilter", "Expected a property or a literal at position " + std::to_string(t.at) + ", found '" + describe(t) + "'.");
    }
    if (t.text == "null") return o;
    if (t.text == "true" || t.text == "false") {
      o.literal = {Literal::Kind::Bool, {}, t.text == "true"};
      return o;
    }
    if ((t.text == "datetime" || t.text == "datetimeoffset") && peek().kind == Token::Kind::String) {
      o.literal = {Literal::Kind::DateTime, next().text};
      return o;
    }
    if (peek().kind == Token::Kind::Open) {
      if (t.text != "tolower") {
        for (auto f : kUnservedFunctions)
          if (f == t.text) fail("UnsupportedFunction", "The function '" + t.text + "' is not supported.", t.text);
        fail("UnsupportedFunction", "Unknown function '" + t.text + "'.", t.text);
      }
      deeper(depth + 1);
      next();
      Operand inner = operand(depth + 1);
      expect(Token::Kind::Close, "')'");
      if (!inner.property || inner.property->type != Type::String)
        fail("InvalidFilter", "tolower takes a string property.", "tolower");
      inner.folded = true;
      return inner;
    }
    o.property = set_.property(t.text);
    if (!o.property)
      fail("UnknownProperty", "The entity set " + set_.name + " has no property '" + t.text + "'.", t.text);
    if (is_text(*o.property))
      fail("NotSupported", "The culture text " + t.text + " can be selected but not filtered yet.", t.text);
    return o;
  }

  Expr comparison(Operand left, Op op, Operand right) {
    if (!left.property) {  // literal first: 5 lt Price is Price gt 5
      std::swap(left, right);
      if (op == Op::Lt) op = Op::Gt;
      else if (op == Op::Gt) op = Op::Lt;
      else if (op == Op::Le) op = Op::Ge;
      else if (op == Op::Ge) op = Op::Le;
    }
    if (!left.property) fail("InvalidFilter", "A comparison needs a property on one side.");
    if (right.property)
      fail("UnsupportedOperator", "Comparing two properties (" + std::string(left.property->name) + ", " +
                                      std::string(right.property->name) + ") is not supported.",
           std::string(right.property->name));
    const Field& f = *left.property;
    if (right.literal.kind == Literal::Kind::Null) {
      if (op == Op::Eq) return Expr::null_check(true, f.name);
      if (op == Op::Ne) return Expr::null_check(false, f.name);
      fail("InvalidFilter", "null can only be compared with eq or ne.", std::string(f.name));
    }
    std::optional<Cell> value;
    switch (right.literal.kind) {
      case Literal::Kind::Bool:
        if (f.type == Type::Bool) value = right.literal.flag;
        break;
      case Literal::Kind::DateTime:
        if (f.type == Type::DateTime) value = literal_value(right.literal.text, true, f.type);
        break;
      default:
        value = literal_value(right.literal.text, right.literal.kind == Literal::Kind::String, f.type);
    }
    if (!value) {
      const std::string shown = right.literal.kind == Literal::Kind::Bool ? (right.literal.flag ? "true" : "false")
                                                                           : right.literal.text;
      fail("InvalidFilter", "'" + shown + "' is not a valid " + edm_type(f.type) + " value for " + std::string(f.name) + ".",
           std::string(f.name));
    }
    Expr e = Expr::cmp(op, f.name, std::move(*value));
    e.fold_field = left.folded;
    return e;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  const EntitySet& set_;
  int max_depth_;
};

}  // namespace

std::optional<Cell> literal_value(std::string_view text, bool quoted, Type type) {
  switch (type) {
    case Type::String:
      if (quoted) return Cell{std::string(text)};
      return std::nullopt;
    case Type::Guid:
      if (quoted || is_guid(text)) return Cell{std::string(text)};
      return std::nullopt;
    case Type::Int: {
      if (quoted) return std::nullopt;
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return Cell{v};
    }
    case Type::Decimal: {
      if (quoted) return std::nullopt;
      if (!text.empty() && (text.back() == 'm' || text.back() == 'M')) text.remove_suffix(1);
      auto d = Decimal::parse(text);
      if (!d) return std::nullopt;
      return Cell{*d};
    }
    case Type::DateTime: {
      // Unquoted in OData v4; a quoted one is accepted too, as lenient clients write it.
      auto t = timeutil::parse_iso8601(text);
      if (!t) return std::nullopt;
      return Cell{registry::Instant{*t}};
    }
    case Type::Bool:
      if (quoted) return std::nullopt;
      if (text == "true") return Cell{true};
      if (text == "false") return Cell{false};
      return std::nullopt;
    case Type::Array:
      return std::nullopt;
  }
  return std::nullopt;
}

Result<Expr> parse_filter(std::string_view text, const EntitySet& set, int max_depth) {
  try {
    return Parser(text, set, max_depth).parse();
  } catch (const FilterError& e) {
    return e.problem;
  }
}

}  // namespace norced::query
