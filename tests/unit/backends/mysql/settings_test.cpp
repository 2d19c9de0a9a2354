// `type: mysql` server entries and the error texts of the MySQL source (no server needed).
#include "../../support/config_fixtures.hpp"

#include <backends/mysql/client_flags.hpp>
#include <backends/mysql/connector.hpp>
#include <backends/mysql/errors.hpp>
#include <backends/mysql/settings.hpp>

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using mcpgw::test::error_of;

config_node entry(const std::string& yaml) {
    return config_node(YAML::Load(yaml), "gw.yaml", "servers[0]");
}

TEST(MysqlSettings, DefaultsAndCommonKeys) {
    auto s = mysql::parse_settings(entry("{name: m, type: mysql, host: db.local, user: ro}"));
    EXPECT_EQ(s.server.port, 3306);
    EXPECT_EQ(s.server.access, access_mode::read_only);
    EXPECT_EQ(s.tls, mysql::tls_mode::prefer);
    EXPECT_EQ(s.server.statement_timeout, std::chrono::seconds(30));
}

TEST(MysqlSettings, TlsModes) {
    for (auto [text, mode] :
         {std::pair{"disable", mysql::tls_mode::disable},
          std::pair{"prefer", mysql::tls_mode::prefer},
          std::pair{"require", mysql::tls_mode::require}}) {
        auto s = mysql::parse_settings(
            entry(std::string("{name: m, type: mysql, host: h, user: u, tls: ") + text + "}")
        );
        EXPECT_EQ(s.tls, mode) << text;
        EXPECT_EQ(mysql::to_string(mode), text);
    }
    auto e = error_of([] {
        mysql::parse_settings(entry("{name: m, type: mysql, host: h, user: u, tls: verify}"));
    });
    EXPECT_NE(e.find("servers[0].tls"), std::string::npos) << e;
    EXPECT_NE(e.find("unknown tls mode 'verify'"), std::string::npos) << e;
}

TEST(MysqlSettings, UnknownKeysAndBadValuesNameTheKey) {
    auto e = error_of([] {
        mysql::parse_settings(entry("{name: m, type: mysql, host: h, user: u, sslmode: on}"));
    });
    EXPECT_NE(e.find("sslmode"), std::string::npos) << e;
    e = error_of([] {
        mysql::parse_settings(entry("{name: m, type: mysql, host: h, user: u, allow: [delete]}"));
    });
    EXPECT_NE(e.find("allow"), std::string::npos) << e;
}

TEST(MysqlSafety, NeverAsksForMultiStatementsOrLocalFiles) {
    EXPECT_EQ(mysql::client_flags & CLIENT_MULTI_STATEMENTS, 0UL);
    EXPECT_EQ(mysql::client_flags & CLIENT_LOCAL_FILES, 0UL);
}

TEST(MysqlSafety, SessionSetupCarriesTheStatementTimeoutAndUtc) {
    boost::asio::io_context io;
    auto s = mysql::parse_settings(
        entry("{name: m, type: mysql, host: h, user: u, statement_timeout: 1500ms}")
    );
    mysql::mysql_connector c(io.get_executor(), s);
    EXPECT_EQ(
        c.session_setup_sql(true)
            .rfind("SET SESSION max_statement_time = 1.500, time_zone = '+00:00', sql_mode = ", 0),
        0U
    ) << c.session_setup_sql(true);
    EXPECT_EQ(
        c.session_setup_sql(false)
            .rfind("SET SESSION max_execution_time = 1500, time_zone = '+00:00', sql_mode = ", 0),
        0U
    ) << c.session_setup_sql(false);
    // The lexing modes are taken out of the server's sql_mode (issue 10).
    for (const char* mode : {"ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "ANSI", "ORACLE"}) {
        EXPECT_NE(
            c.session_setup_sql(true).find(std::string("',") + mode + ",'"),
            std::string::npos
        ) << mode;
    }
}

TEST(MysqlSafety, PrivilegedReadOnlyKeysAreCheckedAtConfig) {
    auto s = mysql::parse_settings(
        entry("{name: m, type: mysql, host: h, user: u, allow_activity_views: true, "
              "allow_privileged_role: true}")
    );
    EXPECT_TRUE(s.allow_activity_views);
    EXPECT_TRUE(s.allow_privileged_role);
    EXPECT_TRUE(s.guard().allow_activity_views);
    EXPECT_FALSE(mysql::parse_settings(entry("{name: m, type: mysql, host: h, user: u}"))
                     .guard()
                     .allow_activity_views);
    EXPECT_THROW(
        mysql::parse_settings(entry("{name: m, type: mysql, host: h, user: u, access: read_write, "
                                    "allow_privileged_role: true}")),
        config_error
    );
    EXPECT_THROW(
        mysql::parse_settings(entry("{name: m, type: mysql, host: h, user: u, access: read_write, "
                                    "allow_activity_views: true}")),
        config_error
    );
    EXPECT_THROW(
        mysql::parse_settings(
            entry("{name: m, type: mysql, host: h, user: u, database: performance_schema}")
        ),
        config_error
    );
}

TEST(MysqlSafety, GrantLinesYieldOnlyTheRefusedPrivileges) {
    auto found = mysql::mysql_connector::privileges_from_grants({
        "GRANT USAGE ON *.* TO `r`@`%` IDENTIFIED BY PASSWORD '*ABCDEF'",
        "GRANT SELECT, SHOW VIEW ON `db`.* TO `r`@`%`",
        "GRANT INSERT, UPDATE (`a`, `b`) ON `db`.`t` TO `role_w`",
        "GRANT SUPER, FILE ON *.* TO `role_w`",
        "GRANT `role_w` TO `r`@`%`",
        "GRANT ALL PRIVILEGES ON `db2`.* TO `r`@`%`",
    });
    std::vector<std::string> expected{
        "INSERT ON db.t",
        "UPDATE ON db.t",
        "SUPER",
        "FILE",
        "ALL PRIVILEGES ON db2.*"};
    EXPECT_EQ(found, expected);
    for (const auto& f : found) {
        EXPECT_EQ(f.find("ABCDEF"), std::string::npos);
    }
    EXPECT_EQ(
        mysql::mysql_connector::privileges_text({"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}),
        "A, B, C, D, E, F, G, H and 2 more"
    );
}

TEST(MysqlErrors, SanitizeHidesThePasswordAndControlCharacters) {
    EXPECT_EQ(mysql::sanitize("user x pw s3cret! at\nline", "s3cret!"), "user x pw *** at line");
    EXPECT_EQ(mysql::sanitize("s3cret!s3cret!", "s3cret!"), "******");
    // Too short to recognise: left alone rather than garbling every message.
    EXPECT_EQ(mysql::sanitize("a b", "a"), "a b");
}

TEST(MysqlErrors, CodesMapToStableResults) {
    auto code = [](unsigned int n) {
        auto r = mysql::failure_result({n, "HY000", "text"}, "srv", "pw-secret", "sql");
        return r["_meta"]["mcpgw/error"]["code"].get<std::string>();
    };
    EXPECT_EQ(code(1792), "refused");  // read-only transaction
    EXPECT_EQ(code(1142), "refused");  // command denied to user
    EXPECT_EQ(code(1290), "refused");  // --read-only server
    EXPECT_EQ(code(1969), "timeout");  // max_statement_time
    EXPECT_EQ(code(2013), "unavailable");
    EXPECT_EQ(code(2006), "unavailable");
    EXPECT_EQ(code(1064), "backend_error");
    auto syntax = mysql::failure_result({1064, "42000", "near 'x'"}, "srv", "pw", "sql");
    EXPECT_EQ(syntax["_meta"]["mcpgw/error"]["field"], "sql");
    auto lost = mysql::failure_result({2013, "HY000", "lost pw-secret"}, "srv", "pw-secret", "sql");
    EXPECT_EQ(lost.dump().find("pw-secret"), std::string::npos) << lost;
    EXPECT_TRUE(lost["_meta"]["mcpgw/error"]["retryable"].get<bool>());
}

}  // namespace
