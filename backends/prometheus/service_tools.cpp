// The tutorial's helpers: check_service_health (up{job="..."}) and get_error_rate (5xx rate).
// Label names and the metric are configured per server (health, error_rate); the service
// argument is escaped into a PromQL string (service_queries.hpp).
#include "promql_text.hpp"
#include "query_render.hpp"
#include "render_text.hpp"
#include "service_queries.hpp"
#include "time_parse.hpp"
#include "tool_support.hpp"

#include <backends/core/tool_result.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mcpgw::backends::prometheus {
namespace {

namespace asio = boost::asio;

// Four significant digits: rates for people, the exact values are in structuredContent.
std::string short_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

// The value of the single series of a sum(): nullopt when the vector is empty.
std::optional<double> single_value(const api_answer& answer) {
    const auto& data = answer.data();
    if (!data.is_object()) {
        return std::nullopt;
    }
    auto result = data.find("result");
    if (result == data.end() || !result->is_array() || result->empty()) {
        return std::nullopt;
    }
    const auto& value = (*result)[0].value("value", json());
    if (!value.is_array() || value.size() != 2 || !value[1].is_string()) {
        return std::nullopt;
    }
    return std::strtod(value[1].get<std::string>().c_str(), nullptr);
}

asio::awaitable<json>
run_health(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    auto service = args.value("service", std::string());
    const auto& settings = src->settings();
    auto query = health_query(settings, service);
    query_params params;
    params.emplace_back("query", query);
    auto caps = series_caps(settings, {"$.data.result"});
    std::string path = "/api/v1/query";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    json targets = json::array();
    std::size_t up = 0;
    std::size_t down = 0;
    std::string lines;
    const auto& data = answer.data();
    if (data.is_object() && data.contains("result") && data["result"].is_array()) {
        for (const auto& item : data["result"]) {
            json labels = item.value("metric", json::object());
            const auto& value = item.value("value", json());
            bool is_up = value.is_array() && value.size() == 2 && value[1] == "1";
            (is_up ? up : down) += 1;
            lines += "\n  " + format_labels(labels) + (is_up ? " up" : " down");
            targets.push_back({{"labels", std::move(labels)}, {"up", is_up}});
        }
    }
    std::string status = "unknown";
    if (up + down > 0) {
        status = down == 0 ? "up" : (up == 0 ? "down" : "degraded");
    }
    auto reasons = truncation_reasons(*answer.doc, "$.data.result");
    std::string text = "service " + promql_string(service) + ": " + status;
    if (up + down == 0) {
        text += ": no target with " + settings.job_label + "=" + promql_string(service) +
                " is scraped by this Prometheus (list jobs with prometheus_label_values label=" +
                settings.job_label + ")";
    } else {
        text +=
            " (" + std::to_string(up) + " of " + std::to_string(up + down) + " targets up)" + lines;
    }
    if (!reasons.empty()) {
        text += "\n(truncated: more targets than max_series)";
    }
    json structured = {
        {"service", service},
        {"status", status},
        {"up", up},
        {"down", down},
        {"targets", std::move(targets)},
        {"query", query},
        {"truncated", !reasons.empty()},
        {"elapsed_ms", answer.elapsed_ms},
    };
    if (!reasons.empty()) {
        structured["truncated_reasons"] = reasons;
    }
    co_return structured_result(std::move(structured), std::move(text));
}

asio::awaitable<json>
run_error_rate(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    auto service = args.value("service", std::string());
    const auto& settings = src->settings();
    auto window = args.value("window", settings.error_rate.window);
    std::string why;
    auto seconds = parse_duration(window, why);
    if (!seconds || *seconds <= 0) {
        co_return error_result(
            error_code::invalid_argument,
            (seconds ? std::string("must be greater than zero") : why),
            "window"
        );
    }
    auto errors_query = error_rate_query(settings, service, window);
    auto total_query = request_rate_query(settings, service, window);
    query_params error_params;
    error_params.emplace_back("query", errors_query);
    auto error_caps = series_caps(settings, {"$.data.result"});
    std::string error_path = "/api/v1/query";
    auto errors =
        co_await src
            ->get(ctx, std::move(error_path), std::move(error_params), std::move(error_caps));
    if (!errors.ok()) {
        co_return errors.error;
    }
    query_params total_params;
    total_params.emplace_back("query", total_query);
    auto total_caps = series_caps(settings, {"$.data.result"});
    std::string total_path = "/api/v1/query";
    auto total =
        co_await src
            ->get(ctx, std::move(total_path), std::move(total_params), std::move(total_caps));
    if (!total.ok()) {
        co_return total.error;
    }
    auto request_rate = single_value(total);
    auto error_rate = single_value(errors).value_or(0.0);
    json structured = {
        {"service", service},
        {"window", window},
        {"metric", settings.error_rate.metric},
        {"queries", {{"errors", errors_query}, {"requests", total_query}}},
        {"elapsed_ms", errors.elapsed_ms + total.elapsed_ms},
    };
    std::string text = "service " + promql_string(service) + ", last " + window + ": ";
    if (!request_rate) {
        structured["status"] = "no_data";
        structured["request_rate"] = nullptr;
        structured["error_rate"] = nullptr;
        structured["error_ratio"] = nullptr;
        text += "no data: no " + settings.error_rate.metric + " series with " +
                settings.error_rate.service_label + "=" + promql_string(service) +
                " in this window (check the service name and the server's error_rate settings)";
        co_return structured_result(std::move(structured), std::move(text));
    }
    structured["status"] = "ok";
    structured["request_rate"] = *request_rate;
    structured["error_rate"] = error_rate;
    if (*request_rate > 0 && std::isfinite(*request_rate)) {
        double ratio = error_rate / *request_rate;
        structured["error_ratio"] = ratio;
        text += short_number(ratio * 100.0) + "% of requests failed (" + short_number(error_rate) +
                " errors/s of " + short_number(*request_rate) +
                " requests/s; errors: " + settings.error_rate.status_label + "=~" +
                promql_string(settings.error_rate.error_status_regex) + ")";
    } else {
        structured["error_ratio"] = nullptr;
        text += "no requests in this window (0 requests/s)";
    }
    co_return structured_result(std::move(structured), std::move(text));
}

json service_schema() {
    return {
        {"type", "string"},
        {"minLength", 1},
        {"maxLength", 1024},
        {"description",
         "Service name as it appears in the configured label (by default the job label)"},
    };
}

}  // namespace

void add_service_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
) {
    json health_props = {{"service", service_schema()}};
    out.push_back(make_tool(
        tool_definition(
            "check_service_health",
            "Is a service up?",
            "Checks whether the scrape targets of a service are up: up{job=\"<service>\"} (the "
            "label is configurable per server: health.job_label). Status up, down, degraded (some "
            "targets down) or unknown (no such target).",
            std::move(health_props),
            json::array({"service"}),
            servers
        ),
        servers,
        &run_health
    ));
    json rate_props = {
        {"service", service_schema()},
        {"window",
         {{"type", "string"},
          {"maxLength", 32},
          {"description",
           "Rate window, a Prometheus duration such as 5m or 1h (default: the server's "
           "error_rate.window, 5m)"}}},
    };
    out.push_back(make_tool(
        tool_definition(
            "get_error_rate",
            "Error rate of a service",
            "The rate of failed requests (by default HTTP 5xx in http_requests_total{job=...}; "
            "metric and labels are configurable per server: error_rate) and its share of all "
            "requests over a window.",
            std::move(rate_props),
            json::array({"service"}),
            servers
        ),
        servers,
        &run_error_rate
    ));
}

}  // namespace mcpgw::backends::prometheus
