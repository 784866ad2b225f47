// Exact decimal numbers for money and percentages (the .NET `decimal` the Norce contracts use): an integer
// coefficient and a base-10 scale, never binary floating point. Parsed from and written to JSON number text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace norced {

class Decimal {
 public:
  // Largest scale and significant digits accepted, as in .NET System.Decimal (28 fractional digits, 96-bit
  // coefficient, about 7.9e28).
  static constexpr int kMaxScale = 28;

  Decimal() = default;
  static Decimal from_int(int64_t v) { return Decimal(v, 0); }

  // Parses JSON number grammar ("-12.50", "1e3", "2.5E-2"). Exponents are folded into the scale; the scale
  // given by the text is kept ("12.50" stays 12.50). Returns nullopt on bad grammar or out of decimal range.
  static std::optional<Decimal> parse(std::string_view text);

  // Plain notation with the kept scale, e.g. "12.50", "-0.5", "25". Never exponent notation.
  std::string to_string() const;

  int scale() const { return scale_; }
  bool is_negative() const { return coefficient_ < 0; }
  bool is_integer() const;  // no fractional part (after removing trailing zeros)
  // Numeric comparison regardless of scale: 1.50 == 1.5.
  int compare(const Decimal& other) const;
  bool operator==(const Decimal& o) const { return compare(o) == 0; }
  bool operator<(const Decimal& o) const { return compare(o) < 0; }

 private:
  Decimal(__int128 coefficient, int scale) : coefficient_(coefficient), scale_(scale) {}
  __int128 coefficient_ = 0;
  int scale_ = 0;
};

}  // namespace norced
