// Behind a load balancer (listen.trusted_proxies): the client address in logs and in the
// per-address session count comes from X-Forwarded-For only when the peer is trusted.
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

std::string yaml_for(const std::string& trusted) {
    return conformance_yaml(
        "listen: {trusted_proxies: [" + trusted +
        "]}\n"
        "sessions: {max_per_principal: 1, min_idle_before_evict: 1h}\n"
        "auth: {insecure_no_auth: true}\n"
    );
}

/// The "session refused" lines' principal fields, and the status of a second initialize
/// from the same forwarded address.
int second_session_status(std::uint16_t port, const std::string& forwarded_for) {
    header_list h{{"X-Forwarded-For", forwarded_for}};
    mcp_client first(port);
    EXPECT_EQ(first.initialize("2025-06-18", json::object(), h).status, 200);
    EXPECT_TRUE(first.call("ping").contains("result"));  // used: never evicted
    mcp_client second(port);
    return second.initialize("2025-06-18", json::object(), h).status;
}

TEST(TrustedProxies, ForwardedClientsCountApartWhenThePeerIsTrusted) {
    auto gw = start_gateway(yaml_for("127.0.0.0/8"));
    ASSERT_TRUE(gw->started());
    // Two clients behind the balancer: each has its own quota of one session.
    EXPECT_EQ(second_session_status(gw->port(), "203.0.113.7"), 429);
    EXPECT_EQ(second_session_status(gw->port(), "203.0.113.8"), 429)
        << "a second forwarded client is not the first one";
    auto logs = gw->stderr_text();
    EXPECT_NE(logs.find("anonymous@203.0.113.7"), std::string::npos) << logs;
    EXPECT_NE(logs.find("anonymous@203.0.113.8"), std::string::npos) << logs;
    stop_gateway(gw);
}

TEST(TrustedProxies, ForwardedHeadersFromAnUntrustedPeerAreIgnored) {
    auto gw = start_gateway(yaml_for("10.0.0.0/8"));
    ASSERT_TRUE(gw->started());
    EXPECT_EQ(second_session_status(gw->port(), "203.0.113.7"), 429);
    // Another forged address does not buy another quota: the peer is 127.0.0.1 for all.
    mcp_client third(gw->port());
    header_list h{{"X-Forwarded-For", "203.0.113.99"}};
    EXPECT_EQ(third.initialize("2025-06-18", json::object(), h).status, 429);
    auto logs = gw->stderr_text();
    EXPECT_EQ(logs.find("203.0.113."), std::string::npos) << logs;
    EXPECT_NE(logs.find("anonymous@127.0.0.1"), std::string::npos) << logs;
    stop_gateway(gw);
}

TEST(TrustedProxies, ABadBlockIsAConfigurationError) {
    gateway_process gw(conformance_yaml("listen: {trusted_proxies: [10.0.0.1/8]}\n"));
    EXPECT_FALSE(gw.started());
    EXPECT_NE(gw.stderr_text().find("listen.trusted_proxies[0]"), std::string::npos)
        << gw.stderr_text();
}

}  // namespace
}  // namespace mcpgw::itest
