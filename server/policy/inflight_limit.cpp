#include "inflight_limit.hpp"

#include <backends/core/log.hpp>
#include <backends/core/tool_result.hpp>

namespace mcpgw::server::policy {

std::optional<call_refusal> inflight_limit::on_call(const call_request& r) {
    if (inflight_.load(std::memory_order_relaxed) < max_) {
        inflight_.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    }
    log::info(
        "call refused",
        {{"request_id", r.request_id},
         {"principal", r.principal},
         {"method", r.method},
         {"tool", r.tool},
         {"server", r.server},
         {"outcome", backends::error_code::overloaded},
         {"reason", "limits.max_inflight_calls reached"}}
    );
    return call_refusal{
        std::string(backends::error_code::overloaded),
        "too many calls in flight (limits.max_inflight_calls = " + std::to_string(max_) + ")",
        true,
        std::chrono::seconds(1)};
}

void inflight_limit::on_outcome(const call_request&, std::string_view) {
    inflight_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace mcpgw::server::policy
