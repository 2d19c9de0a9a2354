#include "redis_backend.hpp"

#include "command_tool.hpp"
#include "declared_tool.hpp"
#include "redis_source.hpp"
#include "settings.hpp"

namespace mcpgw::backends::redis {
namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    contribution out;
    std::vector<std::shared_ptr<redis_source>> sources;
    for (const auto& node : servers) {
        sources.push_back(std::make_shared<redis_source>(parse_settings(node), runtime));
    }
    if (sources.empty()) {
        return out;
    }
    out.tools = make_declared_tools(tools, sources);
    out.tools.push_back(make_command_tool(sources));
    out.sources.assign(sources.begin(), sources.end());
    return out;
}

}  // namespace

backends::backend_factory redis_backend_factory() {
    return {"redis", &build};
}

}  // namespace mcpgw::backends::redis
