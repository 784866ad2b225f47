#include "core/time.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace norced::timeutil {
namespace {

constexpr Micros kSecond = 1'000'000;
constexpr Micros kDay = 86'400 * kSecond;

Micros parse_ok(std::string_view text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(-1);
}

TEST(Time, Epoch) {
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00"), 0);
  EXPECT_EQ(parse_ok("1970-01-01"), 0);
  EXPECT_EQ(parse_ok("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(parse_ok("1970-01-01t00:00:00z"), 0);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:01Z"), kSecond);
  EXPECT_EQ(parse_ok("1970-01-02T00:00:00Z"), kDay);
  EXPECT_EQ(parse_ok("1969-12-31T23:59:59Z"), -kSecond);
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(-kSecond), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(Time, KnownInstants) {
  // 2026-11-22T13:45:12Z = 1795355112 s since the epoch.
  EXPECT_EQ(parse_ok("2026-11-22T13:45:12Z"), 1'795'355'112 * kSecond);
  EXPECT_EQ(parse_ok("2000-03-01T00:00:00Z"), 951'868'800 * kSecond);
  EXPECT_EQ(parse_ok("2038-01-19T03:14:08Z"), 2'147'483'648LL * kSecond);
  EXPECT_EQ(format_iso8601(1'795'355'112 * kSecond), "2026-11-22T13:45:12Z");
  EXPECT_EQ(format_iso8601(2'147'483'648LL * kSecond), "2038-01-19T03:14:08Z");
}

TEST(Time, HoursAndMinutesWithoutSeconds) {
  EXPECT_EQ(parse_ok("1970-01-01T01:02"), 3720 * kSecond);
  EXPECT_EQ(parse_ok("1970-01-01T01:02Z"), 3720 * kSecond);
}

TEST(Time, Fractions) {
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.5Z"), 500'000);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.123456Z"), 123'456);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.1234567Z"), 123'456);  // 100 ns digit truncated
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.9999999Z"), 999'999);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.000001"), 1);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.0000001Z"), 0);
  EXPECT_EQ(parse_ok("1970-01-01T00:00:00.0Z"), 0);
  EXPECT_EQ(parse_ok("1969-12-31T23:59:59.5Z"), -500'000);
  EXPECT_FALSE(parse_iso8601("1970-01-01T00:00:00.12345678Z"));  // 8 digits
  EXPECT_FALSE(parse_iso8601("1970-01-01T00:00:00.Z"));
  EXPECT_FALSE(parse_iso8601("1970-01-01T00:00:00."));
  EXPECT_FALSE(parse_iso8601("1970-01-01T00:00.5"));  // fraction needs seconds
}

TEST(Time, Offsets) {
  const Micros utc = parse_ok("2024-06-15T12:00:00Z");
  EXPECT_EQ(parse_ok("2024-06-15T14:00:00+02:00"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T14:00:00+0200"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T07:00:00-05:00"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T07:00:00-0500"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T17:30:00+05:30"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T12:00:00+00:00"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T12:00:00-00:00"), utc);
  EXPECT_EQ(parse_ok("2024-06-15T12:00:00.25+01:00"), utc - 3600 * kSecond + 250'000);
  // Crossing a day, month and year boundary.
  EXPECT_EQ(parse_ok("2024-01-01T00:30:00+01:00"), parse_ok("2023-12-31T23:30:00Z"));
  EXPECT_EQ(format_iso8601(parse_ok("2024-01-01T00:30:00+01:00")), "2023-12-31T23:30:00Z");
  EXPECT_EQ(format_iso8601(parse_ok("2023-12-31T23:30:00-01:00")), "2024-01-01T00:30:00Z");
  for (const char* bad : {"2024-06-15T12:00:00+2", "2024-06-15T12:00:00+02", "2024-06-15T12:00:00+02:0",
                          "2024-06-15T12:00:00+024:00", "2024-06-15T12:00:00+24:00", "2024-06-15T12:00:00+02:60",
                          "2024-06-15T12:00:00 +02:00", "2024-06-15T12:00:00ZZ", "2024-06-15T12:00:00Z+01:00",
                          "2024-06-15T12:00:00UTC", "2024-06-15T12:00:00+02:00:00"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Time, LeapYears) {
  EXPECT_EQ(format_iso8601(parse_ok("2024-02-29T10:00:00Z")), "2024-02-29T10:00:00Z");
  EXPECT_EQ(parse_ok("2024-03-01") - parse_ok("2024-02-28"), 2 * kDay);
  EXPECT_EQ(parse_ok("2023-03-01") - parse_ok("2023-02-28"), kDay);
  EXPECT_TRUE(parse_iso8601("2000-02-29"));  // divisible by 400
  EXPECT_FALSE(parse_iso8601("1900-02-29"));  // divisible by 100 only
  EXPECT_FALSE(parse_iso8601("2023-02-29"));
  EXPECT_FALSE(parse_iso8601("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-02-30"));
  EXPECT_FALSE(parse_iso8601("2023-02-30"));
  EXPECT_EQ(format_iso8601(parse_ok("2000-02-29T23:59:59Z") + kSecond), "2000-03-01T00:00:00Z");
}

TEST(Time, InvalidDatesAndTimes) {
  for (const char* bad :
       {"", "2023", "2023-01", "2023-13-01", "2023-00-01", "2023-01-00", "2023-01-32", "2023-04-31", "2023-06-31",
        "2023-09-31", "2023-11-31", "0000-01-01", "10000-01-01", "-2023-01-01", "23-01-01", "2023-1-01", "2023-01-1",
        "2023/01/01", "2023-01-01T", "2023-01-01T1:00:00", "2023-01-01T10", "2023-01-01T10:", "2023-01-01T10:0",
        "2023-01-01T10:00:", "2023-01-01T10:00:0", "2023-01-01T24:00:01", "2023-01-01T24:01:00",
        "2023-01-01T24:00:00.1", "2023-01-01T25:00:00", "2023-01-01T10:60:00", "2023-01-01T10:00:60",
        "2023-01-01T10:00:00 ", " 2023-01-01", "2023-01-01x", "2023-01-01TT10:00:00", "2023-01-01_10:00:00",
        "2023-01-01T10:00:00.123abc", "abcd-ef-gh", "2023-01-01Z"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Time, EndOfDayMidnight) {
  // ISO 8601 "24:00:00" is the midnight that ends the day.
  EXPECT_EQ(parse_ok("2023-12-31T24:00:00Z"), parse_ok("2024-01-01T00:00:00Z"));
  EXPECT_EQ(parse_ok("2023-12-31T24:00:00.000Z"), parse_ok("2024-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("9999-12-31T24:00:00Z"));  // would be year 10000
}

TEST(Time, YearRange) {
  const Micros first = parse_ok("0001-01-01T00:00:00Z");
  EXPECT_EQ(first, -62'135'596'800LL * kSecond);
  EXPECT_EQ(format_iso8601(first), "0001-01-01T00:00:00Z");
  const Micros last = parse_ok("9999-12-31T23:59:59.9999999Z");
  EXPECT_EQ(last, 253'402'300'799LL * kSecond + 999'999);
  EXPECT_EQ(format_iso8601(last), "9999-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_iso8601(parse_ok("9999-12-31")), "9999-12-31T00:00:00Z");
  // Offsets that push the instant outside years 1-9999 are rejected.
  EXPECT_FALSE(parse_iso8601("0001-01-01T00:00:00+01:00"));
  EXPECT_FALSE(parse_iso8601("9999-12-31T23:30:00-01:00"));
  EXPECT_TRUE(parse_iso8601("0001-01-01T00:00:00-01:00"));
  EXPECT_TRUE(parse_iso8601("9999-12-31T23:30:00+01:00"));
}

TEST(Time, Formatting) {
  const Micros t = parse_ok("2026-11-22T13:45:12Z");
  EXPECT_EQ(format_iso8601(t), "2026-11-22T13:45:12Z");
  EXPECT_EQ(format_iso8601(t + 500'000), "2026-11-22T13:45:12.5Z");
  EXPECT_EQ(format_iso8601(t + 120'000), "2026-11-22T13:45:12.12Z");
  EXPECT_EQ(format_iso8601(t + 1), "2026-11-22T13:45:12.000001Z");
  EXPECT_EQ(format_iso8601(t + 123'456), "2026-11-22T13:45:12.123456Z");
  EXPECT_EQ(format_iso8601(t + 100'000), "2026-11-22T13:45:12.1Z");
  EXPECT_EQ(format_iso8601(parse_ok("2026-01-05T03:04:05+02:00")), "2026-01-05T01:04:05Z");
  EXPECT_EQ(format_iso8601(parse_ok("2026-01-05")), "2026-01-05T00:00:00Z");
}

TEST(Time, RoundTripsEveryMonthBoundary) {
  for (int year : {1, 4, 100, 1600, 1899, 1970, 1999, 2000, 2023, 2024, 2100, 9999}) {
    for (int month = 1; month <= 12; ++month) {
      char text[32];
      std::snprintf(text, sizeof text, "%04d-%02d-01T12:34:56.789Z", year, month);
      const auto t = parse_iso8601(text);
      ASSERT_TRUE(t) << text;
      EXPECT_EQ(format_iso8601(*t), text);
      EXPECT_EQ(format_iso8601(*t - kDay).substr(11), "12:34:56.789Z");
    }
  }
}

TEST(Time, NowIsCurrent) {
  const Micros before = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const Micros t = now();
  EXPECT_GE(t, before);
  EXPECT_LT(t - before, 60 * kSecond);
  EXPECT_GT(t, parse_ok("2020-01-01"));
  EXPECT_TRUE(parse_iso8601(format_iso8601(t)));
  EXPECT_EQ(*parse_iso8601(format_iso8601(t)), t);
}

}  // namespace
}  // namespace norced::timeutil
