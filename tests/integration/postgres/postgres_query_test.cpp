// postgres_query, list_tables, describe_table and config-declared tools over HTTP against a
// real PostgreSQL 15: type mapping, truncation, read-only refusals (the guard and, on its own,
// the database's read-only transaction), one statement per call, and bound parameters.
#include "pg_fixture.hpp"

#include <chrono>

namespace mcpgw::itest {
namespace {

using namespace pg;

class PostgresQuery : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        env_ = std::make_unique<server_env>(fixture_env());
        db_ = std::make_unique<direct_conn>(user_conninfo(*env_));
        schema_ = unique_name("itq_");
        const auto& s = schema_;
        db_->exec(accounts_sql(s));
        db_->exec(
            "CREATE TYPE " + s +
            ".mood AS ENUM ('ok', 'sad');"
            "CREATE TABLE " +
            s +
            ".typed (id int PRIMARY KEY, big bigint, small smallint, "
            "num numeric, f8 double precision, f4 real, flag boolean, bin bytea, doc json, "
            "docb jsonb, ts timestamp, tstz timestamptz, d date, u uuid, t text, arr int[], "
            "nothing text, tarr text[], m " +
            s +
            ".mood);"
            "INSERT INTO " +
            s +
            ".typed VALUES (1, 9007199254740993, -5, "
            "12345678901234567890.12345, 1.5, 0.25, true, '\\x00ff10'::bytea, "
            "'{\"a\": [1, 2]}', '{\"b\": {\"c\": null}}', '2024-05-01 10:00:00', "
            "'2024-05-01 12:00:00+02', '2024-05-01', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
            "'h\xc3\xa9llo', '{1,2,3}', NULL, '{\"a b\",c}', 'sad'),"
            "(2, -9007199254740992, 0, 'NaN', 'Infinity', '-0.5', false, '', 'null', '[]', "
            "'infinity', '2024-05-01 10:00:00.5+00', '2024-02-29', NULL, '', '{}', NULL, NULL, "
            "NULL);"
            "CREATE VIEW " +
            s + ".rich AS SELECT id, owner FROM " + s +
            ".accounts "
            "WHERE balance > 50;"
            "CREATE TABLE " +
            s +
            ".\"we\"\"ird; name\" (a int);"
            "CREATE FUNCTION " +
            s +
            ".sneaky_delete() RETURNS bigint LANGUAGE sql AS "
            "$$ WITH d AS (DELETE FROM " +
            s + ".accounts RETURNING 1) SELECT count(*) FROM d $$;"
        );
        std::string servers =
            server_line(*env_, "pgro", "read_only") +
            server_line(*env_, "pgro_capped", "read_only", "max_rows: 3") +
            server_line(*env_, "pgro_bytes", "read_only", "max_result_bytes: 1024") +
            server_line(*env_, "pgrw", "read_write");
        std::string tools =
            "tools:\n"
            "  - name: account_by_owner\n"
            "    server: pgro\n"
            "    statement: SELECT id, owner, balance FROM " +
            s +
            ".accounts WHERE owner = :owner\n"
            "    parameters:\n"
            "      owner: {type: string, maxLength: 200}\n"
            "  - name: accounts_above\n"
            "    server: pgro\n"
            "    statement: SELECT id FROM " +
            s +
            ".accounts WHERE balance > :min AND "
            "(:all OR id < 3) ORDER BY id LIMIT :limit\n"
            "    parameters:\n"
            "      min: {type: number}\n"
            "      all: {type: boolean, default: true}\n"
            "      limit: {type: integer, minimum: 1, maximum: 10, default: 2}\n"
            "  - name: rename_account\n"
            "    server: pgrw\n"
            "    statement: UPDATE " +
            s +
            ".accounts SET owner = :owner WHERE id = :id\n"
            "    parameters:\n"
            "      id: {type: integer}\n"
            "      owner: {type: string}\n";
        gw_ = start_gateway("servers:\n" + servers + tools + "limits: {drain_timeout: 2s}\n");
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        if (db_) {
            db_->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        }
        db_.reset();
        env_.reset();
    }
    void SetUp() override { ASSERT_TRUE(gw_ && gw_->started()); }

    static json query(const std::string& server, const std::string& sql) {
        return call_tool(gw_->port(), "postgres_query", {{"server", server}, {"sql", sql}});
    }
    static std::string fingerprint() { return accounts_fingerprint(*db_, schema_); }

    static inline std::unique_ptr<server_env> env_;
    static inline std::unique_ptr<direct_conn> db_;
    static inline std::string schema_;
    static inline std::unique_ptr<gateway_process> gw_;
};

TEST_F(PostgresQuery, SelectReturnsATable) {
    auto r = query("pgro", "SELECT id, owner, balance FROM " + schema_ + ".accounts ORDER BY id");
    ASSERT_EQ(error_code(r), "") << r;
    const auto& s = r["structuredContent"];
    ASSERT_EQ(s["columns"].size(), 3U) << s;
    EXPECT_EQ(s["columns"][0], (json{{"name", "id"}, {"type", "integer"}}));
    EXPECT_EQ(s["columns"][1], (json{{"name", "owner"}, {"type", "text"}}));
    EXPECT_EQ(s["columns"][2], (json{{"name", "balance"}, {"type", "numeric"}}));
    EXPECT_EQ(s["rows"], json::parse(R"([[1,"ann","100.50"],[2,"bob","20.00"],[3,"cid","0.00"]])"));
    EXPECT_EQ(s["row_count"], 3);
    EXPECT_EQ(s["truncated"], false);
    EXPECT_NE(r["content"][0].value("text", "").find("ann"), std::string::npos) << r;
}

TEST_F(PostgresQuery, TypeMapping) {
    auto r = query("pgro", "SELECT * FROM " + schema_ + ".typed ORDER BY id");
    ASSERT_EQ(error_code(r), "") << r;
    const auto& s = r["structuredContent"];
    std::map<std::string, std::string> types;
    for (const auto& c : s["columns"]) {
        types[c["name"]] = c["type"];
    }
    EXPECT_EQ(types["big"], "bigint");
    EXPECT_EQ(types["small"], "smallint");
    EXPECT_EQ(types["f8"], "double precision");
    EXPECT_EQ(types["flag"], "boolean");
    EXPECT_EQ(types["docb"], "jsonb");
    EXPECT_EQ(types["ts"], "timestamp without time zone");
    EXPECT_EQ(types["tstz"], "timestamp with time zone");
    EXPECT_EQ(types["arr"], "integer[]");
    EXPECT_EQ(types["m"], schema_ + ".mood") << "a user type, named by the server";
    auto expected = json::parse(
        R"([1, "9007199254740993", -5, "12345678901234567890.12345", 1.5, 0.25, true, "AP8Q",
            {"a": [1, 2]}, {"b": {"c": null}}, "2024-05-01T10:00:00", "2024-05-01T10:00:00Z",
            "2024-05-01", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "h\u00e9llo", "{1,2,3}", null,
            "{\"a b\",c}", "sad"])"
    );
    EXPECT_EQ(s["rows"][0], expected) << s["rows"][0];
    auto second = json::parse(
        R"([2, -9007199254740992, 0, "NaN", "Infinity", -0.5, false, "", null, [], "infinity",
            "2024-05-01T10:00:00.5Z", "2024-02-29", null, "", "{}", null, null, null])"
    );
    EXPECT_EQ(s["rows"][1], second) << s["rows"][1];
}

TEST_F(PostgresQuery, ExpressionsAndNulls) {
    auto r = query(
        "pgro",
        "SELECT NULL::int AS n, (2 ^ 60)::bigint AS big, 1::int8 AS one, 'x'::varchar(3) AS v, "
        "interval '1 day 2 hours' AS i, '10.0.0.1'::inet AS ip"
    );
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(
        r["structuredContent"]["rows"][0],
        json::parse(R"([null, "1152921504606846976", 1, "x", "1 day 02:00:00", "10.0.0.1"])")
    );
}

TEST_F(PostgresQuery, TruncatedByMaxRowsWithoutReadingTheRest) {
    auto started = std::chrono::steady_clock::now();
    auto r = query("pgro_capped", "SELECT generate_series(1, 50000000) AS g");
    auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(error_code(r), "") << r;
    const auto& s = r["structuredContent"];
    EXPECT_EQ(s["rows"], json::parse("[[1],[2],[3]]"));
    EXPECT_EQ(s["truncated"], true);
    EXPECT_EQ(s["truncated_reason"], "max_rows");
    // 50 million rows would take far longer: the statement was cancelled, not drained.
    EXPECT_LT(elapsed, std::chrono::seconds(2));
    // The connection came back clean.
    auto next = query("pgro_capped", "SELECT 7 AS seven");
    EXPECT_EQ(next["structuredContent"]["rows"], json::parse("[[7]]")) << next;
}

TEST_F(PostgresQuery, TruncatedByMaxResultBytes) {
    auto r = query("pgro_bytes", "SELECT repeat('x', 100) AS filler FROM generate_series(1, 100)");
    ASSERT_EQ(error_code(r), "") << r;
    const auto& s = r["structuredContent"];
    EXPECT_EQ(s["truncated"], true) << s;
    EXPECT_EQ(s["truncated_reason"], "max_result_bytes");
    EXPECT_GT(s["rows"].size(), 0U);
    EXPECT_LT(s["rows"].size(), 11U) << "1024 bytes hold about 9 rows of 100 characters";
}

TEST_F(PostgresQuery, ListTables) {
    auto r = call_tool(gw_->port(), "list_tables", {{"server", "pgro"}});
    ASSERT_EQ(error_code(r), "") << r;
    const auto& s = r["structuredContent"];
    std::vector<std::string> names;
    for (const auto& c : s["columns"]) {
        names.push_back(c["name"]);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"schema", "name", "type"}));
    std::vector<json> mine;
    for (const auto& row : s["rows"]) {
        EXPECT_NE(row[0], "pg_catalog");
        EXPECT_NE(row[0], "information_schema");
        if (row[0] == schema_) {
            mine.push_back(row);
        }
    }
    EXPECT_EQ(
        json(mine),
        (json{
            {schema_, "accounts", "table"},
            {schema_, "rich", "view"},
            {schema_, "typed", "table"},
            {schema_, "we\"ird; name", "table"}})
    );
}

TEST_F(PostgresQuery, DescribeTable) {
    auto r = call_tool(
        gw_->port(),
        "describe_table",
        {{"server", "pgro"}, {"table", schema_ + ".accounts"}}
    );
    ASSERT_EQ(error_code(r), "") << r;
    const auto& s = r["structuredContent"];
    std::vector<std::string> names;
    for (const auto& c : s["columns"]) {
        names.push_back(c["name"]);
    }
    EXPECT_EQ(
        names,
        (std::vector<std::string>{"name", "type", "nullable", "default", "primary_key"})
    );
    EXPECT_EQ(
        s["rows"],
        json::parse(R"j([["id","integer",false,null,1],["owner","text",false,null,null],
                        ["balance","numeric(12,2)",false,"0",null]])j")
    );
    // A name needing quotes in SQL is given as it is (exact, no quoting), and only bound.
    auto weird = call_tool(
        gw_->port(),
        "describe_table",
        {{"server", "pgro"}, {"table", schema_ + ".we\"ird; name"}}
    );
    ASSERT_EQ(error_code(weird), "") << weird;
    EXPECT_EQ(weird["structuredContent"]["rows"][0][0], "a");
}

TEST_F(PostgresQuery, DescribeTableNotFoundAndHostileNames) {
    auto before = fingerprint();
    for (const std::string& name :
         {std::string("no_such_table"),
          std::string("accounts"),  // not on the search_path: needs its schema
          schema_ + ".accounts; DROP TABLE " + schema_ + ".accounts",
          std::string("x' OR '1'='1"),
          schema_ + ".accounts' --",
          std::string("\"") + schema_ + "\".\"accounts\""}) {
        auto r = call_tool(gw_->port(), "describe_table", {{"server", "pgro"}, {"table", name}});
        EXPECT_EQ(error_code(r), "not_found") << name << ": " << r;
        EXPECT_EQ(r["_meta"]["mcpgw/error"].value("field", ""), "table") << r;
    }
    EXPECT_EQ(fingerprint(), before);
    auto empty = call_tool(gw_->port(), "describe_table", {{"server", "pgro"}, {"table", ""}});
    EXPECT_EQ(error_code(empty), "invalid_argument") << empty;
}

TEST_F(PostgresQuery, DeclaredToolsBindTypedParameters) {
    auto r = call_tool(gw_->port(), "account_by_owner", {{"owner", "bob"}});
    ASSERT_EQ(error_code(r), "") << r;
    EXPECT_EQ(r["structuredContent"]["rows"], json::parse(R"([[2,"bob","20.00"]])"));

    auto above = call_tool(gw_->port(), "accounts_above", {{"min", 10.5}});
    ASSERT_EQ(error_code(above), "") << above;
    EXPECT_EQ(above["structuredContent"]["rows"], json::parse("[[1],[2]]")) << "default limit 2";
    auto filtered =
        call_tool(gw_->port(), "accounts_above", {{"min", -1}, {"all", false}, {"limit", 10}});
    EXPECT_EQ(filtered["structuredContent"]["rows"], json::parse("[[1],[2]]")) << filtered;
    auto bad = call_tool(gw_->port(), "accounts_above", {{"min", 1}, {"limit", 11}});
    EXPECT_EQ(error_code(bad), "invalid_argument") << bad;
}

TEST_F(PostgresQuery, InjectionThroughAParameterIsJustAValue) {
    auto before = fingerprint();
    for (const std::string& attempt :
         {std::string("x' OR '1'='1"),
          std::string("'; DELETE FROM ") + schema_ + ".accounts; --",
          std::string("bob' UNION SELECT 1, current_user, 0 --")}) {
        auto r = call_tool(gw_->port(), "account_by_owner", {{"owner", attempt}});
        ASSERT_EQ(error_code(r), "") << r;
        EXPECT_EQ(r["structuredContent"]["rows"], json::array()) << attempt;
    }
    EXPECT_EQ(fingerprint(), before);
    // On the read_write server the value lands, verbatim, in the one row it names.
    std::string hostile = "'); DROP TABLE " + schema_ + ".accounts; --";
    auto w = call_tool(gw_->port(), "rename_account", {{"id", 3}, {"owner", hostile}});
    ASSERT_EQ(error_code(w), "") << w;
    EXPECT_EQ(w["structuredContent"]["rows"], json::parse("[[1]]")) << "rows_affected";
    EXPECT_EQ(db_->scalar("SELECT owner FROM " + schema_ + ".accounts WHERE id = 3"), hostile);
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM " + schema_ + ".accounts"), "3");
    db_->exec("UPDATE " + schema_ + ".accounts SET owner = 'cid' WHERE id = 3");
    EXPECT_EQ(fingerprint(), before);
}

TEST_F(PostgresQuery, ReadOnlyRefusedByTheGuard) {
    auto before = fingerprint();
    auto r = query("pgro", "INSERT INTO " + schema_ + ".accounts VALUES (9, 'eve', 1)");
    EXPECT_EQ(error_code(r), "refused") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"].value("field", ""), "sql");
    EXPECT_EQ(fingerprint(), before);
}

TEST_F(PostgresQuery, ReadOnlyRefusedByTheDatabaseOnItsOwn) {
    // A function the guard cannot see into: the read-only transaction stops its DELETE.
    auto before = fingerprint();
    auto r = query("pgro", "SELECT " + schema_ + ".sneaky_delete()");
    EXPECT_EQ(error_code(r), "refused") << r;
    EXPECT_NE(error_message(r).find("read-only transaction"), std::string::npos) << r;
    EXPECT_NE(error_message(r).find("25006"), std::string::npos) << r;
    EXPECT_EQ(fingerprint(), before);
    auto settings = query(
        "pgro",
        "SELECT current_setting('transaction_read_only') AS tx, "
        "current_setting('default_transaction_read_only') AS dflt"
    );
    EXPECT_EQ(settings["structuredContent"]["rows"], json::parse(R"([["on","on"]])")) << settings;
    // The same function on the read_write server does delete (proving the test has teeth).
    auto rw = query("pgrw", "SELECT " + schema_ + ".sneaky_delete()");
    EXPECT_EQ(rw["structuredContent"]["rows"], json::parse("[[3]]")) << rw;
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM " + schema_ + ".accounts"), "0");
    db_->exec(
        "INSERT INTO " + schema_ +
        ".accounts VALUES (1, 'ann', 100.50), (2, 'bob', 20), "
        "(3, 'cid', 0)"
    );
    EXPECT_EQ(fingerprint(), before);
}

TEST_F(PostgresQuery, ReadWriteServerWritesAndReportsRows) {
    auto ins = query("pgrw", "INSERT INTO " + schema_ + ".accounts VALUES (10, 'dan', 5)");
    ASSERT_EQ(error_code(ins), "") << ins;
    EXPECT_EQ(ins["structuredContent"]["columns"][0]["name"], "rows_affected");
    EXPECT_EQ(ins["structuredContent"]["rows"], json::parse("[[1]]"));
    EXPECT_EQ(db_->scalar("SELECT owner FROM " + schema_ + ".accounts WHERE id = 10"), "dan")
        << "committed";
    auto del = query("pgrw", "DELETE FROM " + schema_ + ".accounts WHERE id = 10");
    EXPECT_EQ(error_code(del), "refused") << "delete needs allow: [delete]: " << del;
    db_->exec("DELETE FROM " + schema_ + ".accounts WHERE id = 10");
}

TEST_F(PostgresQuery, OneStatementPerCallEnforcedByTheProtocol) {
    // Layer 1 on its own: the extended protocol the gateway uses (PQsendQueryParams) rejects
    // a second statement in the server, whatever a parser thinks.
    PGresult* res = PQexecParams(
        db_->handle(),
        ("SELECT 1; DELETE FROM " + schema_ + ".accounts").c_str(),
        0,
        nullptr,
        nullptr,
        nullptr,
        nullptr,
        0
    );
    EXPECT_EQ(PQresultStatus(res), PGRES_FATAL_ERROR);
    EXPECT_STREQ(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42601");
    EXPECT_NE(
        std::string(PQresultErrorMessage(res)).find("cannot insert multiple commands"),
        std::string::npos
    );
    PQclear(res);
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM " + schema_ + ".accounts"), "3");
    // Through the gateway the guard answers first, on both access modes.
    for (const char* server : {"pgro", "pgrw"}) {
        auto r = query(server, "SELECT 1; SELECT 2");
        EXPECT_EQ(error_code(r), "refused") << r;
        EXPECT_NE(error_message(r).find("one statement"), std::string::npos) << r;
    }
}

TEST_F(PostgresQuery, ServerErrorsAreMapped) {
    auto syntax = query("pgro", "SELECT 1 +");
    EXPECT_EQ(error_code(syntax), "backend_error") << syntax;
    EXPECT_EQ(syntax["_meta"]["mcpgw/error"].value("field", ""), "sql");
    EXPECT_NE(error_message(syntax).find("42601"), std::string::npos) << syntax;
    auto zero = query("pgro", "SELECT 1 / 0");
    EXPECT_EQ(error_code(zero), "backend_error") << zero;
    EXPECT_NE(error_message(zero).find("division by zero"), std::string::npos) << zero;
    auto missing = query("pgro", "SELECT * FROM " + schema_ + ".nope");
    EXPECT_NE(error_message(missing).find("does not exist"), std::string::npos) << missing;
    // Each failure left a clean connection behind.
    auto ok = query("pgro", "SELECT 1 AS one");
    EXPECT_EQ(ok["structuredContent"]["rows"], json::parse("[[1]]")) << ok;
}

TEST_F(PostgresQuery, ListServersShowsPoolState) {
    query("pgro", "SELECT 1");
    auto r = call_tool(gw_->port(), "list_servers", {{"type", "postgres"}});
    ASSERT_EQ(error_code(r), "") << r;
    auto text = r.dump();
    EXPECT_NE(text.find("pgro"), std::string::npos) << text;
    EXPECT_NE(text.find("in_use"), std::string::npos) << text;
    EXPECT_EQ(text.find(env_->password()), std::string::npos) << "no password in list_servers";
}

TEST_F(PostgresQuery, SchemaResource) {
    mcp_client c(gw_->port());
    ASSERT_EQ(c.initialize("2025-06-18").status, 200);
    auto listed = c.call("resources/list");
    EXPECT_NE(listed.dump().find("mcpgw://schema/pgro"), std::string::npos) << listed;
    auto r = c.call("resources/read", {{"uri", "mcpgw://schema/pgro"}});
    ASSERT_TRUE(r.contains("result")) << r;
    auto schema = json::parse(r["result"]["contents"][0].value("text", "{}"));
    EXPECT_EQ(schema["server"], "pgro");
    EXPECT_EQ(schema["type"], "postgres");
    json accounts;
    for (const auto& t : schema["tables"]) {
        if (t["schema"] == schema_ && t["name"] == "accounts") {
            accounts = t;
        }
    }
    ASSERT_TRUE(accounts.is_object()) << schema.dump().substr(0, 2000);
    EXPECT_EQ(accounts["kind"], "table");
    EXPECT_EQ(accounts["columns"], json::parse(R"j([{"name":"id","type":"integer","nullable":false},
                        {"name":"owner","type":"text","nullable":false},
                        {"name":"balance","type":"numeric(12,2)","nullable":false}])j"));
}

}  // namespace
}  // namespace mcpgw::itest
