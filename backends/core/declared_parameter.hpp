#pragma once
// Typed parameters of a config-declared tool (SQL statements, Redis command templates), read
// into a JSON Schema property:
//   {type: string|integer|number|boolean, description?, enum?, minimum?, maximum?,
//    minLength?, maxLength?, pattern?, default?}
// A parameter without a default is required.

#include "config_node.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace mcpgw::backends {

struct parameter {
    std::string name;
    nlohmann::json schema;
    std::optional<nlohmann::json> fallback;  // the declared default
};

/// Throws config_error naming the key and line.
parameter parse_parameter(const config_node& node, const std::string& name);

}  // namespace mcpgw::backends
