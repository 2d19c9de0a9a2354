#include "versions.hpp"

namespace mcpgw::protocol {

std::optional<era_traits> traits_for(std::string_view version) {
    if (version == "2024-11-05") {
        return era_traits{
            .version = "2024-11-05",
            .family = era::legacy_sse,
            .batches_allowed = true};
    }
    if (version == "2025-03-26") {
        return era_traits{.version = "2025-03-26", .batches_allowed = true};
    }
    if (version == "2025-06-18") {
        return era_traits{
            .version = "2025-06-18",
            .structured_content = true,
            .elicitation = true,
            .tool_titles = true};
    }
    if (version == "2025-11-25") {
        return era_traits{
            .version = "2025-11-25",
            .sse_priming_event = true,
            .structured_content = true,
            .elicitation = true,
            .tool_titles = true};
    }
    return std::nullopt;
}

std::string_view negotiate(std::string_view requested) {
    for (auto v : supported_versions) {
        if (v == requested) {
            return v;
        }
    }
    return latest_version;
}

}  // namespace mcpgw::protocol
