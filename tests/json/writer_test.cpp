#include "json/writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "json/escape.hpp"
#include "json/value.hpp"

namespace norced::json {
namespace {

Decimal dec(std::string_view text) {
  auto d = Decimal::parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

TEST(JsonWriter, ObjectsGetIdsInDocumentOrder) {
  Writer w;
  // [{"a":{}} ,{}] -> ids 1, 2, 3 in document order
  w.begin_array();
  w.begin_object();
  w.key("a");
  w.begin_object();
  w.end_object();
  w.end_object();
  w.begin_object();
  w.end_object();
  w.end_array();
  EXPECT_EQ(w.take(), R"([{"$id":"1","a":{"$id":"2"}},{"$id":"3"}])");
}

TEST(JsonWriter, IdsAcrossDeeperNesting) {
  Writer w;
  w.begin_object();  // 1
  w.member("Code", "x");
  w.key("Items");
  w.begin_array();
  w.begin_object();  // 2
  w.key("Child");
  w.begin_object();  // 3
  w.end_object();
  w.key("List");
  w.begin_array();
  w.begin_object();  // 4
  w.end_object();
  w.end_array();
  w.end_object();
  w.begin_object();  // 5
  w.end_object();
  w.end_array();
  w.key("Last");
  w.begin_object();  // 6
  w.end_object();
  w.end_object();
  EXPECT_EQ(w.take(),
            R"({"$id":"1","Code":"x","Items":[{"$id":"2","Child":{"$id":"3"},"List":[{"$id":"4"}]},{"$id":"5"}],)"
            R"("Last":{"$id":"6"}})");
}

TEST(JsonWriter, TakeResetsTheWriterAndIds) {
  Writer w;
  w.begin_object();
  w.end_object();
  EXPECT_EQ(w.take(), R"({"$id":"1"})");
  w.begin_object();
  w.key("x");
  w.begin_object();
  w.end_object();
  w.end_object();
  EXPECT_EQ(w.take(), R"({"$id":"1","x":{"$id":"2"}})");
  w.integer(5);
  EXPECT_EQ(w.take(), "5");
  EXPECT_EQ(w.take(), "");
}

TEST(JsonWriter, ObjectsWithoutId) {
  Writer w;
  w.begin_object_without_id();
  w.member("type", "about:blank");
  w.member("status", int64_t{400});
  w.key("errors");
  w.begin_object_without_id();
  w.key("Code");
  w.begin_array();
  w.string("required");
  w.end_array();
  w.end_object();
  w.end_object();
  EXPECT_EQ(w.take(), R"({"type":"about:blank","status":400,"errors":{"Code":["required"]}})");
  // Objects without id do not consume numbers.
  w.begin_array();
  w.begin_object_without_id();
  w.end_object();
  w.begin_object();
  w.end_object();
  w.end_array();
  EXPECT_EQ(w.take(), R"([{},{"$id":"1"}])");
}

TEST(JsonWriter, Scalars) {
  Writer w;
  w.begin_object_without_id();
  w.member_null("n");
  w.member_bool("t", true);
  w.member_bool("f", false);
  w.member("i", int64_t{-42});
  w.member("max", std::numeric_limits<int64_t>::max());
  w.member("min", std::numeric_limits<int64_t>::min());
  w.key("arr");
  w.begin_array();
  w.null();
  w.boolean(false);
  w.integer(0);
  w.string("");
  w.end_array();
  w.end_object();
  EXPECT_EQ(w.take(),
            R"({"n":null,"t":true,"f":false,"i":-42,"max":9223372036854775807,"min":-9223372036854775808,)"
            R"("arr":[null,false,0,""]})");
}

TEST(JsonWriter, DecimalsAreWrittenExactly) {
  Writer w;
  w.begin_array();
  w.decimal(dec("0.1"));
  w.decimal(dec("0.2"));
  w.decimal(dec("0.30000000000000004"));
  w.decimal(dec("12.50"));
  w.decimal(dec("1e3"));
  w.decimal(dec("-0"));
  w.decimal(dec("-0.50"));
  w.decimal(dec("2.5E-2"));
  w.decimal(dec("79228162514264337593543950335"));
  w.decimal(dec("-79228162514264337593543950335"));
  w.decimal(dec("0.0000000000000000000000000001"));
  w.decimal(Decimal::from_int(25));
  w.end_array();
  EXPECT_EQ(w.take(),
            "[0.1,0.2,0.30000000000000004,12.50,1000,0,-0.50,0.025,79228162514264337593543950335,"
            "-79228162514264337593543950335,0.0000000000000000000000000001,25]");
  w.begin_object();
  w.key("Price");
  w.decimal(dec("199.90"));
  w.key("Vat");
  w.decimal(dec("25.00"));
  w.end_object();
  EXPECT_EQ(w.take(), R"({"$id":"1","Price":199.90,"Vat":25.00})");
}

TEST(JsonWriter, StringEscaping) {
  Writer w;
  w.begin_array();
  w.string("quote\" backslash\\ slash/");
  w.string("\b\f\n\r\t");
  w.string(std::string_view("nul\0end", 7));
  w.string("\x01\x1f\x7f");
  w.string("åäö €😀");
  w.end_array();
  EXPECT_EQ(w.take(),
            "[\"quote\\\" backslash\\\\ slash/\",\"\\b\\f\\n\\r\\t\",\"nul\\u0000end\",\"\\u0001\\u001F\x7f\","
            "\"åäö €😀\"]");
  w.begin_object_without_id();
  w.key("k\"ey\n");
  w.string("v");
  w.end_object();
  EXPECT_EQ(w.take(), "{\"k\\\"ey\\n\":\"v\"}");
}

TEST(JsonWriter, AppendQuotedAndWriteQuotedSpellStringsAsTheWriterDoes) {
  for (std::string_view s : {std::string_view("plain"), std::string_view("quote\" backslash\\ slash/"),
                             std::string_view("\b\f\n\r\t"), std::string_view("nul\0end", 7),
                             std::string_view("\x01\x1f\x7f"), std::string_view("åäö €😀"), std::string_view("")}) {
    Writer w;
    w.string(s);
    const std::string want = w.take();
    std::string quoted;
    append_quoted(quoted, s);
    EXPECT_EQ(quoted, want);
    std::string room(quoted_size_bound(s), '?');
    room.resize(static_cast<size_t>(write_quoted(room.data(), s) - room.data()));
    EXPECT_EQ(room, want) << "write_quoted, within its bound";
  }
}

TEST(JsonWriter, RawValuesGoInAsTheyAre) {
  Writer w;
  w.begin_object_without_id();
  w.key("a");
  w.raw("[{\"x\":1},{\"x\":2}]");
  w.key("b");
  w.raw("2.50");
  w.key("c");
  w.string("after");
  w.end_object();
  EXPECT_EQ(w.take(), R"({"a":[{"x":1},{"x":2}],"b":2.50,"c":"after"})");
  w.begin_array();
  w.raw("null");
  w.raw("\"s\"");
  w.integer(3);
  w.end_array();
  EXPECT_EQ(w.take(), R"([null,"s",3])");
}

TEST(JsonWriter, UnicodeRoundTripsThroughParser) {
  const std::string original = std::string("åÄ€😀 \"q\" \\ / \n\t\x01 ") + std::string(1, '\0') + "end";
  Writer w;
  w.begin_object();
  w.member("Name", original);
  w.key("Nested");
  w.begin_array();
  w.string(original);
  w.end_array();
  w.end_object();
  const std::string text = w.take();
  auto parsed = parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.problem().detail;
  EXPECT_EQ(parsed->find("$id")->as_string(), "1");
  EXPECT_EQ(parsed->find("name")->as_string(), original);
  EXPECT_EQ(parsed->find("Nested")->items()[0].as_string(), original);

  // And the other way: escaped input parses to UTF-8 and is written back as raw UTF-8.
  auto escaped = parse(R"(["\u00e5\u20ac\ud83d\ude00\u0007"])");
  ASSERT_TRUE(escaped.ok());
  w.begin_array();
  w.string(escaped->items()[0].as_string());
  w.end_array();
  EXPECT_EQ(w.take(), "[\"å€😀\\u0007\"]");
}

TEST(JsonWriter, DecimalRoundTripThroughParser) {
  Writer w;
  w.begin_object();
  w.key("Amount");
  w.decimal(dec("-1234567890.0123456789"));
  w.end_object();
  auto parsed = parse(w.take());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->find("amount")->number_text(), "-1234567890.0123456789");
}

}  // namespace
}  // namespace norced::json
