#pragma once
// JSON-RPC messages the MCP service handled, whatever the transport:
//   mcpgw_rpc_requests_total{method, outcome}   outcome: ok, error (a JSON-RPC error) or
//                                                cancelled (the client cancelled; no answer)
//   mcpgw_rpc_notifications_total{method}
// `method` is one of the MCP methods the gateway knows, else "other": never the raw text.
// Series are registered once; a message costs a few string compares and one atomic add.

#include <backends/core/metrics.hpp>
#include <protocol/jsonrpc.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace mcpgw::server {

class rpc_metrics {
public:
    rpc_metrics() = default;  // records nothing
    explicit rpc_metrics(backends::metrics_registry& registry);

    void record_request(std::string_view method, const protocol::rpc_outcome& outcome) const;
    void record_notification(std::string_view method) const;

    static constexpr std::array<std::string_view, 14> request_methods{
        "initialize",
        "ping",
        "tools/list",
        "tools/call",
        "resources/list",
        "resources/templates/list",
        "resources/read",
        "resources/subscribe",
        "resources/unsubscribe",
        "prompts/list",
        "prompts/get",
        "completion/complete",
        "logging/setLevel",
        "other"};
    static constexpr std::array<std::string_view, 3> outcomes{"ok", "error", "cancelled"};
    static constexpr std::array<std::string_view, 6> notification_methods{
        "notifications/initialized",
        "notifications/cancelled",
        "notifications/progress",
        "notifications/roots/list_changed",
        "notifications/message",
        "other"};

private:
    std::vector<backends::counter*> requests_;  // [method][outcome], flattened
    std::vector<backends::counter*> notifications_;
};

}  // namespace mcpgw::server
