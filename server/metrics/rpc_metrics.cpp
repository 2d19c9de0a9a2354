#include "rpc_metrics.hpp"

namespace mcpgw::server {

namespace {

template <std::size_t N>
std::size_t index_of(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i + 1 < N; ++i) {
        if (names[i] == name) {
            return i;
        }
    }
    return N - 1;  // "other"
}

}  // namespace

rpc_metrics::rpc_metrics(backends::metrics_registry& registry) {
    for (auto m : request_methods) {
        for (auto o : outcomes) {
            // The usual pair (known method, ok) is shown from the start; the rest once used.
            bool usual = o == "ok" && m != "other";
            requests_.push_back(&registry.get_counter(
                "mcpgw_rpc_requests_total",
                "JSON-RPC requests handled, by MCP method (or other) and outcome.",
                {{"method", std::string(m)}, {"outcome", std::string(o)}},
                usual ? backends::zero_series::shown : backends::zero_series::hidden
            ));
        }
    }
    for (auto m : notification_methods) {
        notifications_.push_back(&registry.get_counter(
            "mcpgw_rpc_notifications_total",
            "JSON-RPC notifications received, by MCP method (or other).",
            {{"method", std::string(m)}},
            backends::zero_series::hidden
        ));
    }
}

void rpc_metrics::record_request(std::string_view method, const protocol::rpc_outcome& outcome)
    const {
    if (requests_.empty()) {
        return;
    }
    std::size_t o = 1;  // error
    if (const auto* result = std::get_if<nlohmann::json>(&outcome)) {
        o = result->is_discarded() ? 2 : 0;
    }
    requests_[index_of(request_methods, method) * outcomes.size() + o]->inc();
}

void rpc_metrics::record_notification(std::string_view method) const {
    if (notifications_.empty()) {
        return;
    }
    notifications_[index_of(notification_methods, method)]->inc();
}

}  // namespace mcpgw::server
