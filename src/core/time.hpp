// UTC instants. Stored and compared as microseconds since the Unix epoch; exchanged as ISO 8601 text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace norced::timeutil {

using Micros = int64_t;  // microseconds since 1970-01-01T00:00:00Z

// Accepts "YYYY-MM-DDTHH:MM:SS" with optional fraction (1-7 digits, truncated to microseconds) and optional
// zone "Z" or "+hh:mm"/"-hh:mm" (converted to UTC); no zone means UTC. Also accepts a bare date "YYYY-MM-DD"
// (midnight UTC) and a space instead of 'T'. Rejects impossible dates (2023-02-30) and years outside 1-9999.
std::optional<Micros> parse_iso8601(std::string_view text);

// "2026-11-22T13:45:12Z", or with the fraction trimmed of trailing zeros: "2026-11-22T13:45:12.5Z".
std::string format_iso8601(Micros t);

Micros now();

}  // namespace norced::timeutil
