// Session hygiene and server-side limits: nothing a call leaves in its session reaches the
// next call on the same pooled connection; the server's max_statement_time is set from
// statement_timeout and a slow statement ends as `timeout`; a read_only server reached with
// an administrative user logs a warning; a bad password never shows.
#include "mariadb_support.hpp"

namespace mcpgw::itest {
namespace {

constexpr const char* slow_sql = "SELECT COUNT(*) FROM seq_1_to_100000 AS a, seq_1_to_100000 AS b";

class MysqlSession : public mysql_gateway_test {};

TEST_F(MysqlSession, SessionStateDoesNotLeakIntoTheNextCall) {
    start(mysql_server(env_, "rw1", "read_write", ", allow: [ddl], pool: {max: 1}"));
    auto id1 = call("mysql_query", {{"server", "rw1"}, {"sql", "SELECT CONNECTION_ID()"}});
    ASSERT_EQ(error_code_of(id1), "") << id1;
    auto tmp =
        call("mysql_query", {{"server", "rw1"}, {"sql", "CREATE TEMPORARY TABLE gw_leak (x INT)"}});
    ASSERT_EQ(error_code_of(tmp), "") << tmp;
    auto var = call("mysql_query", {{"server", "rw1"}, {"sql", "SELECT @gw_leak := 42"}});
    ASSERT_EQ(error_code_of(var), "") << var;
    EXPECT_EQ(rows_of(var)[0][0], 42);

    // Same connection (pool max 1) ...
    auto id2 = call("mysql_query", {{"server", "rw1"}, {"sql", "SELECT CONNECTION_ID()"}});
    EXPECT_EQ(rows_of(id2)[0][0], rows_of(id1)[0][0]) << "the test needs the connection reused";
    // ... but the temporary table and the user variable are gone.
    auto gone = call("mysql_query", {{"server", "rw1"}, {"sql", "SELECT * FROM gw_leak"}});
    EXPECT_EQ(error_code_of(gone), "backend_error") << gone;
    EXPECT_NE(gone.dump().find("1146"), std::string::npos) << gone;  // no such table
    auto unset = call("mysql_query", {{"server", "rw1"}, {"sql", "SELECT @gw_leak"}});
    EXPECT_TRUE(rows_of(unset)[0][0].is_null()) << unset;
    // And the gateway's own session settings are back after the reset.
    auto settings = call(
        "mysql_query",
        {{"server", "rw1"}, {"sql", "SELECT @@session.time_zone, @@session.max_statement_time"}}
    );
    EXPECT_EQ(rows_of(settings)[0][0], "+00:00") << settings;
    EXPECT_EQ(rows_of(settings)[0][1], 30.0) << settings;
}

TEST_F(MysqlSession, ReadOnlySessionIsReadOnlyInsideAndOutsideTheCallTransaction) {
    start(mysql_server(env_, "ro1", "read_only", ", statement_timeout: 7s"));
    auto r = call(
        "mysql_query",
        {{"server", "ro1"},
         {"sql", "SELECT @@session.tx_read_only, @@in_transaction, @@session.max_statement_time"}}
    );
    ASSERT_EQ(error_code_of(r), "") << r;
    EXPECT_EQ(rows_of(r)[0][0], 1);
    EXPECT_EQ(rows_of(r)[0][1], 1);  // inside START TRANSACTION READ ONLY
    EXPECT_EQ(rows_of(r)[0][2], 7.0);
}

TEST_F(MysqlSession, SlowStatementEndsAsTimeoutAndThePoolStaysHealthy) {
    start(mysql_server(env_, "quick", "read_only", ", statement_timeout: 1s"));
    auto started = std::chrono::steady_clock::now();
    auto r = call("mysql_query", {{"server", "quick"}, {"sql", slow_sql}});
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(error_code_of(r), "timeout") << r;
    EXPECT_TRUE(r["_meta"]["mcpgw/error"]["retryable"].get<bool>()) << r;
    EXPECT_LT(took, 3s);
    auto next = call("mysql_query", {{"server", "quick"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(next), "") << next;
}

TEST_F(MysqlSession, AdministrativeUserOnReadOnlyServerIsRefusedUnlessAllowed) {
    direct_connection root(env_, true);
    root.exec("CREATE USER IF NOT EXISTS 'gw_super'@'127.0.0.1' IDENTIFIED BY 'gw_super_pw'");
    root.exec("GRANT SUPER, FILE ON *.* TO 'gw_super'@'127.0.0.1'");
    root.exec("GRANT SELECT ON mcpgw_test.* TO 'gw_super'@'127.0.0.1'");
    auto entry = [this](const std::string& name, const std::string& extra) {
        return "  - {name: " + name + ", type: mysql, host: 127.0.0.1, port: " + env_.port() +
               ", user: gw_super, password: gw_super_pw, database: " + env_.database() +
               ", access: read_only, pool: {acquire_timeout: 2s}" + extra + "}\n";
    };
    start(
        entry("admin_ro", "") + entry("admin_ok", ", allow_privileged_role: true") +
        mysql_server(env_, "plain_ro", "read_only")
    );
    auto refused = call("mysql_query", {{"server", "admin_ro"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(refused), "unavailable") << refused;
    EXPECT_NE(refused.dump().find("SUPER"), std::string::npos) << refused;
    EXPECT_EQ(refused.dump().find("gw_super_pw"), std::string::npos) << refused;
    EXPECT_EQ(
        error_code_of(call("mysql_query", {{"server", "admin_ok"}, {"sql", "SELECT 1"}})),
        ""
    );
    EXPECT_EQ(
        error_code_of(call("mysql_query", {{"server", "plain_ro"}, {"sql", "SELECT 1"}})),
        ""
    );
    auto logs = gw_->stderr_text();
    auto line = find_log_line(
        logs,
        "read_only mysql server connects as a privileged user, accepted by "
        "allow_privileged_role: such a user can write, reach files and see other sessions; "
        "use a least-privilege user (docs/mysql.md)"
    );
    ASSERT_TRUE(line) << logs;
    EXPECT_NE(line->find("admin_ok"), std::string::npos) << *line;
    EXPECT_NE(line->find("SUPER"), std::string::npos) << *line;
    EXPECT_EQ(line->find("gw_super_pw"), std::string::npos) << *line;
    EXPECT_EQ(logs.find("gw_super_pw"), std::string::npos);
}

TEST_F(MysqlSession, WrongPasswordIsUnavailableAndNeverShown) {
    std::string wrong = "Wr0ng-Pa55word-gw";
    std::string servers = "  - {name: badpw, type: mysql, host: 127.0.0.1, port: " + env_.port() +
                          ", user: " + env_.user() + ", password: '" + wrong +
                          "', access: read_only, pool: {acquire_timeout: 1s}}\n";
    start(servers);
    auto r = call("mysql_query", {{"server", "badpw"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(r), "unavailable") << r;
    EXPECT_NE(r.dump().find("Access denied"), std::string::npos) << r;
    EXPECT_EQ(r.dump().find(wrong), std::string::npos) << r;
    auto servers_list = call("list_servers", json::object());
    EXPECT_EQ(servers_list.dump().find(wrong), std::string::npos) << servers_list;
    auto ready = readyz(gw_->port());
    EXPECT_EQ(ready.dump().find(wrong), std::string::npos) << ready;
    EXPECT_EQ(gw_->stderr_text().find(wrong), std::string::npos) << gw_->stderr_text();
}

}  // namespace
}  // namespace mcpgw::itest
