#pragma once
// The `pool:` map of a server entry, read into pool_options. Keys (all optional):
// min, max, max_waiters, acquire_timeout, connect_timeout, ping_interval, idle_timeout,
// max_lifetime. Errors name the key and line.

#include "options.hpp"

#include <backends/core/config_node.hpp>

#include <optional>

namespace mcpgw::backends::pool {

/// `node` is the server entry's `pool` child, or nullopt when absent (defaults).
/// `defaults` lets a source type pick its own (e.g. a larger max for Redis).
pool_options parse_pool_options(const std::optional<config_node>& node, pool_options defaults);

}  // namespace mcpgw::backends::pool
