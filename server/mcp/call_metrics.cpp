#include "call_metrics.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::server {

namespace {

/// The names in inputSchema.properties.server.enum (a string enum), or none.
std::vector<std::string> server_names(const nlohmann::json& definition) {
    std::vector<std::string> names;
    const auto schema = definition.find("inputSchema");
    if (schema == definition.end() || !schema->is_object()) {
        return names;
    }
    const auto props = schema->find("properties");
    if (props == schema->end() || !props->is_object()) {
        return names;
    }
    const auto server = props->find("server");
    if (server == props->end() || !server->is_object()) {
        return names;
    }
    const auto values = server->find("enum");
    if (values == server->end() || !values->is_array()) {
        return names;
    }
    for (const auto& v : *values) {
        if (!v.is_string()) {
            return {};  // not the configured-server enum: treat the tool as server-less
        }
        names.push_back(v.get<std::string>());
    }
    return names;
}

/// The index of outcome `code` (an error code), or "internal" when unknown.
std::size_t outcome_index(const nlohmann::json& result) {
    if (!result.is_object() || !result.value("isError", false)) {
        return 0;
    }
    std::size_t outcome = call_metrics::outcomes.size() - 1;  // "internal" unless known
    const nlohmann::json* error = backends::error_of(result);
    if (error == nullptr || !error->is_object()) {
        return outcome;
    }
    const auto code = error->find("code");
    if (code == error->end() || !code->is_string()) {
        return outcome;
    }
    const auto& text = code->get_ref<const std::string&>();
    for (std::size_t i = 1; i < call_metrics::outcomes.size(); ++i) {
        if (call_metrics::outcomes[i] == text) {
            outcome = i;
        }
    }
    return outcome;
}

}  // namespace

call_metrics::call_metrics(backends::metrics_registry& registry, const backends::catalog& catalog) {
    for (const auto& t : catalog.tools()) {
        per_tool m;
        m.servers = server_names(t.impl->definition());
        const std::size_t slots = m.servers.size() + 1;
        for (std::size_t s = 0; s < slots; ++s) {
            const bool fallback = s == m.servers.size();
            // The "" slot of a tool with servers only catches the impossible (a value outside
            // the enum): shown only if it ever counts.
            const bool hide_slot = fallback && !m.servers.empty();
            const std::string server = fallback ? std::string() : m.servers[s];
            outcome_counters counters{};
            for (std::size_t i = 0; i < outcomes.size(); ++i) {
                const bool shown = i == 0 && !hide_slot;
                counters[i] = &registry.get_counter(
                    "mcpgw_tool_calls_total",
                    "Tool calls by tool, server (\"\" for tools without one) and outcome (ok or "
                    "the error code).",
                    {{"tool", t.impl->name()},
                     {"server", server},
                     {"outcome", std::string(outcomes[i])}},
                    shown ? backends::zero_series::shown : backends::zero_series::hidden
                );
            }
            m.calls.push_back(counters);
        }
        m.duration = &registry.get_histogram(
            "mcpgw_tool_call_duration_seconds",
            "Tool call latency in seconds (calls that ran; refused arguments are not timed).",
            {{"tool", t.impl->name()}}
        );
        tools_.push_back(std::move(m));
    }
}

std::size_t call_metrics::server_slot(std::size_t tool_index, const nlohmann::json& arguments)
    const {
    if (tool_index >= tools_.size()) {
        return 0;
    }
    const auto& servers = tools_[tool_index].servers;
    if (servers.empty()) {
        return 0;  // the "" slot
    }
    if (!arguments.is_object()) {
        return servers.size();
    }
    const auto value = arguments.find("server");
    if (value == arguments.end()) {
        // Optional only when one server is configured: it is then the default.
        return servers.size() == 1 ? 0 : servers.size();
    }
    if (!value->is_string()) {
        return servers.size();
    }
    const auto& name = value->get_ref<const std::string&>();
    for (std::size_t i = 0; i < servers.size(); ++i) {
        if (servers[i] == name) {
            return i;
        }
    }
    return servers.size();
}

std::string_view call_metrics::server_name(std::size_t tool_index, std::size_t server_slot) const {
    if (tool_index >= tools_.size() || server_slot >= tools_[tool_index].servers.size()) {
        return {};
    }
    return tools_[tool_index].servers[server_slot];
}

void call_metrics::record(
    std::size_t tool_index,
    std::size_t server_slot,
    const nlohmann::json& result,
    double seconds
) const {
    if (tool_index >= tools_.size()) {
        return;
    }
    const auto& t = tools_[tool_index];
    const auto& slot = t.calls[std::min(server_slot, t.calls.size() - 1)];
    slot[outcome_index(result)]->inc();
    t.duration->observe(seconds);
}

void call_metrics::record_rejected(std::size_t tool_index, std::size_t server_slot) const {
    if (tool_index >= tools_.size()) {
        return;
    }
    const auto& t = tools_[tool_index];
    t.calls[std::min(server_slot, t.calls.size() - 1)][1]->inc();  // invalid_argument
}

}  // namespace mcpgw::server
