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
    // An error result never carries structuredContent, in any version: it would have to match
    // the tool's outputSchema, which describes successes (clients such as the official SDK
    // reject the result otherwise). Its machine-readable part is _meta["mcpgw/error"].
    if (!era.structured_content || result.value("isError", false)) {
        result.erase("structuredContent");
    }
}

}  // namespace mcpgw::server
