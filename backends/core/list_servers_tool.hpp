#pragma once
// The `list_servers` tool: every configured source across all backend types, with its access
// mode, health and stats. The server adds it after every backend has built its sources.

#include "source.hpp"
#include "tool.hpp"

#include <memory>
#include <vector>

namespace mcpgw::backends {

std::shared_ptr<const tool> make_list_servers_tool(std::vector<std::shared_ptr<source>> all);

}  // namespace mcpgw::backends
