// Floods must not lock everyone out (issue 9, item 4): a full session table evicts the least
// recently used idle session (never-used ones first) instead of refusing every newcomer;
// unused sessions expire after sessions.unused_ttl; one principal cannot take the table; a
// busy session is never evicted; saturation shows in /metrics and /readyz, which stays 200.
#include "support/suite.hpp"

#include <sstream>

namespace mcpgw::itest {
namespace {

constexpr const char* key_a = "itest-secret-key-7f3a9c";
constexpr const char* key_a_sha256 =
    "24867171ed8d783a85ff979597f06060ab3d577feef5d8d8c8cac5e469bfb4e2";
constexpr const char* key_b = "itest-second-key-91b2";
constexpr const char* key_b_sha256 =
    "392d6329d0647af0e58cd57418fabcc752841aab1a7450505b820b7aa9c121ed";

header_list bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
}

/// The value of one series in a /metrics text (-1 when absent).
double metric(std::uint16_t port, const std::string& series) {
    auto text = http_request(port, "GET", "/metrics").body;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(series + " ", 0) == 0) {
            return std::stod(line.substr(series.size() + 1));
        }
    }
    return -1;
}

TEST(SessionLimits, AnInitializeFloodDoesNotLockOutNewClients) {
    auto gw = start_gateway(
        conformance_yaml("sessions: {max_sessions: 50, max_per_principal: 1000, unused_ttl: 1h, "
                         "min_idle_before_evict: 1s}\n")
    );
    ASSERT_TRUE(gw->started());
    // A real client first: it uses its session, so it is not the first to go.
    mcp_client early(gw->port());
    ASSERT_EQ(early.initialize().status, 200);
    ASSERT_TRUE(early.call("tools/list").contains("result"));
    std::this_thread::sleep_for(1100ms);                 // past min_idle_before_evict
    ASSERT_TRUE(early.call("ping").contains("result"));  // used again: still protected...

    // 1,000 initialize calls, never used afterwards.
    std::vector<std::string> flood;
    for (int i = 0; i < 1000; ++i) {
        mcp_client c(gw->port());
        auto r = c.initialize();
        ASSERT_EQ(r.status, 200) << "initialize " << i << ": " << r.body;
        flood.push_back(c.session_id());
    }
    // A newcomer still gets a session and can use it.
    mcp_client late(gw->port());
    ASSERT_EQ(late.initialize().status, 200);
    EXPECT_TRUE(late.call("tools/list").contains("result"));
    // The used client kept its session: the never-used ones went first.
    EXPECT_TRUE(early.call("ping").contains("result"));
    // An evicted flood session answers 404, as the specification wants for a lost session.
    mcp_client evicted(gw->port());
    evicted.set_session_id(flood.front());
    auto gone = evicted.post(rpc_request(1, "ping").dump());
    EXPECT_EQ(gone.status, 404) << gone.body;

    auto ready = http_request(gw->port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    auto sessions = ready.body_json()["sessions"];
    EXPECT_EQ(sessions.value("open", 0), 50) << sessions;
    EXPECT_EQ(sessions.value("max", 0), 50) << sessions;
    EXPECT_TRUE(sessions.value("saturated", false)) << sessions;
    EXPECT_GE(sessions.value("evicted", 0), 951) << sessions;
    EXPECT_EQ(sessions.value("refused", -1), 0) << sessions;
    EXPECT_GE(metric(gw->port(), R"(mcpgw_sessions_ended_total{reason="evicted"})"), 951);
    EXPECT_EQ(metric(gw->port(), "mcpgw_sessions_max"), 50);
    EXPECT_EQ(metric(gw->port(), "mcpgw_sessions"), 50);
    stop_gateway(gw);
}

TEST(SessionLimits, BusyAndRecentlyUsedSessionsAreNeverEvicted) {
    auto gw = start_gateway(conformance_yaml(
        "sessions: {max_sessions: 3, max_per_principal: 1000, min_idle_before_evict: 30s}\n"
    ));
    ASSERT_TRUE(gw->started());
    // One session holds a GET stream (busy); two were used a moment ago.
    mcp_client streaming(gw->port());
    ASSERT_EQ(streaming.initialize().status, 200);
    sse_reader stream(gw->port(), "GET", "/mcp", streaming.headers("text/event-stream"));
    ASSERT_EQ(stream.head().status, 200);
    std::vector<std::unique_ptr<mcp_client>> used;
    for (int i = 0; i < 2; ++i) {
        used.push_back(std::make_unique<mcp_client>(gw->port()));
        ASSERT_EQ(used.back()->initialize().status, 200);
        ASSERT_TRUE(used.back()->call("ping").contains("result"));
    }
    mcp_client refused(gw->port());
    auto r = refused.initialize();
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.body_json().value("error", ""), "too_many_sessions") << r.body;
    EXPECT_FALSE(r.header("Retry-After").empty());
    for (auto& c : used) {
        EXPECT_TRUE(c->call("ping").contains("result"));
    }
    EXPECT_TRUE(streaming.call("ping").contains("result"));
    auto ready = http_request(gw->port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << "a full table must not take the replica out: " << ready.body;
    EXPECT_EQ(ready.body_json()["sessions"].value("refused", 0), 1) << ready.body;
    EXPECT_EQ(metric(gw->port(), R"(mcpgw_sessions_refused_total{limit="max_sessions"})"), 1);
    auto logs = gw->stderr_text();
    EXPECT_NE(logs.find("\"msg\":\"session refused\""), std::string::npos) << logs;
    stream.close();
    stop_gateway(gw);
}

TEST(SessionLimits, OnePrincipalCannotTakeTheTable) {
    auto gw = start_gateway(conformance_yaml(
        std::string("auth:\n  api_keys:\n") + "    - {name: bot-a, sha256: \"" + key_a_sha256 +
        "\"}\n" + "    - {name: bot-b, sha256: \"" + key_b_sha256 + "\"}\n" +
        "sessions: {max_sessions: 10, max_per_principal: 3, min_idle_before_evict: 30s}\n"
    ));
    ASSERT_TRUE(gw->started());
    std::vector<std::unique_ptr<mcp_client>> a;
    for (int i = 0; i < 3; ++i) {
        a.push_back(std::make_unique<mcp_client>(gw->port()));
        ASSERT_EQ(a.back()->initialize("2025-06-18", json::object(), bearer(key_a)).status, 200);
        ASSERT_TRUE(a.back()->call("ping").contains("result"));
    }
    // bot-a's three sessions were all used a moment ago: its fourth is refused with 429...
    mcp_client a4(gw->port());
    auto r = a4.initialize("2025-06-18", json::object(), bearer(key_a));
    EXPECT_EQ(r.status, 429) << r.body;
    EXPECT_EQ(r.body_json().value("error", ""), "too_many_sessions") << r.body;
    // ...while bot-b is not affected.
    mcp_client b(gw->port());
    EXPECT_EQ(b.initialize("2025-06-18", json::object(), bearer(key_b)).status, 200);
    EXPECT_TRUE(b.call("ping").contains("result"));
    EXPECT_EQ(metric(gw->port(), R"(mcpgw_sessions_refused_total{limit="max_per_principal"})"), 1);
    stop_gateway(gw);

    // With nothing recent to protect, bot-a's own least recently used session makes room.
    gw = start_gateway(conformance_yaml(
        std::string("auth:\n  api_keys:\n") + "    - {name: bot-a, sha256: \"" + key_a_sha256 +
        "\"}\n" + "    - {name: bot-b, sha256: \"" + key_b_sha256 + "\"}\n" +
        "sessions: {max_sessions: 10, max_per_principal: 2, min_idle_before_evict: 0s}\n"
    ));
    ASSERT_TRUE(gw->started());
    mcp_client b1(gw->port());
    ASSERT_EQ(b1.initialize("2025-06-18", json::object(), bearer(key_b)).status, 200);
    ASSERT_TRUE(b1.call("ping").contains("result"));
    mcp_client a1(gw->port());
    mcp_client a2(gw->port());
    mcp_client a3(gw->port());
    ASSERT_EQ(a1.initialize("2025-06-18", json::object(), bearer(key_a)).status, 200);
    ASSERT_TRUE(a1.call("ping").contains("result"));
    ASSERT_EQ(a2.initialize("2025-06-18", json::object(), bearer(key_a)).status, 200);
    ASSERT_TRUE(a2.call("ping").contains("result"));
    ASSERT_TRUE(a1.call("ping").contains("result"));  // a2 is now bot-a's LRU
    ASSERT_EQ(a3.initialize("2025-06-18", json::object(), bearer(key_a)).status, 200);
    EXPECT_TRUE(a1.call("ping").contains("result"));
    EXPECT_EQ(a2.post(rpc_request(9, "ping").dump()).status, 404);
    EXPECT_TRUE(b1.call("ping").contains("result")) << "another principal's session stays";
    EXPECT_EQ(metric(gw->port(), R"(mcpgw_sessions_ended_total{reason="evicted_principal"})"), 1);
    stop_gateway(gw);
}

TEST(SessionLimits, UnusedSessionsExpireAfterUnusedTtl) {
    auto gw = start_gateway(conformance_yaml("sessions: {unused_ttl: 1s, idle_ttl: 1h}\n"));
    ASSERT_TRUE(gw->started());
    mcp_client unused(gw->port());
    ASSERT_EQ(unused.initialize().status, 200);  // initialize + notifications/initialized only
    mcp_client used(gw->port());
    ASSERT_EQ(used.initialize().status, 200);
    ASSERT_TRUE(used.call("tools/list").contains("result"));
    // The sweep runs every second: gone within unused_ttl + 2 s.
    EXPECT_TRUE(eventually(
        [&] {
            return metric(gw->port(), R"(mcpgw_sessions_ended_total{reason="unused_ttl"})") >= 1;
        },
        5s
    ));
    EXPECT_EQ(unused.post(rpc_request(5, "ping").dump()).status, 404);
    EXPECT_TRUE(used.call("ping").contains("result"));
    auto logs = gw->stderr_text();
    EXPECT_NE(logs.find("\"reason\":\"unused_ttl\""), std::string::npos) << logs;
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
