// The real loop: the fixture Prometheus scrapes the gateway's own /metrics (a file_sd target
// this test writes), and the helper tools read it back: check_service_health on the gateway's
// job, get_error_rate from the gateway's tool-call counters, and `service` arguments that try
// to inject PromQL, checked against the query Prometheus actually received (its query log).
#include "prom_fixture.hpp"

namespace mcpgw::itest::prom {
namespace {

// The attack is also a real job name below: it must match exactly that target, nothing more.
const std::string attack = "x\"} or vector(1) or up{job=\"";

class PromScrape : public ::testing::Test {
protected:
    void SetUp() override {
        srv_ = shared_server();
        // The gateway's own counters stand in for a service's request metrics: tool calls by
        // tool (the "service") and outcome (the "status").
        gw_ = start_gateway(gateway_yaml(
            "  - name: metrics\n"
            "    type: prometheus\n"
            "    url: '" +
            srv_.url +
            "'\n"
            "    error_rate: {metric: mcpgw_tool_calls_total, service_label: tool, status_label: "
            "outcome,\n"
            "                 error_status_regex: 'invalid_argument|backend_error', window: 1m}\n"
        ));
        ASSERT_TRUE(gw_ && gw_->started());
        job_ = "mcpgw-itest-" + std::to_string(gw_->port());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }
    void TearDown() override {
        target_.reset();
        stop_gateway(gw_);
    }

    json tool(const std::string& name, const json& args) { return call(*client_, name, args); }

    // Bounded wait until Prometheus has scraped this gateway under `job` (discovery applies
    // file changes about every 5 s).
    bool wait_scraped(const std::string& job) {
        return eventually(
            [&] {
                auto r = tool("check_service_health", {{"service", job}});
                return r["structuredContent"].value("status", "") == "up";
            },
            25s
        );
    }

    fixture_server srv_;
    std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
    std::unique_ptr<scrape_target> target_;
    std::string job_;
};

TEST_F(PromScrape, GatewayIsScrapedAndHealthy) {
    auto r = tool("check_service_health", {{"service", job_}});
    EXPECT_EQ(r["structuredContent"]["status"], "unknown") << r;
    EXPECT_NE(text_of(r).find("no target with job=\"" + job_ + "\""), std::string::npos)
        << text_of(r);

    target_ = std::make_unique<scrape_target>(srv_, gw_->port(), std::vector<std::string>{job_});
    ASSERT_TRUE(wait_scraped(job_));
    r = tool("check_service_health", {{"service", job_}});
    EXPECT_EQ(r["structuredContent"]["up"], 1);
    EXPECT_EQ(
        r["structuredContent"]["targets"][0]["labels"]["instance"],
        "127.0.0.1:" + std::to_string(gw_->port())
    );
    EXPECT_EQ(r["structuredContent"]["query"], "up{job=\"" + job_ + "\"}");
    std::cout << "SAMPLE check_service_health:\n" << text_of(r) << "\n";

    r = tool("prometheus_targets", json::object());
    EXPECT_NE(
        text_of(r).find(
            "[up] {instance=\"127.0.0.1:" + std::to_string(gw_->port()) + "\", job=\"" + job_ +
            "\"}"
        ),
        std::string::npos
    ) << text_of(r);

    r = tool("prometheus_list_metrics", {{"match", "{job=\"" + job_ + "\"}"}});
    auto items = r["structuredContent"]["items"];
    EXPECT_NE(std::find(items.begin(), items.end(), "mcpgw_tool_calls_total"), items.end()) << r;
    EXPECT_NE(std::find(items.begin(), items.end(), "up"), items.end()) << r;

    r = tool("prometheus_query", {{"query", "mcpgw_build_info{job=\"" + job_ + "\"}"}});
    EXPECT_EQ(r["structuredContent"]["series_total"], 1) << r;
}

TEST_F(PromScrape, ErrorRateFromTheGatewaysOwnCounters) {
    target_ = std::make_unique<scrape_target>(srv_, gw_->port(), std::vector<std::string>{job_});
    ASSERT_TRUE(wait_scraped(job_));
    json r;
    // Keep failing and succeeding calls flowing until two scrapes show the increase.
    ASSERT_TRUE(eventually(
        [&] {
            (void)tool("prometheus_query", {{"query", "sum(up"}});  // invalid_argument
            (void)tool("prometheus_query", {{"query", "vector(1)"}});
            r = tool("get_error_rate", {{"service", "prometheus_query"}});
            return r["structuredContent"].value("status", "") == "ok" &&
                   r["structuredContent"]["error_rate"].get<double>() > 0;
        },
        25s
    )) << r;
    const auto& sc = r["structuredContent"];
    EXPECT_GT(sc["request_rate"].get<double>(), 0);
    EXPECT_GT(sc["error_ratio"].get<double>(), 0);
    EXPECT_LE(sc["error_ratio"].get<double>(), 1);
    EXPECT_EQ(sc["window"], "1m");
    EXPECT_EQ(
        sc["queries"]["errors"],
        "sum(rate(mcpgw_tool_calls_total{tool=\"prometheus_query\", "
        "outcome=~\"invalid_argument|backend_error\"}[1m]))"
    );
    EXPECT_NE(text_of(r).find("% of requests failed"), std::string::npos) << text_of(r);
    std::cout << "SAMPLE get_error_rate:\n" << text_of(r) << "\n";

    r = tool("get_error_rate", {{"service", "no_such_tool"}, {"window", "30s"}});
    EXPECT_EQ(r["structuredContent"]["status"], "no_data") << r;
    r = tool("get_error_rate", {{"service", "prometheus_query"}, {"window", "5m]) or vector(1"}});
    EXPECT_EQ(error_code(r), "invalid_argument");
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "window");
}

TEST_F(PromScrape, InjectedServiceNamesMatchOnlyTheLiteralName) {
    // Two jobs on this gateway: a plain one and one named exactly like the attack.
    target_ =
        std::make_unique<scrape_target>(srv_, gw_->port(), std::vector<std::string>{job_, attack});
    ASSERT_TRUE(wait_scraped(job_));
    ASSERT_TRUE(wait_scraped(attack));

    // The attack string finds exactly the one target whose job label is that string.
    auto r = tool("check_service_health", {{"service", attack}});
    ASSERT_EQ(r["structuredContent"]["targets"].size(), 1U) << r;
    EXPECT_EQ(r["structuredContent"]["targets"][0]["labels"]["job"], attack);
    EXPECT_EQ(
        r["structuredContent"]["targets"][0]["labels"].size(),
        3U
    );  // __name__, instance, job
    std::cout << "SAMPLE check_service_health (injection attempt):\n" << text_of(r) << "\n";

    // Variants that would widen the match if the name reached PromQL unescaped.
    const std::string variants[] = {
        "x\"} or vector(1) or up{job=\"x",
        "x\"} or up{job=~\".*",
        job_ + "\"} or vector(1) #",
        ".*",
        "\\",
        "x\\\"} or vector(1) or up{job=\\\"",
        "x\"}\nor vector(1)",
        "\"} or on() vector(1) or {__name__=\"up",
    };
    for (const auto& v : variants) {
        r = tool("check_service_health", {{"service", v}});
        ASSERT_EQ(error_code(r), "") << v << ": " << r;
        EXPECT_EQ(r["structuredContent"]["status"], "unknown") << v << ": " << r;
        EXPECT_EQ(r["structuredContent"]["targets"].size(), 0U) << v;
        r = tool("get_error_rate", {{"service", v}});
        EXPECT_EQ(r["structuredContent"]["status"], "no_data") << v << ": " << r;
    }

    // What Prometheus received: the escaped literal, never a widened expression.
    auto queries = logged_queries(srv_);
    const std::string expected = "up{job=\"x\\\"} or vector(1) or up{job=\\\"\"}";
    EXPECT_NE(std::find(queries.begin(), queries.end(), expected), queries.end())
        << "query log has " << queries.size() << " queries";
    for (const auto& q : queries) {
        EXPECT_NE(q, "up{job=\"" + attack + "\"}");  // the unescaped form never arrives
    }
    const std::string newline_form = "up{job=\"x\\\"}\\nor vector(1)\"}";
    EXPECT_NE(std::find(queries.begin(), queries.end(), newline_form), queries.end());
}

}  // namespace
}  // namespace mcpgw::itest::prom
