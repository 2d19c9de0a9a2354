// Issue 10, item 4: a read_only source whose role could step around read-only mode is refused
// when it connects (down, with the reason, in list_servers and /readyz; calls unavailable),
// unless allow_privileged_role: true; a least-privilege role stays up; write grants are
// reported at start. Roles are made here as superuser over the socket.
#include "pg_fixture.hpp"

#include <sstream>

namespace mcpgw::itest {
namespace {

using namespace pg;

class PostgresPrivilege : public ::testing::Test {
protected:
    struct role {
        std::string name;
        std::string server;
        std::string attributes;  // CREATE ROLE ... options
        std::string grants;      // roles granted to it ("" none)
        std::string expected;    // the reason; "" when it must stay up
    };

    static void SetUpTestSuite() {
        env_ = std::make_unique<server_env>(fixture_env());
        admin_ = std::make_unique<direct_conn>(admin_conninfo(*env_));
        db_ = std::make_unique<direct_conn>(user_conninfo(*env_));
        schema_ = unique_name("itp_");
        db_->exec(accounts_sql(schema_));
        const auto tag = unique_name("");
        group_ = "itp_group" + tag;
        roles_ = {
            {"itp_su" + tag, "ro_su", "SUPERUSER", "", "is a superuser"},
            {"itp_mon" + tag,
             "ro_mon",
             "",
             "pg_monitor",
             "is a member of pg_monitor, pg_read_all_stats"},
            {"itp_sig" + tag, "ro_sig", "NOINHERIT", group_, "is a member of pg_signal_backend"},
            {"itp_files" + tag,
             "ro_files",
             "",
             "pg_read_server_files",
             "is a member of pg_read_server_files"},
            {"itp_rls" + tag, "ro_rls", "BYPASSRLS", "", "has BYPASSRLS"},
            {"itp_repl" + tag, "ro_repl", "REPLICATION", "", "has REPLICATION"},
            {"itp_reader" + tag, "ro_reader", "", "", ""},
            {"itp_writer" + tag, "ro_writer", "", "", ""},
        };
        // Inherited through a group: NOINHERIT on the member does not make it safe.
        admin_->exec("CREATE ROLE " + group_ + " NOLOGIN; GRANT pg_signal_backend TO " + group_);
        std::string servers;
        for (const auto& r : roles_) {
            auto pw = unique_name("pw_");
            admin_->exec(
                "CREATE ROLE " + r.name + " LOGIN " + r.attributes + " PASSWORD '" + pw + "'"
            );
            if (!r.grants.empty()) {
                admin_->exec("GRANT " + r.grants + " TO " + r.name);
            }
            admin_->exec("GRANT USAGE ON SCHEMA " + schema_ + " TO " + r.name);
            admin_->exec("GRANT SELECT ON " + schema_ + ".accounts TO " + r.name);
            ::setenv(("MCPGW_ITEST_PG_PASSWORD_" + r.name).c_str(), pw.c_str(), 1);
            servers +=
                server_line(*env_, r.server, "read_only", "pool: {acquire_timeout: 2s}", r.name);
        }
        const auto& writer = roles_.back().name;
        admin_->exec("GRANT INSERT, UPDATE ON " + schema_ + ".accounts TO " + writer);
        // The same privileged roles, accepted on purpose or behind a read_write server.
        servers += server_line(
            *env_,
            "ro_mon_allowed",
            "read_only",
            "allow_privileged_role: true, application_name: mcpgw_allowed",
            roles_[1].name
        );
        servers += server_line(
            *env_,
            "rw_su",
            "read_write",
            "application_name: mcpgw_allowed",
            roles_[0].name
        );
        gw_ = start_gateway("servers:\n" + servers + "limits: {drain_timeout: 2s}\n");
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        if (db_) {
            db_->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        }
        if (admin_) {
            for (const auto& r : roles_) {
                admin_->exec("DROP OWNED BY " + r.name + "; DROP ROLE IF EXISTS " + r.name);
            }
            admin_->exec("DROP ROLE IF EXISTS " + group_);
        }
        admin_.reset();
        db_.reset();
        env_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }

    static json query(const std::string& server, const std::string& sql) {
        return call_tool(gw_->port(), "postgres_query", {{"server", server}, {"sql", sql}});
    }

    static json listed(const std::string& server) {
        auto r = call_tool(gw_->port(), "list_servers", json::object());
        for (const auto& s : r["structuredContent"].value("rows", json::array())) {
            if (s.size() > 0 && s[0] == server) {
                return s;
            }
        }
        for (const auto& s : r["structuredContent"].value("servers", json::array())) {
            if (s.value("name", "") == server) {
                return s;
            }
        }
        return r;
    }

    static json ready(const std::string& server) {
        for (const auto& s : readyz(gw_->port()).value("sources", json::array())) {
            if (s.value("name", "") == server) {
                return s;
            }
        }
        return json::object();
    }

    static inline std::unique_ptr<server_env> env_;
    static inline std::unique_ptr<direct_conn> admin_;
    static inline std::unique_ptr<direct_conn> db_;
    static inline std::string schema_;
    static inline std::string group_;
    static inline std::vector<role> roles_;
    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(PostgresPrivilege, PrivilegedRolesAreRefusedLeastPrivilegeStaysUp) {
    for (const auto& r : roles_) {
        SCOPED_TRACE(r.server + " as " + r.name);
        if (r.expected.empty()) {
            auto ok = query(r.server, "SELECT count(*)::int AS n FROM " + schema_ + ".accounts");
            EXPECT_EQ(ok["structuredContent"]["rows"], json::parse("[[3]]")) << ok;
            EXPECT_EQ(ready(r.server).value("state", ""), "ok") << ready(r.server);
            continue;
        }
        const std::string reason =
            "role '" + r.name + "' " + r.expected + ": refused for a read_only server";
        // Down at start (one connection opened to check), before any call.
        EXPECT_TRUE(eventually(
            [&r] {
                return ready(r.server).value("state", "") == "down";
            },
            5s
        )) << ready(r.server);
        auto state = ready(r.server);
        EXPECT_NE(state.dump().find(reason), std::string::npos) << state;
        auto listing = listed(r.server);
        EXPECT_NE(listing.dump().find("down"), std::string::npos) << listing;
        EXPECT_NE(listing.dump().find(reason), std::string::npos) << listing;
        auto call = query(r.server, "SELECT count(*) FROM " + schema_ + ".accounts");
        EXPECT_EQ(error_code(call), "unavailable") << call;
        EXPECT_NE(error_message(call).find(reason), std::string::npos) << call;
        // Nothing of the role stays connected: the checked connection was closed.
        EXPECT_TRUE(eventually(
            [&r] {
                return admin_->scalar(
                           "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + r.name +
                           "' AND application_name = 'mcpgw'"
                       ) == "0";
            },
            3s
        ));
    }
}

TEST_F(PostgresPrivilege, AllowedOnPurposeOrReadWriteServes) {
    auto mon = query("ro_mon_allowed", "SELECT count(*)::int FROM " + schema_ + ".accounts");
    EXPECT_EQ(mon["structuredContent"]["rows"], json::parse("[[3]]")) << mon;
    auto su = query("rw_su", "SELECT 1 AS one");
    EXPECT_EQ(su["structuredContent"]["rows"], json::parse("[[1]]")) << su;
    const std::string msg =
        "read_only postgres server connects as a privileged role, accepted by "
        "allow_privileged_role: such a role can leave read-only mode and reach files, "
        "programs and other sessions; use a least-privilege role (docs/postgres.md)";
    ASSERT_TRUE(eventually(
        [&msg] {
            return find_log_line(gw_->stderr_text(), msg).has_value();
        },
        3s
    )) << gw_->stderr_text();
    auto line = json::parse(*find_log_line(gw_->stderr_text(), msg));
    EXPECT_EQ(line["server"], "ro_mon_allowed");
    EXPECT_EQ(line["privileges"], "is a member of pg_monitor, pg_read_all_stats");
}

TEST_F(PostgresPrivilege, WriteGrantsAreReportedAtStart) {
    const std::string msg =
        "read_only postgres server's role holds write privileges on tables (the read-only "
        "transaction refuses the writes; revoke them for least privilege)";
    ASSERT_TRUE(eventually(
        [&msg] {
            auto text = gw_->stderr_text();
            return text.find("\"server\":\"ro_writer\"") != std::string::npos &&
                   find_log_line(text, msg).has_value();
        },
        5s
    )) << gw_->stderr_text();
    bool writer = false;
    bool reader = false;
    std::istringstream lines(gw_->stderr_text());
    for (std::string l; std::getline(lines, l);) {
        if (l.find(msg) == std::string::npos) {
            continue;
        }
        auto j = json::parse(l);
        if (j["server"] == "ro_writer") {
            writer = true;
            EXPECT_EQ(j["tables"], 1) << l;
            EXPECT_EQ(j["examples"], schema_ + ".accounts") << l;
        }
        reader = reader || j["server"] == "ro_reader";
    }
    EXPECT_TRUE(writer);
    EXPECT_FALSE(reader) << "a role with SELECT only is not reported";
    // Reported, not refused: the guard and the read-only transaction keep the writes out.
    auto w = query("ro_writer", "INSERT INTO " + schema_ + ".accounts VALUES (9, 'eve', 1)");
    EXPECT_EQ(error_code(w), "refused") << w;
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM " + schema_ + ".accounts"), "3");
}

}  // namespace
}  // namespace mcpgw::itest
