#pragma once
// Config-declared Redis tools (`tools:` entries bound to a Redis server):
//
//   - name: user_name
//     server: cache
//     description: A user's display name
//     command: [HGET, "user:{id}", name]
//     parameters:
//       id: {type: integer, minimum: 1}
//
// The inputSchema comes from `parameters` (as for SQL tools). Values are substituted inside
// one argument each (command_template.hpp). The command passes the server's access check at
// start-up (against the recorded Redis 7.0 table) or the configuration is refused; every call
// is checked again against the server's own table with the real values.

#include "redis_source.hpp"

#include <backends/core/config_node.hpp>
#include <backends/core/tool.hpp>

#include <memory>
#include <vector>

namespace mcpgw::backends::redis {

/// One tool per entry; throws config_error naming the key and line.
std::vector<std::shared_ptr<const tool>> make_declared_tools(
    const std::vector<config_node>& entries,
    const std::vector<std::shared_ptr<redis_source>>& sources
);

}  // namespace mcpgw::backends::redis
