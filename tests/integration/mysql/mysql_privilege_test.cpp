// Issue 10, items 4 and 5 (MariaDB): a read_only server whose account can write, reach files
// or see other sessions is refused (down, with the reason, in list_servers and /readyz)
// unless allow_privileged_role: true; other sessions' statements (SHOW PROCESSLIST,
// information_schema.PROCESSLIST, performance_schema, sys) are refused on read_only servers
// unless allow_activity_views: true; SHOW GRANTS and SHOW CREATE USER (password hashes) are
// refused by default.
#include "mariadb_support.hpp"

namespace mcpgw::itest {
namespace {

class MysqlPrivilege : public mysql_gateway_test {
protected:
    static std::string account(
        const server_env& env,
        const std::string& name,
        const std::string& user,
        const std::string& extra = ""
    ) {
        return "  - {name: " + name + ", type: mysql, host: 127.0.0.1, port: " + env.port() +
               ", user: " + user + ", password: " + user + "_pw, database: " + env.database() +
               ", access: read_only, pool: {acquire_timeout: 2s}" + extra + "}\n";
    }
    static void make_user(direct_connection& root, const std::string& user) {
        root.exec("DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
        root.exec("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + user + "_pw'");
        root.exec("GRANT SELECT ON mcpgw_test.* TO '" + user + "'@'127.0.0.1'");
    }
    json server_entry(const std::string& name) {
        auto list = call("list_servers", json::object());
        for (const auto& s : list["structuredContent"]["servers"]) {
            if (s.value("name", "") == name) {
                return s;
            }
        }
        return json();
    }
};

TEST_F(MysqlPrivilege, PrivilegedAccountsAreRefusedUnlessAllowed) {
    direct_connection root(env_, true);
    make_user(root, "gw_admin");
    root.exec("GRANT SUPER, FILE, PROCESS ON *.* TO 'gw_admin'@'127.0.0.1'");
    make_user(root, "gw_writer");
    root.exec("CREATE TABLE IF NOT EXISTS mcpgw_test.gw_priv (id INT PRIMARY KEY, v INT)");
    root.exec("GRANT UPDATE (v) ON mcpgw_test.gw_priv TO 'gw_writer'@'127.0.0.1'");
    make_user(root, "gw_roled");
    root.exec("DROP ROLE IF EXISTS gw_write_role");
    root.exec("CREATE ROLE gw_write_role");
    root.exec("GRANT INSERT ON mcpgw_test.* TO gw_write_role");
    root.exec("GRANT gw_write_role TO 'gw_roled'@'127.0.0.1'");
    root.exec("SET DEFAULT ROLE gw_write_role FOR 'gw_roled'@'127.0.0.1'");
    make_user(root, "gw_allowed");
    root.exec("GRANT PROCESS ON *.* TO 'gw_allowed'@'127.0.0.1'");

    start(
        account(env_, "admin_ro", "gw_admin") + account(env_, "writer_ro", "gw_writer") +
        account(env_, "roled_ro", "gw_roled") +
        account(env_, "allowed_ro", "gw_allowed", ", allow_privileged_role: true") +
        mysql_server(env_, "reader_ro", "read_only")
    );
    struct expectation {
        const char* server;
        const char* names;
    };
    const expectation refused[] = {
        {"admin_ro", "FILE, PROCESS, SUPER"},
        {"writer_ro", "UPDATE ON mcpgw_test.gw_priv.v"},
        {"roled_ro", "INSERT ON mcpgw_test.*"},
    };
    for (const auto& e : refused) {
        auto r = call("mysql_query", {{"server", e.server}, {"sql", "SELECT 1"}});
        EXPECT_EQ(error_code_of(r), "unavailable") << e.server << ": " << r;
        auto message = r["_meta"]["mcpgw/error"].value("message", "");
        EXPECT_NE(message.find(e.names), std::string::npos) << e.server << ": " << message;
        EXPECT_NE(message.find("allow_privileged_role"), std::string::npos) << message;
        EXPECT_TRUE(eventually([&] {
            auto s = server_entry(e.server);
            return s.dump().find(e.names) != std::string::npos;
        })) << e.server
            << ": " << server_entry(e.server);
        auto ready = readyz(gw_->port());
        EXPECT_NE(ready.dump().find(e.server), std::string::npos) << ready;
    }
    EXPECT_EQ(server_entry("admin_ro")["health"].value("state", ""), "down")
        << server_entry("admin_ro");
    auto ok = call("mysql_query", {{"server", "reader_ro"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(ok), "") << ok;
    auto allowed = call("mysql_query", {{"server", "allowed_ro"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(allowed), "") << allowed;
    auto line = find_log_line(
        gw_->stderr_text(),
        "read_only mysql server connects as a privileged user, accepted by "
        "allow_privileged_role: such a user can write, reach files and see other sessions; "
        "use a least-privilege user (docs/mysql.md)"
    );
    ASSERT_TRUE(line) << gw_->stderr_text();
    EXPECT_NE(line->find("PROCESS"), std::string::npos) << *line;
    EXPECT_EQ(line->find("gw_allowed_pw"), std::string::npos) << *line;
    root.exec("DROP ROLE IF EXISTS gw_write_role");
}

TEST_F(MysqlPrivilege, TheTestOwnerIsRefusedOnReadOnly) {
    // The fixture's test user owns the database (ALL PRIVILEGES ON mcpgw_test.*).
    std::string owner = "  - {name: owner_ro, type: mysql, host: 127.0.0.1, port: " + env_.port() +
                        ", user: " + env_.user() + ", password: '" + env_.password() +
                        "', database: " + env_.database() +
                        ", access: read_only, pool: {acquire_timeout: 2s}}\n";
    start(owner);
    auto r = call("mysql_query", {{"server", "owner_ro"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(r), "unavailable") << r;
    EXPECT_NE(r.dump().find("DELETE ON mcpgw_test.*"), std::string::npos) << r;
    EXPECT_NE(r.dump().find(" more: refused"), std::string::npos) << r;
    EXPECT_EQ(r.dump().find(env_.password()), std::string::npos) << r;
}

TEST_F(MysqlPrivilege, ActivityViewsAreRefusedOnReadOnlyUnlessAllowed) {
    start(
        mysql_server(env_, "ro", "read_only") +
        mysql_server(env_, "ro_views", "read_only", ", allow_activity_views: true") +
        mysql_server(env_, "rw", "read_write") +
        mysql_server(env_, "rw_dcl", "read_write", ", allow: [dcl]")
    );
    const char* activity[] = {
        "SHOW PROCESSLIST",
        "SHOW FULL PROCESSLIST",
        "show full processlist",
        "SELECT INFO FROM information_schema.PROCESSLIST",
        "SELECT INFO FROM INFORMATION_SCHEMA.processlist",
        "SELECT INFO FROM `information_schema`.`PROCESSLIST`",
        "SELECT * FROM (SELECT INFO FROM information_schema . PROCESSLIST) AS p",
        "SELECT /*! INFO FROM information_schema.PROCESSLIST */",
        "SELECT trx_query FROM information_schema.INNODB_TRX",
        "SELECT * FROM performance_schema.threads",
        "SELECT * FROM performance_schema.events_statements_current",
        "SELECT * FROM performance_schema.events_statements_history_long",
        "SELECT * FROM sys.processlist",
        "SELECT * FROM sys.session",
        "SELECT * FROM sys.x$processlist",
        "SHOW ENGINE INNODB STATUS",
        "SHOW EXPLAIN FOR 1",
    };
    for (const char* sql : activity) {
        auto r = call("mysql_query", {{"server", "ro"}, {"sql", sql}});
        EXPECT_EQ(error_code_of(r), "refused") << sql << ": " << r;
        EXPECT_NE(r.dump().find("allow_activity_views"), std::string::npos) << r;
    }
    // Allowed by name: the same user sees its own sessions (it has no PROCESS privilege).
    auto seen = call(
        "mysql_query",
        {{"server", "ro_views"}, {"sql", "SELECT COUNT(*) FROM information_schema.PROCESSLIST"}}
    );
    EXPECT_EQ(error_code_of(seen), "") << seen;
    // Ordinary catalog reads stay allowed.
    auto tables = call(
        "mysql_query",
        {{"server", "ro"}, {"sql", "SELECT COUNT(*) FROM information_schema.TABLES"}}
    );
    EXPECT_EQ(error_code_of(tables), "") << tables;

    const char* credentials[] = {
        "SHOW GRANTS",
        "SHOW GRANTS FOR CURRENT_USER",
        "show grants for current_user()",
        "SHOW CREATE USER CURRENT_USER",
        "/*! SHOW GRANTS */",
    };
    for (const char* sql : credentials) {
        for (const char* server : {"ro", "ro_views", "rw"}) {
            auto r = call("mysql_query", {{"server", server}, {"sql", sql}});
            EXPECT_EQ(error_code_of(r), "refused") << server << " / " << sql << ": " << r;
            EXPECT_NE(r.dump().find("password hash"), std::string::npos) << r;
        }
    }
    auto grants = call("mysql_query", {{"server", "rw_dcl"}, {"sql", "SHOW GRANTS"}});
    EXPECT_EQ(error_code_of(grants), "") << grants;
}

}  // namespace
}  // namespace mcpgw::itest
