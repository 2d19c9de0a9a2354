// Cancellation reaches the database: a long statement cancelled by notifications/cancelled,
// by the client going away, or by the call's deadline is gone from the server's
// PROCESSLIST within 1 s (KILL QUERY from another connection), and the next call succeeds.
// The statement is a large cross join of MariaDB's sequence tables: SLEEP() is refused by
// the statement guard, as it should be.
#include "mariadb_support.hpp"

namespace mcpgw::itest {
namespace {

std::string slow_sql(const std::string& marker) {
    return "SELECT COUNT(*) FROM seq_1_to_100000 AS a, seq_1_to_100000 AS b /* " + marker + " */";
}

class MysqlCancellation : public mysql_gateway_test {
protected:
    void SetUp() override {
        start(
            mysql_server(env_, "slow", "read_only", ", statement_timeout: 20s, pool: {max: 2}") +
            mysql_server(env_, "short", "read_only", ", statement_timeout: 2s, pool: {max: 2}")
        );
    }

    int running(const std::string& marker) {
        direct_connection root(env_, true);
        return std::stoi(root.scalar(running_statements_sql(marker)));
    }

    // Waits until the statement shows on the server (it really runs), within 5 s.
    void expect_running(const std::string& marker) {
        EXPECT_TRUE(eventually(
            [&] {
                return running(marker) == 1;
            },
            5s
        )) << "the statement never showed in PROCESSLIST";
    }

    // The statement must leave the server within 1 s of `since`.
    void expect_gone_within_a_second(const std::string& marker) {
        auto since = std::chrono::steady_clock::now();
        bool gone = eventually(
            [&] {
                return running(marker) == 0;
            },
            3s
        );
        auto took = std::chrono::steady_clock::now() - since;
        EXPECT_TRUE(gone) << "still running on the server";
        EXPECT_LT(took, 1s) << "took "
                            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                            << " ms";
    }

    void expect_next_call_works(const std::string& server) {
        auto r = call("mysql_query", {{"server", server}, {"sql", "SELECT 41 + 1"}});
        EXPECT_EQ(error_code_of(r), "") << r;
        EXPECT_EQ(rows_of(r)[0][0], 42) << r;
    }

    std::string marker(const std::string& what) {
        return "gw-cancel-" + what + "-" + std::to_string(::getpid());
    }
};

TEST_F(MysqlCancellation, NotificationsCancelledKillsTheQuery) {
    auto m = marker("notify");
    http_connection conn(gw_->port());
    ASSERT_TRUE(conn.connected());
    json params{{"name", "mysql_query"}, {"arguments", {{"server", "slow"}, {"sql", slow_sql(m)}}}};
    ASSERT_TRUE(
        conn.send("POST", "/mcp", client_->headers(), rpc_request(77, "tools/call", params).dump())
    );
    expect_running(m);
    EXPECT_EQ(
        client_->notify("notifications/cancelled", {{"requestId", 77}, {"reason", "test"}}),
        202
    );
    expect_gone_within_a_second(m);
    // A cancelled request gets no answer: the POST ends without a response to id 77.
    auto answer = conn.read_response(3s);
    EXPECT_EQ(answer.body.find("\"id\":77"), std::string::npos) << answer.body;
    expect_next_call_works("slow");
}

TEST_F(MysqlCancellation, ClientDisconnectKillsTheQuery) {
    auto m = marker("disconnect");
    http_connection conn(gw_->port());
    ASSERT_TRUE(conn.connected());
    json params{{"name", "mysql_query"}, {"arguments", {{"server", "slow"}, {"sql", slow_sql(m)}}}};
    ASSERT_TRUE(conn.send(
        "POST",
        "/mcp",
        client_->headers("application/json"),
        rpc_request(5, "tools/call", params).dump()
    ));
    expect_running(m);
    conn.close();
    expect_gone_within_a_second(m);
    expect_next_call_works("slow");
}

TEST_F(MysqlCancellation, DeadlineKillsTheQuery) {
    auto m = marker("deadline");
    auto started = std::chrono::steady_clock::now();
    auto r = call("mysql_query", {{"server", "short"}, {"sql", slow_sql(m)}});
    EXPECT_EQ(error_code_of(r), "timeout") << r;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
    expect_gone_within_a_second(m);
    expect_next_call_works("short");
}

}  // namespace
}  // namespace mcpgw::itest
