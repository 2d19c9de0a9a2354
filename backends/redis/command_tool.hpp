#pragma once
// The `redis_command {server, command, args[]}` tool over every configured Redis server.

#include "redis_source.hpp"

#include <backends/core/tool.hpp>

#include <memory>
#include <vector>

namespace mcpgw::backends::redis {

/// `sources` must not be empty.
std::shared_ptr<const tool> make_command_tool(
    const std::vector<std::shared_ptr<redis_source>>& sources
);

/// A JSON scalar as the one argument string Redis gets (strings as they are, numbers in
/// decimal, booleans "true"/"false").
std::string argument_text(const nlohmann::json& value);

}  // namespace mcpgw::backends::redis
