#include "conformance_backend.hpp"

#include "conformance_source.hpp"
#include "fixture_prompts.hpp"
#include "fixture_resources.hpp"
#include "tools.hpp"

namespace mcpgw::backends::conformance {

namespace {

contribution build(
    const std::vector<config_node>& servers,
    const std::vector<config_node>& tools,
    const backend_runtime& runtime
) {
    (void)runtime;
    contribution out;
    if (servers.empty()) {
        return out;
    }
    for (const auto& server : servers) {
        server.check_keys({"name", "type"});
    }
    // The fixture names are fixed, so a second entry would only produce duplicate tools.
    if (servers.size() > 1) {
        servers[1].fail("only one server of type conformance may be configured");
    }
    if (!tools.empty()) {
        tools.front().fail("conformance servers take no tools: entries");
    }
    out.sources.push_back(
        std::make_shared<conformance_source>(servers.front().required_string("name"))
    );
    for (auto* group : {content_tools, notification_tools, client_request_tools}) {
        for (auto& t : group()) {
            out.tools.push_back(std::move(t));
        }
    }
    out.resources.push_back(std::make_shared<fixture_resources>());
    out.prompts = fixture_prompts();
    return out;
}

}  // namespace

backends::backend_factory conformance_backend_factory() {
    return {"conformance", build};
}

}  // namespace mcpgw::backends::conformance
