// Connect's optional request limit per client (Norce SaaS allows 60 requests a minute per customer; off by
// default here, `--connect-rate-limit 60/min` reproduces it). A token bucket per tenant: `requests` tokens
// at most, refilled evenly over `period`; a request that finds the bucket empty is refused with the seconds
// until the next token, for Retry-After. Time comes from the injected clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/problem.hpp"

namespace norced::connect {

struct RateLimit {
  int64_t requests = 0;  // 0 = no limit
  std::chrono::seconds period{60};
};

// "60/min", "10/s", "1000/h" (also "sec", "second", "minute", "hour"). Nullopt when it is none of these.
std::optional<RateLimit> parse_rate_limit(std::string_view text);

class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const Clock& clock) : limit_(limit), clock_(clock) {}
  // Takes one token of `tenant`'s bucket; when there is none, the whole seconds to wait for one (at least 1).
  std::optional<int64_t> refuse(int64_t tenant);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at = 0;  // micros of the last refill
  };
  RateLimit limit_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<int64_t, Bucket> buckets_;
};

}  // namespace norced::connect
