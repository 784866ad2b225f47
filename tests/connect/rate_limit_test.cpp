// Connect's per-client request limit (connect/rate_limit.hpp) on a manual clock.
#include "connect/rate_limit.hpp"

#include <gtest/gtest.h>

namespace norced::connect {
namespace {

constexpr int64_t kSecond = 1'000'000;

TEST(ConnectRateLimit, ReadsTheLimitAsOperatorsWriteIt) {
  EXPECT_EQ(parse_rate_limit("60/min")->requests, 60);
  EXPECT_EQ(parse_rate_limit("60/min")->period, std::chrono::seconds(60));
  EXPECT_EQ(parse_rate_limit("10/s")->period, std::chrono::seconds(1));
  EXPECT_EQ(parse_rate_limit("1000/Hour")->period, std::chrono::seconds(3600));
  for (const char* bad : {"60", "/min", "0/min", "-1/min", "60/day", "x/min", "60/"}) EXPECT_FALSE(parse_rate_limit(bad)) << bad;
}

TEST(ConnectRateLimit, SixtyAMinuteAllowsABurstOfSixtyThenOneASecondPerClient) {
  ManualClock clock(1'700'000'000 * kSecond);
  RateLimiter limiter({60, std::chrono::seconds(60)}, clock);
  for (int i = 0; i < 60; ++i) EXPECT_FALSE(limiter.refuse(1)) << i;
  EXPECT_EQ(limiter.refuse(1), 1) << "the 61st waits a second";
  EXPECT_FALSE(limiter.refuse(2)) << "another client has its own bucket";
  clock.advance(kSecond / 2);
  EXPECT_EQ(limiter.refuse(1), 1);
  clock.advance(kSecond / 2);
  EXPECT_FALSE(limiter.refuse(1)) << "one token back after a second";
  EXPECT_TRUE(limiter.refuse(1));
  clock.advance(600 * kSecond);
  for (int i = 0; i < 60; ++i) EXPECT_FALSE(limiter.refuse(1)) << "refilled to the burst, not beyond: " << i;
  EXPECT_TRUE(limiter.refuse(1));
}

TEST(ConnectRateLimit, NoLimitRefusesNothing) {
  ManualClock clock(0);
  RateLimiter limiter({0, std::chrono::seconds(60)}, clock);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.refuse(1));
}

}  // namespace
}  // namespace norced::connect
