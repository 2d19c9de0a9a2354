// The gateway's own /metrics and /readyz through the real binary: every transport, method and
// status is counted once in the right series, tool calls carry their server, sources show
// their health and pools, nothing from a request becomes a label value, and the exposition
// passes promtool's checks.
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <cstdio>
#include <map>

#include <sys/wait.h>

namespace mcpgw::itest {
namespace {

using series_map = std::map<std::string, double>;

/// Sample lines as {"name{labels}": value}; comments skipped.
series_map parse_samples(const std::string& text) {
    series_map out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        auto space = line.rfind(' ');
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

double value_of(const series_map& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

std::string scrape(std::uint16_t port) {
    auto r = http_request(port, "GET", "/metrics");
    EXPECT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4");
    return r.body;
}

/// A loopback port with nothing listening (closed again when the probe goes).
std::uint16_t closed_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor probe(
        io,
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)
    );
    return probe.local_endpoint().port();
}

constexpr const char* db_password = "pw-SECRET-4711";

class GatewayMetrics : public ::testing::Test {
protected:
    void SetUp() override {
        build_sqlite_db(data_.path() + "/good.db", "CREATE TABLE t (x INTEGER);");
        build_sqlite_db(data_.path() + "/other.db", "CREATE TABLE t (x INTEGER);");
        gw_ = start_gateway(conformance_yaml(
            "",
            "  - {name: gooddb, type: sqlite, path: \"" + data_.path() +
                "/good.db\"}\n"
                "  - {name: otherdb, type: sqlite, path: \"" +
                data_.path() +
                "/other.db\"}\n"
                "  - {name: billing, type: postgres, host: 127.0.0.1, port: " +
                std::to_string(closed_port()) + ", user: reader, password: \"" + db_password +
                "\", pool: {min: 1, max: 3}}\n"
        ));
        ASSERT_TRUE(gw_ && gw_->started());
    }
    void TearDown() override { stop_gateway(gw_); }
    std::uint16_t port() const { return gw_->port(); }

    temp_dir data_;
    std::unique_ptr<gateway_process> gw_;
};

TEST_F(GatewayMetrics, EveryTransportRpcAndToolCallIsCountedOnce) {
    const auto before = parse_samples(scrape(port()));

    // Streamable HTTP: initialize (200) + initialized (202), four calls (200), a PUT (405).
    mcp_client c(port());
    ASSERT_EQ(c.initialize().status, 200);
    auto simple = c.call_tool("test_simple_text");
    EXPECT_TRUE(simple["result"].contains("content") && !simple["result"].value("isError", false))
        << simple;
    EXPECT_TRUE(c.call_tool("test_error_handling")["result"].value("isError", false));
    auto sql = c.call_tool("sqlite_query", {{"server", "otherdb"}, {"sql", "SELECT 1"}});
    EXPECT_TRUE(sql["result"].contains("rows") || sql["result"].contains("structuredContent"))
        << sql;
    EXPECT_FALSE(sql["result"].value("isError", false)) << sql;
    EXPECT_EQ(c.call("no/such-method{evil}")["error"]["code"], -32601);
    EXPECT_EQ(http_request(port(), "PUT", "/mcp").status, 405);

    // REST shim: a list, a call, a call whose server is not configured (invalid_argument).
    EXPECT_EQ(http_request(port(), "GET", "/tools/list").status, 200);
    auto rest = http_request(
        port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "sqlite_query", "arguments": {"server": "gooddb", "sql": "SELECT 1"}})"
    );
    EXPECT_TRUE(rest.body_json().contains("structuredContent")) << rest.body;
    EXPECT_FALSE(rest.body_json().value("isError", false)) << rest.body;
    auto bad = http_request(
        port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "sqlite_query", "arguments": {"server": "evil\"db", "sql": "SELECT 1"}})"
    );
    EXPECT_TRUE(bad.body_json().value("isError", false)) << bad.body;

    // Legacy SSE: the stream (GET, counted when it ends) and one POST /messages (202).
    {
        sse_reader stream(port(), "GET", "/sse", {{"Accept", "text/event-stream"}});
        ASSERT_EQ(stream.head().status, 200);
        auto endpoint = stream.next(5s);
        ASSERT_TRUE(endpoint) << stream.raw();
        auto posted = http_request(
            port(),
            "POST",
            endpoint->data,
            {{"Content-Type", "application/json"}},
            rpc_request(1, "initialize", {{"protocolVersion", "2024-11-05"}}).dump()
        );
        EXPECT_EQ(posted.status, 202) << posted.body;
        ASSERT_TRUE(stream.next(5s));  // the initialize answer
        stream.close();
    }

    // Health, an unknown path.
    EXPECT_EQ(http_request(port(), "GET", "/healthz").status, 200);
    EXPECT_EQ(http_request(port(), "GET", "/readyz").status, 200);
    EXPECT_EQ(http_request(port(), "GET", "/no/such/path?x=<evil>").status, 404);

    const std::map<std::string, double> expected{
        // The first scrape itself, counted once it was answered.
        {R"(mcpgw_http_requests_total{code="200",method="GET",transport="metrics"})", 1},
        {R"(mcpgw_http_requests_total{code="200",method="POST",transport="streamable"})", 5},
        {R"(mcpgw_http_requests_total{code="202",method="POST",transport="streamable"})", 1},
        {R"(mcpgw_http_requests_total{code="405",method="other",transport="streamable"})", 1},
        {R"(mcpgw_http_requests_total{code="200",method="GET",transport="rest"})", 1},
        {R"(mcpgw_http_requests_total{code="200",method="POST",transport="rest"})", 2},
        {R"(mcpgw_http_requests_total{code="200",method="GET",transport="legacy_sse"})", 1},
        {R"(mcpgw_http_requests_total{code="202",method="POST",transport="legacy_sse"})", 1},
        {R"(mcpgw_http_requests_total{code="200",method="GET",transport="health"})", 2},
        {R"(mcpgw_http_requests_total{code="404",method="GET",transport="other"})", 1},
        {R"(mcpgw_rpc_requests_total{method="initialize",outcome="ok"})", 2},
        {R"(mcpgw_rpc_requests_total{method="tools/call",outcome="ok"})", 5},
        {R"(mcpgw_rpc_requests_total{method="tools/list",outcome="ok"})", 1},
        {R"(mcpgw_rpc_requests_total{method="other",outcome="error"})", 1},
        {R"(mcpgw_rpc_notifications_total{method="notifications/initialized"})", 1},
        {R"(mcpgw_tool_calls_total{outcome="ok",server="",tool="test_simple_text"})", 1},
        {R"(mcpgw_tool_calls_total{outcome="backend_error",server="",tool="test_error_handling"})",
         1},
        {R"(mcpgw_tool_calls_total{outcome="ok",server="otherdb",tool="sqlite_query"})", 1},
        {R"(mcpgw_tool_calls_total{outcome="ok",server="gooddb",tool="sqlite_query"})", 1},
        {R"(mcpgw_tool_calls_total{outcome="invalid_argument",server="",tool="sqlite_query"})", 1},
        {R"(mcpgw_tool_call_duration_seconds_count{tool="sqlite_query"})", 2},
        {R"(mcpgw_tool_call_duration_seconds_count{tool="test_simple_text"})", 1},
    };
    // The legacy GET is counted when the gateway sees the stream end: poll for it.
    series_map after;
    std::string text;
    const auto legacy_get =
        R"(mcpgw_http_requests_total{code="200",method="GET",transport="legacy_sse"})";
    eventually(
        [&] {
            text = scrape(port());
            after = parse_samples(text);
            return value_of(after, legacy_get) > value_of(before, legacy_get);
        },
        5s
    );
    for (const auto& [key, delta] : expected) {
        // Polling scrapes count too: the metrics series is checked against the first one only.
        if (key.find("transport=\"metrics\"") != std::string::npos) {
            EXPECT_GE(value_of(after, key) - value_of(before, key), delta) << key;
            continue;
        }
        EXPECT_EQ(value_of(after, key) - value_of(before, key), delta) << key << "\n" << text;
    }
    // Nothing else moved among the request and call counters.
    for (const auto& [key, value] : after) {
        const bool counted = key.starts_with("mcpgw_http_requests_total") ||
                             key.starts_with("mcpgw_rpc_") ||
                             key.starts_with("mcpgw_tool_calls_total");
        if (counted && !expected.contains(key)) {
            EXPECT_EQ(value, value_of(before, key)) << key;
        }
    }
    EXPECT_EQ(value_of(after, "mcpgw_sessions"), 1) << text;  // the legacy one ended
    EXPECT_EQ(value_of(after, "mcpgw_inflight_calls"), 0);
    // Request data never becomes a label value.
    for (const char* raw : {"evil", "no/such", "such-method", "<", db_password}) {
        EXPECT_EQ(text.find(raw), std::string::npos) << raw << " in\n" << text;
    }
}

TEST_F(GatewayMetrics, SourcesShowHealthAndPools) {
    // The PostgreSQL source has nothing to connect to: down once its first connect failed.
    std::string text;
    ASSERT_TRUE(eventually(
        [&] {
            text = scrape(port());
            return text.find(R"(mcpgw_source_up{server="billing",type="postgres"} 0)") !=
                   std::string::npos;
        },
        10s
    )) << text;
    const auto m = parse_samples(text);
    EXPECT_EQ(
        value_of(m, R"(mcpgw_source_health{server="billing",type="postgres",state="down"})"),
        1
    );
    EXPECT_EQ(
        value_of(m, R"(mcpgw_source_health{server="billing",type="postgres",state="ok"})"),
        0
    );
    EXPECT_GE(
        value_of(m, R"(mcpgw_pool_connect_failures_total{server="billing",type="postgres"})"),
        1
    );
    EXPECT_EQ(
        value_of(m, R"(mcpgw_pool_connections{server="billing",type="postgres",state="in_use"})"),
        0
    );
    EXPECT_EQ(m.count(R"(mcpgw_pool_waiters{server="billing",type="postgres"})"), 1u) << text;
    EXPECT_EQ(value_of(m, R"(mcpgw_source_up{server="gooddb",type="sqlite"})"), 1);
    EXPECT_EQ(value_of(m, R"(mcpgw_source_up{server="conformance",type="conformance"})"), 1);
    EXPECT_EQ(m.count(R"(mcpgw_pool_max{server="gooddb",type="sqlite"})"), 1u) << text;
    // The conformance source has no pool: no pool series for it.
    EXPECT_EQ(text.find(R"(mcpgw_pool_connections{server="conformance")"), std::string::npos);
    EXPECT_NE(text.find("\nmcpgw_build_info{version=\""), std::string::npos) << text;
    EXPECT_EQ(text.find(db_password), std::string::npos);

    // A call on the idle SQLite source shows up as an idle pooled connection afterwards.
    auto call = http_request(
        port(),
        "POST",
        "/tools/call",
        {},
        R"({"name": "sqlite_query", "arguments": {"server": "gooddb", "sql": "SELECT 1"}})"
    );
    ASSERT_EQ(call.status, 200);
    const auto later = parse_samples(scrape(port()));
    EXPECT_EQ(
        value_of(later, R"(mcpgw_pool_connections{server="gooddb",type="sqlite",state="idle"})"),
        1
    );
    EXPECT_EQ(
        value_of(later, R"(mcpgw_pool_connections{server="gooddb",type="sqlite",state="in_use"})"),
        0
    );
}

TEST_F(GatewayMetrics, ReadyzReportsEachSourceStateWithASanitisedError) {
    json ready;
    ASSERT_TRUE(eventually(
        [&] {
            auto r = http_request(port(), "GET", "/readyz");
            EXPECT_EQ(r.status, 200) << r.body;  // one source down: still ready
            ready = r.body_json();
            for (const auto& s : ready["sources"]) {
                if (s.value("name", "") == "billing") {
                    return s.value("state", "") == "down";
                }
            }
            return false;
        },
        10s
    )) << ready.dump(2);
    EXPECT_EQ(ready.value("status", ""), "ready");
    EXPECT_EQ(ready["source_states"], (json{{"ok", 3}, {"degraded", 0}, {"down", 1}})) << ready;
    for (const auto& s : ready["sources"]) {
        if (s.value("name", "") == "billing") {
            const auto error = s.value("last_error", "");
            EXPECT_FALSE(error.empty()) << s;
            EXPECT_LE(error.size(), 503u);
            EXPECT_EQ(error.find('\n'), std::string::npos);
        }
    }
    EXPECT_EQ(ready.dump().find(db_password), std::string::npos) << ready;
}

TEST_F(GatewayMetrics, ExpositionPassesPromtool) {
    // Make the optional families appear: an error outcome, a notification, a 404.
    mcp_client c(port());
    ASSERT_EQ(c.initialize().status, 200);
    c.call_tool("test_error_handling");
    http_request(port(), "GET", "/nope");
    const std::string text = scrape(port());
    const std::string file = data_.write("metrics.txt", text);
    const std::string command = "promtool check metrics < " + file + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[512];
    while (auto n = fread(buffer, 1, sizeof(buffer), pipe)) {
        output.append(buffer, n);
    }
    const int status = pclose(pipe);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_NE(WEXITSTATUS(status), 127) << "promtool not found (apt-get install prometheus)";
    EXPECT_EQ(WEXITSTATUS(status), 0) << output << "\n" << text;
    EXPECT_EQ(output, "") << text;
}

}  // namespace
}  // namespace mcpgw::itest
