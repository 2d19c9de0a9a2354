// `type: postgres` server entries and the libpq connection parameters built from them
// (no server needed).
#include "../../support/config_fixtures.hpp"

#include <backends/postgres/conninfo.hpp>
#include <backends/postgres/settings.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using mcpgw::test::error_of;
using mcpgw::test::scoped_env;

config_node entry(const std::string& yaml) {
    return config_node(YAML::Load(yaml), "gw.yaml", "servers[0]");
}

TEST(PostgresSettings, DefaultsAndCommonKeys) {
    auto s = postgres::parse_settings(entry("{name: p, type: postgres, host: db.local, user: ro}"));
    EXPECT_EQ(s.server.port, 5432);
    EXPECT_EQ(s.server.access, access_mode::read_only);
    EXPECT_EQ(s.sslmode, "prefer");
    EXPECT_EQ(s.application_name, "mcpgw");
    EXPECT_EQ(s.server.statement_timeout, std::chrono::seconds(30));
    EXPECT_EQ(s.server_statement_timeout, std::chrono::seconds(30));
    EXPECT_EQ(s.server.database, "ro") << "libpq's default database (the user name), explicit";
    EXPECT_EQ(s.server.limits.max_rows, 1000U);
}

TEST(PostgresSettings, PostgresKeys) {
    auto s = postgres::parse_settings(
        entry("{name: p, type: postgres, host: h, port: 6543, user: u, database: d, sslmode: "
              "verify-full, application_name: reports, statement_timeout: 5s, "
              "server_statement_timeout: 7s, access: read_write, allow: [delete]}")
    );
    EXPECT_EQ(s.server.port, 6543);
    EXPECT_EQ(s.sslmode, "verify-full");
    EXPECT_EQ(s.application_name, "reports");
    EXPECT_EQ(s.server.statement_timeout, std::chrono::seconds(5));
    EXPECT_EQ(s.server_statement_timeout, std::chrono::seconds(7));
    EXPECT_TRUE(s.server.guard.allowed_kinds_by_name.contains("delete"));
}

TEST(PostgresSettings, ServerTimeoutFollowsStatementTimeout) {
    auto s = postgres::parse_settings(
        entry("{name: p, type: postgres, host: h, user: u, statement_timeout: 2500ms}")
    );
    EXPECT_EQ(s.server_statement_timeout, std::chrono::milliseconds(2500));
}

TEST(PostgresSettings, BadValuesNameKeyAndLine) {
    auto e = error_of([] {
        postgres::parse_settings(entry("{name: p, type: postgres, host: h, user: u, sslmode: maybe}"
        ));
    });
    EXPECT_NE(e.find("sslmode"), std::string::npos) << e;
    EXPECT_NE(e.find("unknown sslmode 'maybe'"), std::string::npos) << e;
    EXPECT_NE(e.find("gw.yaml:1"), std::string::npos) << e;

    e = error_of([] {
        postgres::parse_settings(
            entry("{name: p, type: postgres, host: h, user: u, application_name: \"tab\\there\"}")
        );
    });
    EXPECT_NE(e.find("application_name"), std::string::npos) << e;

    e = error_of([] {
        postgres::parse_settings(entry(
            "{name: p, type: postgres, host: h, user: u, application_name: " +
            std::string(64, 'a') + "}"
        ));
    });
    EXPECT_NE(e.find("at most 63"), std::string::npos) << e;

    e = error_of([] {
        postgres::parse_settings(
            entry("{name: p, type: postgres, host: h, user: u, server_statement_timeout: 0s}")
        );
    });
    EXPECT_NE(e.find("server_statement_timeout: must be positive"), std::string::npos) << e;

    e = error_of([] {
        postgres::parse_settings(entry("{name: p, type: postgres, host: h, user: u, tls: on}"));
    });
    EXPECT_NE(e.find("tls"), std::string::npos) << e;  // a mysql key is unknown here

    e = error_of([] {
        postgres::parse_settings(entry("{name: p, type: postgres, user: u}"));
    });
    EXPECT_NE(e.find("host"), std::string::npos) << e;
}

TEST(PostgresSettings, PasswordFromEnvironment) {
    scoped_env pw("MCPGW_TEST_PG_PASSWORD", "s3cret-from-env");
    auto s = postgres::parse_settings(entry(
        "{name: p, type: postgres, host: h, user: u, password: \"${MCPGW_TEST_PG_PASSWORD}\"}"
    ));
    EXPECT_EQ(s.server.password, "s3cret-from-env");
}

TEST(PostgresConninfo, AddressGoesToHostaddrAndNameToHost) {
    auto s = postgres::parse_settings(
        entry("{name: p, type: postgres, host: db.example.com, port: 5433, user: u, password: pw, "
              "database: app, sslmode: require}")
    );
    auto c = postgres::make_conninfo(s, "10.1.2.3");
    ASSERT_EQ(c.keys.size(), c.values.size());
    EXPECT_EQ(c.get("host"), "db.example.com");
    EXPECT_EQ(c.get("hostaddr"), "10.1.2.3");
    EXPECT_EQ(c.get("port"), "5433");
    EXPECT_EQ(c.get("user"), "u");
    EXPECT_EQ(c.get("password"), "pw");
    EXPECT_EQ(c.get("dbname"), "app");
    EXPECT_EQ(c.get("sslmode"), "require");
    EXPECT_EQ(c.get("application_name"), "mcpgw");
    EXPECT_EQ(c.get("client_encoding"), "UTF8");
    EXPECT_EQ(c.get("passfile"), "/dev/null");
}

TEST(PostgresConninfo, SocketPathHasNoHostaddr) {
    auto s = postgres::parse_settings(
        entry("{name: p, type: postgres, host: /var/run/postgresql, user: u}")
    );
    auto c = postgres::make_conninfo(s, "");
    EXPECT_EQ(c.get("host"), "/var/run/postgresql");
    for (const auto& k : c.keys) {
        EXPECT_NE(k, "hostaddr");
        EXPECT_NE(k, "password") << "no password configured: none passed";
    }
}

TEST(PostgresConninfo, SessionOptionsByAccessMode) {
    auto ro = postgres::parse_settings(
        entry("{name: p, type: postgres, host: h, user: u, statement_timeout: 4s, "
              "server_statement_timeout: 5s}")
    );
    auto o = postgres::session_options(ro);
    EXPECT_NE(o.find("-c default_transaction_read_only=on"), std::string::npos) << o;
    EXPECT_NE(o.find("-c statement_timeout=5000"), std::string::npos) << o;
    EXPECT_NE(o.find("-c DateStyle=ISO"), std::string::npos) << o;
    EXPECT_NE(o.find("-c TimeZone=UTC"), std::string::npos) << o;
    EXPECT_NE(o.find("-c bytea_output=hex"), std::string::npos) << o;
    EXPECT_EQ(postgres::make_conninfo(ro, "127.0.0.1").get("options"), o);

    auto rw = postgres::parse_settings(
        entry("{name: p, type: postgres, host: h, user: u, access: read_write}")
    );
    auto w = postgres::session_options(rw);
    EXPECT_EQ(w.find("default_transaction_read_only"), std::string::npos) << w;
    EXPECT_NE(w.find("-c statement_timeout=30000"), std::string::npos) << w;
}

// Issue 10: errors quote what the file says, never the ${...} expansion.
TEST(PostgresSettings, SslmodeErrorQuotesTheRawText) {
    scoped_env mode("MCPGW_TEST_PG_SSLMODE", "secret-looking-value");
    auto e = error_of([] {
        postgres::parse_settings(entry(
            "{name: p, type: postgres, host: h, user: u, sslmode: \"${MCPGW_TEST_PG_SSLMODE}\"}"
        ));
    });
    EXPECT_NE(e.find("unknown sslmode '${MCPGW_TEST_PG_SSLMODE}'"), std::string::npos) << e;
    EXPECT_EQ(e.find("secret-looking-value"), std::string::npos) << e;
    scoped_env good("MCPGW_TEST_PG_SSLMODE_OK", "require");
    auto s = postgres::parse_settings(entry(
        "{name: p, type: postgres, host: h, user: u, sslmode: \"${MCPGW_TEST_PG_SSLMODE_OK}\"}"
    ));
    EXPECT_EQ(s.sslmode, "require");
}

TEST(PostgresSettings, GuardKeys) {
    auto d = postgres::parse_settings(entry("{name: p, type: postgres, host: h, user: u}"));
    EXPECT_FALSE(d.strict_functions);
    EXPECT_FALSE(d.allow_activity_views);
    EXPECT_FALSE(d.allow_privileged_role);
    EXPECT_EQ(d.search_path, (std::vector<std::string>{"$user", "public"}));

    auto s = postgres::parse_settings(
        entry("{name: p, type: postgres, host: h, user: u, strict_functions: true, "
              "allow_functions: [app.score, similarity], allow_activity_views: true, "
              "allow_privileged_role: true, search_path: [app, \"my schema\"]}")
    );
    EXPECT_TRUE(s.strict_functions);
    EXPECT_TRUE(s.allow_functions.contains("app.score"));
    EXPECT_TRUE(s.allow_functions.contains("similarity"));
    EXPECT_TRUE(s.allow_activity_views);
    EXPECT_TRUE(s.allow_privileged_role);
    EXPECT_EQ(postgres::pinned_search_path(s), "pg_catalog,\"app\",\"my schema\",pg_temp");
    auto g = s.guard();
    EXPECT_TRUE(g.strict_functions);
    EXPECT_TRUE(g.allow_activity_views);
    EXPECT_EQ(g.allow_functions.size(), 2U);
}

TEST(PostgresSettings, GuardKeysRefuseWhatCannotWork) {
    struct bad {
        std::string extra;
        std::string expected;
    };
    const std::vector<bad> table = {
        {"allow_functions: [f]", "allow_functions: only used with strict_functions: true"},
        {"strict_functions: true, allow_functions: [pg_sleep]",
         "'pg_sleep' is refused on every server"},
        {"strict_functions: true, allow_functions: [public.dblink_exec]",
         "'public.dblink_exec' is refused on every server"},
        {"strict_functions: true, allow_functions: [nextval]",
         "'nextval' writes (it changes a sequence outside any rollback): read_write servers allow "
         "it"},
        {"strict_functions: true, allow_functions: [pg_stat_get_activity]",
         "use allow_activity_views"},
        {"strict_functions: true, allow_functions: [\"Upper\"]",
         "expected a lower-case function name or schema.name, got 'Upper'"},
        {"strict_functions: true, allow_functions: [a.b.c]", "got 'a.b.c'"},
        {"access: read_write, allow_activity_views: true",
         "allow_activity_views: only applies to read_only servers"},
        {"access: read_write, allow_privileged_role: true",
         "allow_privileged_role: only applies to read_only servers"},
        {"search_path: [pg_catalog]", "pg_catalog always comes first"},
        {"search_path: public", "expected a list of schema names"},
        {"strict_functions: maybe", "strict_functions"},
    };
    for (const auto& b : table) {
        SCOPED_TRACE(b.extra);
        auto e = error_of([&b] {
            postgres::parse_settings(
                entry("{name: p, type: postgres, host: h, user: u, " + b.extra + "}")
            );
        });
        EXPECT_NE(e.find(b.expected), std::string::npos) << e;
        EXPECT_NE(e.find("gw.yaml:1"), std::string::npos) << e;
    }
}

TEST(PostgresConninfo, SessionsPinSearchPathAndStringReading) {
    auto s = postgres::parse_settings(
        entry("{name: p, type: postgres, host: h, user: u, search_path: [\"a b\", \"q\\\"x\"]}")
    );
    auto o = postgres::session_options(s);
    EXPECT_NE(o.find("-c standard_conforming_strings=on"), std::string::npos) << o;
    // Spaces escaped for libpq's option splitting, quotes doubled inside the identifier.
    EXPECT_NE(o.find("-c search_path=pg_catalog,\"a\\ b\",\"q\"\"x\",pg_temp"), std::string::npos)
        << o;
}

}  // namespace
