#include "drain_check.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::server::policy {

std::optional<call_refusal> drain_check::on_call(const call_request&) {
    if (!draining_) {
        return std::nullopt;
    }
    return call_refusal{
        std::string(backends::error_code::draining),
        "the gateway is shutting down: no new calls",
        true,
        std::chrono::seconds(1)};
}

}  // namespace mcpgw::server::policy
