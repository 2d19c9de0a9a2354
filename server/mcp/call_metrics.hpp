#pragma once
// Per-tool call metrics, registered once at start so a call only touches atomics:
//   mcpgw_tool_calls_total{tool, outcome}   outcome: ok or a stable error code
//   mcpgw_tool_call_duration_seconds{tool}
// Label values come from configuration (tool names) and a fixed outcome list, never from
// request data, so the number of series is bounded.

#include <backends/core/catalog.hpp>
#include <backends/core/metrics.hpp>

#include <array>
#include <string_view>
#include <vector>

namespace mcpgw::server {

class call_metrics {
public:
    call_metrics() = default;  // records nothing (tests, check mode)
    call_metrics(backends::metrics_registry& registry, const backends::catalog& catalog);

    /// `tool_index` is the tool's position in catalog.tools(); `result` its CallToolResult.
    void record(std::size_t tool_index, const nlohmann::json& result, double seconds) const;

private:
    static constexpr std::array<std::string_view, 10> outcomes{
        "ok",
        "invalid_argument",
        "refused",
        "timeout",
        "cancelled",
        "pool_timeout",
        "unavailable",
        "backend_error",
        "not_found",
        "internal"};
    struct per_tool {
        std::array<backends::counter*, outcomes.size()> calls{};
        backends::histogram* duration = nullptr;
    };
    std::vector<per_tool> tools_;
};

}  // namespace mcpgw::server
