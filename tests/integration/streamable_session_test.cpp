// Streamable HTTP sessions: version negotiation, Mcp-Session-Id, unknown/deleted/expired
// sessions, the session cap and the MCP-Protocol-Version header.
#include "support/suite.hpp"

#include <algorithm>

namespace mcpgw::itest {
namespace {

class StreamableSession : public conformance_gateway {};

struct negotiation_case {
    std::string requested;
    std::string expected;
};

void PrintTo(const negotiation_case& c, std::ostream* os) {
    *os << c.requested << " -> " << c.expected;
}

class VersionNegotiation : public StreamableSession,
                           public ::testing::WithParamInterface<negotiation_case> {};

TEST_P(VersionNegotiation, InitializeNegotiatesVersion) {
    mcp_client c(port());
    auto r = c.initialize(GetParam().requested);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(c.init_result().value("protocolVersion", ""), GetParam().expected);
    EXPECT_EQ(c.init_result()["serverInfo"].value("name", ""), "mcpgw");
    EXPECT_TRUE(c.init_result()["capabilities"].contains("tools"));
    EXPECT_FALSE(c.session_id().empty());
    // The session works with the negotiated version.
    auto ping = c.call("ping");
    ASSERT_FALSE(ping.is_discarded());
    EXPECT_TRUE(ping.contains("result")) << ping;
}

INSTANTIATE_TEST_SUITE_P(
    Versions,
    VersionNegotiation,
    ::testing::Values(
        negotiation_case{"2024-11-05", "2024-11-05"},
        negotiation_case{"2025-03-26", "2025-03-26"},
        negotiation_case{"2025-06-18", "2025-06-18"},
        negotiation_case{"2025-11-25", "2025-11-25"},
        negotiation_case{"1999-01-01", "2025-11-25"}
    ),
    [](const auto& param_info) {
        std::string name = "v" + param_info.param.requested;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    }
);

TEST_F(StreamableSession, SessionIdIsLongVisibleAscii) {
    mcp_client c(port());
    ASSERT_EQ(c.initialize().status, 200);
    const auto& id = c.session_id();
    // >= 128 bits of entropy: at least 32 hex characters (or 22 base64 ones).
    EXPECT_GE(id.size(), 32U) << id;
    for (char ch : id) {
        EXPECT_TRUE(ch >= 0x21 && ch <= 0x7E) << "not visible ASCII: " << int(ch);
    }
    mcp_client other(port());
    ASSERT_EQ(other.initialize().status, 200);
    EXPECT_NE(other.session_id(), id);
}

TEST_F(StreamableSession, RequestWithoutSessionIdIs400) {
    mcp_client c(port());
    auto r = c.post(rpc_request(1, "tools/list").dump());
    EXPECT_EQ(r.status, 400) << r.body;
    auto body = r.body_json();
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body["error"].value("code", 0), -32600);
}

TEST_F(StreamableSession, UnknownSessionIs404) {
    mcp_client c(port());
    c.set_session_id("0123456789abcdef0123456789abcdef");
    auto r = c.post(rpc_request(1, "tools/list").dump());
    EXPECT_EQ(r.status, 404) << r.body;
    auto get = http_request(
        port(),
        "GET",
        "/mcp",
        {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", "0123456789abcdef0123456789abcdef"}}
    );
    EXPECT_EQ(get.status, 404);
}

TEST_F(StreamableSession, DeleteEndsTheSession) {
    mcp_client c(port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto list = c.call("tools/list");
    ASSERT_TRUE(list.contains("result")) << list;
    auto del = http_request(port(), "DELETE", "/mcp", c.headers());
    EXPECT_EQ(del.status, 200) << del.body;
    auto after = c.post(rpc_request(9, "tools/list").dump());
    EXPECT_EQ(after.status, 404) << after.body;
    auto again = http_request(port(), "DELETE", "/mcp", c.headers());
    EXPECT_EQ(again.status, 404);
}

TEST_F(StreamableSession, UnsupportedProtocolVersionHeaderIs400) {
    mcp_client c(port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    header_list h{
        {"Content-Type", "application/json"},
        {"Accept", accept_both},
        {"Mcp-Session-Id", c.session_id()},
        {"MCP-Protocol-Version", "1999-01-01"}};
    auto r = http_request(port(), "POST", "/mcp", h, rpc_request(5, "tools/list").dump());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.body_json()["error"].value("code", 0), -32600) << r.body;
}

TEST_F(StreamableSession, OtherSupportedProtocolVersionHeaderIsAccepted) {
    mcp_client c(port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    header_list h{
        {"Content-Type", "application/json"},
        {"Accept", accept_both},
        {"Mcp-Session-Id", c.session_id()},
        {"MCP-Protocol-Version", "2025-03-26"}};
    auto r = http_request(port(), "POST", "/mcp", h, rpc_request(5, "tools/list").dump());
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.body_json().contains("result")) << r.body;
    // No header at all is fine too (the negotiated version is assumed).
    header_list none{
        {"Content-Type", "application/json"},
        {"Accept", accept_both},
        {"Mcp-Session-Id", c.session_id()}};
    auto r2 = http_request(port(), "POST", "/mcp", none, rpc_request(6, "ping").dump());
    EXPECT_EQ(r2.status, 200) << r2.body;
}

TEST(StreamableSessionLimits, IdleSessionExpiresWith404) {
    auto gw = start_gateway(conformance_yaml("sessions: {idle_ttl: 1s}\n"));
    ASSERT_TRUE(gw->started());
    mcp_client c(gw->port());
    ASSERT_EQ(c.initialize().status, 200);
    ASSERT_TRUE(c.call("ping").contains("result"));
    std::this_thread::sleep_for(1500ms);
    auto r = c.post(rpc_request(3, "ping").dump());
    EXPECT_EQ(r.status, 404) << r.body;
    stop_gateway(gw);
}

TEST(StreamableSessionLimits, SessionCapAnswers503) {
    auto gw = start_gateway(conformance_yaml("sessions: {max_sessions: 2}\n"));
    ASSERT_TRUE(gw->started());
    mcp_client a(gw->port());
    mcp_client b(gw->port());
    mcp_client c(gw->port());
    EXPECT_EQ(a.initialize().status, 200);
    EXPECT_EQ(b.initialize().status, 200);
    // Both used just now (within sessions.min_idle_before_evict): neither makes room.
    ASSERT_TRUE(a.call("ping").contains("result"));
    ASSERT_TRUE(b.call("ping").contains("result"));
    auto third = c.initialize();
    EXPECT_EQ(third.status, 503) << third.body;
    EXPECT_FALSE(third.header("Retry-After").empty());
    // Ending one session frees a slot.
    EXPECT_EQ(http_request(gw->port(), "DELETE", "/mcp", a.headers()).status, 200);
    mcp_client d(gw->port());
    EXPECT_EQ(d.initialize().status, 200);
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
