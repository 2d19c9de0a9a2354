// Cancelling a blocked Redis command: BLPOP (allowed by name on a read_write server) stopped
// by notifications/cancelled and by the call's deadline. The gateway drops the link, so
// Redis frees the blocked client: CLIENT LIST (from a direct client) shows it gone within
// 1 s, and the next call succeeds.
#include "redis_fixture.hpp"

#include <chrono>

namespace mcpgw::itest::redis {
namespace {

using clock = std::chrono::steady_clock;

class RedisCancel : public ::testing::Test {
protected:
    // Each test blocks in its own database so CLIENT LIST tells its client apart ("db=N").
    void start(int db, const std::string& timeout) {
        auto srv = shared_server();
        host_ = srv.host;
        port_ = srv.port;
        db_ = db;
        gw_ = start_gateway(gateway_yaml(
            "  - {name: blk, type: redis, " + address(host_, port_) + ", db: " +
            std::to_string(db) + ", access: read_write, allow: [BLPOP], timeout: " + timeout + "}\n"
        ));
        ASSERT_TRUE(gw_ && gw_->started());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
        direct_ = std::make_unique<direct_client>(host_, port_);
    }
    void TearDown() override { stop_gateway(gw_); }

    // Clients of our database blocked in BLPOP.
    int blocked() {
        auto list = direct_->run({"CLIENT", "LIST"}).str;
        int n = 0;
        std::istringstream in(list);
        for (std::string line; std::getline(in, line);) {
            if (line.find(" db=" + std::to_string(db_) + " ") != std::string::npos &&
                line.find("cmd=blpop") != std::string::npos) {
                ++n;
            }
        }
        return n;
    }

    void expect_next_call_works() {
        auto r = call(*client_, "redis_command", {{"command", "PING"}});
        EXPECT_EQ(error_code(r), "") << r;
        EXPECT_EQ(r["structuredContent"]["reply"], "PONG") << r;
    }

    std::string host_;
    int port_ = 0;
    int db_ = 0;
    std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
    std::unique_ptr<direct_client> direct_;
};

TEST_F(RedisCancel, NotificationsCancelledDropsTheBlockedClient) {
    start(3, "30s");
    ASSERT_EQ(blocked(), 0);
    json params{
        {"name", "redis_command"},
        {"arguments", {{"command", "BLPOP"}, {"args", {"itest:cancel:nosuchlist", "30"}}}}};
    // Sent without waiting: the answer (if any) only comes when the call ends.
    http_connection conn(gw_->port());
    ASSERT_TRUE(conn.connected());
    ASSERT_TRUE(
        conn.send("POST", "/mcp", client_->headers(), rpc_request(77, "tools/call", params).dump())
    );
    ASSERT_TRUE(eventually(
        [&] {
            return blocked() == 1;
        },
        5s
    )) << "BLPOP never blocked";
    std::this_thread::sleep_for(200ms);
    ASSERT_EQ(blocked(), 1) << "it really blocks";
    EXPECT_EQ(
        client_->notify("notifications/cancelled", {{"requestId", 77}, {"reason", "test"}}),
        202
    );
    auto t0 = clock::now();
    EXPECT_TRUE(eventually(
        [&] {
            return blocked() == 0;
        },
        1s
    )) << "the blocked client is still there 1 s after the cancel";
    EXPECT_LT(clock::now() - t0, 1s);
    // A cancelled request gets no JSON-RPC response.
    auto answer = conn.read_response(3s);
    for (const auto& m : messages_of(answer)) {
        EXPECT_FALSE(m.contains("result")) << m;
    }
    expect_next_call_works();
}

TEST_F(RedisCancel, TheDeadlineDropsTheBlockedClient) {
    start(4, "1500ms");
    auto t0 = clock::now();
    auto r = call(
        *client_,
        "redis_command",
        {{"command", "BLPOP"}, {"args", {"itest:cancel:nosuchlist", "30"}}}
    );
    auto took = clock::now() - t0;
    EXPECT_EQ(error_code(r), "timeout") << r;
    EXPECT_GE(took, 1400ms);
    EXPECT_LT(took, 5s);
    EXPECT_TRUE(eventually(
        [&] {
            return blocked() == 0;
        },
        1s
    )) << "the blocked client outlived the deadline";
    expect_next_call_works();
}

TEST_F(RedisCancel, AnAllowedBlockingCommandStillAnswers) {
    start(6, "5s");
    direct_client d6(host_, port_, 6);
    d6.run({"RPUSH", "itest:cancel:ready", "item"});
    auto r = call(
        *client_,
        "redis_command",
        {{"command", "BLPOP"}, {"args", {"itest:cancel:ready", "1"}}}
    );
    EXPECT_EQ(r["structuredContent"]["reply"], json::array({"itest:cancel:ready", "item"})) << r;
    // Not allowed by name: BRPOP stays refused.
    r = call(*client_, "redis_command", {{"command", "BRPOP"}, {"args", {"x", "1"}}});
    EXPECT_EQ(error_code(r), "refused") << r;
}

}  // namespace
}  // namespace mcpgw::itest::redis
