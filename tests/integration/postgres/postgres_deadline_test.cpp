// Deadlines and cancellation against a real server: a call cancelled by
// notifications/cancelled, by its client leaving, or by its deadline stops its statement on
// the server (seen from pg_stat_activity within 1 s) and leaves the pool healthy; the
// server's own statement_timeout is a `timeout` too; a busy pool is `pool_timeout`.
#include "pg_fixture.hpp"

namespace mcpgw::itest {
namespace {

using namespace pg;
using clock = std::chrono::steady_clock;

class PostgresDeadline : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        env_ = std::make_unique<server_env>(fixture_env());
        admin_ = std::make_unique<direct_conn>(admin_conninfo(*env_));
        gw_ = start_gateway(
            "servers:\n" +
            // The gateway's deadline (1 s) fires long before the server's (30 s).
            server_line(
                *env_,
                "deadline",
                "read_only",
                "statement_timeout: 1s, server_statement_timeout: 30s, pool: {max: 1}"
            ) +
            // The server's statement_timeout (500 ms) fires before the gateway's (10 s).
            server_line(
                *env_,
                "servertimeout",
                "read_only",
                "statement_timeout: 10s, server_statement_timeout: 500ms, pool: {max: 1}"
            ) +
            server_line(
                *env_,
                "cancel",
                "read_only",
                "statement_timeout: 20s, pool: {max: 1, acquire_timeout: 300ms}"
            ) +
            "limits: {drain_timeout: 2s}\n"
        );
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        admin_.reset();
        env_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }

    /// A statement that runs until stopped (10^12 rows), tagged so pg_stat_activity finds it.
    static std::string endless(const std::string& tag) {
        return "SELECT /* " + tag +
               " */ count(*) FROM generate_series(1, 1000000) a, "
               "generate_series(1, 1000000) b";
    }
    /// Statements carrying `tag` running on the server now (not counting this check).
    static int running(const std::string& tag) {
        return std::stoi(admin_->scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> "
            "pg_backend_pid() AND query LIKE '%" +
            tag + "%'"
        ));
    }
    static json query(const std::string& server, const std::string& sql) {
        return call_tool(gw_->port(), "postgres_query", {{"server", server}, {"sql", sql}});
    }
    static void expect_healthy(const std::string& server) {
        auto r = query(server, "SELECT 41 + 1 AS answer");
        EXPECT_EQ(r["structuredContent"]["rows"], json::parse("[[42]]")) << r;
        EXPECT_TRUE(eventually(
            [] {
                return readyz(gw_->port()).value("inflight_calls", -1) == 0;
            },
            2s
        ));
    }
    /// Sends tools/call `id` on its own connection without reading the answer.
    static std::unique_ptr<http_connection>
    start_call(mcp_client& c, int id, const std::string& server, const std::string& sql) {
        auto conn = std::make_unique<http_connection>(gw_->port());
        json params{{"name", "postgres_query"}, {"arguments", {{"server", server}, {"sql", sql}}}};
        EXPECT_TRUE(conn->send(
            "POST",
            "/mcp",
            c.headers("application/json"),
            rpc_request(id, "tools/call", params).dump()
        ));
        return conn;
    }

    static inline std::unique_ptr<server_env> env_;
    static inline std::unique_ptr<direct_conn> admin_;
    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(PostgresDeadline, CallDeadlineCancelsTheStatementOnTheServer) {
    auto tag = unique_name("deadline_");
    auto started = clock::now();
    auto r = query("deadline", endless(tag));
    auto elapsed = clock::now() - started;
    EXPECT_EQ(error_code(r), "timeout") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["retryable"], true);
    EXPECT_GE(elapsed, 900ms);
    EXPECT_LT(elapsed, 4s);
    EXPECT_TRUE(eventually(
        [&tag] {
            return running(tag) == 0;
        },
        1s
    )) << "the statement still runs on the server";
    expect_healthy("deadline");
}

TEST_F(PostgresDeadline, ServerStatementTimeoutIsATimeout) {
    auto started = clock::now();
    auto r = query("servertimeout", endless(unique_name("server_timeout_")));
    auto elapsed = clock::now() - started;
    EXPECT_EQ(error_code(r), "timeout") << r;
    EXPECT_NE(error_message(r).find("statement_timeout (500 ms)"), std::string::npos) << r;
    EXPECT_LT(elapsed, 5s) << "the server stopped it, not the gateway's 10 s deadline";
    expect_healthy("servertimeout");
}

TEST_F(PostgresDeadline, NotificationsCancelledStopsTheStatement) {
    mcp_client c(gw_->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto tag = unique_name("notified_");
    auto conn = start_call(c, 77, "cancel", endless(tag));
    ASSERT_TRUE(eventually(
        [&tag] {
            return running(tag) == 1;
        },
        5s
    )) << "the statement never started";
    EXPECT_EQ(c.notify("notifications/cancelled", {{"requestId", 77}, {"reason", "test"}}), 202);
    EXPECT_TRUE(eventually(
        [&tag] {
            return running(tag) == 0;
        },
        1s
    )) << "still running 1 s after notifications/cancelled";
    expect_healthy("cancel");
}

TEST_F(PostgresDeadline, ClientDisconnectStopsTheStatement) {
    mcp_client c(gw_->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto tag = unique_name("disconnect_");
    auto conn = start_call(c, 5, "cancel", endless(tag));
    ASSERT_TRUE(eventually(
        [&tag] {
            return running(tag) == 1;
        },
        5s
    ));
    conn->close();
    EXPECT_TRUE(eventually(
        [&tag] {
            return running(tag) == 0;
        },
        1s
    )) << "still running 1 s after the client left";
    expect_healthy("cancel");
}

TEST_F(PostgresDeadline, BusyPoolIsPoolTimeoutNotTimeout) {
    mcp_client c(gw_->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto tag = unique_name("busy_");
    auto conn = start_call(c, 9, "cancel", endless(tag));
    ASSERT_TRUE(eventually(
        [&tag] {
            return running(tag) == 1;
        },
        5s
    ));
    auto started = clock::now();
    auto r = query("cancel", "SELECT 1");
    EXPECT_EQ(error_code(r), "pool_timeout") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["retryable"], true);
    EXPECT_LT(clock::now() - started, 2s) << "acquire_timeout is 300 ms";
    conn->close();
    EXPECT_TRUE(eventually(
        [&tag] {
            return running(tag) == 0;
        },
        1s
    ));
    expect_healthy("cancel");
}

}  // namespace
}  // namespace mcpgw::itest
