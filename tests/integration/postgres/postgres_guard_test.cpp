// Issue 10 against a real PostgreSQL 15, contrib extensions created for real (tablefunc, xml2,
// dblink, pageinspect, adminpack, pg_trgm, btree_gin...): each attack is refused through the
// gateway AND what it aimed at is checked afterwards behind the gateway's back: the victim
// session is alive, no advisory lock is held, index pages are byte-for-byte unchanged, no file
// was written, no other session's SQL came back. Each suite also shows that the attack is real
// (run directly, it does what the gateway refuses), so the checks can fail.
#include "pg_fixture.hpp"

#include <backends/postgres/function_rules.hpp>

#include <filesystem>
#include <set>

namespace mcpgw::itest {
namespace {

using namespace pg;
using clock = std::chrono::steady_clock;
namespace rules = mcpgw::backends::postgres;

// Extensions a DBA may have installed that the attacks need; created once per server
// (database-wide) and kept: test processes of this suite run in parallel.
const char* const extensions[] = {
    "tablefunc",
    "xml2",
    "dblink",
    "pageinspect",
    "adminpack",
    "pg_trgm",
    "btree_gin",
    "pg_stat_statements",
    "pg_visibility",
    "pg_surgery",
    "pg_prewarm",
    "pg_buffercache",
    "pg_walinspect",
};

class PostgresGuard : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        env_ = std::make_unique<server_env>(fixture_env());
        db_ = std::make_unique<direct_conn>(user_conninfo(*env_));
        admin_ = std::make_unique<direct_conn>(admin_conninfo(*env_));
        for (const char* e : extensions) {
            create_extension(e);
        }
        schema_ = unique_name("itg_");
        const auto& s = schema_;
        db_->exec(accounts_sql(s));
        // BRIN: rows added after the index are not summarized yet. GIN with fastupdate: new
        // entries wait in the pending list. No autovacuum: nothing but the attacks could
        // touch the pages.
        db_->exec(
            "CREATE TABLE " + s + ".brin_t (id int) WITH (autovacuum_enabled = off);" +
            "CREATE INDEX brin_idx ON " + s +
            ".brin_t USING brin (id) WITH (pages_per_range = 1);" + "INSERT INTO " + s +
            ".brin_t SELECT generate_series(1, 20000);" + "CREATE TABLE " + s +
            ".gin_t (a int[]) WITH (autovacuum_enabled = off);" + "CREATE INDEX gin_idx ON " + s +
            ".gin_t USING gin (a) WITH (fastupdate = on);" + "INSERT INTO " + s +
            ".gin_t SELECT ARRAY[i, i + 1] FROM generate_series(1, 500) i;" + "CREATE TABLE " + s +
            ".tree (id text, parent text);" + "INSERT INTO " + s +
            ".tree VALUES ('1', NULL), ('2', '1');" + "CREATE TABLE " + s +
            ".docs (id int, doc text);" + "INSERT INTO " + s + ".docs VALUES (1, '<a>1</a>');" +
            "CREATE FUNCTION " + s + ".allowed_fn() RETURNS int LANGUAGE sql AS 'SELECT 7';" +
            "CREATE FUNCTION " + s + ".other_fn() RETURNS int LANGUAGE sql AS 'SELECT 8';" +
            "CREATE FUNCTION " + s + ".lower(" + s +
            ".docs) RETURNS text LANGUAGE sql AS "
            "'SELECT ''shadow''';" +
            "CREATE FUNCTION " + s + ".eq3(int, int) RETURNS bool LANGUAGE sql AS 'SELECT true';" +
            "CREATE OPERATOR " + s + ".=== (FUNCTION = " + s +
            ".eq3, LEFTARG = int, RIGHTARG = int);"
        );
        marker_ = "/tmp/" + unique_name("mcpgw_guard_marker_");
        open_victim();
        // Each test process has gateways of its own (ctest -j): its sessions are told apart
        // by application_name.
        app_ = unique_name("mcpgw_g");
        const std::string app = "application_name: " + app_;
        const std::string strict = app + ", search_path: [" + s +
                                   ", public], strict_functions: true, allow_functions: [" + s +
                                   ".allowed_fn]";
        gw_ = start_gateway(
            "servers:\n" + server_line(*env_, "ro", "read_only", app + ", pool: {min: 2}") +
            server_line(*env_, "rw", "read_write", app) +
            server_line(*env_, "ro_activity", "read_only", app + ", allow_activity_views: true") +
            server_line(*env_, "ro_path", "read_only", app + ", search_path: [" + s + ", public]") +
            server_line(*env_, "ro_strict", "read_only", strict) + "limits: {drain_timeout: 2s}\n"
        );
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        victim_.reset();
        if (db_) {
            db_->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        }
        std::filesystem::remove(marker_);
        admin_.reset();
        db_.reset();
        env_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }

    static void create_extension(const std::string& name) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            try {
                admin_->exec("CREATE EXTENSION IF NOT EXISTS " + name);
                return;
            } catch (const std::exception&) {
                // Another process of this suite created it at the same moment.
                std::this_thread::sleep_for(100ms);
            }
        }
        admin_->exec("CREATE EXTENSION IF NOT EXISTS " + name);
    }

    /// A session of the same role as the gateway's: anything the gateway's role may do to
    /// it, an escaped statement could.
    static void open_victim() {
        victim_ = std::make_unique<direct_conn>(user_conninfo(*env_));
        victim_pid_ = victim_->scalar("SELECT pg_backend_pid()");
    }

    static json query(const std::string& server, const std::string& sql) {
        return call_tool(gw_->port(), "postgres_query", {{"server", server}, {"sql", sql}});
    }

    /// The backend pids of this process's gateway sessions.
    static std::set<std::string> gateway_sessions() {
        std::set<std::string> out;
        for (const auto& r : admin_->rows(
                 "SELECT pid::text FROM pg_stat_activity WHERE application_name = '" + app_ + "'"
             )) {
            out.insert(*r[0]);
        }
        return out;
    }

    static bool victim_alive() {
        auto alive =
            admin_->scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = " + victim_pid_);
        return alive == "1" && victim_->scalar("SELECT pg_backend_pid()") == victim_pid_;
    }

    static std::string advisory_locks(const std::string& key) {
        return admin_->scalar(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = " + key
        );
    }

    /// md5 of every page of an index, read as superuser with pageinspect.
    static std::string pages(const std::string& index) {
        auto rel = schema_ + "." + index;
        return admin_->scalar(
            "SELECT md5(string_agg(md5(get_raw_page('" + rel +
            "', i::int)), ',' ORDER BY i)) "
            "FROM generate_series(0, pg_relation_size('" +
            rel + "') / 8192 - 1) i"
        );
    }

    /// Refused on `server`, with `keyword` in the refusal; nothing it aimed at changed.
    static void
    expect_refused(const std::string& server, const std::string& sql, const std::string& keyword) {
        SCOPED_TRACE(server + ": " + sql);
        auto sessions = gateway_sessions();
        auto brin = pages("brin_idx");
        auto gin = pages("gin_idx");
        auto started = clock::now();
        auto r = query(server, sql);
        EXPECT_EQ(error_code(r), "refused") << r;
        EXPECT_NE(error_message(r).find(keyword), std::string::npos) << r;
        EXPECT_LT(clock::now() - started, 1s) << "refused before anything ran";
        EXPECT_TRUE(victim_alive()) << "the victim session was ended";
        auto now_open = gateway_sessions();
        for (const auto& pid : sessions) {
            EXPECT_TRUE(now_open.contains(pid)) << "the gateway's own session " << pid << " ended";
        }
        EXPECT_EQ(advisory_locks("77"), "0");
        EXPECT_EQ(pages("brin_idx"), brin) << "BRIN pages changed";
        EXPECT_EQ(pages("gin_idx"), gin) << "GIN pages changed";
        EXPECT_FALSE(std::filesystem::exists(marker_)) << "a file was written";
        EXPECT_EQ(admin_->scalar("SELECT count(*) FROM pg_ls_dir('pg_snapshots')"), "0")
            << "an exported snapshot file exists";
    }

    static void expect_refused_everywhere(const std::string& sql, const std::string& keyword) {
        for (const char* server : {"ro", "rw"}) {
            expect_refused(server, sql, keyword);
        }
    }

    /// A throwaway session of the gateway's role, for showing an attack is real.
    static std::pair<std::unique_ptr<direct_conn>, std::string> bystander() {
        auto c = std::make_unique<direct_conn>(user_conninfo(*env_));
        auto pid = c->scalar("SELECT pg_backend_pid()");
        return {std::move(c), pid};
    }

    static void check_every_function(const std::string& scratch);

    static bool ended(const std::string& pid) {
        return eventually(
            [&pid] {
                return admin_->scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) ==
                       "0";
            },
            2s
        );
    }

    static inline std::unique_ptr<server_env> env_;
    static inline std::unique_ptr<direct_conn> db_;
    static inline std::unique_ptr<direct_conn> admin_;
    static inline std::unique_ptr<direct_conn> victim_;
    static inline std::string victim_pid_;
    static inline std::string schema_;
    static inline std::string marker_;
    static inline std::string app_;
    static inline std::unique_ptr<gateway_process> gw_;
};

// Item 1: PostgreSQL ends a `--` comment at \r; the old lexer did not, and these killed
// other sessions of the role (the gateway's own included) and held a lock.
TEST_F(PostgresGuard, CarriageReturnNoLongerHidesCalls) {
    const auto& v = victim_pid_;
    expect_refused_everywhere(
        "SELECT --\r pg_terminate_backend(" + v + ")\n",
        "PG_TERMINATE_BACKEND"
    );
    expect_refused_everywhere(
        "SELECT --\r pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = "
        "current_user AND pid <> pg_backend_pid()\n",
        "PG_TERMINATE_BACKEND"
    );
    expect_refused_everywhere("SELECT --\r pg_cancel_backend(" + v + ")", "PG_CANCEL_BACKEND");
    expect_refused_everywhere("SELECT --\r pg_advisory_lock(77), pg_sleep(3)", "PG_ADVISORY_LOCK");
    expect_refused_everywhere(
        "SELECT 1 --\r\n, \"pg_catalog\".\"PG_TERMINATE_BACKEND\"(" + v + ")",
        "PG_TERMINATE_BACKEND"
    );
    expect_refused_everywhere(
        "SELECT U&\"pg\\005fterminate\\005fbackend\"(" + v + ")",
        "PG_TERMINATE_BACKEND"
    );
    expect_refused_everywhere("SELECT PG_CATALOG.PG_SLEEP(3)", "PG_SLEEP");
    // A plain comment is still a comment: the same text after \n is not code.
    auto r = query("ro", "SELECT 1 AS one -- pg_terminate_backend(" + v + ")\n");
    EXPECT_EQ(r["structuredContent"]["rows"], json::parse("[[1]]")) << r;

    // The attack is real: the gateway's role may end a session of its own role.
    auto [other, pid] = bystander();
    db_->exec("SELECT pg_terminate_backend(" + pid + ")");
    EXPECT_TRUE(ended(pid));
}

// Item 2: functions that run their text argument as SQL.
TEST_F(PostgresGuard, FunctionsThatRunSqlTextCannotReachOtherSessions) {
    const auto& s = schema_;
    const std::string kill = "pg_terminate_backend(" + victim_pid_ + ")";
    expect_refused_everywhere(
        "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery FROM (SELECT " +
            kill + ") k')",
        "TS_REWRITE"
    );
    expect_refused_everywhere(
        "SELECT * FROM crosstab('SELECT " + kill +
            "::text, ''a''::text, ''b''::text') AS t(a "
            "text, b text)",
        "CROSSTAB"
    );
    expect_refused_everywhere(
        "SELECT * FROM crosstab('SELECT 1::text, 1::text, 1::text', 'SELECT " + kill +
            "::text') AS t(a text, b text)",
        "CROSSTAB"
    );
    expect_refused_everywhere(
        "SELECT * FROM crosstab2('SELECT " + kill + "::text, ''a''::text, ''b''::text')",
        "CROSSTAB2"
    );
    expect_refused_everywhere(
        "SELECT * FROM connectby('(SELECT id, parent FROM " + s + ".tree, LATERAL (SELECT " + kill +
            ") k) x', 'id', 'parent', '1', 0) AS t(id text, parent text, level int)",
        "CONNECTBY"
    );
    expect_refused_everywhere(
        "SELECT * FROM xpath_table('id', 'doc', '" + s + ".docs, LATERAL (SELECT " + kill +
            ") k', '/a', 'true') AS t(id int, a text)",
        "XPATH_TABLE"
    );
    expect_refused_everywhere(
        "SELECT query_to_xml('SELECT " + kill + "', true, true, '')",
        "QUERY_TO_XML"
    );
    expect_refused_everywhere(
        "SELECT query_to_xml_and_xmlschema('SELECT " + kill + "', true, true, '')",
        "QUERY_TO_XML_AND_XMLSCHEMA"
    );
    expect_refused_everywhere("SELECT cursor_to_xml('c', 1, true, true, '')", "CURSOR_TO_XML");
    expect_refused_everywhere(
        "SELECT table_to_xml('" + s + ".accounts', true, true, '')",
        "TABLE_TO_XML"
    );
    expect_refused_everywhere(
        "SELECT * FROM ts_stat('SELECT to_tsvector(" + kill + "::text)')",
        "TS_STAT"
    );
    expect_refused_everywhere(
        "SELECT dblink_exec('dbname=" + env_->database() + "', 'SELECT " + kill + "')",
        "DBLINK_EXEC"
    );
    expect_refused_everywhere(
        "SELECT * FROM dblink('dbname=" + env_->database() + "', 'SELECT 1') AS t(x int)",
        "DBLINK"
    );
    // The pure form of ts_rewrite is a read.
    auto pure =
        query("ro", "SELECT ts_rewrite('a & b'::tsquery, 'a'::tsquery, 'c'::tsquery)::text");
    EXPECT_EQ(error_code(pure), "") << pure;

    // The attacks are real: crosstab and ts_rewrite run the text they are given.
    auto [c1, pid1] = bystander();
    db_->rows(
        "SELECT * FROM crosstab('SELECT pg_terminate_backend(" + pid1 +
        ")::text, ''a''::text, ''b''::text') AS t(a text, b text)"
    );
    EXPECT_TRUE(ended(pid1));
    auto [c2, pid2] = bystander();
    db_->rows(
        "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery FROM (SELECT "
        "pg_terminate_backend(" +
        pid2 + ")) k')"
    );
    EXPECT_TRUE(ended(pid2));
}

// Item 3: index maintenance writes pages inside BEGIN READ ONLY, and the change survives the
// rollback; transaction ids and exported snapshots too.
TEST_F(PostgresGuard, IndexPagesTransactionIdsAndSnapshotFilesAreLeftAlone) {
    const auto brin = schema_ + ".brin_idx";
    const auto gin = schema_ + ".gin_idx";
    const auto pending = [&gin] {
        return admin_->scalar(
            "SELECT n_pending_tuples FROM gin_metapage_info(get_raw_page('" + gin + "', 0))"
        );
    };
    const auto gin_pending = pending();
    ASSERT_NE(gin_pending, "0") << "the GIN pending list has entries to clean";
    expect_refused_everywhere(
        "SELECT brin_summarize_new_values('" + brin + "')",
        "BRIN_SUMMARIZE_NEW_VALUES"
    );
    expect_refused_everywhere(
        "SELECT brin_summarize_range('" + brin + "', 5)",
        "BRIN_SUMMARIZE_RANGE"
    );
    expect_refused_everywhere(
        "SELECT brin_desummarize_range('" + brin + "', 0)",
        "BRIN_DESUMMARIZE_RANGE"
    );
    expect_refused_everywhere(
        "SELECT gin_clean_pending_list('" + gin + "')",
        "GIN_CLEAN_PENDING_LIST"
    );
    expect_refused_everywhere(
        "SELECT --\r gin_clean_pending_list('" + gin + "')",
        "GIN_CLEAN_PENDING_LIST"
    );
    expect_refused_everywhere("SELECT txid_current()", "TXID_CURRENT");
    expect_refused_everywhere("SELECT pg_current_xact_id()", "PG_CURRENT_XACT_ID");
    expect_refused_everywhere("SELECT pg_export_snapshot()", "PG_EXPORT_SNAPSHOT");
    EXPECT_EQ(pending(), gin_pending);
    auto assigned = query("ro", "SELECT pg_current_xact_id_if_assigned()::text AS x");
    EXPECT_EQ(assigned["structuredContent"]["rows"], json::parse("[[null]]")) << assigned;

    // The attacks are real: inside BEGIN READ ONLY they change the pages for good and assign
    // a transaction id.
    auto before = pages("brin_idx");
    db_->exec("BEGIN READ ONLY");
    db_->rows("SELECT brin_summarize_new_values('" + brin + "')");
    db_->rows("SELECT gin_clean_pending_list('" + gin + "')");
    auto xid =
        db_->scalar("SELECT txid_current()::text || '/' || pg_current_xact_id_if_assigned()::text");
    db_->exec("ROLLBACK");
    EXPECT_NE(pages("brin_idx"), before) << "survived the rollback";
    EXPECT_EQ(pending(), "0");
    EXPECT_NE(xid.find('/'), std::string::npos);
    EXPECT_NE(xid.back(), '/') << "an xid was assigned in a read-only transaction";
}

// Item 4's functions, on any role: refused before they reach the server.
TEST_F(PostgresGuard, FilesWalAndDblinkAreRefused) {
    expect_refused_everywhere("SELECT pg_read_file('/etc/passwd')", "PG_READ_FILE");
    expect_refused_everywhere(
        "SELECT pg_file_write('" + marker_ + "', 'x', false)",
        "PG_FILE_WRITE"
    );
    expect_refused_everywhere("SELECT pg_switch_wal()", "PG_SWITCH_WAL");
    expect_refused_everywhere("SELECT lo_export(1, '" + marker_ + "')", "LO_EXPORT");
    expect_refused_everywhere("SELECT get_raw_page('" + schema_ + ".accounts', 0)", "GET_RAW_PAGE");
    expect_refused_everywhere(
        "SELECT heap_force_kill('" + schema_ + ".accounts', ARRAY['(0,1)']::tid[])",
        "HEAP_FORCE_KILL"
    );
    expect_refused_everywhere(
        "SELECT * FROM pg_get_wal_records_info('0/0', '0/100')",
        "PG_GET_WAL_RECORDS_INFO"
    );
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM " + schema_ + ".accounts"), "3");
}

// Item 5: one role, many clients: other clients' SQL stays out of read_only answers.
TEST_F(PostgresGuard, OtherSessionsSqlIsNotShownOnReadOnly) {
    const auto secret = unique_name("victim_secret_");
    victim_->scalar("SELECT '" + secret + "'");  // now the victim's last statement
    for (const std::string sql :
         {"SELECT query FROM pg_stat_activity",
          "SELECT query FROM pg_catalog.pg_stat_activity",
          "TABLE pg_stat_activity",
          "SELECT * FROM pg_stat_get_activity(NULL)",
          "SELECT pg_stat_get_backend_activity(s) FROM pg_stat_get_backend_idset() s",
          "SELECT query FROM pg_stat_statements",
          "SELECT * FROM pg_stat_progress_vacuum"}) {
        SCOPED_TRACE(sql);
        auto r = query("ro", sql);
        EXPECT_EQ(error_code(r), "refused") << r;
        EXPECT_NE(error_message(r).find("allow_activity_views"), std::string::npos) << r;
        EXPECT_EQ(r.dump().find(secret), std::string::npos);
    }
    // Allowed by configuration, and on read_write servers: then the secret is there (the
    // attack is real).
    for (const char* server : {"ro_activity", "rw"}) {
        auto r = query(server, "SELECT query FROM pg_stat_activity WHERE pid = " + victim_pid_);
        EXPECT_EQ(error_code(r), "") << r;
        EXPECT_NE(r.dump().find(secret), std::string::npos) << server << ": " << r;
    }
    EXPECT_TRUE(victim_alive());
}

// strict_functions on the server's real catalog.
TEST_F(PostgresGuard, StrictFunctionsAllowOnlyWhatIsKnown) {
    const auto& s = schema_;
    struct row {
        std::string sql;
        bool allowed;
    };
    const std::vector<row> table = {
        {"SELECT abs(-1), length('ab'), now() IS NOT NULL, random() < 2", true},
        {"SELECT similarity('abc', 'abd') > 0, 'abc' % 'abd'", true},  // pg_trgm
        {"SELECT " + s + ".allowed_fn()", true},
        {"SELECT " + s + ".other_fn()", false},
        {"SELECT lower(d) FROM " + s + ".docs d", false},  // s.lower(docs) could be chosen
        {"SELECT pg_catalog.lower(d.doc) FROM " + s + ".docs d", true},
        {"SELECT d.lower FROM " + s + ".docs d", false},  // attribute notation: s.lower(d)
        {"SELECT 1 OPERATOR(" + s + ".===) 2", false},
        {"SELECT 1 + 1 = 2", true},
        {"SELECT * FROM " + s + ".accounts TABLESAMPLE system(50) WHERE id > 0", true},
    };
    for (const auto& r : table) {
        SCOPED_TRACE(r.sql);
        auto res = query("ro_strict", r.sql);
        if (r.allowed) {
            EXPECT_EQ(error_code(res), "") << res;
        } else {
            EXPECT_EQ(error_code(res), "refused") << res;
            EXPECT_NE(error_message(res).find("strict_functions"), std::string::npos) << res;
        }
    }
    // The same statements run on a server without strict mode (and the same search_path):
    // `d.lower` does call the schema's lower(docs).
    auto plain = query("ro_path", "SELECT " + s + ".other_fn(), d.lower FROM " + s + ".docs d");
    EXPECT_EQ(plain["structuredContent"]["rows"], json::parse("[[8, \"shadow\"]]")) << plain;
}

// search_path is pinned: pg_catalog first whatever the role or database says.
TEST_F(PostgresGuard, SearchPathIsPinnedWithPgCatalogFirst) {
    auto r = query(
        "ro",
        "SELECT current_setting('search_path') AS p, "
        "current_setting('standard_conforming_strings') AS s"
    );
    auto path = r["structuredContent"]["rows"][0][0].get<std::string>();
    EXPECT_TRUE(path.starts_with("pg_catalog,")) << r;
    EXPECT_TRUE(path.ends_with("pg_temp")) << r;
    EXPECT_EQ(r["structuredContent"]["rows"][0][1], "on") << r;
    // A role whose own setting puts another schema first: without the pin, `upper` would be
    // the schema's (shown directly), through the gateway it is pg_catalog's.
    const auto role = unique_name("itg_path_");
    const auto pw = unique_name("pw_");
    const auto& s = schema_;
    admin_->exec(
        "CREATE ROLE " + role + " LOGIN PASSWORD '" + pw + "';" + "GRANT USAGE ON SCHEMA " + s +
        " TO " + role + ";" + "ALTER ROLE " + role + " SET search_path = " + s + ", pg_catalog;" +
        "ALTER ROLE " + role + " SET standard_conforming_strings = off;" + "CREATE FUNCTION " + s +
        ".upper(text) RETURNS text LANGUAGE sql AS 'SELECT ''shadow''';" +
        "GRANT EXECUTE ON FUNCTION " + s + ".upper(text) TO " + role
    );
    ::setenv(("MCPGW_ITEST_PG_PASSWORD_" + role).c_str(), pw.c_str(), 1);
    auto gw = start_gateway(
        "servers:\n" + server_line(*env_, "pinned", "read_only", "", role) +
        "limits: {drain_timeout: 2s}\n"
    );
    auto through = call_tool(
        gw->port(),
        "postgres_query",
        {{"server", "pinned"}, {"sql", "SELECT upper('a') AS u, 'x\\' AS backslash"}}
    );
    EXPECT_EQ(through["structuredContent"]["rows"], json::parse(R"([["A", "x\\"]])")) << through;
    direct_conn direct(
        "host=" + env_->host() + " port=" + env_->port() + " user=" + role + " password=" + pw +
        " dbname=" + env_->database()
    );
    EXPECT_EQ(direct.scalar("SELECT upper('a')"), "shadow") << "the role's own path";
    stop_gateway(gw);
    admin_->exec(
        "DROP FUNCTION " + s + ".upper(text); DROP OWNED BY " + role + "; DROP ROLE " + role
    );
}

// The function rules decide every volatile function of pg_catalog and every function of
// every contrib extension on this server, and no operator or cast hides a refused function.
TEST_F(PostgresGuard, EveryVolatileCatalogFunctionAndContribFunctionIsDecided) {
    const auto scratch = unique_name("itg_rules_");
    admin_->exec("CREATE DATABASE " + scratch);
    check_every_function(scratch);
    admin_->exec("DROP DATABASE " + scratch);
}

void PostgresGuard::check_every_function(const std::string& scratch) {
    direct_conn c(
        "host=" + env_->get("SOCKET") + " port=" + env_->port() + " user=postgres dbname=" + scratch
    );
    for (const auto& e :
         c.rows("SELECT name FROM pg_available_extensions WHERE name <> 'plpgsql'")) {
        c.exec("CREATE EXTENSION IF NOT EXISTS \"" + *e[0] + "\" CASCADE");
    }
    auto undecided = std::vector<std::string>();
    for (const auto& r :
         c.rows("SELECT DISTINCT lower(proname), pronargs FROM pg_proc WHERE pronamespace = "
                "'pg_catalog'::regnamespace AND provolatile = 'v'")) {
        auto name = *r[0];
        auto rule = rules::function_rule_for(name, std::stoul(*r[1]));
        if (rule.effect == rules::function_effect::allowed &&
            !rules::is_safe_volatile_catalog_function(name)) {
            undecided.push_back(name + "/" + *r[1]);
        }
    }
    EXPECT_TRUE(undecided.empty())
        << "volatile catalog functions nobody reviewed: " << ::testing::PrintToString(undecided);
    std::set<std::string> unreviewed;
    std::size_t contrib = 0;
    for (const auto& r :
         c.rows("SELECT e.extname, p.proname FROM pg_depend d JOIN pg_extension e ON "
                "d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid JOIN pg_proc p ON "
                "d.classid = 'pg_proc'::regclass AND d.objid = p.oid WHERE d.deptype = 'e'")) {
        ++contrib;
        if (!rules::is_reviewed_extension(*r[0])) {
            unreviewed.insert(*r[0]);
        }
    }
    EXPECT_GT(contrib, 500U) << "the contrib extensions were installed";
    EXPECT_TRUE(unreviewed.empty()) << ::testing::PrintToString(unreviewed);
    // Operators, casts and type input functions call functions without naming them.
    for (const auto& r : c.rows(
             "SELECT 'operator ' || o.oprname, lower(p.proname), p.pronargs FROM pg_operator o "
             "JOIN pg_proc p ON p.oid = o.oprcode "
             "UNION ALL SELECT 'cast', lower(p.proname), p.pronargs FROM pg_cast k JOIN pg_proc p "
             "ON p.oid = k.castfunc "
             "UNION ALL SELECT 'type ' || t.typname, lower(p.proname), p.pronargs FROM pg_type t "
             "JOIN pg_proc p ON p.oid IN (t.typinput, t.typreceive, t.typmodin)"
         )) {
        auto rule = rules::function_rule_for(*r[1], std::stoul(*r[2]));
        EXPECT_NE(rule.effect, rules::function_effect::denied) << *r[0] << " runs " << *r[1];
    }
    // t.fn calls fn(t) only for a function of one composite or pseudo-typed argument: no
    // refused function can be reached that way.
    for (const auto& r :
         c.rows("SELECT lower(p.proname) FROM pg_proc p JOIN pg_type t ON t.oid = p.proargtypes[0] "
                "WHERE p.pronargs = 1 AND t.typtype IN ('c', 'p') AND t.typname <> 'internal'")) {
        auto rule = rules::function_rule_for(*r[0], 1);
        EXPECT_NE(rule.effect, rules::function_effect::denied) << *r[0];
    }
}

}  // namespace
}  // namespace mcpgw::itest
