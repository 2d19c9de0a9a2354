#pragma once
// Pool state as list_servers and /readyz show it. No secrets: last_error is the connector's
// sanitised text.

#include "pool_state.hpp"

#include <nlohmann/json.hpp>

namespace mcpgw::backends::pool {

/// {size, in_use, idle, waiters, opening, last_error, total_connects, failed_connects}
nlohmann::json to_json(const pool_counts& c);

}  // namespace mcpgw::backends::pool
