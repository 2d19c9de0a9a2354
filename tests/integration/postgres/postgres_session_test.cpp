// What one call leaves in its session never reaches the next (pool of one connection, so the
// next call provably gets the same backend), the warning for a privileged role a read_only
// server accepts by configuration, and passwords that never appear in a result or a log line.
#include "pg_fixture.hpp"

namespace mcpgw::itest {
namespace {

using namespace pg;

class PostgresSession : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        env_ = std::make_unique<server_env>(fixture_env());
        db_ = std::make_unique<direct_conn>(user_conninfo(*env_));
        admin_ = std::make_unique<direct_conn>(admin_conninfo(*env_));
        schema_ = unique_name("its_");
        const auto& s = schema_;
        db_->exec(accounts_sql(s));
        // Functions the guard cannot see into, changing session state the way a user
        // routine could: a setting, a temporary table, a session-level advisory lock.
        db_->exec(
            "CREATE FUNCTION " + s +
            ".leak_rw() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM set_config('mcpgw.leak', 'yes', false); "
            "CREATE TEMP TABLE leak_tmp (x int); "
            "PERFORM pg_advisory_lock(4243); "
            "RETURN pg_backend_pid(); END $$;"
            "CREATE FUNCTION " +
            s +
            ".leak_ro() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM set_config('mcpgw.leak', 'yes', false); "
            "PERFORM pg_advisory_lock(4244); "
            "RETURN pg_backend_pid(); END $$;"
            "CREATE FUNCTION " +
            s +
            ".leak_prepared() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
            "EXECUTE 'PREPARE mcpgw_leak AS SELECT 1'; "
            "PERFORM pg_advisory_lock(4245); "
            "RETURN pg_backend_pid(); END $$;"
            // Replaces the gateway's named BEGIN READ ONLY with a statement that starts no
            // transaction, so a later call would run outside read-only mode if it were reused.
            "CREATE FUNCTION " +
            s +
            ".swap_begin() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
            "EXECUTE 'DEALLOCATE mcpgw_begin_read_only'; "
            "EXECUTE 'PREPARE mcpgw_begin_read_only AS SELECT 1'; "
            "PERFORM pg_advisory_lock(4246); "
            "RETURN pg_backend_pid(); END $$;"
            "CREATE FUNCTION " +
            s +
            ".drop_all() RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
            "EXECUTE 'DEALLOCATE ALL'; "
            "PERFORM pg_advisory_lock(4247); "
            "RETURN pg_backend_pid(); END $$;"
        );
        superuser_ = unique_name("mcpgw_su_");
        superuser_password_ = unique_name("su_secret_");
        admin_->exec(
            "CREATE ROLE " + superuser_ + " SUPERUSER LOGIN PASSWORD '" + superuser_password_ + "'"
        );
        ::setenv(("MCPGW_ITEST_PG_PASSWORD_" + superuser_).c_str(), superuser_password_.c_str(), 1);
        wrong_password_ = unique_name("wrong_secret_");
        ::setenv("MCPGW_ITEST_PG_WRONG", wrong_password_.c_str(), 1);
        std::string one = "pool: {max: 1}";
        gw_ = start_gateway(
            "log_level: debug\n"
            "servers:\n" +
            server_line(*env_, "rw1", "read_write", one) +
            server_line(*env_, "ro1", "read_only", one) +
            server_line(
                *env_,
                "ro_su",
                "read_only",
                "pool: {min: 1}, allow_privileged_role: true",
                superuser_
            ) +
            server_line(*env_, "rw_su", "read_write", "pool: {min: 1}", superuser_) +
            "  - {name: wrongpw, type: postgres, host: " + env_->host() +
            ", port: " + env_->port() + ", user: " + env_->user() +
            ", password: \"${MCPGW_ITEST_PG_WRONG}\", database: " + env_->database() +
            ", pool: {acquire_timeout: 1s}}\n"
            "  - {name: nohost, type: postgres, host: no-such-host.invalid, user: u, "
            "password: \"${MCPGW_ITEST_PG_WRONG}\", pool: {acquire_timeout: 1s}}\n"
            "limits: {drain_timeout: 2s}\n"
        );
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        if (db_) {
            db_->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        }
        if (admin_) {
            admin_->exec("DROP ROLE IF EXISTS " + superuser_);
        }
        admin_.reset();
        db_.reset();
        env_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }

    static json query(const std::string& server, const std::string& sql) {
        return call_tool(gw_->port(), "postgres_query", {{"server", server}, {"sql", sql}});
    }
    static int advisory_locks() {
        return std::stoi(admin_->scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
        );
    }

    static inline std::unique_ptr<server_env> env_;
    static inline std::unique_ptr<direct_conn> db_;
    static inline std::unique_ptr<direct_conn> admin_;
    static inline std::string schema_;
    static inline std::string superuser_;
    static inline std::string superuser_password_;
    static inline std::string wrong_password_;
    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(PostgresSession, ReadWriteSessionStateDoesNotLeak) {
    auto first = query("rw1", "SELECT " + schema_ + ".leak_rw() AS pid");
    ASSERT_EQ(error_code(first), "") << first;
    auto pid = first["structuredContent"]["rows"][0][0];
    auto next = query(
        "rw1",
        "SELECT pg_backend_pid() AS pid, coalesce(current_setting('mcpgw.leak', true), '') AS "
        "setting, to_regclass('pg_temp.leak_tmp')::text AS temp_table"
    );
    ASSERT_EQ(error_code(next), "") << next;
    const auto& row = next["structuredContent"]["rows"][0];
    EXPECT_EQ(row[0], pid) << "pool max 1: the same backend served both calls";
    EXPECT_EQ(row[1], "") << "the setting was reset";
    EXPECT_EQ(row[2], nullptr) << "the temporary table is gone";
    EXPECT_TRUE(eventually(
        [] {
            return advisory_locks() == 0;
        },
        2s
    )) << "the advisory lock was released";
}

TEST_F(PostgresSession, ReadOnlySessionStateDoesNotLeak) {
    auto first = query("ro1", "SELECT " + schema_ + ".leak_ro() AS pid");
    ASSERT_EQ(error_code(first), "") << first;
    auto pid = first["structuredContent"]["rows"][0][0];
    auto next =
        query("ro1", "SELECT pg_backend_pid(), coalesce(current_setting('mcpgw.leak', true), '')");
    ASSERT_EQ(error_code(next), "") << next;
    EXPECT_EQ(next["structuredContent"]["rows"], (json{{pid, ""}})) << next;
    // A session-level advisory lock outlives ROLLBACK: DISCARD ALL releases it.
    EXPECT_TRUE(eventually(
        [] {
            return advisory_locks() == 0;
        },
        2s
    ));
}

// read_only calls end with ROLLBACK and no DISCARD ALL unless the in-transaction session check
// finds state that outlives ROLLBACK: a prepared statement (PREPARE is not transactional) makes
// the reset run DISCARD ALL; advisory locks are released before the answer comes back.
TEST_F(PostgresSession, ReadOnlyPreparedStatementAndLockDoNotLeak) {
    auto first = query("ro1", "SELECT " + schema_ + ".leak_prepared() AS pid");
    ASSERT_EQ(error_code(first), "") << first;
    auto pid = first["structuredContent"]["rows"][0][0];
    EXPECT_EQ(advisory_locks(), 0) << "released inside the call, before its answer";
    auto next = query(
        "ro1",
        "SELECT pg_backend_pid(), (SELECT count(*) FROM pg_prepared_statements WHERE from_sql)::int"
    );
    ASSERT_EQ(error_code(next), "") << next;
    EXPECT_EQ(next["structuredContent"]["rows"], (json{{pid, 0}})) << next;
    // A clean session stays clean over many calls on the same backend.
    for (int i = 0; i < 3; ++i) {
        auto again = query(
            "ro1",
            "SELECT pg_backend_pid(), (SELECT count(*) FROM pg_prepared_statements WHERE "
            "from_sql)::int"
        );
        ASSERT_EQ(error_code(again), "") << again;
        EXPECT_EQ(again["structuredContent"]["rows"], (json{{pid, 0}})) << again;
    }
}

// A read_only statement that fails after leaving a prepared statement: the failed segment
// makes the reset run ROLLBACK + DISCARD ALL.
TEST_F(PostgresSession, ReadOnlyFailedCallDoesNotLeak) {
    auto failed = query("ro1", "SELECT " + schema_ + ".leak_prepared() / 0");
    EXPECT_EQ(error_code(failed), "backend_error") << failed;
    auto next = query(
        "ro1",
        "SELECT (SELECT count(*) FROM pg_prepared_statements WHERE from_sql)::int, "
        "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::int"
    );
    ASSERT_EQ(error_code(next), "") << next;
    EXPECT_EQ(next["structuredContent"]["rows"], (json{{0, 0}})) << next;
}

// The named statements a read_only call runs around the caller's (BEGIN READ ONLY, ROLLBACK)
// replaced or dropped by a function: the session check of that same call sees it, the
// session is discarded or cleaned, and the next call on the same backend is read-only again.
TEST_F(PostgresSession, ReplacedControlStatementsNeverServeTheNextCall) {
    for (const std::string fn : {"swap_begin", "drop_all"}) {
        SCOPED_TRACE(fn);
        auto tampered = query("ro1", "SELECT " + schema_ + "." + fn + "()");
        // Dropping ROLLBACK's statement fails that call; replacing BEGIN's does not.
        if (fn == "drop_all") {
            EXPECT_EQ(error_code(tampered), "backend_error") << tampered;
        }
        auto next = query(
            "ro1",
            "SELECT current_setting('transaction_read_only') AS ro, "
            "(SELECT count(*) FROM pg_prepared_statements WHERE from_sql)::int AS by_sql"
        );
        ASSERT_EQ(error_code(next), "") << next;
        auto expected = json::array({json::array({"on", 0})});
        EXPECT_EQ(next["structuredContent"]["rows"], expected) << next;
        auto write = query("ro1", "SELECT " + schema_ + ".leak_rw()");
        EXPECT_EQ(error_code(write), "refused") << write;
        EXPECT_NE(write.dump().find("25006"), std::string::npos) << "read-only transaction";
        EXPECT_TRUE(eventually(
            [] {
                return advisory_locks() == 0;
            },
            2s
        ));
    }
}

// A superuser behind a read_only server is refused (postgres_privilege_test.cpp) unless the
// configuration says allow_privileged_role: true; then it serves, with one warning.
TEST_F(PostgresSession, PrivilegedRoleAcceptedByConfigIsWarnedOnce) {
    EXPECT_EQ(error_code(query("ro_su", "SELECT 1")), "");
    EXPECT_EQ(error_code(query("rw_su", "SELECT 1")), "");
    EXPECT_EQ(error_code(query("ro1", "SELECT 1")), "");
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
    EXPECT_EQ(line["level"], "warn");
    EXPECT_EQ(line["server"], "ro_su");
    EXPECT_EQ(line["user"], superuser_);
    EXPECT_EQ(line["privileges"], "is a superuser");
    // Once per server, however many connections it opens; never for the others.
    auto text = gw_->stderr_text();
    std::size_t count = 0;
    for (auto at = text.find(msg); at != std::string::npos; at = text.find(msg, at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 1U) << text;
}

TEST_F(PostgresSession, NoPasswordInErrorsOrLogs) {
    auto wrong = query("wrongpw", "SELECT 1");
    EXPECT_EQ(error_code(wrong), "unavailable") << wrong;
    EXPECT_NE(error_message(wrong).find("password authentication failed"), std::string::npos)
        << wrong;
    auto nohost = query("nohost", "SELECT 1");
    EXPECT_EQ(error_code(nohost), "unavailable") << nohost;
    EXPECT_NE(error_message(nohost).find("cannot resolve"), std::string::npos) << nohost;
    // A statement that makes the server echo the password back: redacted.
    auto echoed = query("ro1", "SELECT '" + env_->password() + "'::int");
    EXPECT_EQ(error_code(echoed), "backend_error") << echoed;
    EXPECT_NE(error_message(echoed).find("***"), std::string::npos) << echoed;
    auto readyz_text = http_request(gw_->port(), "GET", "/readyz").body;
    auto servers = call_tool(gw_->port(), "list_servers", json::object()).dump();
    for (const auto& secret : {env_->password(), wrong_password_, superuser_password_}) {
        EXPECT_EQ(wrong.dump().find(secret), std::string::npos);
        EXPECT_EQ(nohost.dump().find(secret), std::string::npos);
        EXPECT_EQ(echoed.dump().find(secret), std::string::npos) << echoed;
        EXPECT_EQ(readyz_text.find(secret), std::string::npos) << readyz_text;
        EXPECT_EQ(servers.find(secret), std::string::npos) << servers;
        EXPECT_EQ(gw_->stderr_text().find(secret), std::string::npos) << "in the gateway's log";
    }
}

}  // namespace
}  // namespace mcpgw::itest
