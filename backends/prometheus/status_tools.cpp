// What a Prometheus is doing: prometheus_targets, prometheus_alerts, prometheus_rules.
#include "list_render.hpp"
#include "query_string.hpp"
#include "tool_support.hpp"

namespace mcpgw::backends::prometheus {
namespace {

namespace asio = boost::asio;

asio::awaitable<json>
run_targets(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    query_params params;
    params.emplace_back("state", args.value("state", std::string("active")));
    auto caps = item_caps(src->settings(), {"$.data.activeTargets", "$.data.droppedTargets"});
    std::string path = "/api/v1/targets";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    co_return targets_result(answer);
}

asio::awaitable<json>
run_alerts(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    (void)args;
    query_params params;
    auto caps = item_caps(src->settings(), {"$.data.alerts"});
    std::string path = "/api/v1/alerts";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    co_return alerts_result(answer);
}

asio::awaitable<json>
run_rules(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    query_params params;
    if (auto type = args.value("type", std::string()); !type.empty()) {
        params.emplace_back("type", type);
    }
    auto caps = item_caps(src->settings(), {"$.data.groups", "$.data.groups[].rules"});
    std::string path = "/api/v1/rules";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    co_return rules_result(answer);
}

}  // namespace

void add_status_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
) {
    json targets_props = {
        {"state",
         {{"type", "string"},
          {"enum", {"active", "dropped", "any"}},
          {"default", "active"},
          {"description", "Which targets: active (scraped), dropped (by relabelling) or any"}}},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_targets",
            "Prometheus scrape targets",
            "Lists scrape targets with their health (up/down/unknown), last scrape and last error.",
            std::move(targets_props),
            json::array(),
            servers
        ),
        servers,
        &run_targets
    ));
    out.push_back(make_tool(
        tool_definition(
            "prometheus_alerts",
            "Prometheus alerts",
            "Lists the alerts that are pending or firing, with labels, annotations and since when.",
            json::object(),
            json::array(),
            servers
        ),
        servers,
        &run_alerts
    ));
    json rules_props = {
        {"type",
         {{"type", "string"},
          {"enum", {"alert", "record"}},
          {"description", "Only alerting (alert) or recording (record) rules; default both"}}},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_rules",
            "Prometheus rules",
            "Lists rule groups with their alerting and recording rules, health and state.",
            std::move(rules_props),
            json::array(),
            servers
        ),
        servers,
        &run_rules
    ));
}

}  // namespace mcpgw::backends::prometheus
