#include "json/value.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/decimal.hpp"

namespace norced::json {
namespace {

Value parse_ok(std::string_view text, const ParseOptions& options = {}) {
  auto r = parse(text, options);
  EXPECT_TRUE(r.ok()) << "rejected: " << text << " -> " << (r.ok() ? "" : r.problem().detail);
  return r.ok() ? std::move(r.value()) : Value();
}

// Returns the problem detail, or "" if the document was (wrongly) accepted.
std::string parse_error(std::string_view text, const ParseOptions& options = {}) {
  auto r = parse(text, options);
  if (r.ok()) return "";
  EXPECT_EQ(r.problem().status, 400);
  EXPECT_EQ(r.problem().title, "Bad Request");
  EXPECT_FALSE(r.problem().detail.empty());
  return r.problem().detail;
}

TEST(JsonValue, Scalars) {
  EXPECT_TRUE(parse_ok("null").is_null());
  EXPECT_EQ(parse_ok("true").kind(), Kind::Bool);
  EXPECT_TRUE(parse_ok("true").as_bool());
  EXPECT_FALSE(parse_ok("false").as_bool());
  EXPECT_EQ(parse_ok("\"hi\"").as_string(), "hi");
  EXPECT_EQ(parse_ok("  \"hi\"  \n").as_string(), "hi");
  EXPECT_EQ(parse_ok("12.50").number_text(), "12.50");
  EXPECT_EQ(parse_ok(" 12.50 \r\n\t").number_text(), "12.50");
  EXPECT_EQ(parse_ok("-0").number_text(), "-0");
  EXPECT_EQ(parse_ok("1e3").kind(), Kind::Number);
}

TEST(JsonValue, NumbersKeepTheirSourceText) {
  const Value v = parse_ok(R"({"a": 0.1, "b":0.2 , "c": 12.50, "d": 1e3, "e": -0, "f": 2.5E-2,
      "g": 79228162514264337593543950335, "h": 123456789012345678901234567890123456789,
      "i": [1.10 ,2.000,3], "j": -0.0})");
  EXPECT_EQ(v.find("a")->number_text(), "0.1");
  EXPECT_EQ(v.find("b")->number_text(), "0.2");
  EXPECT_EQ(v.find("c")->number_text(), "12.50");
  EXPECT_EQ(v.find("d")->number_text(), "1e3");
  EXPECT_EQ(v.find("e")->number_text(), "-0");
  EXPECT_EQ(v.find("f")->number_text(), "2.5E-2");
  EXPECT_EQ(v.find("g")->number_text(), "79228162514264337593543950335");
  // Out of decimal range but valid JSON: kept as text; range checks belong to the binder.
  EXPECT_EQ(v.find("h")->number_text(), "123456789012345678901234567890123456789");
  ASSERT_EQ(v.find("i")->items().size(), 3u);
  EXPECT_EQ(v.find("i")->items()[0].number_text(), "1.10");
  EXPECT_EQ(v.find("i")->items()[1].number_text(), "2.000");
  EXPECT_EQ(v.find("i")->items()[2].number_text(), "3");
  EXPECT_EQ(v.find("j")->number_text(), "-0.0");
  // The texts feed Decimal exactly.
  EXPECT_EQ(Decimal::parse(v.find("a")->number_text())->to_string(), "0.1");
  EXPECT_EQ(Decimal::parse(v.find("c")->number_text())->to_string(), "12.50");
  EXPECT_EQ(Decimal::parse(v.find("d")->number_text())->to_string(), "1000");
  EXPECT_EQ(Decimal::parse(v.find("e")->number_text())->to_string(), "0");
  EXPECT_FALSE(Decimal::parse(v.find("h")->number_text()));
}

TEST(JsonValue, ObjectsKeepOrderAndDuplicates) {
  const Value v = parse_ok(R"({"Code":"a","b":1,"code":"b","CODE":"c","x":null})");
  ASSERT_EQ(v.kind(), Kind::Object);
  ASSERT_EQ(v.members().size(), 5u);
  EXPECT_EQ(v.members()[0].key, "Code");
  EXPECT_EQ(v.members()[1].key, "b");
  EXPECT_EQ(v.members()[2].key, "code");
  EXPECT_EQ(v.members()[3].key, "CODE");
  EXPECT_EQ(v.members()[4].key, "x");
  // Case-insensitive and the last occurrence wins.
  ASSERT_NE(v.find("code"), nullptr);
  EXPECT_EQ(v.find("code")->as_string(), "c");
  EXPECT_EQ(v.find("Code")->as_string(), "c");
  EXPECT_EQ(v.find("cOdE")->as_string(), "c");
  EXPECT_EQ(v.find("B")->number_text(), "1");
  ASSERT_NE(v.find("X"), nullptr);
  EXPECT_TRUE(v.find("X")->is_null());
  EXPECT_EQ(v.find("missing"), nullptr);
  EXPECT_EQ(v.find("cod"), nullptr);
  EXPECT_EQ(v.find(""), nullptr);
  // Only ASCII letters fold.
  const Value u = parse_ok(R"({"Äb":1})");
  EXPECT_NE(u.find("Äb"), nullptr);
  EXPECT_NE(u.find("ÄB"), nullptr);
  EXPECT_EQ(u.find("äb"), nullptr);
  // find() on non-objects.
  EXPECT_EQ(parse_ok("[1]").find("0"), nullptr);
  EXPECT_EQ(parse_ok("\"code\"").find("code"), nullptr);
  EXPECT_EQ(Value().find("x"), nullptr);
}

// find() first compares a short signature of each key (length and three letters); keys that share one must
// still be told apart, and an object's signatures must not show through its accessors.
TEST(JsonValue, FindTellsApartKeysWithTheSameSignature) {
  const Value v = parse_ok(R"({"aXbYc": 1, "aZbYc": 2, "AXBYC_long_key_name": 3, "": 4, "k": 5})");
  ASSERT_NE(v.find("aZbYc"), nullptr);
  EXPECT_EQ(v.find("aXbYc")->number_text(), "1");
  EXPECT_EQ(v.find("AZBYC")->number_text(), "2");
  EXPECT_EQ(v.find("aQbYc"), nullptr);  // same length, ends, and middle letter as both: compared in full
  EXPECT_EQ(v.find("axbyc_LONG_KEY_NAME")->number_text(), "3");
  EXPECT_EQ(v.find("")->number_text(), "4");
  EXPECT_EQ(v.find("K")->number_text(), "5");
  EXPECT_EQ(v.find("kk"), nullptr);
  EXPECT_EQ(v.as_string(), "");
  EXPECT_EQ(v.number_text(), "");
  const Value copy = v;  // a copy keeps the signatures that go with its members
  EXPECT_EQ(copy.find("aZbYc")->number_text(), "2");
  EXPECT_EQ(Value::object({}).find("a"), nullptr);
}

TEST(JsonValue, EmptyKeyAndEscapedKeys) {
  const Value v = parse_ok(R"({"":1,"a\"b":2,"\u0041":3})");
  ASSERT_EQ(v.members().size(), 3u);
  EXPECT_EQ(v.members()[0].key, "");
  EXPECT_EQ(v.find("")->number_text(), "1");
  EXPECT_EQ(v.find("a\"b")->number_text(), "2");
  EXPECT_EQ(v.members()[2].key, "A");
  EXPECT_EQ(v.find("a")->number_text(), "3");
}

TEST(JsonValue, NestedStructures) {
  const Value v = parse_ok(R"(
    {"items": [ {"id": 1, "tags": ["x", "y"]}, {"id": 2, "tags": []}, [], {} ],
     "empty": {}, "flag": false, "nothing": null, "s": "text"})");
  ASSERT_EQ(v.kind(), Kind::Object);
  const Value* items = v.find("items");
  ASSERT_NE(items, nullptr);
  ASSERT_EQ(items->kind(), Kind::Array);
  ASSERT_EQ(items->items().size(), 4u);
  EXPECT_EQ(items->items()[0].find("id")->number_text(), "1");
  ASSERT_EQ(items->items()[0].find("tags")->items().size(), 2u);
  EXPECT_EQ(items->items()[0].find("tags")->items()[1].as_string(), "y");
  EXPECT_EQ(items->items()[1].find("tags")->items().size(), 0u);
  EXPECT_EQ(items->items()[2].kind(), Kind::Array);
  EXPECT_EQ(items->items()[3].kind(), Kind::Object);
  EXPECT_EQ(items->items()[3].members().size(), 0u);
  EXPECT_EQ(v.find("empty")->kind(), Kind::Object);
  EXPECT_EQ(v.find("flag")->kind(), Kind::Bool);
  EXPECT_FALSE(v.find("flag")->as_bool());
  EXPECT_EQ(v.find("nothing")->kind(), Kind::Null);
  EXPECT_EQ(v.find("s")->as_string(), "text");
  EXPECT_EQ(parse_ok("[]").items().size(), 0u);
  EXPECT_EQ(parse_ok("{}").members().size(), 0u);
  EXPECT_EQ(parse_ok("[[[]]]").items()[0].items()[0].kind(), Kind::Array);
  const Value scalars = parse_ok("[true,false,null,1,\"a\",-2.5e+3]");
  ASSERT_EQ(scalars.items().size(), 6u);
  EXPECT_TRUE(scalars.items()[0].as_bool());
  EXPECT_FALSE(scalars.items()[1].as_bool());
  EXPECT_TRUE(scalars.items()[2].is_null());
  EXPECT_EQ(scalars.items()[4].as_string(), "a");
  EXPECT_EQ(scalars.items()[5].number_text(), "-2.5e+3");
}

TEST(JsonValue, StringEscapesAndUnicode) {
  EXPECT_EQ(parse_ok(R"("a\"b\\c\/d\b\f\n\r\t")").as_string(), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(parse_ok(R"("\u00e5\u00C4\u20AC")").as_string(), "åÄ€");
  EXPECT_EQ(parse_ok(R"("\ud83d\ude00")").as_string(), "😀");
  EXPECT_EQ(parse_ok("\"åäö €😀\"").as_string(), "åäö €😀");
  EXPECT_EQ(parse_ok(R"("\u0000x")").as_string(), std::string("\0x", 2));
  EXPECT_EQ(parse_ok(R"(["\u001f"])").items()[0].as_string(), "\x1f");
  EXPECT_EQ(parse_ok("\"\x7f\"").as_string(), "\x7f");  // DEL needs no escape
}

TEST(JsonValue, KindNames) {
  EXPECT_STREQ(kind_name(Kind::Null), "null");
  EXPECT_STREQ(kind_name(Kind::Bool), "boolean");
  EXPECT_STREQ(kind_name(Kind::Number), "number");
  EXPECT_STREQ(kind_name(Kind::String), "string");
  EXPECT_STREQ(kind_name(Kind::Array), "array");
  EXPECT_STREQ(kind_name(Kind::Object), "object");
}

TEST(JsonValue, Constructors) {
  EXPECT_TRUE(Value::null().is_null());
  EXPECT_EQ(Value::boolean(true).kind(), Kind::Bool);
  EXPECT_TRUE(Value::boolean(true).as_bool());
  EXPECT_EQ(Value::number("1.0").number_text(), "1.0");
  EXPECT_EQ(Value::string("s").as_string(), "s");
  EXPECT_EQ(Value::array({Value::null(), Value::string("x")}).items().size(), 2u);
  const Value o = Value::object({{"A", Value::string("1")}, {"a", Value::string("2")}});
  EXPECT_EQ(o.kind(), Kind::Object);
  EXPECT_EQ(o.find("A")->as_string(), "2");
}

TEST(JsonValue, RejectsEmptyBody) {
  EXPECT_NE(parse_error(""), "");
  EXPECT_NE(parse_error("   "), "");
  EXPECT_NE(parse_error("\n\t\r "), "");
}

TEST(JsonValue, RejectsTruncatedInput) {
  for (const char* bad : {"{", "[", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "[1", "[1,", "[1,2", "\"abc",
                          "{\"a\":\"b", "[{\"a\":[1,2]}", "{\"a\":{\"b\":{}}", "[[[]]", "{\"a\":[}", "tr", "nul",
                          "fals", "[tr", "[nul]", "{\"a\":tru}"}) {
    EXPECT_NE(parse_error(bad), "") << "accepted: " << bad;
  }
}

TEST(JsonValue, RejectsTrailingContent) {
  for (const char* bad : {"{} x", "{}{}", "[][]", "{} {}", "[] 1", "[1]]", "{}}", "{}]", "1 2", "1,2", "\"a\" \"b\"",
                          "\"a\"x", "true false", "null null", "nullx", "truex", "1x", "[1] x", "{\"a\":1}x",
                          "{\"a\":1} ,", "[1],", "0 0", "{\"a\":[1]}]"}) {
    const std::string detail = parse_error(bad);
    EXPECT_NE(detail, "") << "accepted: " << bad;
  }
  EXPECT_NE(parse_error("{} x").find("The request body is not valid JSON"), std::string::npos);
  EXPECT_NE(parse_error("{}{}").find("after the root value"), std::string::npos);
}

TEST(JsonValue, RejectsInvalidLiterals) {
  for (const char* bad : {"True", "FALSE", "Null", "nil", "undefined", "[tru]", "[truee]", "[nulll]", "[falsey]",
                          "{\"a\":nul}", "{\"a\":True}", "[t]", "[n]", "NaN", "[NaN]", "Infinity", "[-Infinity]",
                          "{\"a\":undefined}", "[true false]", "'a'", "['a']", "{'a':1}", "{a:1}"}) {
    EXPECT_NE(parse_error(bad), "") << "accepted: " << bad;
  }
}

TEST(JsonValue, RejectsInvalidNumbers) {
  for (const char* bad : {"01", "-01", "00", "1.", "-", ".5", "1e", "1e+", "1E-", "+1", "-.5", "1.e3", "0x10", "1..2",
                          "1.2.3", "1e2e3", "--1", "1-", "[01]", "[1.]", "[-]", "[.5]", "[1e]", "[+1]",
                          "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":.5}", "{\"a\":1e}", "[1 2]", "[0x1]",
                          "{\"a\":1.5.5}", "[1,,2]", "[-a]", "[1_000]", "[1\f]", "1\f", "[1true]", "[1\"a\"]", "-1-"}) {
    EXPECT_NE(parse_error(bad), "") << "accepted: " << bad;
  }
  EXPECT_NE(parse_error("[1.]").find("invalid number"), std::string::npos);
  EXPECT_NE(parse_error("01").find("invalid number"), std::string::npos);
}

TEST(JsonValue, RejectsStructuralErrors) {
  for (const char* bad : {"[1,]", "{\"a\":1,}", "{,}", "[,]", "[,1]", "{\"a\" 1}", "{\"a\"::1}", "{1:2}",
                          "{\"a\":1 \"b\":2}", "{\"a\"}", "{null:1}", "]", "}", ":", ",", "[}", "{]", "[:]",
                          "{\"a\",1}", "[\"a\":1]", "{\"a\":1]", "[1}"}) {
    EXPECT_NE(parse_error(bad), "") << "accepted: " << bad;
  }
}

TEST(JsonValue, RejectsBadStrings) {
  // Unescaped control characters.
  EXPECT_NE(parse_error("\"a\x01z\""), "");
  EXPECT_NE(parse_error("[\"a\nb\"]"), "");
  EXPECT_NE(parse_error("{\"a\tb\":1}"), "");
  EXPECT_NE(parse_error(std::string_view("[\"a\0b\"]", 7)), "");
  EXPECT_NE(parse_error("\"\x1f\""), "");
  // Bad escapes.
  for (const char* bad : {R"("\x41")", R"("\u00G0")", R"("\u00")", R"(["\'"])", R"({"\a":1})", R"("\)", R"("abc\")",
                          R"("\ud800")", R"("\udc00")", R"(["\ud800x"])", R"("\ud800\u0041")"}) {
    EXPECT_NE(parse_error(bad), "") << "accepted: " << bad;
  }
}

TEST(JsonValue, RejectsInvalidUtf8) {
  for (std::string bad : {std::string("\"\xff\""), std::string("[\"\xc3\"]"), std::string("{\"\xe2\x82\":1}"),
                          std::string("\"\xed\xa0\x80\""),  // encoded surrogate
                          std::string("\"\xc0\xaf\""),      // overlong
                          std::string("[\"\xf4\x90\x80\x80\"]"), std::string("\xef\xbb\xbf{}") /* BOM */}) {
    EXPECT_NE(parse_error(bad), "") << "accepted: " << bad;
  }
}

std::string nested_arrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nested_objects(size_t depth) {
  std::string s;
  for (size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  for (size_t i = 0; i < depth; ++i) s += "}";
  return s;
}

TEST(JsonValue, DepthLimit) {
  ParseOptions options;
  options.max_depth = 3;
  EXPECT_EQ(parse_ok("[[[]]]", options).kind(), Kind::Array);
  EXPECT_EQ(parse_ok("[[[1,2]]]", options).kind(), Kind::Array);
  EXPECT_EQ(parse_ok(R"({"a":{"b":{"c":1}}})", options).kind(), Kind::Object);
  EXPECT_EQ(parse_ok(R"({"a":[{"c":1}]})", options).kind(), Kind::Object);
  EXPECT_NE(parse_error("[[[[]]]]", options).find("nesting"), std::string::npos);
  EXPECT_NE(parse_error(R"({"a":{"b":{"c":{}}}})", options), "");
  EXPECT_NE(parse_error(R"({"a":[{"c":[]}]})", options), "");
  EXPECT_NE(parse_error(R"([1,[2,[3,{"x":4}]]])", options), "");
  options.max_depth = 1;
  EXPECT_EQ(parse_ok("[1,2]", options).items().size(), 2u);
  EXPECT_EQ(parse_ok("1", options).number_text(), "1");
  EXPECT_NE(parse_error("[[]]", options), "");

  // Default limit: 64 levels.
  EXPECT_EQ(parse_ok(nested_arrays(64)).kind(), Kind::Array);
  EXPECT_EQ(parse_ok(nested_objects(64)).kind(), Kind::Object);
  EXPECT_NE(parse_error(nested_arrays(65)).find("nesting"), std::string::npos);
  EXPECT_NE(parse_error(nested_objects(65)).find("nesting"), std::string::npos);
  // Pathological nesting is rejected without recursing through it.
  EXPECT_NE(parse_error(nested_arrays(100000)), "");
  EXPECT_NE(parse_error(std::string(100000, '[')), "");
}

TEST(JsonValue, ParsesRepeatedlyOnOneThread) {
  // The parser is reused per thread; a failure must not poison the next parse.
  EXPECT_NE(parse_error("{\"a\":"), "");
  EXPECT_EQ(parse_ok(R"({"a":1})").find("a")->number_text(), "1");
  EXPECT_NE(parse_error("[1,"), "");
  std::string big = "[";
  for (int i = 0; i < 20000; ++i) big += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  big += "]";
  const Value v = parse_ok(big);
  ASSERT_EQ(v.items().size(), 20000u);
  EXPECT_EQ(v.items()[19999].as_string(), "19999");
  EXPECT_EQ(parse_ok("2").number_text(), "2");
}

TEST(JsonValue, InputNeedNotBePaddedOrTerminated) {
  // A view into a larger buffer: only the viewed bytes are parsed.
  const std::string backing = R"({"a":1}garbage)";
  const Value v = parse_ok(std::string_view(backing).substr(0, 7));
  EXPECT_EQ(v.find("a")->number_text(), "1");
  const std::string number = "12345";
  EXPECT_EQ(parse_ok(std::string_view(number).substr(0, 3)).number_text(), "123");
}

}  // namespace
}  // namespace norced::json
