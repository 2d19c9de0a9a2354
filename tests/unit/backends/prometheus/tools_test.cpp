// The Prometheus tools driven directly against a loopback stub: what reaches Prometheus (query
// string, escaping, auth header), how answers render (summaries, truncation, empty results,
// scalars), and failures (bad PromQL, cut bodies, unreachable, deadline) within bounds.
#include "../../support/config_fixtures.hpp"
#include "../fake_call_context.hpp"
#include "prom_stub.hpp"

#include <backends/core/log.hpp>
#include <backends/core/metrics.hpp>
#include <backends/prometheus/prometheus_backend.hpp>

#include <thread>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::prometheus::testing;
using nlohmann::json;
using namespace std::chrono_literals;

class PrometheusTools : public ::testing::Test {
protected:
    asio::io_context io;
    prom_stub stub{io};
    metrics_registry metrics;
    contribution built;

    void build(const std::string& extra = "") {
        auto yaml = "{name: m, type: prometheus, url: '" + stub.url() + "'" + extra + "}";
        std::vector<config_node> servers{config_node(YAML::Load(yaml), "test.yaml", "servers[0]")};
        backend_runtime rt{io.get_executor(), nullptr, &metrics};
        built = prometheus::prometheus_backend_factory().build(servers, {}, rt);
    }

    const tool& find(const std::string& name) {
        for (const auto& t : built.tools) {
            if (t->name() == name) {
                return *t;
            }
        }
        throw std::runtime_error("no tool " + name);
    }

    // Runs the call on `io` (where the stub lives) until it completes.
    json call(const std::string& name, json args, std::chrono::milliseconds budget = 10s) {
        test::fake_call_context ctx(budget);
        std::optional<json> result;
        std::exception_ptr error;
        asio::co_spawn(
            io,
            find(name).invoke(ctx, std::move(args)),
            [&](std::exception_ptr e, json r) {
                error = e;
                result = std::move(r);
            }
        );
        auto give_up = std::chrono::steady_clock::now() + budget + 5s;
        while (!result && !error && std::chrono::steady_clock::now() < give_up) {
            io.run_one_for(50ms);
        }
        if (error) {
            std::rethrow_exception(error);
        }
        if (!result) {
            throw std::runtime_error("call did not finish");
        }
        return *result;
    }

    static std::string text(const json& r) { return r["content"][0]["text"].get<std::string>(); }

    std::string last_target() const {
        return stub.received.empty() ? "" : percent_decode(stub.received.back().target);
    }
};

TEST_F(PrometheusTools, AllToolsAreRegisteredWithTheirNames) {
    build();
    std::vector<std::string> names;
    for (const auto& t : built.tools) {
        names.push_back(t->name());
        EXPECT_TRUE(t->definition()["annotations"]["readOnlyHint"].get<bool>());
        // One server configured: `server` is optional.
        auto req = t->definition()["inputSchema"].value("required", json::array());
        EXPECT_EQ(std::count(req.begin(), req.end(), "server"), 0) << t->name();
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> expected = {
        "check_service_health",
        "get_error_rate",
        "prometheus_alerts",
        "prometheus_label_values",
        "prometheus_list_labels",
        "prometheus_list_metrics",
        "prometheus_metric_metadata",
        "prometheus_query",
        "prometheus_query_range",
        "prometheus_rules",
        "prometheus_series",
        "prometheus_targets",
    };
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(names, expected);
    ASSERT_EQ(built.sources.size(), 1U);
    EXPECT_EQ(built.sources[0]->type(), "prometheus");
}

TEST_F(PrometheusTools, InstantQueryReachesPrometheusAndRenders) {
    build();
    stub.body = R"({"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"api","instance":"a:1"},"value":[1700000000,"1"]},
        {"metric":{"__name__":"up","job":"api","instance":"b:1"},"value":[1700000000,"0"]}]}})";
    auto r =
        call("prometheus_query", {{"query", "up{job=\"api\"}"}, {"time", "2023-11-14T22:13:20Z"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    auto target = last_target();
    EXPECT_TRUE(target.starts_with("/api/v1/query?query=up{job=\"api\"}&time=1700000000&timeout="))
        << target;
    EXPECT_EQ(r["structuredContent"]["resultType"], "vector");
    EXPECT_EQ(r["structuredContent"]["series_total"], 2);
    EXPECT_EQ(r["structuredContent"]["series"][1]["value"], "0");
    EXPECT_EQ(r["structuredContent"]["truncated"], false);
    EXPECT_NE(text(r).find("up{instance=\"a:1\", job=\"api\"} 1"), std::string::npos) << text(r);
}

TEST_F(PrometheusTools, RangeQuerySummariesAndCaps) {
    build(", max_series: 2, max_points: 5, max_points_per_series: 100");
    json result = json::array();
    for (int s = 0; s < 3; ++s) {
        json values = json::array();
        for (int p = 0; p < 4; ++p) {
            values.push_back(json::array({1000 + p * 60, std::to_string(s * 10 + p)}));
        }
        result.push_back({{"metric", {{"i", std::to_string(s)}}}, {"values", values}});
    }
    stub.body =
        json({{"status", "success"}, {"data", {{"resultType", "matrix"}, {"result", result}}}}
        ).dump();
    auto r = call("prometheus_query_range", {{"query", "m"}, {"start", 1000}, {"end", 1180}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    auto target = last_target();
    EXPECT_NE(target.find("start=1000&end=1180&step=2&"), std::string::npos)
        << target;  // 91 points
    const auto& sc = r["structuredContent"];
    EXPECT_EQ(sc["step_seconds"], 2);
    EXPECT_EQ(sc["step_chosen_automatically"], true);
    EXPECT_EQ(sc["series_total"], 3);
    EXPECT_EQ(sc["series_returned"], 2);
    EXPECT_EQ(sc["points_returned"], 5);
    EXPECT_EQ(sc["truncated"], true);
    EXPECT_EQ(sc["truncated_reasons"], json::array({"max_series", "max_points"}));
    EXPECT_EQ(sc["series"][0]["values"].size(), 4U);
    EXPECT_EQ(sc["series"][1]["values"].size(), 1U);
    EXPECT_EQ(sc["series"][1]["points"], 4);  // the summary covers every point
    EXPECT_EQ(sc["series"][1]["max"], 13);
    auto t = text(r);
    EXPECT_NE(t.find("{i=\"1\"}: 4 points, min 10, max 13, avg 11.5, last 13"), std::string::npos)
        << t;
    EXPECT_NE(t.find("2 of 3 series kept (max_series)"), std::string::npos) << t;
    EXPECT_NE(t.find("5 of 8 points kept (max_points)"), std::string::npos) << t;
}

TEST_F(PrometheusTools, RangeArgumentsAreChecked) {
    build();
    auto r = call("prometheus_query_range", {{"query", "up"}, {"start", "now"}, {"end", "now-1h"}});
    EXPECT_EQ(test::error_code_of(r), "invalid_argument");
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "start");
    EXPECT_NE(text(r).find("is after end"), std::string::npos);
    r = call("prometheus_query_range", {{"query", "up"}, {"start", "yesterday"}});
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "start");
    r = call(
        "prometheus_query_range",
        {{"query", "up"}, {"start", "1h"}, {"end", "2026-02-30T00:00:00Z"}}
    );
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "end");
    r = call("prometheus_query_range", {{"query", "up"}, {"start", "1d"}, {"step", "1s"}});
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "step");
    EXPECT_NE(text(r).find("86401 points per series; Prometheus allows 11000"), std::string::npos)
        << text(r);
    r = call("prometheus_query_range", {{"query", "up"}, {"start", "1h"}, {"step", "0s"}});
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "step");
    r = call("prometheus_query", {{"query", "up"}, {"time", "soon"}});
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "time");
    EXPECT_TRUE(stub.received.empty());  // nothing reached Prometheus
}

TEST_F(PrometheusTools, BadPromqlReturnsPrometheusMessage) {
    build();
    stub.status = 400;
    stub.body =
        R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:3: parse error: unexpected \"}\""})";
    auto r = call("prometheus_query", {{"query", "up}"}});
    EXPECT_EQ(test::error_code_of(r), "invalid_argument");
    EXPECT_NE(text(r).find("parse error: unexpected \"}\""), std::string::npos) << text(r);
}

TEST_F(PrometheusTools, CutBodyIsReportedNotSilent) {
    build(", max_response_bytes: 1024");
    json result = json::array();
    for (int s = 0; s < 50; ++s) {
        result.push_back(
            {{"metric", {{"instance", "host-" + std::to_string(s)}}},
             {"value", json::array({1, "1"})}}
        );
    }
    stub.body =
        R"({"status":"success","data":{"resultType":"vector","result":)" + result.dump() + "}}";
    auto r = call("prometheus_query", {{"query", "up"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    EXPECT_EQ(r["structuredContent"]["truncated"], true);
    EXPECT_EQ(r["structuredContent"]["truncated_reasons"], json::array({"max_response_bytes"}));
    EXPECT_NE(text(r).find("cut at max_response_bytes"), std::string::npos) << text(r);
    EXPECT_GT(r["structuredContent"]["series"].size(), 5U);
    EXPECT_LT(r["structuredContent"]["series"].size(), 50U);

    stub.body = R"({"status":"succe)" + std::string(2000, 'x');
    r = call("prometheus_query", {{"query", "up"}});
    EXPECT_EQ(test::error_code_of(r), "backend_error");
    EXPECT_NE(
        text(r).find("cut at max_response_bytes (1024 bytes) before any data arrived"),
        std::string::npos
    );
}

TEST_F(PrometheusTools, ServiceHelpersEscapeTheServiceName) {
    build(
        ", health: {job_label: service}, error_rate: {metric: reqs_total, service_label: app, "
        "status_label: code}"
    );
    const std::string attack = "x\"} or vector(1) or up{job=\"";
    auto r = call("check_service_health", {{"service", attack}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    EXPECT_TRUE(last_target().starts_with(
        "/api/v1/query?query=up{service=\"x\\\"} or vector(1) or up{job=\\\"\"}&time"
    )) << last_target();
    EXPECT_EQ(r["structuredContent"]["status"], "unknown");

    r = call("get_error_rate", {{"service", "a\\b\nc"}, {"window", "10m"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    ASSERT_GE(stub.received.size(), 3U);
    auto errors = percent_decode(stub.received[stub.received.size() - 2].target);
    EXPECT_NE(
        errors.find("query=sum(rate(reqs_total{app=\"a\\\\b\\nc\", code=~\"5..\"}[10m]))"),
        std::string::npos
    ) << errors;
    EXPECT_EQ(r["structuredContent"]["status"], "no_data");

    r = call("get_error_rate", {{"service", "a"}, {"window", "5m] or vector(1) #"}});
    EXPECT_EQ(test::error_code_of(r), "invalid_argument");
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "window");
}

TEST_F(PrometheusTools, ErrorRateComputesTheRatio) {
    build();
    stub.body =
        R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.5"]}]}})";
    auto r = call("get_error_rate", {{"service", "api"}});
    // Both queries answer 0.5/s here: ratio 1.
    ASSERT_FALSE(r.value("isError", false)) << r;
    EXPECT_EQ(r["structuredContent"]["error_ratio"], 1.0);
    EXPECT_EQ(r["structuredContent"]["window"], "5m");
    EXPECT_NE(text(r).find("100% of requests failed"), std::string::npos) << text(r);
}

TEST_F(PrometheusTools, AuthHeaderIsSentAndNeverShown) {
    mcpgw::test::scoped_env tok("MCPGW_TEST_PROM_TOKEN", "tok-very-secret-1234");
    build(", auth: {bearer_token: '${MCPGW_TEST_PROM_TOKEN}'}, headers: {X-Scope-OrgID: team-a}");
    stub.status = 400;
    stub.body = R"({"status":"error","errorType":"bad_data","error":"bad"})";
    auto r = call("prometheus_query", {{"query", "up"}});
    ASSERT_EQ(stub.received.size(), 1U);
    EXPECT_EQ(stub.received[0].authorization, "Bearer tok-very-secret-1234");
    EXPECT_EQ(stub.received[0].org_header, "team-a");
    EXPECT_EQ(r.dump().find("tok-very-secret"), std::string::npos);
    EXPECT_EQ(built.sources[0]->stats().dump().find("tok-very-secret"), std::string::npos);
}

TEST_F(PrometheusTools, LabelValuesRefusesABadLabelName) {
    build();
    auto r = call("prometheus_label_values", {{"label", "../../admin"}});
    EXPECT_EQ(test::error_code_of(r), "invalid_argument");
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "label");
    EXPECT_TRUE(stub.received.empty());
    stub.body = R"({"status":"success","data":["api","db"]})";
    r = call(
        "prometheus_label_values",
        {{"label", "job"}, {"match", json::array({"up", "up{a=\"&\"}"})}}
    );
    EXPECT_EQ(last_target(), "/api/v1/label/job/values?match[]=up&match[]=up{a=\"&\"}");
    EXPECT_EQ(r["structuredContent"]["items"], json::array({"api", "db"}));
}

TEST_F(PrometheusTools, UnreachableIsUnavailableQuicklyAndMarksTheSourceDown) {
    // A port that was just free: connection refused.
    std::uint16_t port = 0;
    {
        tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        port = a.local_endpoint().port();
    }
    std::vector<config_node> servers{config_node(
        YAML::Load(
            "{name: gone, type: prometheus, url: 'http://127.0.0.1:" + std::to_string(port) +
            "', timeout: 5s}"
        ),
        "t.yaml",
        "servers[0]"
    )};
    backend_runtime rt{io.get_executor(), nullptr, &metrics};
    built = prometheus::prometheus_backend_factory().build(servers, {}, rt);
    auto started = std::chrono::steady_clock::now();
    auto r = call("prometheus_query", {{"query", "up"}});
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_EQ(test::error_code_of(r), "unavailable");
    EXPECT_NE(text(r).find("Prometheus server 'gone' is unavailable"), std::string::npos)
        << text(r);
    auto h = built.sources[0]->health();
    EXPECT_EQ(h.state, health_state::down);
    EXPECT_NE(h.last_error.find("unavailable"), std::string::npos);
}

TEST_F(PrometheusTools, HangingPrometheusEndsAtTheDeadline) {
    build(", timeout: 300ms");
    stub.hang = true;
    auto started = std::chrono::steady_clock::now();
    auto r = call("prometheus_query", {{"query", "up"}}, 5s);
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(test::error_code_of(r), "timeout");
    EXPECT_GE(took, 250ms);
    EXPECT_LT(took, 2s);
    EXPECT_EQ(built.sources[0]->health().state, health_state::degraded);
}

TEST_F(PrometheusTools, ListingsRender) {
    build();
    stub.body =
        R"({"status":"success","data":{"activeTargets":[{"labels":{"job":"api","instance":"a:1"},
        "scrapePool":"api","scrapeUrl":"http://a:1/metrics","health":"down","lastError":"connection refused",
        "lastScrape":"2026-11-22T04:20:00Z","lastScrapeDuration":0.0012}],"droppedTargets":[]}})";
    auto r = call("prometheus_targets", {{"state", "any"}});
    EXPECT_EQ(last_target(), "/api/v1/targets?state=any");
    EXPECT_NE(
        text(r).find("[down] {instance=\"a:1\", job=\"api\"} http://a:1/metrics, last scrape "
                     "2026-11-22T04:20:00Z (1.2 ms), error: connection refused"),
        std::string::npos
    ) << text(r);

    stub.body = R"j({"status":"success","data":{"groups":[{"name":"g","file":"r.yml","rules":[
        {"name":"HighLoad","type":"alerting","query":"load > 1","health":"ok","state":"firing"},
        {"name":"job:up:sum","type":"recording","query":"sum(up)","health":"ok"}]}]}})j";
    r = call("prometheus_rules", {{"type", "alert"}});
    EXPECT_EQ(last_target(), "/api/v1/rules?type=alert");
    EXPECT_NE(text(r).find("alerting HighLoad [firing] health ok: load > 1"), std::string::npos)
        << text(r);

    stub.body = R"({"status":"success","data":{"alerts":[]}})";
    r = call("prometheus_alerts", json::object());
    EXPECT_NE(text(r).find("alerts (0): none pending or firing"), std::string::npos) << text(r);

    stub.body =
        R"({"status":"success","data":{"up":[{"type":"gauge","help":"1 if the scrape worked","unit":""}]}})";
    r = call("prometheus_metric_metadata", {{"metric", "up"}});
    EXPECT_EQ(last_target(), "/api/v1/metadata?metric=up");
    EXPECT_NE(text(r).find("up (gauge): 1 if the scrape worked"), std::string::npos) << text(r);

    stub.body = R"({"status":"success","data":[{"__name__":"up","job":"api"}]})";
    r = call("prometheus_series", {{"match", "up"}, {"start", 100}, {"end", 200}});
    EXPECT_EQ(last_target(), "/api/v1/series?match[]=up&start=100&end=200");
    EXPECT_NE(text(r).find("up{job=\"api\"}"), std::string::npos) << text(r);
    r = call("prometheus_series", json::object());
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "match");
}

}  // namespace
