// Slow and half-open clients (issue 9, item 4): header reading has a short deadline of its
// own (listen.header_timeout), separate from the keep-alive idle timeout
// (listen.idle_timeout), and a full connection table closes the oldest connection still
// reading its headers instead of refusing the newcomer (so /healthz keeps answering).
#include "support/suite.hpp"

namespace mcpgw::itest {
namespace {

using steady = std::chrono::steady_clock;

TEST(SlowClients, HeadersTrickledByteByByteAreCutAfterHeaderTimeout) {
    auto gw = start_gateway(conformance_yaml("listen: {header_timeout: 1s, idle_timeout: 30s}\n"));
    ASSERT_TRUE(gw->started());
    http_connection c(gw->port());
    ASSERT_TRUE(c.connected());
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    auto started = steady::now();
    bool cut = false;
    for (std::size_t i = 0; i < 200 && !cut; ++i) {
        // One byte every 100 ms: the old code waited 75 s for the whole request.
        if (!c.send_raw(i < request.size() ? request.substr(i, 1) : std::string("a"), 1s)) {
            cut = true;
            break;
        }
        std::this_thread::sleep_for(100ms);
        if (steady::now() - started > 3s) {
            break;
        }
    }
    auto r = c.read_response(3s);
    auto elapsed = steady::now() - started;
    EXPECT_TRUE(r.status == 408 || r.status == 0) << r.status << " " << r.body << " " << r.error;
    if (r.status == 408) {
        EXPECT_NE(r.body.find("header_timeout"), std::string::npos) << r.body;
    }
    EXPECT_TRUE(c.wait_closed_by_peer(2s)) << r.status << " " << r.error;
    EXPECT_LT(elapsed, 4s) << "cut after "
                           << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                           << " ms";
    auto logs = gw->stderr_text();
    EXPECT_NE(logs.find("header_timeout"), std::string::npos) << logs;
    stop_gateway(gw);
}

TEST(SlowClients, KeepAliveIdleTimeoutIsSeparate) {
    auto gw = start_gateway(conformance_yaml("listen: {header_timeout: 1s, idle_timeout: 3s}\n"));
    ASSERT_TRUE(gw->started());
    http_connection c(gw->port());
    auto first = c.request("GET", "/healthz");
    ASSERT_EQ(first.status, 200);
    // Idle longer than header_timeout: still open, the next request is served.
    std::this_thread::sleep_for(1500ms);
    auto second = c.request("GET", "/healthz");
    EXPECT_EQ(second.status, 200) << second.error;
    // Then closed once idle_timeout passes.
    auto idle_started = steady::now();
    EXPECT_TRUE(c.wait_closed_by_peer(6s));
    auto idle = steady::now() - idle_started;
    EXPECT_GE(idle, 2500ms);
    EXPECT_LT(idle, 5s);
    stop_gateway(gw);
}

TEST(SlowClients, AFullTableClosesTheOldestHalfOpenConnection) {
    auto gw = start_gateway(
        conformance_yaml("listen: {max_connections: 20, header_timeout: 30s, idle_timeout: 30s}\n")
    );
    ASSERT_TRUE(gw->started());
    std::vector<std::unique_ptr<http_connection>> half_open;
    for (int i = 0; i < 20; ++i) {
        half_open.push_back(std::make_unique<http_connection>(gw->port()));
        ASSERT_TRUE(half_open.back()->connected());
        ASSERT_TRUE(half_open.back()->send_raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        std::this_thread::sleep_for(10ms);  // an order of age
    }
    std::this_thread::sleep_for(200ms);
    // Every new client is served, the oldest half-open connections give way.
    for (int i = 0; i < 5; ++i) {
        auto r = http_request(gw->port(), "GET", "/healthz", {}, {}, 3s);
        EXPECT_EQ(r.status, 200) << "probe " << i << ": " << r.error;
    }
    EXPECT_TRUE(half_open.front()->wait_closed_by_peer(2s)) << "the oldest gave way";
    auto logs = gw->stderr_text();
    EXPECT_NE(logs.find("connection closed to make room"), std::string::npos) << logs;
    half_open.clear();
    stop_gateway(gw);
}

}  // namespace
}  // namespace mcpgw::itest
