#include "core/time.hpp"

#include <chrono>
#include <cstdio>

namespace norced::timeutil {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
constexpr int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

constexpr Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  return {m <= 2 ? y + 1 : y, m, d};
}

constexpr bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int64_t y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Valid instants: 0001-01-01T00:00:00Z through 9999-12-31T23:59:59.999999Z.
constexpr Micros kMinInstant = days_from_civil(1, 1, 1) * kMicrosPerDay;
constexpr Micros kMaxInstant = days_from_civil(10000, 1, 1) * kMicrosPerDay - 1;

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // Exactly `count` decimal digits.
  bool digits(int count, int& out) {
    if (s_.size() - i_ < static_cast<size_t>(count)) return false;
    int v = 0;
    for (int k = 0; k < count; ++k) {
      const char c = s_[i_ + static_cast<size_t>(k)];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i_ += static_cast<size_t>(count);
    out = v;
    return true;
  }
  bool is_digit() const { return peek() >= '0' && peek() <= '9'; }
  void advance() { ++i_; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<Micros> parse_iso8601(std::string_view text) {
  Cursor c(text);
  int year = 0, month = 0, day = 0;
  if (!c.digits(4, year) || !c.eat('-') || !c.digits(2, month) || !c.eat('-') || !c.digits(2, day)) {
    return std::nullopt;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0;
  int64_t fraction_us = 0;
  bool fraction_nonzero = false;
  int64_t offset_minutes = 0;
  if (!c.done()) {
    if (!(c.eat('T') || c.eat('t') || c.eat(' '))) return std::nullopt;
    if (!c.digits(2, hour) || !c.eat(':') || !c.digits(2, minute)) return std::nullopt;
    if (c.eat(':')) {
      if (!c.digits(2, second)) return std::nullopt;
      if (c.eat('.')) {
        int count = 0;
        int64_t scale = 100'000;
        while (c.is_digit()) {
          const int digit = c.peek() - '0';
          if (++count > 7) return std::nullopt;
          if (digit != 0) fraction_nonzero = true;
          fraction_us += digit * scale;  // digits past the sixth (100 ns) are truncated: scale is 0 by then
          scale /= 10;
          c.advance();
        }
        if (count == 0) return std::nullopt;
      }
    }
    // 24:00:00 is the end of the day (ISO 8601); any later time is invalid.
    if (hour > 24 || minute > 59 || second > 59) return std::nullopt;
    if (hour == 24 && (minute != 0 || second != 0 || fraction_nonzero)) return std::nullopt;
    if (!c.done()) {
      if (c.eat('Z') || c.eat('z')) {
        // UTC
      } else if (c.peek() == '+' || c.peek() == '-') {
        const bool negative = c.peek() == '-';
        c.advance();
        int oh = 0, om = 0;
        if (!c.digits(2, oh)) return std::nullopt;
        c.eat(':');  // "+hh:mm" or "+hhmm"
        if (!c.digits(2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_minutes = (negative ? -1 : 1) * (oh * 60 + om);
      } else {
        return std::nullopt;
      }
    }
    if (!c.done()) return std::nullopt;
  }
  const int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  const Micros t = seconds * kMicrosPerSecond + fraction_us;
  if (t < kMinInstant || t > kMaxInstant) return std::nullopt;
  return t;
}

std::string format_iso8601(Micros t) {
  int64_t days = t / kMicrosPerDay;
  int64_t rem = t % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  const Civil date = civil_from_days(days);
  const int64_t secs = rem / kMicrosPerSecond;
  const int64_t micros = rem % kMicrosPerSecond;
  char buf[64];
  int len = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(date.year),
                          date.month, date.day, static_cast<long long>(secs / 3600),
                          static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  std::string out(buf, static_cast<size_t>(len));
  if (micros != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, "%06lld", static_cast<long long>(micros));
    std::string_view f(frac, 6);
    while (f.back() == '0') f.remove_suffix(1);
    out.push_back('.');
    out.append(f);
  }
  out.push_back('Z');
  return out;
}

Micros now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace norced::timeutil
