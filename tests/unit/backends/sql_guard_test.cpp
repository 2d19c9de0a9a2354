// Statement guard (layer 3 of the read-only defence): table-driven allow/refuse cases per
// dialect and access mode, plus a few tokenizer and result-shape checks.

#include <backends/core/sql_guard/sql_guard.hpp>

#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::sql_guard;
using mcpgw::backends::access_mode;

constexpr auto pg = sql_dialect::postgres;
constexpr auto my = sql_dialect::mysql;
constexpr auto lite = sql_dialect::sqlite;
constexpr auto ro = access_mode::read_only;
constexpr auto rw = access_mode::read_write;

struct guard_case {
    const char* name;
    sql_dialect dialect;
    access_mode access;
    std::set<std::string, std::less<>> opt_in;
    std::string sql;
    bool allowed;
    std::string keyword = {};  // expected refusal keyword, when given

    friend std::ostream& operator<<(std::ostream& os, const guard_case& c) {
        return os << c.name << ": " << c.sql;
    }
};

const std::vector<guard_case>& cases() {
    static const std::vector<guard_case> all = {
        // Reads that only look dangerous.
        {"PlainSelect", pg, ro, {}, "SELECT 1", true},
        {"TrailingSemicolon", pg, ro, {}, "SELECT 1;  -- done", true},
        {"StringWithDropAndComment", pg, ro, {}, "SELECT 'DROP TABLE x; --' AS s", true},
        {"DoubledQuoteEscape", pg, ro, {}, "SELECT 'it''s; DELETE FROM t'", true},
        {"CommentWithTerminate", pg, ro, {}, "SELECT 1 /* pg_terminate_backend(1) */", true},
        {"LineCommentWithTerminate",
         pg,
         ro,
         {},
         "SELECT 1 -- pg_terminate_backend(1); DROP TABLE t",
         true},
        {"NestedPgComment",
         pg,
         ro,
         {},
         "SELECT 1 /* a /* nested; DROP TABLE t */ still comment */",
         true},
        {"DollarQuotedBody", pg, ro, {}, "SELECT $$DELETE FROM t; pg_sleep(1)$$", true},
        {"TaggedDollarQuote", pg, ro, {}, "SELECT $fn$ ; DROP TABLE t; $fn$ AS body", true},
        {"QuotedIdentifierDelete", pg, ro, {}, "SELECT \"delete\", \"drop\" FROM \"update\"", true},
        {"BacktickIdentifierDelete", my, ro, {}, "SELECT `delete` FROM `drop`", true},
        {"EStringWithEscapedQuote", pg, ro, {}, "SELECT E'a\\'; DROP TABLE t; --'", true},
        {"WithSelect",
         pg,
         ro,
         {},
         "WITH a AS (SELECT 1 AS x), b (y) AS MATERIALIZED (SELECT 2) SELECT * FROM a, b",
         true},
        {"WithRecursive",
         pg,
         ro,
         {},
         "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n "
         "FROM r",
         true},
        {"ParenthesisedUnion", pg, ro, {}, "(SELECT 1) UNION (SELECT 2)", true},
        {"ValuesAndTable", pg, ro, {}, "VALUES (1), (2)", true},
        {"TableStatement", pg, ro, {}, "TABLE t", true},
        {"Show", pg, ro, {}, "SHOW search_path", true},
        {"ExplainSelect", pg, ro, {}, "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM t", true},
        {"MysqlDescribe", my, ro, {}, "DESCRIBE t", true},
        {"MysqlExplainFormat", my, ro, {}, "EXPLAIN FORMAT=JSON SELECT * FROM t", true},
        {"MysqlBackslashString", my, ro, {}, "SELECT 'it\\'s fine; DROP TABLE t'", true},
        {"MysqlHashComment", my, ro, {}, "SELECT 1 # ; DROP TABLE t", true},
        {"SafeFunctions",
         pg,
         ro,
         {},
         "SELECT now(), lower(name), txid_current(), currval('s') FROM t",
         true},
        {"MysqlUuidShort", my, ro, {}, "SELECT uuid_short()", true},
        {"SqlitePragmaTableInfo", lite, ro, {}, "PRAGMA table_info(t)", true},
        {"SqliteBracketIdent", lite, ro, {}, "SELECT [delete] FROM t", true},
        {"UnicodeStringLiteral", pg, ro, {}, "SELECT U&'\\0041'", true},
        {"QuotedNameNotACall",
         pg,
         ro,
         {},
         "SELECT \"pg_sleep\" FROM t WHERE \"lo_import\" = 1",
         true},
        {"SubstringForIsNotALock", pg, ro, {}, "SELECT substring(a FROM 1 FOR 2) FROM t", true},
        {"MysqlOptimizerHint", my, ro, {}, "SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t", true},
        {"SqliteVacuumPlain", lite, rw, {"ddl"}, "VACUUM", true},
        {"MixedCaseSelect", pg, ro, {}, "sElEcT 1", true},

        // Writes by mode and opt-in.
        {"InsertReadOnly", pg, ro, {}, "INSERT INTO t VALUES (1)", false, "INSERT"},
        {"InsertReadWrite", pg, rw, {}, "INSERT INTO t VALUES (1)", true},
        {"UpdateReadWrite", my, rw, {}, "UPDATE t SET a = 1 WHERE id = 2", true},
        {"MergeReadOnly",
         pg,
         ro,
         {},
         "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1",
         false,
         "MERGE"},
        {"ReplaceReadOnly", my, ro, {}, "REPLACE INTO t VALUES (1)", false, "REPLACE"},
        {"DeleteReadWrite", pg, rw, {}, "DELETE FROM t", false, "DELETE"},
        {"DeleteReadWriteOptedIn", pg, rw, {"delete"}, "DELETE FROM t WHERE id = 1", true},
        {"DeleteOptInIgnoredOnReadOnly", pg, ro, {"delete"}, "DELETE FROM t", false, "DELETE"},
        {"TruncateReadWrite", my, rw, {}, "TRUNCATE TABLE t", false, "TRUNCATE"},
        {"DropReadWrite", pg, rw, {}, "DROP TABLE t", false, "DROP"},
        {"DropReadWriteOptedIn", pg, rw, {"ddl"}, "DROP TABLE t", true},
        {"CreateRoleIsDcl", pg, rw, {"ddl"}, "CREATE ROLE evil SUPERUSER", false, "CREATE ROLE"},
        {"GrantReadWrite", pg, rw, {}, "GRANT ALL ON t TO PUBLIC", false, "GRANT"},
        {"GrantOptedIn", pg, rw, {"dcl"}, "GRANT SELECT ON t TO bob", true},
        {"RevokeReadOnly", my, ro, {}, "REVOKE ALL ON db.* FROM bob", false, "REVOKE"},
        {"AlterSystem",
         pg,
         rw,
         {"ddl"},
         "ALTER SYSTEM SET work_mem = '1GB'",
         false,
         "ALTER SYSTEM"},
        {"AdminOptedIn", my, rw, {"admin"}, "FLUSH TABLES", true},
        {"CallReadOnly", pg, ro, {}, "CALL proc()", false, "CALL"},
        {"CallReadWrite", my, rw, {}, "CALL proc(1)", true},

        // Hidden writes.
        {"CteDelete",
         pg,
         ro,
         {},
         "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
         false,
         "DELETE"},
        {"CteDeleteOnReadWrite",
         pg,
         rw,
         {},
         "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
         false,
         "DELETE"},
        {"SecondCteInsert",
         pg,
         ro,
         {},
         "WITH a AS (SELECT 1), b AS (INSERT INTO t VALUES (1) RETURNING *) SELECT 1",
         false,
         "INSERT"},
        {"CteUpdateWithColumns",
         pg,
         ro,
         {},
         "WITH u (id) AS NOT MATERIALIZED (UPDATE t SET a = 1 RETURNING id) SELECT * FROM u",
         false,
         "UPDATE"},
        {"ExplainAnalyzeDelete", pg, ro, {}, "EXPLAIN ANALYZE DELETE FROM t", false, "DELETE"},
        {"ExplainOptionsDelete",
         pg,
         rw,
         {},
         "EXPLAIN (ANALYZE true) DELETE FROM t",
         false,
         "DELETE"},
        {"MariaDbAnalyzeDelete", my, rw, {}, "ANALYZE DELETE FROM t", false, "DELETE"},
        {"SelectIntoTable", pg, ro, {}, "SELECT * INTO new_t FROM t", false, "SELECT INTO"},
        {"LockInShareMode",
         my,
         ro,
         {},
         "SELECT * FROM t LOCK IN SHARE MODE",
         false,
         "LOCK IN SHARE MODE"},
        {"ExplainWithoutAnalyzeJudgesInner", pg, ro, {}, "EXPLAIN DELETE FROM t", false, "DELETE"},
        {"ParenthesisedNestedDelete",
         pg,
         ro,
         {},
         "SELECT * FROM (DELETE FROM t RETURNING *) d",
         false,
         "DELETE"},
        {"SelectForUpdate", pg, ro, {}, "SELECT * FROM t FOR UPDATE", false, "FOR UPDATE"},
        {"IntoOutfile",
         my,
         rw,
         {"admin"},
         "SELECT * INTO OUTFILE '/tmp/x' FROM t",
         false,
         "INTO OUTFILE"},
        {"IntoDumpfileAtEnd",
         my,
         rw,
         {},
         "SELECT 1 UNION SELECT 2 INTO DUMPFILE '/tmp/x'",
         false,
         "INTO DUMPFILE"},
        {"MysqlIntoVariable", my, ro, {}, "SELECT 1 INTO @x", false},
        {"LoadData",
         my,
         rw,
         {"admin"},
         "LOAD DATA INFILE '/etc/passwd' INTO TABLE t",
         false,
         "LOAD DATA"},
        {"CopyToProgram", pg, rw, {"admin"}, "COPY t TO PROGRAM 'sh -c id'", false, "COPY PROGRAM"},
        {"CopyFromFile", pg, rw, {"admin"}, "COPY t FROM '/etc/passwd'", false, "COPY FROM FILE"},
        {"CopyToStdoutReadOnly", pg, ro, {}, "COPY t TO STDOUT", false, "COPY"},
        {"DoBlock", pg, rw, {}, "DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$", false, "DO"},
        {"PrepareDelete", pg, rw, {"delete"}, "PREPARE p AS DELETE FROM t", false, "PREPARE"},
        {"ExecutePrepared", my, rw, {}, "EXECUTE p", false, "EXECUTE"},
        {"NextvalReadOnly", pg, ro, {}, "SELECT nextval('s')", false, "NEXTVAL"},
        {"NextvalReadWrite", pg, rw, {}, "SELECT nextval('s')", true},
        {"MariaDbNextValueFor", my, ro, {}, "SELECT NEXT VALUE FOR s", false, "NEXT VALUE FOR"},

        // Stacked statements and comment tricks.
        {"Stacked", pg, rw, {"ddl", "delete"}, "SELECT 1; DROP TABLE t", false},
        {"StackedAfterComment", pg, ro, {}, "SELECT 1 /* x */ ; /* y */ SELECT 2", false},
        {"DoubleSemicolon", pg, ro, {}, "SELECT 1;;", false},
        {"MysqlExecutableComment", my, rw, {"ddl"}, "SELECT 1 /*! ; DROP TABLE t */", false},
        {"MysqlVersionedComment", my, ro, {}, "SELECT 1 /*!50000 , SLEEP(10) */", false, "SLEEP"},
        // MariaDB runs /*M! bodies, MySQL skips them: refused as ambiguous (issue 10).
        {"MariaDbExecutableComment", my, ro, {}, "SELECT 1 /*M!100100 , SLEEP(10) */", false},
        {"MariaDbUnversionedComment", my, rw, {}, "SELECT 1 /*M! , 2 */", false},
        // A version the server may skip: its body is then a comment, quotes and all.
        {"MysqlSkippedVersionHidesCode",
         my,
         ro,
         {},
         "SELECT 1 /*!99999 ' */, SLEEP(3) # ' */",
         false},
        {"MysqlMysql57Version", my, rw, {}, "SELECT 1 /*!50700 1 */", false},
        {"MysqlOldVersionIsCode", my, ro, {}, "SELECT /*!40001 SQL_NO_CACHE */ 1", true},
        {"MysqlShortVersionIsCode", my, ro, {}, "SELECT 1 /*!1234 , SLEEP(1) */", false, "SLEEP"},
        {"MysqlDashDel", my, ro, {}, "SELECT 1 --\x7f, SLEEP(3)\n", true},
        {"MysqlHashEndsAtNewlineOnly", my, ro, {}, "SELECT 1 # \r, SLEEP(3)\n", true},
        {"MysqlNul", my, rw, {}, std::string("SELECT 1 # \0\n, SLEEP(3)", 23), false},
        {"MysqlNumberThenName", my, ro, {}, "SELECT 1.SLEEP(3)", false, "SLEEP"},
        {"MysqlExponentThenName", my, ro, {}, "SELECT 1e5SLEEP(3)", false, "SLEEP"},
        {"MysqlDigitsStartAnIdentifier", my, ro, {}, "SELECT 1sleep(3)", true},
        {"MysqlHintWithQuote", my, ro, {}, "SELECT /*+ QB_NAME(`*/ , 1 -- `) */ 1", false},
        {"MysqlHintWithoutQuote", my, ro, {}, "SELECT /*+ NO_ICP(t) */ 1", true},
        {"MysqlBacktickHasNoBackslashEscape",
         my,
         ro,
         {},
         "SELECT 1 AS `a\\`, SLEEP(3) -- `",
         false,
         "SLEEP"},
        // Activity views and credentials (issue 10, item 5).
        {"MysqlShowProcesslist", my, ro, {}, "SHOW FULL PROCESSLIST", false, "SHOW PROCESSLIST"},
        {"MysqlProcesslistTable",
         my,
         ro,
         {},
         "SELECT info FROM `INFORMATION_SCHEMA` . `processlist`",
         false,
         "INFORMATION_SCHEMA.PROCESSLIST"},
        {"MysqlPerformanceSchema",
         my,
         ro,
         {},
         "SELECT * FROM performance_schema.threads",
         false,
         "PERFORMANCE_SCHEMA"},
        {"MysqlSysSchema", my, ro, {}, "SELECT * FROM sys.session", false, "SYS"},
        {"MysqlEngineStatus", my, ro, {}, "SHOW ENGINE INNODB STATUS", false, "SHOW ENGINE"},
        {"MysqlProcesslistOnReadWrite", my, rw, {}, "SHOW PROCESSLIST", true},
        {"MysqlOtherInformationSchema",
         my,
         ro,
         {},
         "SELECT * FROM information_schema.TABLES",
         true},
        {"MysqlShowGrants", my, ro, {}, "SHOW GRANTS", false, "SHOW GRANTS"},
        {"MysqlShowGrantsReadWrite", my, rw, {}, "SHOW GRANTS FOR CURRENT_USER", false},
        {"MysqlShowGrantsWithDcl", my, rw, {"dcl"}, "SHOW GRANTS", true},
        {"MysqlShowCreateUser", my, ro, {}, "SHOW CREATE USER u", false, "SHOW CREATE USER"},
        {"MysqlDashNeedsSpace", my, ro, {}, "SELECT 1 --1\n; DROP TABLE t", false},
        // sql_mode is pinned with backslash escapes (mysql/connector.cpp): one string, as the
        // server reads it.
        {"MysqlBackslashReading", my, rw, {}, "SELECT '\\'; DROP TABLE t; -- '", true},
        {"PgNonStandardStrings", pg, rw, {}, "SELECT 'a\\'; DROP TABLE t; -- '", false},
        {"Empty", pg, ro, {}, "  -- nothing\n", false},

        // Side-effect functions: refused on every mode.
        {"TerminateBackend",
         pg,
         rw,
         {"admin"},
         "SELECT pg_terminate_backend(1)",
         false,
         "PG_TERMINATE_BACKEND"},
        {"SchemaQualifiedReload",
         pg,
         ro,
         {},
         "SELECT pg_catalog.pg_reload_conf()",
         false,
         "PG_RELOAD_CONF"},
        {"OddCaseSleep", pg, ro, {}, "SeLeCt Pg_Sleep(10)", false, "PG_SLEEP"},
        {"SleepFor", pg, ro, {}, "SELECT pg_sleep_for('5 minutes')", false, "PG_SLEEP_FOR"},
        {"QuotedFunctionName",
         pg,
         ro,
         {},
         "SELECT pg_catalog.\"pg_cancel_backend\" (42)",
         false,
         "PG_CANCEL_BACKEND"},
        {"CommentBeforeParen", pg, ro, {}, "SELECT pg_sleep/**/(1)", false, "PG_SLEEP"},
        {"FunctionInWhere",
         pg,
         ro,
         {},
         "SELECT * FROM t WHERE pg_advisory_lock(1) IS NOT NULL",
         false,
         "PG_ADVISORY_LOCK"},
        {"TryAdvisory",
         pg,
         ro,
         {},
         "SELECT pg_try_advisory_xact_lock(7)",
         false,
         "PG_TRY_ADVISORY_XACT_LOCK"},
        {"ReadFile", pg, ro, {}, "SELECT pg_read_file('/etc/passwd')", false, "PG_READ_FILE"},
        {"LsDir", pg, ro, {}, "SELECT * FROM pg_ls_dir('.')", false, "PG_LS_DIR"},
        {"LoImport", pg, rw, {}, "SELECT lo_import('/etc/passwd')", false, "LO_IMPORT"},
        {"SetConfig",
         pg,
         ro,
         {},
         "SELECT set_config('role', 'postgres', false)",
         false,
         "SET_CONFIG"},
        {"Dblink",
         pg,
         ro,
         {},
         "SELECT * FROM dblink('host=x', 'DELETE FROM t') AS r(a int)",
         false,
         "DBLINK"},
        {"QueryToXml",
         pg,
         ro,
         {},
         "SELECT query_to_xml('DELETE FROM t RETURNING 1', true, false, '')",
         false,
         "QUERY_TO_XML"},
        {"PgNotify", pg, rw, {}, "SELECT pg_notify('c', 'x')", false, "PG_NOTIFY"},
        {"ReplicationSlot",
         pg,
         rw,
         {"admin"},
         "SELECT pg_create_logical_replication_slot('s', 'test_decoding')",
         false},
        {"CteHidingFunction",
         pg,
         ro,
         {},
         "WITH a AS (SELECT pg_terminate_backend(pid) FROM pg_stat_activity) SELECT * FROM a",
         false},
        {"UnicodeEscapedIdentifier", pg, ro, {}, "SELECT U&\"pg\\005fsleep\"(1)", false},
        {"MysqlLoadFile", my, ro, {}, "SELECT LOAD_FILE('/etc/passwd')", false, "LOAD_FILE"},
        {"MysqlSleep", my, ro, {}, "SELECT SLEEP(5)", false, "SLEEP"},
        {"MysqlBenchmark", my, ro, {}, "SELECT BENCHMARK(1000000, MD5('x'))", false, "BENCHMARK"},
        {"MysqlGetLock", my, rw, {}, "SELECT GET_LOCK('x', 10)", false, "GET_LOCK"},
        {"MysqlDoSleep", my, rw, {}, "DO SLEEP(5)", false, "SLEEP"},
        {"MysqlSysExec", my, rw, {"admin"}, "SELECT sys_exec('id')", false, "SYS_EXEC"},
        {"SqliteLoadExtension",
         lite,
         rw,
         {"admin"},
         "SELECT load_extension('/tmp/evil.so')",
         false,
         "LOAD_EXTENSION"},
        {"SqliteWritefile", lite, rw, {}, "SELECT writefile('/tmp/x', 'y')", false, "WRITEFILE"},
        {"SqliteFts3Tokenizer",
         lite,
         ro,
         {},
         "SELECT fts3_tokenizer('simple')",
         false,
         "FTS3_TOKENIZER"},

        // Session, transaction and administration statements.
        {"SetRole", pg, rw, {"admin", "dcl"}, "SET ROLE postgres", false, "SET ROLE"},
        {"SetSessionAuthorization", pg, ro, {}, "SET SESSION AUTHORIZATION postgres", false},
        {"SetVariable", pg, ro, {}, "SET statement_timeout = 0", false, "SET"},
        {"ResetAll", pg, ro, {}, "RESET ALL", false, "RESET"},
        {"MysqlUse", my, ro, {}, "USE mysql", false, "USE"},
        {"MysqlSetGlobal", my, rw, {}, "SET GLOBAL read_only = 0", false, "SET GLOBAL"},
        {"Begin", pg, rw, {}, "BEGIN", false, "BEGIN"},
        {"Commit", my, rw, {}, "COMMIT", false, "COMMIT"},
        {"StartTransaction",
         my,
         ro,
         {},
         "START TRANSACTION READ WRITE",
         false,
         "START TRANSACTION"},
        {"LockTable", pg, rw, {}, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE", false, "LOCK"},
        {"Kill", my, rw, {}, "KILL 42", false, "KILL"},
        {"Listen", pg, ro, {}, "LISTEN chan", false, "LISTEN"},
        {"Checkpoint", pg, rw, {}, "CHECKPOINT", false, "CHECKPOINT"},
        {"VacuumIsDdl", pg, rw, {}, "VACUUM FULL t", false, "VACUUM"},
        {"SqliteAttach",
         lite,
         rw,
         {"admin", "ddl"},
         "ATTACH DATABASE '/tmp/x.db' AS x",
         false,
         "ATTACH"},
        {"SqliteDetach", lite, rw, {}, "DETACH DATABASE x", false, "DETACH"},
        {"SqlitePragmaSet", lite, rw, {"admin"}, "PRAGMA journal_mode = DELETE", false},
        {"SqlitePragmaSetByCall", lite, rw, {"admin"}, "PRAGMA user_version(7)", false},
        {"SqliteVacuumInto", lite, rw, {"ddl"}, "VACUUM INTO '/tmp/copy.db'", false, "INTO FILE"},
        {"UnknownStatement", pg, rw, {"admin", "ddl", "dcl", "delete"}, "FROBNICATE t", false},

        // Malformed input is refused, never guessed at.
        {"UnterminatedString", pg, ro, {}, "SELECT 'abc", false},
        {"UnterminatedComment", pg, ro, {}, "SELECT 1 /* ", false},
        {"UnterminatedNestedComment", pg, ro, {}, "SELECT 1 /* /* */ ; DROP TABLE t", false},
        {"UnterminatedDollarQuote", pg, ro, {}, "SELECT $x$ abc", false},
        {"UnterminatedBacktick", my, ro, {}, "SELECT `abc", false},
        {"UnterminatedExecutableComment", my, ro, {}, "SELECT 1 /*! , 2", false},
    };
    return all;
}

class SqlGuardCase : public ::testing::TestWithParam<guard_case> {};

TEST_P(SqlGuardCase, Check) {
    const auto& c = GetParam();
    const guard_policy p{c.access, c.opt_in};
    const auto r = check_statement(c.sql, c.dialect, p);
    EXPECT_EQ(r.allowed(), c.allowed) << c.sql << "\n"
                                      << (r.refused ? r.refused->reason : std::string("allowed"));
    if (!c.allowed && r.refused) {
        EXPECT_FALSE(r.refused->reason.empty());
        if (!c.keyword.empty()) {
            EXPECT_EQ(r.refused->keyword, c.keyword) << r.refused->reason;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    SqlGuard,
    SqlGuardCase,
    ::testing::ValuesIn(cases()),
    [](const ::testing::TestParamInfo<guard_case>& param_info) {
        return std::string(param_info.param.name);
    }
);

TEST(SqlGuardTokenizer, KeepsCodeOutOfStringsAndComments) {
    const auto r = tokenize("SELECT 'a;b' /* c */ , \"D\" -- e\n", {sql_dialect::postgres, false});
    ASSERT_FALSE(r.error);
    ASSERT_EQ(r.tokens.size(), 4U);
    EXPECT_TRUE(r.tokens[0].is_word("select"));
    EXPECT_EQ(r.tokens[1].kind, token_kind::string);
    EXPECT_EQ(r.tokens[1].text, "a;b");
    EXPECT_TRUE(r.tokens[2].is_punct(','));
    EXPECT_EQ(r.tokens[3].kind, token_kind::quoted_ident);
    EXPECT_EQ(r.tokens[3].text, "D");
}

TEST(SqlGuardTokenizer, DollarParameterIsNotAQuote) {
    const auto r = tokenize("SELECT $1, a$b$ FROM t", {sql_dialect::postgres, false});
    ASSERT_FALSE(r.error);
    EXPECT_TRUE(r.tokens.back().is_word("t"));
}

TEST(SqlGuardResult, ReportsKind) {
    const guard_policy rw_policy{access_mode::read_write, {}};
    EXPECT_EQ(check_statement("SELECT 1", sql_dialect::postgres, {}).kind, statement_kind::read);
    EXPECT_EQ(
        check_statement("INSERT INTO t VALUES (1)", sql_dialect::mysql, rw_policy).kind,
        statement_kind::write
    );
    const auto cte = check_statement(
        "WITH x AS (DELETE FROM t RETURNING *) SELECT 1",
        sql_dialect::postgres,
        rw_policy
    );
    EXPECT_EQ(cte.kind, statement_kind::delete_);
    EXPECT_EQ(to_string(cte.kind), "delete");
}

}  // namespace
