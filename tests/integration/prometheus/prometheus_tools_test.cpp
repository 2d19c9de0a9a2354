// Every Prometheus tool through MCP (the mcpgw binary over HTTP) against the real Prometheus
// 2.42 fixture: answers and their text, empty results, bad PromQL with Prometheus's own
// message, range truncation by the point and series caps, the automatic step, bad times.
#include "prom_fixture.hpp"

namespace mcpgw::itest::prom {
namespace {

// Four series without stored history: vector() evaluates at every step.
const std::string four_series =
    "label_replace(vector(1), \"i\", \"a\", \"\", \"\") or label_replace(vector(2), \"i\", \"b\", "
    "\"\", \"\") "
    "or label_replace(vector(3), \"i\", \"c\", \"\", \"\") or label_replace(vector(4), \"i\", "
    "\"d\", \"\", \"\")";

class PromTools : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto srv = shared_server();
        gw_ = start_gateway(gateway_yaml(
            "  - {name: main, type: prometheus, url: '" + srv.url +
            "', description: fixture, max_series: 3, max_points: 40, max_points_per_series: 100}\n"
            "  - {name: other, type: prometheus, url: '" +
            srv.url + "'}\n"
        ));
    }
    static void TearDownTestSuite() { stop_gateway(gw_); }

    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }

    json tool(const std::string& name, json args, const std::string& server = "main") {
        args["server"] = server;
        return call(*client_, name, args);
    }

    // Waits (bounded) until Prometheus has scraped itself at least once.
    void wait_for_self_scrape() {
        ASSERT_TRUE(eventually(
            [&] {
                auto r = tool("prometheus_query", {{"query", "up{job=\"prometheus\"}"}});
                return error_code(r).empty() &&
                       r["structuredContent"].value("series_total", 0) == 1;
            },
            15s
        ));
    }

    static inline std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(PromTools, ToolsAreListedWithTheServerArgument) {
    auto list = client_->call("tools/list");
    std::set<std::string> names;
    for (const auto& t : list["result"]["tools"]) {
        std::string name = t["name"];
        if (name.starts_with("prometheus_") || name == "check_service_health" ||
            name == "get_error_rate") {
            names.insert(name);
            EXPECT_EQ(
                t["inputSchema"]["properties"]["server"]["enum"],
                json::array({"main", "other"})
            ) << name;
            auto required = t["inputSchema"]["required"];
            EXPECT_NE(std::find(required.begin(), required.end(), "server"), required.end())
                << name;
            EXPECT_TRUE(t["annotations"]["readOnlyHint"].get<bool>()) << name;
        }
    }
    EXPECT_EQ(names.size(), 12U);
    auto r = call(*client_, "prometheus_query", {{"server", "nope"}, {"query", "up"}});
    EXPECT_EQ(error_code(r), "invalid_argument");
}

TEST_F(PromTools, InstantQueryScalarAndString) {
    wait_for_self_scrape();
    auto r = tool("prometheus_query", {{"query", "up{job=\"prometheus\"}"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["resultType"], "vector");
    EXPECT_EQ(r["structuredContent"]["series"][0]["value"], "1");
    EXPECT_EQ(r["structuredContent"]["series"][0]["labels"]["job"], "prometheus");
    EXPECT_NE(text_of(r).find("up{instance=\"127.0.0.1:"), std::string::npos) << text_of(r);
    std::cout << "SAMPLE prometheus_query:\n" << text_of(r) << "\n";

    r = tool("prometheus_query", {{"query", "scalar(vector(2)) * 21"}, {"time", 1700000000}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["resultType"], "scalar");
    EXPECT_EQ(r["structuredContent"]["value"], "42");
    EXPECT_EQ(text_of(r), "scalar: 42 at 2023-11-14T22:13:20Z");

    r = tool("prometheus_query", {{"query", "\"hello \\\"there\\\"\""}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["resultType"], "string");
    EXPECT_EQ(r["structuredContent"]["value"], "hello \"there\"");
}

TEST_F(PromTools, EmptyResults) {
    auto r = tool("prometheus_query", {{"query", "up{job=\"no-such-job\"}"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["series_total"], 0);
    EXPECT_NE(text_of(r).find("empty result: no series matched"), std::string::npos) << text_of(r);
    r = tool("prometheus_query_range", {{"query", "up{job=\"no-such-job\"}"}, {"start", "10m"}});
    EXPECT_EQ(r["structuredContent"]["series_total"], 0) << r;
    EXPECT_EQ(r["structuredContent"]["truncated"], false);
    r = tool("prometheus_series", {{"match", "up{job=\"no-such-job\"}"}});
    EXPECT_EQ(r["structuredContent"]["total"], 0) << r;
    EXPECT_NE(text_of(r).find("0 series (none matched)"), std::string::npos);
    r = tool("prometheus_label_values", {{"label", "no_such_label"}});
    EXPECT_EQ(r["structuredContent"]["items"], json::array()) << r;
    r = tool("prometheus_list_metrics", {{"match", "{job=\"no-such-job\"}"}});
    EXPECT_EQ(r["structuredContent"]["total"], 0) << r;
    r = tool("prometheus_metric_metadata", {{"metric", "no_such_metric"}});
    EXPECT_EQ(r["structuredContent"]["metadata"], json::array()) << r;
    EXPECT_NE(text_of(r).find("no metadata for metric"), std::string::npos);
}

TEST_F(PromTools, BadPromqlComesBackWithPrometheusMessage) {
    auto r = tool("prometheus_query", {{"query", "sum(rate(up[5m])"}});
    EXPECT_EQ(error_code(r), "invalid_argument") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "query");
    EXPECT_NE(text_of(r).find("parse error"), std::string::npos) << text_of(r);
    std::cout << "SAMPLE bad PromQL:\n" << text_of(r) << "\n";

    r = tool("prometheus_query_range", {{"query", "rate(up)"}, {"start", "5m"}});
    EXPECT_EQ(error_code(r), "invalid_argument") << r;
    EXPECT_NE(text_of(r).find("expected type range vector"), std::string::npos) << text_of(r);

    r = tool("prometheus_series", {{"match", "{}"}});
    EXPECT_EQ(error_code(r), "invalid_argument") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "match");
}

TEST_F(PromTools, RangeTruncatedByThePointCap) {
    auto r = tool(
        "prometheus_query_range",
        {{"query", "vector(1)"}, {"start", "10m"}, {"end", "now"}, {"step", "1s"}}
    );
    ASSERT_EQ(error_code(r), "") << r;
    const auto& sc = r["structuredContent"];
    EXPECT_EQ(sc["series_total"], 1);
    EXPECT_EQ(sc["points_total"], 601);
    EXPECT_EQ(sc["points_returned"], 40);
    EXPECT_EQ(sc["series"][0]["values"].size(), 40U);
    EXPECT_EQ(sc["series"][0]["points"], 601);  // the summary covers every point
    EXPECT_EQ(sc["truncated"], true);
    EXPECT_EQ(sc["truncated_reasons"], json::array({"max_points"}));
    auto t = text_of(r);
    EXPECT_NE(t.find("{}: 601 points, min 1, max 1, avg 1, last 1"), std::string::npos) << t;
    EXPECT_NE(t.find("40 of 601 points kept (max_points)"), std::string::npos) << t;
    std::cout << "SAMPLE prometheus_query_range (points cap):\n" << t << "\n";
}

TEST_F(PromTools, RangeTruncatedByTheSeriesCap) {
    auto r =
        tool("prometheus_query_range", {{"query", four_series}, {"start", "1m"}, {"step", "30s"}});
    ASSERT_EQ(error_code(r), "") << r;
    const auto& sc = r["structuredContent"];
    EXPECT_EQ(sc["series_total"], 4);
    EXPECT_EQ(sc["series_returned"], 3);
    EXPECT_EQ(sc["truncated_reasons"], json::array({"max_series"}));
    auto t = text_of(r);
    EXPECT_NE(t.find("{i=\"c\"}: 3 points, min 3, max 3, avg 3, last 3"), std::string::npos) << t;
    EXPECT_EQ(t.find("i=\"d\""), std::string::npos) << t;
    EXPECT_NE(t.find("3 of 4 series kept (max_series)"), std::string::npos) << t;
    std::cout << "SAMPLE prometheus_query_range (series cap):\n" << t << "\n";

    // The same query on the uncapped server: all four.
    r = tool("prometheus_query", {{"query", four_series}}, "other");
    EXPECT_EQ(r["structuredContent"]["series_total"], 4);
    EXPECT_EQ(r["structuredContent"]["truncated"], false);
}

TEST_F(PromTools, StepIsChosenUnderThePointBudget) {
    auto r = tool(
        "prometheus_query_range",
        {{"query", "vector(1)"}, {"start", "now-1h"}, {"end", "now"}}
    );
    ASSERT_EQ(error_code(r), "") << r;
    const auto& sc = r["structuredContent"];
    EXPECT_EQ(sc["step_seconds"], 60);  // 3600 s in <= 100 points: 60 s (61 points)
    EXPECT_EQ(sc["step_chosen_automatically"], true);
    EXPECT_EQ(sc["points_total"], 61);
    EXPECT_NE(text_of(r).find("step 1m (automatic)"), std::string::npos) << text_of(r);
}

TEST_F(PromTools, BadTimesAreRefusedNamingTheField) {
    struct row {
        json args;
        const char* field;
        const char* says;
    };
    const row rows[] = {
        {{{"query", "up"}, {"start", "yesterday"}}, "start", "'yesterday'"},
        {{{"query", "up"}, {"start", "2026-02-30T00:00:00Z"}},
         "start",
         "not a valid calendar date"},
        {{{"query", "up"}, {"start", "1h"}, {"end", "2026-11-22T04:00:00"}},
         "end",
         "missing time zone"},
        {{{"query", "up"}, {"start", "now"}, {"end", "now-1h"}}, "start", "is after end"},
        {{{"query", "up"}, {"start", "now-1x"}}, "start", "unknown unit 'x'"},
        {{{"query", "up"}, {"start", "1h"}, {"step", "0s"}}, "step", "greater than zero"},
        {{{"query", "up"}, {"start", "7d"}, {"step", "15s"}}, "step", "Prometheus allows 11000"},
        {{{"query", "up"}, {"start", -1}}, "start", "out of range"},
    };
    for (const auto& row : rows) {
        auto r = tool("prometheus_query_range", row.args);
        EXPECT_EQ(error_code(r), "invalid_argument") << row.args;
        EXPECT_EQ(r["_meta"]["mcpgw/error"].value("field", ""), row.field) << r;
        EXPECT_NE(text_of(r).find(row.says), std::string::npos) << text_of(r);
    }
    auto r = tool("prometheus_query", {{"query", "up"}, {"time", "30m1h"}});
    EXPECT_EQ(r["_meta"]["mcpgw/error"].value("field", ""), "time") << r;
    r = tool("prometheus_series", {{"match", "up"}, {"start", "now"}, {"end", "1h"}});
    EXPECT_EQ(r["_meta"]["mcpgw/error"].value("field", ""), "start") << r;
}

TEST_F(PromTools, CatalogTools) {
    wait_for_self_scrape();
    auto r = tool("prometheus_list_metrics", json::object(), "other");
    ASSERT_EQ(error_code(r), "") << r;
    auto items = r["structuredContent"]["items"];
    EXPECT_NE(std::find(items.begin(), items.end(), "up"), items.end());
    EXPECT_NE(std::find(items.begin(), items.end(), "prometheus_build_info"), items.end());
    std::cout << "SAMPLE prometheus_list_metrics:\n" << text_of(r).substr(0, 300) << "\n";

    r = tool("prometheus_list_metrics", {{"match", json::array({"up", "prometheus_build_info"})}});
    EXPECT_EQ(r["structuredContent"]["items"], json::array({"prometheus_build_info", "up"})) << r;

    r = tool("prometheus_metric_metadata", {{"metric", "prometheus_http_requests_total"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["metadata"][0]["type"], "counter");
    EXPECT_NE(
        text_of(r).find("prometheus_http_requests_total (counter): Counter of HTTP requests."),
        std::string::npos
    ) << text_of(r);
    std::cout << "SAMPLE prometheus_metric_metadata:\n" << text_of(r) << "\n";

    r = tool("prometheus_list_labels", {{"match", "up"}});
    EXPECT_EQ(r["structuredContent"]["items"], json::array({"__name__", "instance", "job"})) << r;
    std::cout << "SAMPLE prometheus_list_labels:\n" << text_of(r) << "\n";

    r = tool("prometheus_label_values", {{"label", "job"}, {"match", "up{job=\"prometheus\"}"}});
    EXPECT_EQ(r["structuredContent"]["items"], json::array({"prometheus"})) << r;
    std::cout << "SAMPLE prometheus_label_values:\n" << text_of(r) << "\n";
    r = tool("prometheus_label_values", {{"label", "job\"}"}});
    EXPECT_EQ(error_code(r), "invalid_argument");

    r = tool(
        "prometheus_series",
        {{"match", "up{job=\"prometheus\"}"}, {"start", "10m"}, {"end", "now"}}
    );
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["total"], 1);
    EXPECT_EQ(r["structuredContent"]["series"][0]["job"], "prometheus");
    std::cout << "SAMPLE prometheus_series:\n" << text_of(r) << "\n";

    // The series cap (3 on main) applies to /api/v1/series too (a summary: 5 quantiles).
    r = tool("prometheus_series", {{"match", "go_gc_duration_seconds{job=\"prometheus\"}"}});
    EXPECT_EQ(r["structuredContent"]["returned"], 3) << r;
    EXPECT_EQ(r["structuredContent"]["truncated"], true);
    EXPECT_NE(text_of(r).find("kept (max_series)"), std::string::npos) << text_of(r);
}

TEST_F(PromTools, TargetsAlertsAndRules) {
    wait_for_self_scrape();
    auto r = tool("prometheus_targets", json::object());
    ASSERT_EQ(error_code(r), "") << r;
    bool self_up = false;
    for (const auto& t : r["structuredContent"]["activeTargets"]) {
        self_up = self_up || (t["labels"]["job"] == "prometheus" && t["health"] == "up");
    }
    EXPECT_TRUE(self_up) << r;
    std::cout << "SAMPLE prometheus_targets:\n" << text_of(r) << "\n";
    r = tool("prometheus_targets", {{"state", "dropped"}});
    EXPECT_EQ(r["structuredContent"]["active_total"], 0) << r;
    r = tool("prometheus_targets", {{"state", "sideways"}});
    EXPECT_EQ(error_code(r), "invalid_argument");

    json alerts;
    ASSERT_TRUE(eventually(
        [&] {
            alerts = tool("prometheus_alerts", json::object());
            return alerts["structuredContent"].value("total", 0) >= 1;
        },
        10s
    )) << alerts;
    EXPECT_EQ(
        alerts["structuredContent"]["alerts"][0]["labels"]["alertname"],
        "McpgwTestAlwaysFiring"
    );
    EXPECT_NE(text_of(alerts).find("McpgwTestAlwaysFiring [firing]"), std::string::npos)
        << text_of(alerts);
    std::cout << "SAMPLE prometheus_alerts:\n" << text_of(alerts) << "\n";

    r = tool("prometheus_rules", json::object());
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["groups"][0]["name"], "mcpgw_test");
    EXPECT_EQ(r["structuredContent"]["groups"][0]["rules"].size(), 2U);
    std::cout << "SAMPLE prometheus_rules:\n" << text_of(r) << "\n";
    r = tool("prometheus_rules", {{"type", "record"}});
    ASSERT_EQ(r["structuredContent"]["groups"][0]["rules"].size(), 1U) << r;
    EXPECT_EQ(r["structuredContent"]["groups"][0]["rules"][0]["name"], "mcpgw_test:one");
}

TEST_F(PromTools, SourcesShowInListServersAndReadyz) {
    (void)tool("prometheus_query", {{"query", "1"}});
    auto r = call(*client_, "list_servers", json::object());
    auto t = text_of(r);
    EXPECT_NE(t.find("main"), std::string::npos) << t;
    EXPECT_NE(t.find("prometheus"), std::string::npos) << t;
    auto ready = readyz(gw_->port());
    bool found = false;
    for (const auto& s : ready["sources"]) {
        if (s["name"] == "main") {
            found = true;
            EXPECT_EQ(s["type"], "prometheus");
            EXPECT_EQ(s["state"], "ok") << s;
            EXPECT_GE(s["stats"]["calls"].get<int>(), 1);
        }
    }
    EXPECT_TRUE(found) << ready;
}

TEST(PromSingleServer, ServerIsOptionalWithOneServer) {
    auto srv = shared_server();
    auto gw =
        start_gateway(gateway_yaml("  - {name: only, type: prometheus, url: '" + srv.url + "'}\n"));
    ASSERT_TRUE(gw && gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto r = call(c, "prometheus_query", {{"query", "vector(7)"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["series"][0]["value"], "7");
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest::prom
