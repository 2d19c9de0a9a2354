#include "prometheus_backend.hpp"

#include "prometheus_source.hpp"
#include "settings.hpp"
#include "tool_support.hpp"

namespace mcpgw::backends::prometheus {
namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    contribution out;
    for (const auto& t : tools) {
        t.fail("config-declared tools are not supported for prometheus servers yet");
    }
    std::vector<std::shared_ptr<source>> sources;
    for (const auto& node : servers) {
        auto settings = parse_settings(node);
        try {
            sources.push_back(std::make_shared<prometheus_source>(std::move(settings), runtime));
        } catch (const std::runtime_error& e) {
            // The HTTP client throws when ca_file cannot be loaded: a configuration error.
            node.child("ca_file").fail(e.what());
        }
    }
    if (sources.empty()) {
        return out;
    }
    server_argument args(sources);
    add_query_tools(out.tools, args);
    add_catalog_tools(out.tools, args);
    add_status_tools(out.tools, args);
    add_service_tools(out.tools, args);
    out.sources = std::move(sources);
    return out;
}

}  // namespace

backends::backend_factory prometheus_backend_factory() {
    return {"prometheus", &build};
}

}  // namespace mcpgw::backends::prometheus
