// The PostgreSQL statement guard on PostgreSQL's own parse tree (no server): table-driven, one
// row per statement, with the verdict for a read_only server, a read_write one without
// opt-ins, and the keyword a refusal names. The same attempts run against a real server, with
// state checked afterwards, in tests/integration/postgres/postgres_guard_test.cpp.
#include <backends/postgres/pg_parser.hpp>
#include <backends/postgres/statement_guard.hpp>

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace mcpgw::backends::postgres;
using sql_guard::statement_kind;

// A verdict: "ok", or the refusal's keyword ("" when it names none).
enum class on { ok, refused };

struct row {
    std::string sql;
    on read_only;
    on read_write;
    std::string keyword;  // checked when refused on read_only (or on read_write if ro is ok)
};

guard_settings settings_for(access_mode a) {
    guard_settings s;
    s.policy.access = a;
    return s;
}

void run_table(const std::vector<row>& rows) {
    for (const auto& r : rows) {
        SCOPED_TRACE(r.sql);
        auto ro = check_statement(r.sql, settings_for(access_mode::read_only));
        auto rw = check_statement(r.sql, settings_for(access_mode::read_write));
        EXPECT_EQ(ro.allowed(), r.read_only == on::ok)
            << (ro.refused ? ro.refused->reason : "allowed");
        EXPECT_EQ(rw.allowed(), r.read_write == on::ok)
            << (rw.refused ? rw.refused->reason : "allowed");
        const auto& named = ro.refused ? ro.refused : rw.refused;
        if (named && !r.keyword.empty()) {
            EXPECT_EQ(named->keyword, r.keyword) << named->reason;
        }
    }
}

// Issue 10, item 1: the hand-written lexer ended `--` comments at \n only; PostgreSQL ends
// them at \r too. Every spelling of a call reaches the same check.
TEST(PostgresGuard, CommentsEndWhereThePostgresLexerEndsThem) {
    run_table({
        {"SELECT --\r pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
         "pg_backend_pid()\n",
         on::refused,
         on::refused,
         "PG_TERMINATE_BACKEND"},
        {"SELECT --\r pg_advisory_lock(77), pg_sleep(3)",
         on::refused,
         on::refused,
         "PG_ADVISORY_LOCK"},
        {"SELECT 1 --\r\n, pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT 1 -- pg_sleep(1)", on::ok, on::ok, ""},
        {"SELECT 1 -- pg_sleep(1)\r", on::ok, on::ok, ""},
        {"SELECT /* pg_sleep(1) /* nested */ still comment */ 1", on::ok, on::ok, ""},
        {"SELECT '--\r pg_sleep(1)' AS text_not_code", on::ok, on::ok, ""},
        {"SELECT $x$ pg_sleep(1) $x$", on::ok, on::ok, ""},
        {"SELECT E'\\'', pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT 'a\\', pg_sleep(1) --'", on::refused, on::refused, "PG_SLEEP"},
    });
}

TEST(PostgresGuard, EverySpellingOfACallIsTheSameCall) {
    run_table({
        {"SELECT pg_catalog.pg_terminate_backend(1)",
         on::refused,
         on::refused,
         "PG_TERMINATE_BACKEND"},
        {"SELECT \"pg_terminate_backend\"(1)", on::refused, on::refused, "PG_TERMINATE_BACKEND"},
        {"SELECT PG_TERMINATE_BACKEND(1)", on::refused, on::refused, "PG_TERMINATE_BACKEND"},
        {"SELECT \"PG_TERMINATE_BACKEND\"(1)", on::refused, on::refused, "PG_TERMINATE_BACKEND"},
        {"SELECT \"pg_catalog\" . \"pg_cancel_backend\" (1)",
         on::refused,
         on::refused,
         "PG_CANCEL_BACKEND"},
        {"SELECT U&\"pg\\005fsleep\"(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT U&\"pg!005fsleep\" UESCAPE '!' (1)", on::refused, on::refused, "PG_SLEEP"},
        {"select/**/pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT myschema.pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
    });
}

TEST(PostgresGuard, CallsAreFoundWhereverTheyAre) {
    run_table({
        {"SELECT (SELECT pg_sleep(1))", on::refused, on::refused, "PG_SLEEP"},
        {"WITH x AS (SELECT pg_sleep(1)) SELECT * FROM x", on::refused, on::refused, "PG_SLEEP"},
        {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE "
         "pg_try_advisory_lock(n)) SELECT * FROM r",
         on::refused,
         on::refused,
         "PG_TRY_ADVISORY_LOCK"},
        {"SELECT * FROM pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT * FROM ROWS FROM (generate_series(1, 2), pg_sleep(1))",
         on::refused,
         on::refused,
         "PG_SLEEP"},
        {"SELECT * FROM t JOIN LATERAL pg_sleep(1) s ON true",
         on::refused,
         on::refused,
         "PG_SLEEP"},
        {"SELECT 1 WHERE pg_sleep(1) IS NULL", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT CAST(pg_sleep(1) AS text)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT pg_sleep(1)::text::int", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT ARRAY[pg_sleep(1)]", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT ROW(1, pg_sleep(1))", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT CASE WHEN true THEN pg_sleep(1) END", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM t",
         on::refused,
         on::refused,
         "PG_SLEEP"},
        {"SELECT sum(x) OVER (ORDER BY pg_sleep(1)) FROM t", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT 1 FROM t GROUP BY pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT 1 FROM t HAVING pg_sleep(1) IS NULL", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT 1 ORDER BY pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT 1 LIMIT (SELECT 1 FROM pg_sleep(1))", on::refused, on::refused, "PG_SLEEP"},
        {"VALUES (1), (pg_sleep(1)::int)", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT x FROM t WHERE x IN (SELECT pg_sleep(1))", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT x FROM t WHERE EXISTS (SELECT 1 WHERE pg_sleep(1) IS NULL)",
         on::refused,
         on::refused,
         "PG_SLEEP"},
        {"SELECT 1 = ANY (SELECT pg_sleep(1))", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT xmlelement(name x, pg_sleep(1))", on::refused, on::refused, "PG_SLEEP"},
        {"SELECT * FROM XMLTABLE('/a' PASSING ((SELECT pg_sleep(1))::text::xml) COLUMNS x int)",
         on::refused,
         on::refused,
         "PG_SLEEP"},
        {"EXPLAIN ANALYZE SELECT pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"EXPLAIN SELECT pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"INSERT INTO t SELECT pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"UPDATE t SET x = 1 WHERE pg_sleep(1) IS NULL", on::refused, on::refused, "PG_SLEEP"},
        {"CALL pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"CREATE OPERATOR === (FUNCTION = pg_catalog.pg_terminate_backend, LEFTARG = int)",
         on::refused,
         on::refused,
         "PG_TERMINATE_BACKEND"},
        {"CREATE CAST (int AS text) WITH FUNCTION pg_sleep(float8)",
         on::refused,
         on::refused,
         "PG_SLEEP"},
        {"CREATE VIEW v AS SELECT pg_terminate_backend(1)",
         on::refused,
         on::refused,
         "PG_TERMINATE_BACKEND"},
        {"CREATE TABLE t (x int DEFAULT pg_sleep(1)::int)", on::refused, on::refused, "PG_SLEEP"},
        {"CREATE TRIGGER tr AFTER INSERT ON t EXECUTE FUNCTION lo_manage()",
         on::refused,
         on::refused,
         "CREATE TRIGGER"},
        {"CREATE TRIGGER tr AFTER INSERT ON t EXECUTE FUNCTION pg_catalog.lo_unlink()",
         on::refused,
         on::refused,
         "LO_UNLINK"},
        {"PREPARE p AS SELECT pg_sleep(1)", on::refused, on::refused, "PG_SLEEP"},
        {"DECLARE c CURSOR FOR SELECT pg_advisory_lock(1)",
         on::refused,
         on::refused,
         "PG_ADVISORY_LOCK"},
    });
}

// Item 2: functions that run SQL given as text (core and contrib), and the ones refused
// before (query_to_xml*, cursor_to_xml, table_to_xml*, ts_stat, dblink*).
TEST(PostgresGuard, FunctionsThatRunSqlTextAreRefused) {
    run_table({
        {"SELECT ts_rewrite('a'::tsquery, 'SELECT pg_terminate_backend(1), ''a''::tsquery')",
         on::refused,
         on::refused,
         "TS_REWRITE"},
        {"SELECT ts_rewrite('a & b'::tsquery, 'a'::tsquery, 'c'::tsquery)", on::ok, on::ok, ""},
        {"SELECT * FROM crosstab('SELECT 1, 2, 3') AS c(a int, b int)",
         on::refused,
         on::refused,
         "CROSSTAB"},
        {"SELECT * FROM crosstab('SELECT 1', 'SELECT 2') AS c(a int)",
         on::refused,
         on::refused,
         "CROSSTAB"},
        {"SELECT * FROM crosstab2('SELECT 1')", on::refused, on::refused, "CROSSTAB2"},
        {"SELECT * FROM public.connectby('t', 'id', 'parent', '1', 0) AS c(id int)",
         on::refused,
         on::refused,
         "CONNECTBY"},
        {"SELECT * FROM xpath_table('id', 'x', 't', '/a', 'true') AS x(id int)",
         on::refused,
         on::refused,
         "XPATH_TABLE"},
        {"SELECT query_to_xml('DELETE FROM t RETURNING 1', true, true, '')",
         on::refused,
         on::refused,
         "QUERY_TO_XML"},
        {"SELECT query_to_xmlschema('SELECT 1', true, true, '')",
         on::refused,
         on::refused,
         "QUERY_TO_XMLSCHEMA"},
        {"SELECT query_to_xml_and_xmlschema('SELECT 1', true, true, '')",
         on::refused,
         on::refused,
         "QUERY_TO_XML_AND_XMLSCHEMA"},
        {"SELECT cursor_to_xml('c', 1, true, true, '')", on::refused, on::refused, "CURSOR_TO_XML"},
        {"SELECT table_to_xml('t', true, true, '')", on::refused, on::refused, "TABLE_TO_XML"},
        {"SELECT schema_to_xml('public', true, true, '')",
         on::refused,
         on::refused,
         "SCHEMA_TO_XML"},
        {"SELECT database_to_xml(true, true, '')", on::refused, on::refused, "DATABASE_TO_XML"},
        {"SELECT * FROM ts_stat('SELECT to_tsvector(''a'')')", on::refused, on::refused, "TS_STAT"},
        {"SELECT * FROM dblink('dbname=x', 'SELECT 1') AS t(x int)",
         on::refused,
         on::refused,
         "DBLINK"},
        {"SELECT ext.dblink_exec('dbname=x', 'DELETE FROM t')",
         on::refused,
         on::refused,
         "DBLINK_EXEC"},
        {"SELECT dblink_send_query('c', 'SELECT 1')",
         on::refused,
         on::refused,
         "DBLINK_SEND_QUERY"},
        {"SELECT xslt_process('<a/>', '/etc/passwd')", on::refused, on::refused, "XSLT_PROCESS"},
    });
}

// Item 3: writes a read-only transaction allows.
TEST(PostgresGuard, IndexMaintenanceTransactionIdsAndSnapshotFilesAreRefused) {
    run_table({
        {"SELECT brin_summarize_new_values('i'::regclass)",
         on::refused,
         on::refused,
         "BRIN_SUMMARIZE_NEW_VALUES"},
        {"SELECT brin_summarize_range('i', 0)", on::refused, on::refused, "BRIN_SUMMARIZE_RANGE"},
        {"SELECT brin_desummarize_range('i', 0)",
         on::refused,
         on::refused,
         "BRIN_DESUMMARIZE_RANGE"},
        {"SELECT gin_clean_pending_list('g')", on::refused, on::refused, "GIN_CLEAN_PENDING_LIST"},
        {"SELECT txid_current()", on::refused, on::refused, "TXID_CURRENT"},
        {"SELECT pg_current_xact_id()", on::refused, on::refused, "PG_CURRENT_XACT_ID"},
        {"SELECT pg_export_snapshot()", on::refused, on::refused, "PG_EXPORT_SNAPSHOT"},
        {"SELECT txid_current_if_assigned(), pg_current_xact_id_if_assigned()", on::ok, on::ok, ""},
        {"SELECT pg_truncate_visibility_map('t')",
         on::refused,
         on::refused,
         "PG_TRUNCATE_VISIBILITY_MAP"},
        {"SELECT heap_force_kill('t', ARRAY['(0,1)']::tid[])",
         on::refused,
         on::refused,
         "HEAP_FORCE_KILL"},
        {"SELECT pg_prewarm('t')", on::refused, on::refused, "PG_PREWARM"},
        {"SELECT get_raw_page('t', 0)", on::refused, on::refused, "GET_RAW_PAGE"},
        {"SELECT * FROM pg_buffercache_pages() AS b(x int)",
         on::refused,
         on::refused,
         "PG_BUFFERCACHE_PAGES"},
    });
}

// Item 4's functions, and the rest of what a superuser would reach.
TEST(PostgresGuard, FilesProgramsSignalsAndAdministrationAreRefused) {
    run_table({
        {"SELECT pg_read_file('/etc/passwd')", on::refused, on::refused, "PG_READ_FILE"},
        {"SELECT pg_read_binary_file('/etc/passwd')",
         on::refused,
         on::refused,
         "PG_READ_BINARY_FILE"},
        {"SELECT pg_file_write('/tmp/x', 'y', false)", on::refused, on::refused, "PG_FILE_WRITE"},
        {"SELECT * FROM pg_ls_dir('.')", on::refused, on::refused, "PG_LS_DIR"},
        {"SELECT pg_stat_file('/etc/passwd')", on::refused, on::refused, "PG_STAT_FILE"},
        {"SELECT pg_switch_wal()", on::refused, on::refused, "PG_SWITCH_WAL"},
        {"SELECT pg_reload_conf()", on::refused, on::refused, "PG_RELOAD_CONF"},
        {"SELECT pg_create_restore_point('x')",
         on::refused,
         on::refused,
         "PG_CREATE_RESTORE_POINT"},
        {"SELECT pg_logical_emit_message(true, 'x', 'y')",
         on::refused,
         on::refused,
         "PG_LOGICAL_EMIT_MESSAGE"},
        {"SELECT lo_import('/etc/passwd')", on::refused, on::refused, "LO_IMPORT"},
        {"SELECT lo_get(1)", on::refused, on::refused, "LO_GET"},
        {"SELECT set_config('search_path', 'evil', false)", on::refused, on::refused, "SET_CONFIG"},
        {"SELECT pg_notify('c', 'x')", on::refused, on::refused, "PG_NOTIFY"},
        {"SELECT pg_stat_reset()", on::refused, on::refused, "PG_STAT_RESET"},
        {"SELECT pg_stat_statements_reset()", on::refused, on::refused, "PG_STAT_STATEMENTS_RESET"},
        {"SELECT binary_upgrade_set_next_pg_type_oid(1)",
         on::refused,
         on::refused,
         "BINARY_UPGRADE_SET_NEXT_PG_TYPE_OID"},
        {"SELECT pg_sleep_for('1 second')", on::refused, on::refused, "PG_SLEEP_FOR"},
        {"SELECT pg_log_backend_memory_contexts(1)",
         on::refused,
         on::refused,
         "PG_LOG_BACKEND_MEMORY_CONTEXTS"},
    });
}

// Views that call denied functions without naming them, and catalogs of secrets: refused on
// every server like the functions (a read_write or privileged source could read them).
TEST(PostgresGuard, ViewsOverDeniedFunctionsAndSecretCatalogsAreRefused) {
    run_table({
        {"SELECT * FROM pg_hba_file_rules", on::refused, on::refused, "PG_HBA_FILE_RULES"},
        {"SELECT * FROM pg_catalog.pg_ident_file_mappings",
         on::refused,
         on::refused,
         "PG_IDENT_FILE_MAPPINGS"},
        {"TABLE pg_file_settings", on::refused, on::refused, "PG_FILE_SETTINGS"},
        {"SELECT count(*) FROM pg_buffercache", on::refused, on::refused, "PG_BUFFERCACHE"},
        {"SELECT rolpassword FROM pg_authid", on::refused, on::refused, "PG_AUTHID"},
        // A quoted upper-case name is another relation to PostgreSQL; refused all the same
        // (names are compared case-folded: the safe side).
        {"SELECT 1 WHERE EXISTS (SELECT passwd FROM \"PG_SHADOW\")",
         on::refused,
         on::refused,
         "PG_SHADOW"},
        {"SELECT 1 WHERE EXISTS (SELECT passwd FROM PG_SHADOW)",
         on::refused,
         on::refused,
         "PG_SHADOW"},
        {"WITH u AS (SELECT * FROM pg_user_mappings) SELECT 1 FROM u",
         on::refused,
         on::refused,
         "PG_USER_MAPPINGS"},
        {"SELECT loid FROM pg_largeobject", on::refused, on::refused, "PG_LARGEOBJECT"},
        {"SELECT name, setting FROM pg_settings", on::ok, on::ok, ""},
    });
}

// Item 5: other clients' SQL, on read_only servers.
TEST(PostgresGuard, ActivityViewsAreRefusedOnReadOnlyUnlessAllowed) {
    run_table({
        {"SELECT query FROM pg_stat_activity", on::refused, on::ok, "PG_STAT_ACTIVITY"},
        {"SELECT * FROM pg_catalog.pg_stat_activity", on::refused, on::ok, "PG_STAT_ACTIVITY"},
        {"TABLE pg_stat_activity", on::refused, on::ok, "PG_STAT_ACTIVITY"},
        {"SELECT 1 WHERE EXISTS (SELECT 1 FROM pg_stat_activity)",
         on::refused,
         on::ok,
         "PG_STAT_ACTIVITY"},
        {"SELECT * FROM pg_stat_get_activity(NULL)", on::refused, on::ok, "PG_STAT_GET_ACTIVITY"},
        {"SELECT pg_stat_get_backend_activity(s) FROM pg_stat_get_backend_idset() s",
         on::refused,
         on::ok,
         "PG_STAT_GET_BACKEND_ACTIVITY"},
        {"SELECT query FROM public.pg_stat_statements", on::refused, on::ok, "PG_STAT_STATEMENTS"},
        {"SELECT * FROM pg_stat_statements(true)", on::refused, on::ok, "PG_STAT_STATEMENTS"},
        {"SELECT * FROM pg_stat_replication", on::refused, on::ok, "PG_STAT_REPLICATION"},
        {"SELECT * FROM pg_stat_progress_vacuum", on::refused, on::ok, "PG_STAT_PROGRESS_VACUUM"},
        {"SELECT * FROM pg_stat_user_tables", on::ok, on::ok, ""},
        {"SELECT * FROM pg_locks", on::ok, on::ok, ""},
        {"SELECT pg_backend_pid()", on::ok, on::ok, ""},
    });
    guard_settings allowed = settings_for(access_mode::read_only);
    allowed.allow_activity_views = true;
    EXPECT_TRUE(check_statement("SELECT query FROM pg_stat_activity", allowed).allowed());
    EXPECT_TRUE(check_statement("SELECT * FROM pg_stat_get_activity(NULL)", allowed).allowed());
}

TEST(PostgresGuard, StatementKindsFromTheParseTree) {
    run_table({
        {"SELECT 1; DELETE FROM t", on::refused, on::refused, ""},
        {"SELECT 1;", on::ok, on::ok, ""},
        {"-- nothing", on::refused, on::refused, ""},
        {"SELECT * INTO stolen FROM t", on::refused, on::ok, "SELECT INTO"},
        {"SELECT * FROM t FOR UPDATE", on::refused, on::ok, "FOR UPDATE/SHARE"},
        {"SELECT * FROM t FOR KEY SHARE NOWAIT", on::refused, on::ok, "FOR UPDATE/SHARE"},
        {"(SELECT 1 FROM t) UNION (SELECT 2 FROM t FOR SHARE)",
         on::refused,
         on::ok,
         "FOR UPDATE/SHARE"},
        {"WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
         on::refused,
         on::refused,
         "DELETE"},
        {"WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x",
         on::refused,
         on::ok,
         "INSERT"},
        {"WITH a AS (SELECT 1), b AS (UPDATE t SET x = 1 RETURNING 1) SELECT * FROM a",
         on::refused,
         on::ok,
         "UPDATE"},
        {"EXPLAIN ANALYZE DELETE FROM t", on::refused, on::refused, "DELETE"},
        {"EXPLAIN (ANALYZE, BUFFERS) INSERT INTO t VALUES (1)", on::refused, on::ok, "INSERT"},
        {"EXPLAIN SELECT 1", on::ok, on::ok, ""},
        {"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", on::refused, on::ok, "INSERT"},
        {"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET x = 1",
         on::refused,
         on::ok,
         "MERGE"},
        {"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
         on::refused,
         on::refused,
         "MERGE ... DELETE"},
        {"TRUNCATE t", on::refused, on::refused, "TRUNCATE"},
        {"COPY t TO STDOUT", on::refused, on::ok, "COPY"},
        {"COPY t TO PROGRAM 'touch /tmp/x'", on::refused, on::refused, "COPY PROGRAM"},
        {"COPY t FROM '/etc/passwd'", on::refused, on::refused, "COPY FROM FILE"},
        {"COPY (SELECT 1) TO '/tmp/x'", on::refused, on::refused, "COPY TO FILE"},
        {"DO $$ BEGIN PERFORM 1; END $$", on::refused, on::refused, "DO"},
        {"CALL p()", on::refused, on::ok, "CALL"},
        {"PREPARE p AS DELETE FROM t", on::refused, on::refused, "PREPARE"},
        {"EXECUTE p", on::refused, on::refused, "EXECUTE"},
        {"DEALLOCATE ALL", on::refused, on::refused, "DEALLOCATE"},
        {"DECLARE c CURSOR WITH HOLD FOR SELECT 1", on::refused, on::refused, "DECLARE"},
        {"FETCH 1 FROM c", on::refused, on::refused, "FETCH"},
        {"MOVE 1 IN c", on::refused, on::refused, "MOVE"},
        {"CLOSE c", on::refused, on::refused, "CLOSE"},
        {"SET work_mem = '1GB'", on::refused, on::refused, "SET WORK_MEM"},
        {"SET LOCAL search_path = evil", on::refused, on::refused, "SET SEARCH_PATH"},
        {"SET ROLE postgres", on::refused, on::refused, "SET ROLE"},
        {"SET SESSION AUTHORIZATION postgres",
         on::refused,
         on::refused,
         "SET SESSION AUTHORIZATION"},
        {"RESET ALL", on::refused, on::refused, "RESET ALL"},
        {"RESET role", on::refused, on::refused, "RESET ROLE"},
        {"SET TRANSACTION READ WRITE", on::refused, on::refused, "SET TRANSACTION"},
        {"SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
         on::refused,
         on::refused,
         "SET SESSION CHARACTERISTICS"},
        {"SET CONSTRAINTS ALL DEFERRED", on::refused, on::refused, "SET CONSTRAINTS"},
        {"BEGIN", on::refused, on::refused, "BEGIN"},
        {"START TRANSACTION READ WRITE", on::refused, on::refused, "START"},
        {"COMMIT", on::refused, on::refused, "COMMIT"},
        {"ROLLBACK", on::refused, on::refused, "ROLLBACK"},
        {"SAVEPOINT s", on::refused, on::refused, "SAVEPOINT"},
        {"COMMIT PREPARED 'x'", on::refused, on::refused, "COMMIT PREPARED"},
        {"LOCK TABLE t", on::refused, on::refused, "LOCK"},
        {"LISTEN c", on::refused, on::refused, "LISTEN"},
        {"NOTIFY c", on::refused, on::refused, "NOTIFY"},
        {"UNLISTEN *", on::refused, on::refused, "UNLISTEN"},
        {"VACUUM t", on::refused, on::refused, "VACUUM"},
        {"ANALYZE t", on::refused, on::refused, "ANALYZE"},
        {"CHECKPOINT", on::refused, on::refused, "CHECKPOINT"},
        {"ALTER SYSTEM SET work_mem = '1GB'", on::refused, on::refused, "ALTER SYSTEM"},
        {"LOAD 'plpgsql'", on::refused, on::refused, "LOAD"},
        {"DISCARD ALL", on::refused, on::refused, "DISCARD"},
        {"CREATE TABLE t (x int)", on::refused, on::refused, "CREATE TABLE"},
        {"CREATE TABLE t AS SELECT 1", on::refused, on::refused, "CREATE TABLE AS"},
        {"DROP TABLE t", on::refused, on::refused, "DROP"},
        {"ALTER TABLE t ADD COLUMN y int", on::refused, on::refused, "ALTER TABLE"},
        {"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
         on::refused,
         on::refused,
         "CREATE FUNCTION"},
        {"REFRESH MATERIALIZED VIEW m", on::refused, on::refused, "REFRESH MATERIALIZED VIEW"},
        {"CLUSTER t", on::refused, on::refused, "CLUSTER"},
        {"REINDEX TABLE t", on::refused, on::refused, "REINDEX"},
        {"COMMENT ON TABLE t IS 'x'", on::refused, on::refused, "COMMENT"},
        {"GRANT ALL ON t TO PUBLIC", on::refused, on::refused, "GRANT"},
        {"REVOKE ALL ON t FROM PUBLIC", on::refused, on::refused, "REVOKE"},
        {"CREATE ROLE intruder SUPERUSER", on::refused, on::refused, "CREATE ROLE"},
        {"ALTER ROLE me SET search_path = evil", on::refused, on::refused, "ALTER ROLE"},
        {"CREATE EXTENSION dblink", on::refused, on::refused, "CREATE EXTENSION"},
        {"SECURITY LABEL ON TABLE t IS 'x'", on::refused, on::refused, "SECURITY LABEL"},
        {"SHOW work_mem", on::ok, on::ok, ""},
        {"SHOW ALL", on::ok, on::ok, ""},
        {"SELECT nextval('s')", on::refused, on::ok, "NEXTVAL"},
        {"SELECT setval('s', 1)", on::refused, on::ok, "SETVAL"},
        {"SELECT currval('s'), lastval()", on::ok, on::ok, ""},
        {"INSERT INTO t VALUES (1)", on::refused, on::ok, "INSERT"},
        {"UPDATE t SET x = 1", on::refused, on::ok, "UPDATE"},
        {"DELETE FROM t", on::refused, on::refused, "DELETE"},
    });
}

TEST(PostgresGuard, OrdinaryReadsPass) {
    run_table({
        {"SELECT 1", on::ok, on::ok, ""},
        {"select now(), random(), clock_timestamp(), gen_random_uuid()", on::ok, on::ok, ""},
        {"SELECT a.id, sum(b.amount) FROM accounts a JOIN ledger b ON b.account = a.id WHERE "
         "a.created > now() - interval '7 days' AND a.owner ILIKE '%x%' GROUP BY 1 ORDER BY 2 "
         "DESC LIMIT 50",
         on::ok,
         on::ok,
         ""},
        {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * "
         "FROM r",
         on::ok,
         on::ok,
         ""},
        {"SELECT * FROM t TABLESAMPLE system(1) REPEATABLE (42)", on::ok, on::ok, ""},
        {"SELECT x FROM t ORDER BY x USING <", on::ok, on::ok, ""},
        {"SELECT pg_size_pretty(pg_total_relation_size('t')), pg_relation_size('t')",
         on::ok,
         on::ok,
         ""},
        {"SELECT \"pg_sleep\" FROM t", on::ok, on::ok, ""},
        {"SELECT 'pg_sleep(1)', $$pg_terminate_backend(1)$$", on::ok, on::ok, ""},
        {"SELECT current_setting('work_mem'), version(), current_user", on::ok, on::ok, ""},
        {"SELECT row_to_json(t) FROM t", on::ok, on::ok, ""},
        {"SELECT x FROM t WHERE x BETWEEN 1 AND 2 AND y IS DISTINCT FROM 3", on::ok, on::ok, ""},
        {"TABLE t", on::ok, on::ok, ""},
        {"VALUES (1, 'a'), (2, 'b')", on::ok, on::ok, ""},
        {"SELECT $1::int + $2", on::ok, on::ok, ""},
    });
}

TEST(PostgresGuard, WhatTheGrammarCannotParseIsAnsweredWithTheParsersOwnMessage) {
    for (const std::string sql : {"SELECT 1 +", "SELEC 1", "SELECT 'unterminated", "SELECT )"}) {
        SCOPED_TRACE(sql);
        auto f = analyse_statement(sql);
        ASSERT_TRUE(f.parse_error.has_value());
        EXPECT_EQ(f.parse_error->what, parse_failure::kind::grammar);
        EXPECT_TRUE(f.parse_error->syntax_error);
        auto text = describe(*f.parse_error);
        EXPECT_NE(text.find("[SQLSTATE 42601]"), std::string::npos) << text;
        auto check = judge_statement(f, settings_for(access_mode::read_write));
        EXPECT_FALSE(check.allowed());
    }
    auto f = analyse_statement("SELECT 1 +");
    EXPECT_EQ(
        describe(*f.parse_error),
        "syntax error at end of input (at character 11) [SQLSTATE 42601]"
    );
    auto near = analyse_statement("SELECT * FROM WHERE");
    EXPECT_NE(
        describe(*near.parse_error).find("syntax error at or near \"WHERE\""),
        std::string::npos
    ) << describe(*near.parse_error);
}

TEST(PostgresGuard, FactsListWhatTheStatementNames) {
    auto f = analyse_statement(
        "SELECT s.lower(a.x) + 1, a.b.c, (a.r).f, 'x'::myschema.mood, 1 OPERATOR(ops.===) 2 "
        "FROM sch.tab a TABLESAMPLE bernoulli(5) WHERE a.y ~~ 'z' ORDER BY 1 USING >"
    );
    ASSERT_FALSE(f.parse_error);
    EXPECT_EQ(f.statements, 1U);
    ASSERT_EQ(f.functions.size(), 1U);
    EXPECT_EQ(f.functions[0].name, (pg_name{"s", "lower"}));
    EXPECT_EQ(f.functions[0].args, 1U);
    EXPECT_EQ(f.relations, (std::vector<pg_name>{{"sch", "tab"}}));
    EXPECT_NE(
        std::find(f.types.begin(), f.types.end(), pg_name{"myschema", "mood"}),
        f.types.end()
    );
    EXPECT_NE(
        std::find(f.operators.begin(), f.operators.end(), pg_name{"ops", "==="}),
        f.operators.end()
    );
    EXPECT_NE(
        std::find(f.operators.begin(), f.operators.end(), pg_name{"", "~~"}),
        f.operators.end()
    );
    EXPECT_NE(
        std::find(f.operators.begin(), f.operators.end(), pg_name{"", ">"}),
        f.operators.end()
    );
    EXPECT_NE(
        std::find(f.operators.begin(), f.operators.end(), pg_name{"", "+"}),
        f.operators.end()
    );
    EXPECT_EQ(f.attributes, (std::vector<std::string>{"x", "c", "f", "r", "y"}));
    EXPECT_EQ(f.tablesample_methods, (std::vector<pg_name>{{"", "bernoulli"}}));
}

// libpg_query writes its JSON recursively: `1+1+...` with 100k terms overflows an 8 MB
// stack. Long statements are measured first and refused past the nesting bound; flat long
// ones (IN lists, VALUES) pass.
TEST(PostgresGuard, DeepStatementsAreRefusedWithoutCrashingFlatLongOnesPass) {
    std::string deep = "SELECT 1";
    for (int i = 0; i < 100000; ++i) {
        deep += "+1";
    }
    auto f = analyse_statement(deep);
    ASSERT_TRUE(f.parse_error.has_value());
    EXPECT_EQ(f.parse_error->what, parse_failure::kind::too_deep);
    EXPECT_FALSE(check_statement(deep, settings_for(access_mode::read_write)).allowed());

    std::string unions = "SELECT 1";
    for (int i = 0; i < 30000; ++i) {
        unions += " UNION SELECT 1";
    }
    EXPECT_EQ(analyse_statement(unions).parse_error->what, parse_failure::kind::too_deep);

    std::string casts = "SELECT 1";
    for (int i = 0; i < 30000; ++i) {
        casts += "::int";
    }
    EXPECT_EQ(analyse_statement(casts).parse_error->what, parse_failure::kind::too_deep);

    std::string nested = "SELECT ";
    for (int i = 0; i < 4000; ++i) {
        nested += "abs(";
    }
    nested += "1" + std::string(4000, ')');
    EXPECT_TRUE(analyse_statement(nested).parse_error.has_value());

    std::string in_list = "SELECT 1 WHERE 1 IN (0";
    for (int i = 1; i < 50000; ++i) {
        in_list += "," + std::to_string(i);
    }
    in_list += ")";
    EXPECT_TRUE(check_statement(in_list, settings_for(access_mode::read_only)).allowed());

    std::string values = "VALUES ('a', 1)";
    for (int i = 0; i < 20000; ++i) {
        values += ", ('a''b', " + std::to_string(i) + ")";
    }
    EXPECT_TRUE(check_statement(values, settings_for(access_mode::read_only)).allowed());

    // Deep but short enough to parse directly: fine.
    std::string short_deep = "SELECT 1";
    for (int i = 0; i < 3000; ++i) {
        short_deep += "+1";
    }
    EXPECT_TRUE(check_statement(short_deep, settings_for(access_mode::read_only)).allowed());
}

TEST(PostgresGuard, NestingBoundCountsChainsNotLists) {
    EXPECT_EQ(nesting_bound("SELECT 1, 2, 3, 4"), 0U);
    EXPECT_EQ(nesting_bound("SELECT 1 + 1 + 1"), 3U);  // two operators plus the level
    EXPECT_EQ(nesting_bound("SELECT f(g(h(1)))"), 3U);
    EXPECT_EQ(nesting_bound("SELECT (1 + (1 + (1 + 1)))"), 6U);
    EXPECT_EQ(nesting_bound("SELECT 1 WHERE a AND b OR c"), 0U);
    EXPECT_EQ(nesting_bound("SELECT '((((((' || 'x'"), 2U) << "inside a string is not a group";
}

}  // namespace
