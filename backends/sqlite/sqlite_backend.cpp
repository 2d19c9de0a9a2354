#include "sqlite_backend.hpp"

#include "settings.hpp"
#include "sqlite_source.hpp"
#include "sqlite_tools.hpp"

namespace mcpgw::backends::sqlite {
namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    if (!tools.empty()) {
        tools.front().fail("config-declared tools are not supported for sqlite yet");
    }
    contribution out;
    std::vector<std::shared_ptr<sqlite_source>> sources;
    for (const auto& node : servers) {
        sources.push_back(std::make_shared<sqlite_source>(parse_settings(node), runtime));
    }
    if (sources.empty()) {
        return out;
    }
    out.tools = make_sqlite_tools(sources);
    out.sources.assign(sources.begin(), sources.end());
    return out;
}

}  // namespace

backends::backend_factory sqlite_backend_factory() {
    return {"sqlite", &build};
}

}  // namespace mcpgw::backends::sqlite
