#pragma once
// The one place that shapes messages for a protocol era: fields a version does not know
// are removed here, never with version checks scattered through handlers.

#include <protocol/versions.hpp>

#include <nlohmann/json.hpp>

namespace mcpgw::server {

/// A Tool object as tools/list shows it to a client of this era.
nlohmann::json adapt_tool_definition(const protocol::era_traits& era, const nlohmann::json& tool);

/// A CallToolResult as this era's client expects it (in place).
void adapt_call_result(const protocol::era_traits& era, nlohmann::json& result);

}  // namespace mcpgw::server
