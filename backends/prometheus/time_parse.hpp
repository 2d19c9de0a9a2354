#pragma once
// Times and durations as the Prometheus tools accept them. Pure functions: `now` is passed in.
//
//   durations: Prometheus syntax, units in decreasing order, each once: 1h30m, 15s, 2d, 500ms
//   times:     RFC 3339 (2026-11-22T04:00:00Z, 2026-11-22T06:00:00.5+02:00), unix seconds
//              (1700000000 or 1700000000.25, as a JSON number or a string), `now`, `now-1h`,
//              `now+5m`, and a bare duration (`30m`) meaning now minus it.
//
// Failures say why in `why` (safe to show: the text quotes only the argument itself).

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::backends::prometheus {

/// A Prometheus duration in seconds (>= 0), or nullopt with `why`.
std::optional<double> parse_duration(std::string_view text, std::string& why);

/// A step: a Prometheus duration or a plain number of seconds ("15", "0.5"); must be > 0.
std::optional<double> parse_step(const nlohmann::json& value, std::string& why);

/// A time as unix seconds, or nullopt with `why`. `now` is unix seconds.
std::optional<double> parse_time(const nlohmann::json& value, double now, std::string& why);

/// RFC 3339 in UTC with millisecond precision when fractional: 2026-11-22T04:00:00.250Z.
std::string format_time(double unix_seconds);

/// A duration for people: 90 -> "1m30s", 0.25 -> "250ms", 86400 -> "1d".
std::string format_duration(double seconds);

/// Seconds as a Prometheus API parameter, millisecond precision: "1700000000.25".
std::string unix_param(double seconds);

/// The current time as unix seconds (system clock).
double unix_now();

}  // namespace mcpgw::backends::prometheus
