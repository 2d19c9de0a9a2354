#pragma once
// URL query strings for the Prometheus HTTP API (application/x-www-form-urlencoded values).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpgw::backends::prometheus {

using query_params = std::vector<std::pair<std::string, std::string>>;

/// Percent-encodes everything but unreserved characters (A-Z a-z 0-9 - _ . ~).
std::string percent_encode(std::string_view text);

/// "a=1&match%5B%5D=up" (names and values encoded; a repeated name stays repeated).
std::string encode_query(const query_params& params);

}  // namespace mcpgw::backends::prometheus
