// The gateway's own series: HTTP requests by transport/method/code, JSON-RPC requests by
// method/outcome, tool calls by tool/server/outcome, scrape-time source and pool gauges; and
// what a scrape of a large configuration costs.
#include <backends/core/tool_result.hpp>
#include <server/mcp/call_metrics.hpp>
#include <server/mcp/service.hpp>
#include <server/metrics/http_metrics.hpp>
#include <server/metrics/rpc_metrics.hpp>
#include <server/metrics/source_metrics.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

namespace asio = boost::asio;
using nlohmann::json;
using verb = boost::beast::http::verb;

/// The value of one sample line ("name{labels} value"), or -1 when the series is absent.
double sample(const std::string& rendered, const std::string& series) {
    const std::string text = "\n" + rendered;
    auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) {
        return -1;
    }
    at += series.size() + 2;
    return std::stod(text.substr(at, text.find('\n', at) - at));
}

/// A tool whose inputSchema has a `server` enum of `servers` (none: no server argument).
class server_tool final : public backends::tool {
public:
    server_tool(std::string name, std::vector<std::string> servers) {
        json props = json::object();
        json required = json::array();
        if (!servers.empty()) {
            props["server"] = {{"type", "string"}, {"enum", servers}};
            if (servers.size() == 1) {
                props["server"]["default"] = servers.front();
            } else {
                required.push_back("server");
            }
        }
        props["fail"] = {{"type", "string"}};
        def_ = {
            {"name", std::move(name)},
            {"description", "test"},
            {"inputSchema", {{"type", "object"}, {"properties", props}, {"required", required}}}};
    }
    const json& definition() const override { return def_; }
    asio::awaitable<json> invoke(backends::call_context&, json args) const override {
        if (args.contains("fail")) {
            co_return backends::error_result(backends::error_code::unavailable, "down");
        }
        co_return json{{"content", {{{"type", "text"}, {"text", "ok"}}}}};
    }

private:
    json def_;
};

/// A source with fixed health and stats.
class fake_source final : public backends::source {
public:
    fake_source(std::string name, std::string type, backends::source_health h, json stats)
        : name_(std::move(name)),
          type_(std::move(type)),
          health_(std::move(h)),
          stats_(std::move(stats)) {}
    const std::string& name() const override { return name_; }
    std::string_view type() const override { return type_; }
    backends::access_mode access() const override { return backends::access_mode::read_only; }
    backends::source_health health() const override { return health_; }
    json stats() const override { return stats_; }

private:
    std::string name_;
    std::string type_;
    backends::source_health health_;
    json stats_;
};

std::shared_ptr<const backends::catalog> make_catalog(
    std::vector<std::shared_ptr<backends::tool>> tools,
    std::vector<std::shared_ptr<backends::source>> sources = {}
) {
    backends::contribution c;
    for (auto& t : tools) {
        c.tools.push_back(std::move(t));
    }
    c.sources = std::move(sources);
    std::vector<backends::contribution> parts;
    parts.push_back(std::move(c));
    return backends::catalog::build(std::move(parts));
}

TEST(HttpMetrics, PathsMethodsAndCodesMapToFixedLabels) {
    EXPECT_EQ(classify_path("/mcp", "/mcp"), http_transport::streamable);
    EXPECT_EQ(classify_path("/gw", "/gw"), http_transport::streamable);
    EXPECT_EQ(classify_path("/mcp", "/gw"), http_transport::other);
    EXPECT_EQ(classify_path("/sse", "/mcp"), http_transport::legacy_sse);
    EXPECT_EQ(classify_path("/messages", "/mcp"), http_transport::legacy_sse);
    EXPECT_EQ(classify_path("/tools/call", "/mcp"), http_transport::rest);
    EXPECT_EQ(classify_path("/readyz", "/mcp"), http_transport::health);
    EXPECT_EQ(classify_path("/metrics", "/mcp"), http_transport::metrics);
    EXPECT_EQ(classify_path("/../etc/passwd", "/mcp"), http_transport::other);

    EXPECT_EQ(http_metrics::methods[http_metrics::method_index(verb::get)], "GET");
    EXPECT_EQ(http_metrics::methods[http_metrics::method_index(verb::delete_)], "DELETE");
    EXPECT_EQ(http_metrics::methods[http_metrics::method_index(verb::propfind)], "other");

    EXPECT_EQ(http_metrics::codes[http_metrics::code_index(200)], "200");
    EXPECT_EQ(http_metrics::codes[http_metrics::code_index(503)], "503");
    EXPECT_EQ(http_metrics::codes[http_metrics::code_index(418)], "4xx");
    EXPECT_EQ(http_metrics::codes[http_metrics::code_index(302)], "3xx");
    EXPECT_EQ(http_metrics::codes[http_metrics::code_index(0)], "none");
    EXPECT_EQ(http_metrics::codes[http_metrics::code_index(999)], "other");
}

TEST(HttpMetrics, RecordCountsOneSeriesAndShowsOnlyUsedOnes) {
    backends::metrics_registry r;
    http_metrics m(r);
    m.record(http_transport::streamable, verb::post, 200);
    m.record(http_transport::streamable, verb::post, 200);
    m.record(http_transport::other, verb::propfind, 404);
    m.record(http_transport::legacy_sse, verb::get, 0);
    const auto text = r.render();
    EXPECT_EQ(
        sample(
            text,
            R"(mcpgw_http_requests_total{code="200",method="POST",transport="streamable"})"
        ),
        2
    ) << text;
    EXPECT_EQ(
        sample(text, R"(mcpgw_http_requests_total{code="404",method="other",transport="other"})"),
        1
    );
    EXPECT_EQ(
        sample(
            text,
            R"(mcpgw_http_requests_total{code="none",method="GET",transport="legacy_sse"})"
        ),
        1
    );
    // Three sample lines plus HELP and TYPE: the other series stay hidden at 0.
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5) << text;
    http_metrics{}.record(http_transport::rest, verb::get, 200);  // a default one records nothing
}

TEST(RpcMetrics, MethodsOutsideTheListAreOtherAndOutcomesAreFixed) {
    backends::metrics_registry r;
    rpc_metrics m(r);
    m.record_request("tools/call", protocol::rpc_outcome{json::object()});
    m.record_request("tools/call", protocol::rpc_outcome{json(json::value_t::discarded)});
    m.record_request(
        "evil\"method\n{x}",
        protocol::rpc_outcome{protocol::rpc_error::make(protocol::rpc_code::method_not_found, "x")}
    );
    m.record_notification("notifications/cancelled");
    m.record_notification("notifications/whatever-the-client-likes");
    const auto text = r.render();
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_requests_total{method="tools/call",outcome="ok"})"), 1)
        << text;
    EXPECT_EQ(
        sample(text, R"(mcpgw_rpc_requests_total{method="tools/call",outcome="cancelled"})"),
        1
    );
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_requests_total{method="other",outcome="error"})"), 1);
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_requests_total{method="ping",outcome="ok"})"), 0);
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_requests_total{method="ping",outcome="error"})"), -1);
    EXPECT_EQ(
        sample(text, R"(mcpgw_rpc_notifications_total{method="notifications/cancelled"})"),
        1
    );
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_notifications_total{method="other"})"), 1);
    EXPECT_EQ(text.find("evil"), std::string::npos);
    EXPECT_EQ(text.find("whatever"), std::string::npos);
}

TEST(CallMetrics, ServerSlotComesFromTheEnumOrTheDefault) {
    backends::metrics_registry r;
    auto cat = make_catalog({
        std::make_shared<server_tool>("multi", std::vector<std::string>{"a", "b"}),
        std::make_shared<server_tool>("single", std::vector<std::string>{"only"}),
        std::make_shared<server_tool>("plain", std::vector<std::string>{}),
    });
    call_metrics m(r, *cat);
    const auto index = [&](const char* name) {
        return static_cast<std::size_t>(cat->find_tool(name) - cat->tools().data());
    };
    EXPECT_EQ(m.server_slot(index("multi"), {{"server", "a"}}), 0u);
    EXPECT_EQ(m.server_slot(index("multi"), {{"server", "b"}}), 1u);
    EXPECT_EQ(m.server_slot(index("multi"), {{"server", "zzz"}}), 2u);  // the "" slot
    EXPECT_EQ(m.server_slot(index("multi"), json::object()), 2u);
    EXPECT_EQ(m.server_slot(index("single"), json::object()), 0u);  // the default
    EXPECT_EQ(m.server_slot(index("plain"), {{"server", "a"}}), 0u);

    const json ok = {{"content", json::array()}};
    const json failed = backends::error_result(backends::error_code::pool_timeout, "busy");
    const json odd = {{"isError", true}, {"_meta", {{"mcpgw/error", {{"code", "new"}}}}}};
    m.record(index("multi"), 1, ok, 0.002);
    m.record(index("multi"), 1, failed, 0.2);
    m.record(index("plain"), 0, odd, 0.001);
    m.record_rejected(index("single"), 0);
    m.record(99, 0, ok, 1);  // out of range: ignored

    const auto text = r.render();
    const auto calls = [&](const std::string& labels) {
        return sample(text, "mcpgw_tool_calls_total{" + labels + "}");
    };
    EXPECT_EQ(calls(R"(outcome="ok",server="b",tool="multi")"), 1) << text;
    EXPECT_EQ(calls(R"(outcome="pool_timeout",server="b",tool="multi")"), 1);
    EXPECT_EQ(calls(R"(outcome="ok",server="a",tool="multi")"), 0);
    EXPECT_EQ(calls(R"(outcome="ok",server="",tool="multi")"), -1);  // fallback hidden at 0
    EXPECT_EQ(calls(R"(outcome="internal",server="",tool="plain")"), 1);
    EXPECT_EQ(calls(R"(outcome="ok",server="",tool="plain")"), 0);
    EXPECT_EQ(calls(R"(outcome="invalid_argument",server="only",tool="single")"), 1);
    EXPECT_EQ(sample(text, R"(mcpgw_tool_call_duration_seconds_count{tool="multi"})"), 2);
    EXPECT_EQ(sample(text, R"(mcpgw_tool_call_duration_seconds_count{tool="single"})"), 0);
}

TEST(CallMetrics, ServiceCountsRpcAndToolCallsWithTheirServer) {
    asio::io_context io;
    backends::metrics_registry r;
    auto cat =
        make_catalog({std::make_shared<server_tool>("multi", std::vector<std::string>{"a", "b"})});
    service svc(cat, service_options{}, r);
    auto session = std::make_shared<mcp_session>();
    const auto call = [&](json params) {
        protocol::request req{1, "tools/call", std::move(params)};
        auto fut = asio::co_spawn(
            io,
            svc.handle_request(session, std::move(req), nullptr),
            asio::use_future
        );
        io.run_for(std::chrono::seconds(5));
        io.restart();
        return fut.get();
    };
    call({{"name", "multi"}, {"arguments", {{"server", "a"}}}});
    call({{"name", "multi"}, {"arguments", {{"server", "b"}, {"fail", "x"}}}});
    call({{"name", "multi"}, {"arguments", {{"server", "nope"}}}});  // fails the enum
    call({{"name", "no-such-tool"}});
    const auto text = r.render();
    EXPECT_EQ(sample(text, R"(mcpgw_tool_calls_total{outcome="ok",server="a",tool="multi"})"), 1)
        << text;
    EXPECT_EQ(
        sample(text, R"(mcpgw_tool_calls_total{outcome="unavailable",server="b",tool="multi"})"),
        1
    );
    EXPECT_EQ(
        sample(
            text,
            R"(mcpgw_tool_calls_total{outcome="invalid_argument",server="",tool="multi"})"
        ),
        1
    );
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_requests_total{method="tools/call",outcome="ok"})"), 3);
    EXPECT_EQ(sample(text, R"(mcpgw_rpc_requests_total{method="tools/call",outcome="error"})"), 1);
    EXPECT_EQ(text.find("nope"), std::string::npos);
    EXPECT_EQ(text.find("no-such-tool"), std::string::npos);
}

TEST(SourceMetrics, ReadsTheSharedPoolSqliteAndNestedShapes) {
    auto shared = read_pool_stats(
        {{"size", 7},
         {"in_use", 3},
         {"idle", 2},
         {"opening", 1},
         {"waiters", 4},
         {"total_connects", 9},
         {"failed_connects", 2},
         {"last_error", ""}}
    );
    ASSERT_TRUE(shared);
    EXPECT_EQ(shared->in_use, 3);
    EXPECT_EQ(shared->idle, 2);
    EXPECT_EQ(shared->opening, 1);
    EXPECT_EQ(shared->checking, 1);
    EXPECT_EQ(shared->waiters, 4);
    EXPECT_FALSE(shared->max);
    EXPECT_EQ(shared->connects, 9);
    EXPECT_EQ(shared->connect_failures, 2);

    auto nested = read_pool_stats({{"pool", {{"size", 1}, {"in_use", 1}, {"idle", 0}}}});
    ASSERT_TRUE(nested);
    EXPECT_EQ(nested->in_use, 1);

    auto sqlite = read_pool_stats(
        {{"connections_open", 3}, {"connections_in_use", 1}, {"connections_max", 4}, {"waiters", 0}}
    );
    ASSERT_TRUE(sqlite);
    EXPECT_EQ(sqlite->idle, 2);
    EXPECT_EQ(sqlite->max, 4);
    EXPECT_FALSE(sqlite->has_lifecycle);

    EXPECT_FALSE(read_pool_stats(json::object()));
    EXPECT_FALSE(read_pool_stats({{"size", "big"}, {"in_use", 1}, {"idle", 1}}));
    EXPECT_FALSE(read_pool_stats(json::array()));
}

TEST(SourceMetrics, CollectorRendersHealthAndPoolsExactly) {
    auto cat = make_catalog(
        {},
        {std::make_shared<fake_source>(
             "billing",
             "postgres",
             backends::source_health{backends::health_state::degraded, "password=hunter2"},
             json{
                 {"size", 2},
                 {"in_use", 1},
                 {"idle", 1},
                 {"opening", 0},
                 {"waiters", 0},
                 {"total_connects", 5},
                 {"failed_connects", 1},
                 {"max_size", 10}}
         ),
         std::make_shared<fake_source>(
             "fixtures",
             "conformance",
             backends::source_health{backends::health_state::down, "gone"},
             json::object()
         )}
    );
    backends::metrics_registry r;
    r.add_collector([cat](backends::sample_writer& w) {
        collect_source_metrics(*cat, w);
    });
    const std::string expected =
        "# HELP mcpgw_source_up 1 unless the source is down (ok or degraded).\n"
        "# TYPE mcpgw_source_up gauge\n"
        "mcpgw_source_up{server=\"billing\",type=\"postgres\"} 1\n"
        "mcpgw_source_up{server=\"fixtures\",type=\"conformance\"} 0\n"
        "# HELP mcpgw_source_health Source state: 1 for the current one of ok, degraded, down.\n"
        "# TYPE mcpgw_source_health gauge\n"
        "mcpgw_source_health{server=\"billing\",type=\"postgres\",state=\"ok\"} 0\n"
        "mcpgw_source_health{server=\"billing\",type=\"postgres\",state=\"degraded\"} 1\n"
        "mcpgw_source_health{server=\"billing\",type=\"postgres\",state=\"down\"} 0\n"
        "mcpgw_source_health{server=\"fixtures\",type=\"conformance\",state=\"ok\"} 0\n"
        "mcpgw_source_health{server=\"fixtures\",type=\"conformance\",state=\"degraded\"} 0\n"
        "mcpgw_source_health{server=\"fixtures\",type=\"conformance\",state=\"down\"} 1\n"
        "# HELP mcpgw_pool_connections Pooled connections by state: in_use, idle, opening, "
        "checking (ping or reset).\n"
        "# TYPE mcpgw_pool_connections gauge\n"
        "mcpgw_pool_connections{server=\"billing\",type=\"postgres\",state=\"in_use\"} 1\n"
        "mcpgw_pool_connections{server=\"billing\",type=\"postgres\",state=\"idle\"} 1\n"
        "mcpgw_pool_connections{server=\"billing\",type=\"postgres\",state=\"opening\"} 0\n"
        "mcpgw_pool_connections{server=\"billing\",type=\"postgres\",state=\"checking\"} 0\n"
        "# HELP mcpgw_pool_waiters Callers queued for a pooled connection.\n"
        "# TYPE mcpgw_pool_waiters gauge\n"
        "mcpgw_pool_waiters{server=\"billing\",type=\"postgres\"} 0\n"
        "# HELP mcpgw_pool_max The pool's bound on open connections.\n"
        "# TYPE mcpgw_pool_max gauge\n"
        "mcpgw_pool_max{server=\"billing\",type=\"postgres\"} 10\n"
        "# HELP mcpgw_pool_connects_total Pool connections opened.\n"
        "# TYPE mcpgw_pool_connects_total counter\n"
        "mcpgw_pool_connects_total{server=\"billing\",type=\"postgres\"} 5\n"
        "# HELP mcpgw_pool_connect_failures_total Pool connection attempts that failed.\n"
        "# TYPE mcpgw_pool_connect_failures_total counter\n"
        "mcpgw_pool_connect_failures_total{server=\"billing\",type=\"postgres\"} 1\n";
    const auto text = r.render();
    EXPECT_EQ(text, expected);
    EXPECT_EQ(text.find("hunter2"), std::string::npos);  // errors are not labels
}

// Not a pass/fail bound: prints what one scrape of a large configuration costs (50 tools x
// 10 servers, every tool's series used, 10 pooled sources) so the figure can be recorded.
TEST(MetricsScrape, CostOfFiftyToolsTimesTenServers) {
    std::vector<std::string> servers;
    std::vector<std::shared_ptr<backends::source>> sources;
    for (int s = 0; s < 10; ++s) {
        servers.push_back("server" + std::to_string(s));
        sources.push_back(std::make_shared<fake_source>(
            servers.back(),
            "postgres",
            backends::source_health{},
            json{
                {"size", 4},
                {"in_use", 1},
                {"idle", 3},
                {"opening", 0},
                {"waiters", 0},
                {"total_connects", 4},
                {"failed_connects", 0}}
        ));
    }
    std::vector<std::shared_ptr<backends::tool>> tools;
    for (int t = 0; t < 50; ++t) {
        tools.push_back(std::make_shared<server_tool>("tool_" + std::to_string(t), servers));
    }
    auto cat = make_catalog(std::move(tools), std::move(sources));
    backends::metrics_registry r;
    call_metrics calls(r, *cat);
    http_metrics http(r);
    rpc_metrics rpc(r);
    r.add_collector([cat](backends::sample_writer& w) {
        collect_source_metrics(*cat, w);
    });
    const json ok = {{"content", json::array()}};
    const json failed = backends::error_result(backends::error_code::timeout, "slow");
    for (std::size_t t = 0; t < cat->tools().size(); ++t) {
        for (std::size_t s = 0; s < servers.size(); ++s) {
            calls.record(t, s, ok, 0.003);
            calls.record(t, s, failed, 2.0);  // a second visible outcome per tool and server
        }
    }
    for (auto t : {http_transport::streamable, http_transport::rest, http_transport::metrics}) {
        http.record(t, verb::post, 200);
    }
    rpc.record_request("tools/call", protocol::rpc_outcome{ok});

    constexpr int rounds = 50;
    std::size_t bytes = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < rounds; ++i) {
        bytes = r.render().size();
    }
    const auto elapsed =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started);
    const auto text = r.render();
    const auto lines = std::count(text.begin(), text.end(), '\n');
    std::printf(
        "[ scrape   ] 50 tools x 10 servers: %.0f us per render, %zu bytes, %ld lines\n",
        elapsed.count() / rounds,
        bytes,
        static_cast<long>(lines)
    );
    EXPECT_EQ(
        sample(
            text,
            R"(mcpgw_tool_calls_total{outcome="timeout",server="server9",tool="tool_49"})"
        ),
        1
    );

    // What the counting adds to one tools/call: server slot, tool record, RPC and HTTP counts.
    const json args = {{"server", "server7"}, {"fail", "x"}};
    const protocol::rpc_outcome outcome{ok};
    const auto tool49 = static_cast<std::size_t>(cat->find_tool("tool_49") - cat->tools().data());
    constexpr int calls_measured = 200000;
    const auto call_start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls_measured; ++i) {
        const auto slot = calls.server_slot(tool49, args);
        calls.record(tool49, slot, ok, 0.001);
        rpc.record_request("tools/call", outcome);
        http.record(http_transport::streamable, verb::post, 200);
    }
    const auto per_call =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - call_start) /
        calls_measured;
    std::printf("[ scrape   ] counting per tools/call: %.0f ns\n", per_call.count());
    EXPECT_EQ(
        sample(
            r.render(),
            R"(mcpgw_tool_calls_total{outcome="ok",server="server7",tool="tool_49"})"
        ),
        calls_measured + 1
    );
}

}  // namespace
}  // namespace mcpgw::server
