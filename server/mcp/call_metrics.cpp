#include "call_metrics.hpp"

namespace mcpgw::server {

call_metrics::call_metrics(backends::metrics_registry& registry, const backends::catalog& catalog) {
    for (const auto& t : catalog.tools()) {
        per_tool m;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            m.calls[i] = &registry.get_counter(
                "mcpgw_tool_calls_total",
                "Tool calls by tool and outcome (ok or the error code).",
                {{"tool", t.impl->name()}, {"outcome", std::string(outcomes[i])}}
            );
        }
        m.duration = &registry.get_histogram(
            "mcpgw_tool_call_duration_seconds",
            "Tool call latency in seconds.",
            {{"tool", t.impl->name()}}
        );
        tools_.push_back(m);
    }
}

void call_metrics::record(std::size_t tool_index, const nlohmann::json& result, double seconds)
    const {
    if (tool_index >= tools_.size()) {
        return;
    }
    std::size_t outcome = 0;
    if (result.value("isError", false)) {
        outcome = outcomes.size() - 1;  // "internal" unless a known code says otherwise
        const auto* sc =
            result.contains("structuredContent") ? &result["structuredContent"] : nullptr;
        if (sc && sc->contains("error") && (*sc)["error"].contains("code") &&
            (*sc)["error"]["code"].is_string()) {
            const auto& code = (*sc)["error"]["code"].get_ref<const std::string&>();
            for (std::size_t i = 1; i < outcomes.size(); ++i) {
                if (outcomes[i] == code) {
                    outcome = i;
                }
            }
        }
    }
    tools_[tool_index].calls[outcome]->inc();
    tools_[tool_index].duration->observe(seconds);
}

}  // namespace mcpgw::server
