#include "core/decimal.hpp"

#include <algorithm>

namespace norced {

namespace {

using u128 = unsigned __int128;

constexpr int kMaxDigits = 29;  // digits of the largest coefficient, 79228162514264337593543950335

constexpr u128 pow10(int n) {
  u128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

u128 magnitude(__int128 v) { return v < 0 ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  bool negative = false;
  if (i < n && text[i] == '-') {
    negative = true;
    ++i;
  }
  // Integer part: "0" or [1-9][0-9]*.
  const size_t int_begin = i;
  if (i >= n || !is_digit(text[i])) return std::nullopt;
  if (text[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(text[i])) ++i;
  }
  const std::string_view int_part = text.substr(int_begin, i - int_begin);
  // Fraction: '.' [0-9]+
  std::string_view frac_part;
  if (i < n && text[i] == '.') {
    ++i;
    const size_t frac_begin = i;
    while (i < n && is_digit(text[i])) ++i;
    if (i == frac_begin) return std::nullopt;
    frac_part = text.substr(frac_begin, i - frac_begin);
  }
  // Exponent: [eE] [+-]? [0-9]+ (saturated; anything beyond a few hundred is out of range anyway).
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    const size_t exp_begin = i;
    while (i < n && is_digit(text[i])) {
      if (exponent < 1'000'000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_begin) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return std::nullopt;

  // All significant digits (integer then fraction), leading zeros dropped; value = digits * 10^-scale.
  std::string digits;
  digits.reserve(int_part.size() + frac_part.size());
  digits.append(int_part);
  digits.append(frac_part);
  const size_t first_nonzero = digits.find_first_not_of('0');
  digits.erase(0, first_nonzero == std::string::npos ? digits.size() : first_nonzero);
  int64_t scale = static_cast<int64_t>(frac_part.size()) - exponent;

  // Too many fractional digits: drop trailing zeros while that helps (zero itself just caps the scale).
  while (scale > kMaxScale) {
    if (digits.empty()) {
      scale = kMaxScale;
    } else if (digits.back() == '0') {
      digits.pop_back();
      --scale;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) return Decimal(0, std::max<int64_t>(scale, 0));
  if (scale < 0) {
    // Fold a positive exponent into the coefficient.
    if (static_cast<int64_t>(digits.size()) - scale > kMaxDigits) return std::nullopt;
    digits.append(static_cast<size_t>(-scale), '0');
    scale = 0;
  }
  // A coefficient too large for 96 bits may still be in range when it only carries trailing fractional zeros
  // ("79228162514264337593543950335.00"): drop those before giving up.
  auto fits = [](const std::string& d) {
    static constexpr std::string_view kMax = "79228162514264337593543950335";
    return d.size() < kMax.size() || (d.size() == kMax.size() && std::string_view(d) <= kMax);
  };
  while (!fits(digits) && scale > 0 && digits.back() == '0') {
    digits.pop_back();
    --scale;
  }
  if (!fits(digits)) return std::nullopt;
  u128 coefficient = 0;
  for (char c : digits) coefficient = coefficient * 10 + static_cast<u128>(c - '0');
  const auto signed_coefficient = static_cast<__int128>(coefficient);
  return Decimal(negative ? -signed_coefficient : signed_coefficient, static_cast<int>(scale));
}

std::string Decimal::to_string() const {
  u128 m = magnitude(coefficient_);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  while (digits.size() < static_cast<size_t>(scale_) + 1) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale_ > 0) digits.insert(digits.size() - static_cast<size_t>(scale_), 1, '.');
  if (coefficient_ < 0) digits.insert(digits.begin(), '-');
  return digits;
}

bool Decimal::is_integer() const { return magnitude(coefficient_) % pow10(scale_) == 0; }

int Decimal::compare(const Decimal& other) const {
  const int sa = coefficient_ < 0 ? -1 : (coefficient_ > 0 ? 1 : 0);
  const int sb = other.coefficient_ < 0 ? -1 : (other.coefficient_ > 0 ? 1 : 0);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  // Same sign: compare magnitudes without rescaling the whole coefficient (2^96 * 10^28 overflows 128 bits):
  // integer parts first, then the fractional remainders brought to the common scale (< 10^28 each).
  const u128 ma = magnitude(coefficient_);
  const u128 mb = magnitude(other.coefficient_);
  const u128 pa = pow10(scale_);
  const u128 pb = pow10(other.scale_);
  int magnitude_cmp = 0;
  const u128 ia = ma / pa;
  const u128 ib = mb / pb;
  if (ia != ib) {
    magnitude_cmp = ia < ib ? -1 : 1;
  } else {
    const int common = std::max(scale_, other.scale_);
    const u128 fa = (ma % pa) * pow10(common - scale_);
    const u128 fb = (mb % pb) * pow10(common - other.scale_);
    magnitude_cmp = fa == fb ? 0 : (fa < fb ? -1 : 1);
  }
  return sa > 0 ? magnitude_cmp : -magnitude_cmp;
}

}  // namespace norced
