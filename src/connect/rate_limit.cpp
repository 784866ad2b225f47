#include "connect/rate_limit.hpp"

#include <strings.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace norced::connect {

std::optional<RateLimit> parse_rate_limit(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + slash, n);
  if (ec != std::errc() || ptr != text.data() + slash || n < 1) return std::nullopt;
  const std::string_view unit = text.substr(slash + 1);
  auto is = [&](std::string_view u) { return unit.size() == u.size() && strncasecmp(unit.data(), u.data(), u.size()) == 0; };
  RateLimit out;
  out.requests = n;
  if (is("s") || is("sec") || is("second")) out.period = std::chrono::seconds(1);
  else if (is("min") || is("minute") || is("m")) out.period = std::chrono::seconds(60);
  else if (is("h") || is("hour")) out.period = std::chrono::seconds(3600);
  else return std::nullopt;
  return out;
}

std::optional<int64_t> RateLimiter::refuse(int64_t tenant) {
  if (limit_.requests <= 0) return std::nullopt;
  const int64_t now = clock_.now();
  const double period_micros = static_cast<double>(limit_.period.count()) * 1e6;
  const double per_micro = static_cast<double>(limit_.requests) / period_micros;
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(tenant, Bucket{static_cast<double>(limit_.requests), now});
  Bucket& b = it->second;
  if (!fresh && now > b.at)
    b.tokens = std::min(static_cast<double>(limit_.requests), b.tokens + static_cast<double>(now - b.at) * per_micro);
  b.at = std::max(b.at, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait_micros = (1.0 - b.tokens) / per_micro;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_micros / 1e6)));
}

}  // namespace norced::connect
