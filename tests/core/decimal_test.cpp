#include "core/decimal.hpp"

#include <gtest/gtest.h>

#include <string>

namespace norced {
namespace {

std::string roundtrip(std::string_view text) {
  auto d = Decimal::parse(text);
  return d ? d->to_string() : "<rejected>";
}

Decimal dec(std::string_view text) {
  auto d = Decimal::parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

TEST(Decimal, KeepsWrittenScale) {
  EXPECT_EQ(roundtrip("12.50"), "12.50");
  EXPECT_EQ(dec("12.50").scale(), 2);
  EXPECT_EQ(roundtrip("0.1"), "0.1");
  EXPECT_EQ(roundtrip("0.2"), "0.2");
  EXPECT_EQ(roundtrip("0.30000000000000004"), "0.30000000000000004");
  EXPECT_EQ(roundtrip("25"), "25");
  EXPECT_EQ(roundtrip("0"), "0");
  EXPECT_EQ(roundtrip("0.00"), "0.00");
  EXPECT_EQ(roundtrip("-0.50"), "-0.50");
  EXPECT_EQ(roundtrip("-0.5"), "-0.5");
  EXPECT_EQ(roundtrip("-12"), "-12");
  EXPECT_EQ(roundtrip("100"), "100");
  EXPECT_EQ(roundtrip("1.000"), "1.000");
}

TEST(Decimal, NegativeZero) {
  EXPECT_EQ(roundtrip("-0"), "0");
  EXPECT_EQ(roundtrip("-0.00"), "0.00");
  EXPECT_FALSE(dec("-0").is_negative());
  EXPECT_EQ(dec("-0"), dec("0"));
  EXPECT_EQ(dec("-0.00").compare(dec("0")), 0);
}

TEST(Decimal, FoldsExponentIntoScale) {
  EXPECT_EQ(roundtrip("1e3"), "1000");
  EXPECT_EQ(dec("1e3").scale(), 0);
  EXPECT_EQ(roundtrip("1E3"), "1000");
  EXPECT_EQ(roundtrip("1e+3"), "1000");
  EXPECT_EQ(roundtrip("1.5e2"), "150");
  EXPECT_EQ(dec("1.5e2").scale(), 0);
  EXPECT_EQ(roundtrip("1.25e1"), "12.5");
  EXPECT_EQ(roundtrip("2.5E-2"), "0.025");
  EXPECT_EQ(dec("2.5E-2").scale(), 3);
  EXPECT_EQ(roundtrip("-2.5e-2"), "-0.025");
  EXPECT_EQ(roundtrip("5e-1"), "0.5");
  EXPECT_EQ(roundtrip("0e5"), "0");
  EXPECT_EQ(roundtrip("0e-3"), "0.000");
  EXPECT_EQ(roundtrip("1e0"), "1");
  EXPECT_EQ(roundtrip("1e-28"), "0.0000000000000000000000000001");
  EXPECT_EQ(roundtrip("7.9228162514264337593543950335e28"), "79228162514264337593543950335");
}

TEST(Decimal, Range) {
  EXPECT_EQ(roundtrip("79228162514264337593543950335"), "79228162514264337593543950335");
  EXPECT_EQ(roundtrip("-79228162514264337593543950335"), "-79228162514264337593543950335");
  EXPECT_EQ(roundtrip("7.9228162514264337593543950335"), "7.9228162514264337593543950335");
  EXPECT_EQ(roundtrip("0.0000000000000000000000000001"), "0.0000000000000000000000000001");
  EXPECT_EQ(roundtrip("000"), "<rejected>");
  // One past the .NET decimal maximum, in several spellings.
  EXPECT_FALSE(Decimal::parse("79228162514264337593543950336"));
  EXPECT_FALSE(Decimal::parse("-79228162514264337593543950336"));
  EXPECT_FALSE(Decimal::parse("100000000000000000000000000000"));  // 30 digits
  EXPECT_FALSE(Decimal::parse("7.9228162514264337593543950336"));
  EXPECT_FALSE(Decimal::parse("1e29"));
  EXPECT_FALSE(Decimal::parse("8e28"));
  EXPECT_FALSE(Decimal::parse("1e999999999999999999999"));
  EXPECT_FALSE(Decimal::parse("1.5e999"));
  // More than 28 fractional digits.
  EXPECT_FALSE(Decimal::parse("0.00000000000000000000000000001"));
  EXPECT_FALSE(Decimal::parse("1e-29"));
  EXPECT_FALSE(Decimal::parse("1e-999999999999999999"));
  EXPECT_FALSE(Decimal::parse("1.00000000000000000000000000001"));
  // ...unless the extra digits are trailing zeros.
  EXPECT_EQ(roundtrip("1.00000000000000000000000000000000"), "1.0000000000000000000000000000");
  EXPECT_EQ(dec("1.00000000000000000000000000000000").scale(), 28);
  EXPECT_EQ(roundtrip("0.5000000000000000000000000000000"), "0.5000000000000000000000000000");
  EXPECT_EQ(roundtrip("0.00000000000000000000000000000000"), "0.0000000000000000000000000000");
  EXPECT_EQ(roundtrip("0e-99999999999999"), "0.0000000000000000000000000000");
  EXPECT_EQ(roundtrip("100e-30"), "0.0000000000000000000000000001");
  // A coefficient over 96 bits made only of trailing fractional zeros loses just enough of them to fit.
  EXPECT_EQ(roundtrip("79228162514264337593543950335.0000"), "79228162514264337593543950335");
  EXPECT_EQ(roundtrip("-7922816251426433759354395033.50"), "-7922816251426433759354395033.5");
  EXPECT_EQ(roundtrip("9.0000000000000000000000000000"), "9.000000000000000000000000000");
  EXPECT_EQ(roundtrip("1.0000000000000000000000000000"), "1.0000000000000000000000000000");
  EXPECT_FALSE(Decimal::parse("79228162514264337593543950335.0001"));
  EXPECT_FALSE(Decimal::parse("79228162514264337593543950336.0"));
  // Leading zeros in the fraction do not count as significant digits.
  EXPECT_EQ(roundtrip("0.0000000000000000000000000012"), "0.0000000000000000000000000012");
}

TEST(Decimal, RejectsBadGrammar) {
  for (const char* bad : {"", "-", "+1", "01", "-01", "00", ".5", "-.5", "5.", "5.e3", "1e", "1e+", "1E-", "e5",
                          "1.2.3", "1e2e3", " 1", "1 ", "1,5", "0x10", "NaN", "nan", "Infinity", "-Infinity",
                          "inf", "1_000", "--1", "1-", "١"}) {
    EXPECT_FALSE(Decimal::parse(bad)) << "accepted: '" << bad << "'";
  }
}

TEST(Decimal, Compare) {
  EXPECT_EQ(dec("1.50"), dec("1.5"));
  EXPECT_EQ(dec("1.50").compare(dec("1.5")), 0);
  EXPECT_EQ(dec("1e3"), dec("1000.000"));
  EXPECT_LT(dec("1.49").compare(dec("1.5")), 0);
  EXPECT_GT(dec("1.51").compare(dec("1.5")), 0);
  EXPECT_TRUE(dec("-2") < dec("-1.99"));
  EXPECT_TRUE(dec("-1") < dec("0"));
  EXPECT_TRUE(dec("0") < dec("0.0000000000000000000000000001"));
  EXPECT_TRUE(dec("-0.0000000000000000000000000001") < dec("0"));
  EXPECT_FALSE(dec("2") < dec("2.000"));
  EXPECT_EQ(Decimal::from_int(42), dec("42.00"));
  EXPECT_EQ(Decimal::from_int(-7).to_string(), "-7");
  EXPECT_EQ(Decimal().to_string(), "0");
  // Extremes of coefficient and scale together: rescaling would overflow 128 bits.
  const Decimal max = dec("79228162514264337593543950335");
  const Decimal min = dec("-79228162514264337593543950335");
  const Decimal tiny = dec("0.0000000000000000000000000001");
  const Decimal big_frac = dec("7.9228162514264337593543950335");
  EXPECT_GT(max.compare(tiny), 0);
  EXPECT_LT(tiny.compare(max), 0);
  EXPECT_LT(min.compare(tiny), 0);
  EXPECT_LT(min.compare(max), 0);
  EXPECT_GT(max.compare(big_frac), 0);
  EXPECT_LT(min.compare(dec("-7.9228162514264337593543950335")), 0);
  EXPECT_EQ(max.compare(max), 0);
  EXPECT_EQ(dec("7.9228162514264337593543950335").compare(dec("7.92281625142643375935439503350")), 0);
  EXPECT_LT(dec("7.9228162514264337593543950334").compare(big_frac), 0);
  EXPECT_GT(dec("7.9228162514264337593543950335").compare(dec("7.9228162514264337593543950334")), 0);
  EXPECT_LT(dec("-7.9228162514264337593543950335").compare(dec("-7.9228162514264337593543950334")), 0);
  EXPECT_EQ(dec("79228162514264337593543950335").compare(dec("79228162514264337593543950335.0000")), 0);
  // 0.1 + 0.2 stays exact text; no binary floating point anywhere.
  EXPECT_NE(dec("0.3").compare(dec("0.30000000000000004")), 0);
}

TEST(Decimal, IsInteger) {
  EXPECT_TRUE(dec("25").is_integer());
  EXPECT_TRUE(dec("25.00").is_integer());
  EXPECT_TRUE(dec("1e3").is_integer());
  EXPECT_TRUE(dec("0").is_integer());
  EXPECT_TRUE(dec("-0.000").is_integer());
  EXPECT_TRUE(dec("-3.0").is_integer());
  EXPECT_FALSE(dec("25.01").is_integer());
  EXPECT_FALSE(dec("-0.5").is_integer());
  EXPECT_FALSE(dec("0.0000000000000000000000000001").is_integer());
  EXPECT_TRUE(dec("79228162514264337593543950335").is_integer());
  EXPECT_FALSE(dec("7.9228162514264337593543950335").is_integer());
}

TEST(Decimal, Sign) {
  EXPECT_TRUE(dec("-0.01").is_negative());
  EXPECT_FALSE(dec("0.01").is_negative());
  EXPECT_TRUE(Decimal::from_int(-1).is_negative());
}

}  // namespace
}  // namespace norced
