#pragma once
// Per-tool call metrics, registered once at start so a call only touches atomics:
//   mcpgw_tool_calls_total{tool, server, outcome}   outcome: ok or a stable error code
//   mcpgw_tool_call_duration_seconds{tool}
// `server` is the call's `server` argument for tools that have one (a string enum of the
// configured servers, so the value is already one of a fixed set; with one server it is the
// default), else "". Label values come from configuration (tool and server names) and a fixed
// outcome list, never from request data, so the number of series is bounded. The ok series of
// every tool and server is shown from the start, error outcomes once they have happened.

#include <backends/core/catalog.hpp>
#include <backends/core/metrics.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::server {

class call_metrics {
public:
    call_metrics() = default;  // records nothing (tests, check mode)
    call_metrics(backends::metrics_registry& registry, const backends::catalog& catalog);

    /// The series slot of a call's server: its index in the tool's server list, or the ""
    /// slot when the tool has no server argument (or the value is not one of them).
    /// `arguments` are the call's arguments (validated or not). No allocation.
    std::size_t server_slot(std::size_t tool_index, const nlohmann::json& arguments) const;

    /// The server name of a slot from server_slot() ("" for the "" slot).
    std::string_view server_name(std::size_t tool_index, std::size_t server_slot) const;

    /// `tool_index` is the tool's position in catalog.tools(); `result` its CallToolResult.
    void record(
        std::size_t tool_index,
        std::size_t server_slot,
        const nlohmann::json& result,
        double seconds
    ) const;
    /// A call refused before it ran (arguments failed the inputSchema): counted as
    /// invalid_argument, not timed.
    void record_rejected(std::size_t tool_index, std::size_t server_slot) const;

    static constexpr std::array<std::string_view, 12> outcomes{
        "ok",
        "invalid_argument",
        "refused",
        "timeout",
        "cancelled",
        "pool_timeout",
        "unavailable",
        "backend_error",
        "not_found",
        "overloaded",
        "draining",
        "internal"};

private:
    using outcome_counters = std::array<backends::counter*, outcomes.size()>;
    struct per_tool {
        std::vector<std::string> servers;     // from the `server` enum; may be empty
        std::vector<outcome_counters> calls;  // one per server, then the "" slot last
        backends::histogram* duration = nullptr;
    };
    std::vector<per_tool> tools_;
};

}  // namespace mcpgw::server
