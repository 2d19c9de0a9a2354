#include "era_adapter.hpp"

namespace mcpgw::server {

nlohmann::json adapt_tool_definition(const protocol::era_traits& era, const nlohmann::json& tool) {
    nlohmann::json out = tool;
    if (!era.structured_content) {
        out.erase("outputSchema");
    }
    if (!era.tool_titles) {
        out.erase("title");
        if (auto a = out.find("annotations"); a != out.end() && a->is_object()) {
            a->erase("title");
        }
    }
    return out;
}

void adapt_call_result(const protocol::era_traits& era, nlohmann::json& result) {
    if (!era.structured_content) {
        result.erase("structuredContent");
    }
}

}  // namespace mcpgw::server
