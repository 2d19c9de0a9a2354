#pragma once
// Small text pieces shared by the renderings: numbers, label sets, bounded lines.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mcpgw::backends::prometheus {

/// Shortest round-trip form: 1, 0.25, 1.5e+09.
std::string format_number(double v);

/// `name{a="1", b="2"}` from a label object (__name__ first, values PromQL-quoted);
/// `{}` for no labels. Cut at `max_chars` with "...".
std::string format_labels(const nlohmann::json& labels, std::size_t max_chars = 300);

/// `text` cut at `max_chars` on a UTF-8 boundary, with "..." when cut.
std::string clip(std::string_view text, std::size_t max_chars);

/// A Prometheus timestamp field (number, or RFC 3339 string as in targets/alerts) as text.
std::string format_timestamp(const nlohmann::json& value);

}  // namespace mcpgw::backends::prometheus
