// What a Prometheus holds: prometheus_list_metrics, prometheus_metric_metadata,
// prometheus_list_labels, prometheus_label_values, prometheus_series.
#include "list_render.hpp"
#include "promql_text.hpp"
#include "query_string.hpp"
#include "time_parse.hpp"
#include "tool_support.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::prometheus {
namespace {

namespace asio = boost::asio;

void add_matches(query_params& params, const std::vector<std::string>& matches) {
    for (const auto& m : matches) {
        params.emplace_back("match[]", m);
    }
}

/// GET a list endpoint (names, label values, metadata): its `data` capped by max_items.
asio::awaitable<api_answer> get_list(
    call_context& ctx,
    std::shared_ptr<prometheus_source> src,
    std::string path,
    query_params params
) {
    auto caps = item_caps(src->settings(), {"$.data"});
    co_return co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
}

/// A names endpoint narrowed by the optional `match` argument (metric names, label names,
/// label values).
asio::awaitable<json> match_list(
    call_context& ctx,
    std::shared_ptr<prometheus_source> src,
    json args,
    std::string path,
    std::string title
) {
    json error;
    auto matches = match_argument(args, error);
    if (!error.is_null()) {
        co_return error;
    }
    query_params params;
    add_matches(params, matches);
    auto answer = co_await get_list(ctx, src, std::move(path), std::move(params));
    if (!answer.ok()) {
        co_return answer.error;
    }
    co_return names_result(answer, title);
}

asio::awaitable<json>
run_list_metrics(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    std::string path = "/api/v1/label/__name__/values";
    std::string title = "metric names";
    co_return co_await match_list(
        ctx,
        std::move(src),
        std::move(args),
        std::move(path),
        std::move(title)
    );
}

asio::awaitable<json>
run_metric_metadata(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    auto metric = args.value("metric", std::string());
    query_params params;
    params.emplace_back("metric", metric);
    std::string path = "/api/v1/metadata";
    auto answer = co_await get_list(ctx, src, std::move(path), std::move(params));
    if (!answer.ok()) {
        co_return answer.error;
    }
    co_return metadata_result(answer, metric);
}

asio::awaitable<json>
run_list_labels(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    std::string path = "/api/v1/labels";
    std::string title = "label names";
    co_return co_await match_list(
        ctx,
        std::move(src),
        std::move(args),
        std::move(path),
        std::move(title)
    );
}

asio::awaitable<json>
run_label_values(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    auto label = args.value("label", std::string());
    if (!is_label_name(label)) {
        co_return error_result(
            error_code::invalid_argument,
            "not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)",
            "label"
        );
    }
    auto path = "/api/v1/label/" + label + "/values";
    auto title = "values of label " + label;
    co_return co_await match_list(
        ctx,
        std::move(src),
        std::move(args),
        std::move(path),
        std::move(title)
    );
}

asio::awaitable<json>
run_series(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    json error;
    auto matches = match_argument(args, error);
    if (!error.is_null()) {
        co_return error;
    }
    if (matches.empty()) {
        co_return error_result(
            error_code::invalid_argument,
            "at least one series selector is required",
            "match"
        );
    }
    double now = unix_now();
    auto start = time_argument(args, "start", now, error);
    if (!error.is_null()) {
        co_return error;
    }
    auto end = time_argument(args, "end", now, error);
    if (!error.is_null()) {
        co_return error;
    }
    if (start && end && *start > *end) {
        co_return error_result(
            error_code::invalid_argument,
            "start (" + format_time(*start) + ") is after end (" + format_time(*end) + ")",
            "start"
        );
    }
    query_params params;
    add_matches(params, matches);
    if (start) {
        params.emplace_back("start", unix_param(*start));
    }
    if (end) {
        params.emplace_back("end", unix_param(*end));
    }
    auto caps = series_caps(src->settings(), {"$.data"});
    std::string path = "/api/v1/series";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    co_return series_list_result(answer);
}

}  // namespace

void add_catalog_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
) {
    json metrics_props = {
        {"match", match_schema("Only metrics of series matching these selectors")}};
    out.push_back(make_tool(
        tool_definition(
            "prometheus_list_metrics",
            "List Prometheus metric names",
            "Lists metric names (values of __name__), optionally only those of series matching "
            "`match`. Capped by the server's max_items.",
            std::move(metrics_props),
            json::array(),
            servers
        ),
        servers,
        &run_list_metrics
    ));
    json metadata_props = {
        {"metric",
         {{"type", "string"},
          {"minLength", 1},
          {"maxLength", 1024},
          {"description", "Metric name, e.g. http_requests_total"}}},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_metric_metadata",
            "Prometheus metric metadata",
            "The type (counter, gauge, histogram, summary), help text and unit of a metric, as "
            "its targets expose them.",
            std::move(metadata_props),
            json::array({"metric"}),
            servers
        ),
        servers,
        &run_metric_metadata
    ));
    json labels_props = {{"match", match_schema("Only labels of series matching these selectors")}};
    out.push_back(make_tool(
        tool_definition(
            "prometheus_list_labels",
            "List Prometheus label names",
            "Lists label names, optionally only those of series matching `match`.",
            std::move(labels_props),
            json::array(),
            servers
        ),
        servers,
        &run_list_labels
    ));
    json values_props = {
        {"label",
         {{"type", "string"},
          {"minLength", 1},
          {"maxLength", 256},
          {"description", "Label name, e.g. job or instance"}}},
        {"match", match_schema("Only values on series matching these selectors")},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_label_values",
            "List values of a Prometheus label",
            "Lists the values of one label (e.g. every job), optionally only on series matching "
            "`match`. Capped by the server's max_items.",
            std::move(values_props),
            json::array({"label"}),
            servers
        ),
        servers,
        &run_label_values
    ));
    json series_props = {
        {"match", match_schema("Series selectors (required)")},
        {"start", time_schema("Only series with samples after this time")},
        {"end", time_schema("Only series with samples before this time")},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_series",
            "Find Prometheus series",
            "Lists the label sets of series matching the selectors in `match`, optionally within "
            "[start, end]. Capped by the server's max_series.",
            std::move(series_props),
            json::array({"match"}),
            servers
        ),
        servers,
        &run_series
    ));
}

}  // namespace mcpgw::backends::prometheus
