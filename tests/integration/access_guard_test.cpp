// Host and Origin allowlists (DNS rebinding protection): foreign values get 403 on every
// MCP endpoint; localhost forms pass; health endpoints answer whatever the Host.
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

class AccessGuard : public conformance_gateway {
protected:
    http_result initialize_with(const header_list& extra) {
        mcp_client c(port());
        return c.initialize("2025-06-18", json::object(), extra);
    }
};

TEST_F(AccessGuard, ForeignHostIs403) {
    auto r = initialize_with({{"Host", "evil.example.com"}});
    EXPECT_EQ(r.status, 403) << r.body;
    auto r2 = initialize_with({{"Host", "evil.example.com:" + std::to_string(port())}});
    EXPECT_EQ(r2.status, 403) << r2.body;
    for (const char* target : {"/sse", "/tools/list"}) {
        auto g = http_request(
            port(),
            "GET",
            target,
            {{"Host", "evil.example.com"}, {"Accept", "text/event-stream"}}
        );
        EXPECT_EQ(g.status, 403) << target << ": " << g.body;
    }
    auto call = http_request(
        port(),
        "POST",
        "/tools/call",
        {{"Host", "rebind.attacker.net"}},
        R"({"name": "test_simple_text"})"
    );
    EXPECT_EQ(call.status, 403);
}

TEST_F(AccessGuard, ForeignOriginIs403) {
    auto r = initialize_with({{"Origin", "http://evil.example.com"}});
    EXPECT_EQ(r.status, 403) << r.body;
    auto r2 = initialize_with({{"Origin", "https://localhost.evil.com"}});
    EXPECT_EQ(r2.status, 403) << r2.body;
    auto r3 = initialize_with({{"Origin", "null"}});
    EXPECT_EQ(r3.status, 403) << r3.body;
}

TEST_F(AccessGuard, LocalhostFormsAreAllowed) {
    std::string p = std::to_string(port());
    for (const std::string& host :
         {std::string("localhost"),
          "localhost:" + p,
          std::string("127.0.0.1"),
          "127.0.0.1:" + p,
          "[::1]:" + p}) {
        auto r = initialize_with({{"Host", host}});
        EXPECT_EQ(r.status, 200) << "Host " << host << ": " << r.body;
    }
    for (const char* origin :
         {"http://localhost:6274",
          "http://localhost",
          "https://localhost:3000",
          "http://127.0.0.1:8080",
          "http://[::1]:9000"}) {
        auto r = initialize_with({{"Origin", origin}});
        EXPECT_EQ(r.status, 200) << "Origin " << origin << ": " << r.body;
    }
}

TEST_F(AccessGuard, HealthAnswersAnyHost) {
    for (const char* target : {"/healthz", "/health", "/readyz", "/metrics"}) {
        auto r = http_request(
            port(),
            "GET",
            target,
            {{"Host", "10.1.2.3:8080"}, {"Origin", "http://lb.internal"}}
        );
        EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    }
}

TEST(AccessGuardConfigured, ConfiguredAllowlistsReplaceDefaults) {
    auto gw = start_gateway(conformance_yaml(
        "listen: {allowed_hosts: [mcp.example.com], allowed_origins: [https://app.example.com]}\n"
    ));
    ASSERT_TRUE(gw->started());
    mcp_client ok(gw->port());
    EXPECT_EQ(
        ok.initialize(
              "2025-06-18",
              json::object(),
              {{"Host", "mcp.example.com"}, {"Origin", "https://app.example.com"}}
        ).status,
        200
    );
    mcp_client wrong_origin(gw->port());
    EXPECT_EQ(
        wrong_origin
            .initialize(
                "2025-06-18",
                json::object(),
                {{"Host", "mcp.example.com"}, {"Origin", "http://localhost:6274"}}
            )
            .status,
        403
    );
    mcp_client wrong_host(gw->port());
    EXPECT_EQ(
        wrong_host.initialize("2025-06-18", json::object(), {{"Host", "other.example.com"}}).status,
        403
    );
    stop_gateway(gw);
}

// docs/config.md: an empty listen.allowed_hosts allows the loopback names "plus the listen
// address", so a gateway bound to 127.0.0.2 accepts Host: 127.0.0.2:PORT.
TEST(AccessGuardConfigured, ListenAddressIsAnAllowedHostByDefault) {
    gateway_process gw(conformance_yaml(), "127.0.0.2:0");
    ASSERT_TRUE(gw.started()) << gw.stderr_text();
    http_connection conn(gw.port(), 5s, "127.0.0.2");
    ASSERT_TRUE(conn.connected());
    json init = rpc_request(
        1,
        "initialize",
        {{"protocolVersion", "2025-06-18"},
         {"capabilities", json::object()},
         {"clientInfo", {{"name", "x"}, {"version", "1"}}}}
    );
    auto r = conn.request(
        "POST",
        "/mcp",
        {{"Content-Type", "application/json"}, {"Accept", accept_both}},
        init.dump()
    );
    EXPECT_EQ(r.status, 200) << "Host 127.0.0.2:" << gw.port() << ": " << r.body;
    EXPECT_EQ(gw.stop(10s), std::optional<int>(0));
}

}  // namespace
}  // namespace mcpgw::itest
