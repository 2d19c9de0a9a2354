// Failures through MCP: an unreachable Prometheus answers `unavailable` at once and shows as
// down in /readyz and list_servers; a Prometheus that never answers ends at the call's
// deadline; a bearer token from ${ENV} reaches no result, no /readyz and no log line.
#include "prom_fixture.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdlib>

namespace mcpgw::itest::prom {
namespace {

namespace asio = boost::asio;

// A loopback port with nothing listening (bound, then released).
std::uint16_t closed_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

TEST(PromFailure, UnreachablePrometheusIsUnavailableAtOnce) {
    auto port = std::to_string(closed_port());
    auto gw = start_gateway(gateway_yaml(
        "  - {name: gone, type: prometheus, url: 'http://127.0.0.1:" + port + "', timeout: 10s}\n"
    ));
    ASSERT_TRUE(gw && gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    const char* tools[] = {"prometheus_query", "prometheus_targets", "check_service_health"};
    for (const char* name : tools) {
        json args = std::string(name) == "prometheus_query"       ? json{{"query", "up"}}
                    : std::string(name) == "check_service_health" ? json{{"service", "api"}}
                                                                  : json::object();
        auto started = std::chrono::steady_clock::now();
        auto r = call(c, name, args);
        auto took = std::chrono::steady_clock::now() - started;
        EXPECT_EQ(error_code(r), "unavailable") << name << ": " << r;
        EXPECT_LT(took, 2s) << name;  // well within the 10 s budget
        EXPECT_TRUE(r["_meta"]["mcpgw/error"]["retryable"].get<bool>());
        EXPECT_NE(
            text_of(r).find(
                "Prometheus server 'gone' is unavailable: connecting to http://127.0.0.1:" + port +
                " failed"
            ),
            std::string::npos
        ) << text_of(r);
    }
    std::cout << "SAMPLE unreachable:\n"
              << text_of(call(c, "prometheus_alerts", json::object())) << "\n";
    auto ready = readyz(gw->port());
    ASSERT_EQ(ready["sources"].size(), 1U) << ready;
    EXPECT_EQ(ready["sources"][0]["state"], "down") << ready;
    EXPECT_NE(ready["sources"][0].value("last_error", "").find("unavailable"), std::string::npos)
        << ready;
    auto list = text_of(call(c, "list_servers", json::object()));
    EXPECT_NE(list.find("down"), std::string::npos) << list;
    stop_gateway(gw);
}

TEST(PromFailure, SilentPrometheusEndsAtTheDeadline) {
    // Listens (the kernel completes the handshake) but never reads or answers.
    asio::io_context io;
    asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
    auto port = std::to_string(silent.local_endpoint().port());
    auto gw = start_gateway(gateway_yaml(
        "  - {name: silent, type: prometheus, url: 'http://127.0.0.1:" + port +
        "', timeout: 1500ms}\n"
    ));
    ASSERT_TRUE(gw && gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto started = std::chrono::steady_clock::now();
    auto r = call(c, "prometheus_query_range", {{"query", "up"}, {"start", "1h"}});
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(error_code(r), "timeout") << r;
    EXPECT_GE(took, 1400ms);
    EXPECT_LT(took, 4s);
    auto ready = readyz(gw->port());
    EXPECT_EQ(ready["sources"][0]["state"], "degraded") << ready;
    stop_gateway(gw);
}

TEST(PromFailure, BearerTokenNeverShows) {
    const std::string token = "prom-token-8f3a9c1e77d2";
    ::setenv("MCPGW_ITEST_PROM_TOKEN", token.c_str(), 1);
    auto srv = shared_server();
    auto port = std::to_string(closed_port());
    auto gw = start_gateway(gateway_yaml(
        "  - {name: secured, type: prometheus, url: '" + srv.url +
        "', auth: {bearer_token: '${MCPGW_ITEST_PROM_TOKEN}'}}\n"
        "  - {name: gone, type: prometheus, url: 'http://127.0.0.1:" +
        port + "', auth: {bearer_token: '${MCPGW_ITEST_PROM_TOKEN}'}}\n"
    ));
    ::unsetenv("MCPGW_ITEST_PROM_TOKEN");
    ASSERT_TRUE(gw && gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    std::string everything;
    for (const char* server : {"secured", "gone"}) {
        everything += call(c, "prometheus_query", {{"server", server}, {"query", "up"}}).dump();
        everything += call(c, "prometheus_query", {{"server", server}, {"query", "up{"}}).dump();
        everything += call(c, "prometheus_targets", {{"server", server}}).dump();
        everything +=
            call(c, "check_service_health", {{"server", server}, {"service", "api"}}).dump();
    }
    // Prometheus ignores the header: the calls on `secured` succeed.
    auto ok = call(c, "prometheus_query", {{"server", "secured"}, {"query", "vector(1)"}});
    EXPECT_EQ(error_code(ok), "") << ok;
    everything += call(c, "list_servers", json::object()).dump();
    everything += http_request(gw->port(), "GET", "/readyz").body;
    everything += http_request(gw->port(), "GET", "/metrics").body;
    EXPECT_EQ(gw->stop(10s), std::optional<int>(0));
    everything += gw->stderr_text();
    EXPECT_GT(everything.size(), 1000U);
    EXPECT_EQ(everything.find(token), std::string::npos);
}

}  // namespace
}  // namespace mcpgw::itest::prom
