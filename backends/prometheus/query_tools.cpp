// prometheus_query and prometheus_query_range.
#include "query_render.hpp"
#include "step.hpp"
#include "time_parse.hpp"
#include "tool_support.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::prometheus {
namespace {

namespace asio = boost::asio;

// Prometheus refuses more points per series than this (its own limit, not configurable).
constexpr std::size_t prometheus_max_points_per_series = 11000;

asio::awaitable<json>
run_query(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    auto query = args.value("query", std::string());
    json error;
    auto at = time_argument(args, "time", unix_now(), error);
    if (!error.is_null()) {
        co_return error;
    }
    query_params params;
    params.emplace_back("query", query);
    if (at) {
        params.emplace_back("time", unix_param(*at));
    }
    auto caps = series_caps(src->settings(), {"$.data.result"});
    std::string path = "/api/v1/query";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    std::optional<range_window> no_range;
    co_return query_result(answer, query, at, no_range);
}

asio::awaitable<json>
run_query_range(call_context& ctx, std::shared_ptr<prometheus_source> src, json args) {
    auto query = args.value("query", std::string());
    const auto& settings = src->settings();
    double now = unix_now();
    json error;
    auto start = time_argument(args, "start", now, error);
    if (!error.is_null()) {
        co_return error;
    }
    auto end = time_argument(args, "end", now, error);
    if (!error.is_null()) {
        co_return error;
    }
    if (!start) {
        co_return error_result(
            error_code::invalid_argument,
            "required (e.g. now-1h or 1h)",
            "start"
        );
    }
    range_window range;
    range.start = *start;
    range.end = end.value_or(now);
    if (range.start > range.end) {
        co_return error_result(
            error_code::invalid_argument,
            "start (" + format_time(range.start) + ") is after end (" + format_time(range.end) +
                ")",
            "start"
        );
    }
    if (auto it = args.find("step"); it != args.end() && !it->is_null()) {
        std::string why;
        auto step = parse_step(*it, why);
        if (!step) {
            co_return error_result(error_code::invalid_argument, why, "step");
        }
        range.step = *step;
        auto points = points_per_series(range.start, range.end, range.step);
        if (points > prometheus_max_points_per_series) {
            auto smallest = auto_step(range.start, range.end, prometheus_max_points_per_series);
            co_return error_result(
                error_code::invalid_argument,
                format_duration(range.step) + " over " + format_duration(range.end - range.start) +
                    " gives " + std::to_string(points) + " points per series; Prometheus allows " +
                    std::to_string(prometheus_max_points_per_series) + " (use step >= " +
                    format_duration(smallest) + ", or omit step to have one chosen)",
                "step"
            );
        }
    } else {
        range.step = auto_step(range.start, range.end, settings.max_points_per_series);
        range.auto_step = true;
    }
    query_params params;
    params.emplace_back("query", query);
    params.emplace_back("start", unix_param(range.start));
    params.emplace_back("end", unix_param(range.end));
    params.emplace_back("step", unix_param(range.step));
    auto caps = series_caps(settings, {"$.data.result"});
    std::string path = "/api/v1/query_range";
    auto answer = co_await src->get(ctx, std::move(path), std::move(params), std::move(caps));
    if (!answer.ok()) {
        co_return answer.error;
    }
    std::optional<range_window> window = range;
    std::optional<double> no_time;
    co_return query_result(answer, query, no_time, window);
}

json query_schema() {
    return {
        {"type", "string"},
        {"minLength", 1},
        {"maxLength", 20000},
        {"description", "A PromQL expression, e.g. sum by (job) (rate(http_requests_total[5m]))"},
    };
}

}  // namespace

void add_query_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
) {
    json query_props = {
        {"query", query_schema()},
        {"time", time_schema("Evaluation time (default: now)")},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_query",
            "Prometheus instant query",
            "Evaluates a PromQL expression at one instant (default now) and returns the value of "
            "each series (or a scalar/string). Answers are capped by the server's max_series; "
            "truncation is reported.",
            std::move(query_props),
            json::array({"query"}),
            servers
        ),
        servers,
        &run_query
    ));
    json range_props = {
        {"query", query_schema()},
        {"start", time_schema("Start of the range")},
        {"end", time_schema("End of the range (default: now)")},
        {"step",
         {{"type", {"string", "number"}},
          {"description",
           "Resolution: a duration such as 15s or 5m, or seconds; omitted: chosen so each series "
           "has "
           "at most the server's max_points_per_series points"}}},
    };
    out.push_back(make_tool(
        tool_definition(
            "prometheus_query_range",
            "Prometheus range query",
            "Evaluates a PromQL expression over a time range. The text summarises each series "
            "(labels, points, min, max, avg, last); structuredContent carries the points up to the "
            "server's max_series and max_points caps, with truncation reported.",
            std::move(range_props),
            json::array({"query", "start"}),
            servers
        ),
        servers,
        &run_query_range
    ));
}

}  // namespace mcpgw::backends::prometheus
