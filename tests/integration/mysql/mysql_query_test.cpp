// mysql_query, list_tables and describe_table against a real MariaDB through the gateway:
// type mapping, truncation, access modes (layer 1: one statement per call by the server;
// layer 2: the read-only transaction on its own), catalog calls with hostile names, TLS modes.
#include "mariadb_support.hpp"

namespace mcpgw::itest {
namespace {

void prepare_tables(direct_connection& db) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS gw_types (id INT PRIMARY KEY, big BIGINT UNSIGNED, "
        "small_big BIGINT, neg_big BIGINT, amount DECIMAL(20,4), ratio DOUBLE, "
        "payload BLOB, happened DATETIME(6), stamped TIMESTAMP NULL, day DATE, "
        "flags BIT(10), doc JSON, note TEXT, code VARCHAR(20), missing INT NULL)"
    );
    db.exec(
        "INSERT IGNORE INTO gw_types VALUES (1, 18446744073709551615, 9007199254740992, "
        "-9007199254740993, 12345.6789, 2.25, X'00FF10', '2024-01-02 03:04:05.123456', "
        "'2024-01-02 03:04:05', '2024-01-02', b'1010101010', '{\"a\": [1, 2], \"b\": null}', "
        "'h\xC3\xA9llo', 'c-1', NULL)"
    );
    db.exec("CREATE TABLE IF NOT EXISTS gw_items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
    db.exec("INSERT IGNORE INTO gw_items SELECT seq, CONCAT('item-', seq) FROM seq_1_to_50");
    db.exec("CREATE OR REPLACE VIEW gw_item_names AS SELECT name FROM gw_items");
}

class MysqlQuery : public mysql_gateway_test {
protected:
    void SetUp() override {
        direct_connection db(env_);
        prepare_tables(db);
        start(
            mysql_server(env_, "ro", "read_only") + mysql_server(env_, "rw", "read_write") +
            mysql_server(env_, "capped", "read_only", ", max_rows: 5, pool: {max: 1}") +
            mysql_server(env_, "small", "read_only", ", max_result_bytes: 1024, pool: {max: 1}")
        );
    }
};

TEST_F(MysqlQuery, TypesMapFaithfully) {
    auto r =
        call("mysql_query", {{"server", "ro"}, {"sql", "SELECT * FROM gw_types WHERE id = 1"}});
    ASSERT_EQ(error_code_of(r), "") << r;
    const auto& s = r["structuredContent"];
    std::map<std::string, std::string> types;
    for (const auto& c : s["columns"]) {
        types[c["name"]] = c["type"];
    }
    EXPECT_EQ(types["id"], "int");
    EXPECT_EQ(types["big"], "bigint unsigned");
    EXPECT_EQ(types["small_big"], "bigint");
    EXPECT_EQ(types["amount"], "decimal");
    EXPECT_EQ(types["payload"], "blob");
    EXPECT_EQ(types["happened"], "datetime");
    EXPECT_EQ(types["stamped"], "timestamp");
    EXPECT_EQ(types["flags"], "bit");
    EXPECT_EQ(types["doc"], "json");
    EXPECT_EQ(types["note"], "text");
    EXPECT_EQ(types["code"], "varchar");
    ASSERT_EQ(s["rows"].size(), 1U) << s;
    const auto& row = s["rows"][0];
    EXPECT_EQ(row[0], 1);
    EXPECT_EQ(row[1], "18446744073709551615");  // beyond 2^53: a string
    EXPECT_EQ(row[2], 9007199254740992LL);      // exactly 2^53: still a number
    EXPECT_EQ(row[3], "-9007199254740993");
    EXPECT_EQ(row[4], "12345.6789");  // decimals stay exact
    EXPECT_EQ(row[5], 2.25);
    EXPECT_EQ(row[6], "AP8Q");  // base64 of 00 FF 10
    EXPECT_EQ(row[7], "2024-01-02T03:04:05.123456");
    EXPECT_EQ(row[8], "2024-01-02T03:04:05Z");  // the session runs in UTC
    EXPECT_EQ(row[9], "2024-01-02");
    EXPECT_EQ(row[10], 682);  // b'1010101010'
    EXPECT_EQ(row[11], json::parse(R"({"a": [1, 2], "b": null})"));
    EXPECT_EQ(row[12], "h\xC3\xA9llo");
    EXPECT_EQ(row[13], "c-1");
    EXPECT_TRUE(row[14].is_null());
}

TEST_F(MysqlQuery, ExpressionsAndPreparedLiterals) {
    auto r = call(
        "mysql_query",
        {{"server", "ro"},
         {"sql",
          "SELECT 1 + 1 AS two, CAST(18446744073709551615 AS UNSIGNED) AS big, "
          "UNHEX('C0FFEE') AS raw, NULL AS nothing, JSON_OBJECT('k', 1) AS obj"}}
    );
    ASSERT_EQ(error_code_of(r), "") << r;
    const auto& row = rows_of(r)[0];
    EXPECT_EQ(row[0], 2);
    EXPECT_EQ(row[1], "18446744073709551615");
    EXPECT_EQ(row[2], "wP/u");
    EXPECT_TRUE(row[3].is_null());
    EXPECT_EQ(row[4], json({{"k", 1}}));  // MariaDB marks JSON function results as json too
}

TEST_F(MysqlQuery, MaxRowsTruncatesAndTheConnectionStaysUsable) {
    auto r =
        call("mysql_query", {{"server", "capped"}, {"sql", "SELECT id FROM gw_items ORDER BY id"}});
    ASSERT_EQ(error_code_of(r), "") << r;
    const auto& s = r["structuredContent"];
    EXPECT_EQ(s["rows"].size(), 5U);
    EXPECT_TRUE(s["truncated"].get<bool>()) << s;
    EXPECT_EQ(s["truncated_reason"], "max_rows") << s;
    EXPECT_EQ(s["rows"][4][0], 5);
    // A result far beyond the cap: cut off by dropping the link, and the next call still works.
    auto started = std::chrono::steady_clock::now();
    auto big =
        call("mysql_query", {{"server", "capped"}, {"sql", "SELECT seq FROM seq_1_to_100000000"}});
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    ASSERT_EQ(error_code_of(big), "") << big;
    EXPECT_TRUE(big["structuredContent"]["truncated"].get<bool>());
    auto next =
        call("mysql_query", {{"server", "capped"}, {"sql", "SELECT COUNT(*) FROM gw_items"}});
    ASSERT_EQ(error_code_of(next), "") << next;
    EXPECT_EQ(rows_of(next)[0][0], 50);
}

TEST_F(MysqlQuery, MaxResultBytesTruncates) {
    auto r = call(
        "mysql_query",
        {{"server", "small"}, {"sql", "SELECT seq, REPEAT('x', 100) FROM seq_1_to_100"}}
    );
    ASSERT_EQ(error_code_of(r), "") << r;
    const auto& s = r["structuredContent"];
    EXPECT_TRUE(s["truncated"].get<bool>()) << s;
    EXPECT_EQ(s["truncated_reason"], "max_result_bytes");
    EXPECT_GT(s["rows"].size(), 0U);
    EXPECT_LT(s["rows"].size(), 12U);
}

TEST_F(MysqlQuery, ReadOnlyRefusesWritesAndReadWriteWrites) {
    std::string table = "gw_rw_" + std::to_string(::getpid());
    direct_connection db(env_);
    db.exec("CREATE TABLE IF NOT EXISTS " + table + " (id INT PRIMARY KEY, v INT)");
    db.exec("TRUNCATE TABLE " + table);
    auto ins = call(
        "mysql_query",
        {{"server", "rw"}, {"sql", "INSERT INTO " + table + " VALUES (1, 10), (2, 20)"}}
    );
    ASSERT_EQ(error_code_of(ins), "") << ins;
    EXPECT_EQ(rows_of(ins)[0][0], 2) << ins;  // affected_rows
    auto ro = call("mysql_query", {{"server", "ro"}, {"sql", "UPDATE " + table + " SET v = 0"}});
    EXPECT_EQ(error_code_of(ro), "refused") << ro;
    EXPECT_EQ(db.scalar("SELECT SUM(v) FROM " + table), "30");
    db.exec("DROP TABLE " + table);
}

TEST_F(MysqlQuery, SyntaxErrorsBlameTheSqlArgument) {
    auto r = call("mysql_query", {{"server", "ro"}, {"sql", "SELECT FROM WHERE"}});
    EXPECT_EQ(error_code_of(r), "backend_error") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "sql") << r;
    EXPECT_NE(
        r["_meta"]["mcpgw/error"]["message"].get<std::string>().find("1064"),
        std::string::npos
    );
}

// Layer 1 on its own: with the gateway's client flags the server itself rejects a second
// statement (the guard refuses it earlier in the gateway, so this talks to the server).
TEST_F(MysqlQuery, LayerOneServerRejectsStackedStatements) {
    direct_connection db(env_);
    auto e = db.try_exec("SELECT 1; SELECT 2");
    EXPECT_EQ(e.rfind("1064:", 0), 0U) << e;
    e = db.try_exec("SELECT 1; DELETE FROM gw_items");
    EXPECT_EQ(e.rfind("1064:", 0), 0U) << e;
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM gw_items"), "50");
}

// Layer 2 on its own: a function the guard cannot see into writes; the read-only
// transaction stops it.
TEST_F(MysqlQuery, LayerTwoReadOnlyTransactionStopsHiddenWrites) {
    direct_connection root(env_, true);
    root.exec("CREATE TABLE IF NOT EXISTS gw_layer2 (id INT AUTO_INCREMENT PRIMARY KEY)");
    root.exec(
        "CREATE FUNCTION IF NOT EXISTS gw_sneaky_write() RETURNS INT MODIFIES SQL DATA "
        "BEGIN INSERT INTO gw_layer2 VALUES (NULL); RETURN 1; END"
    );
    root.exec("GRANT EXECUTE ON FUNCTION mcpgw_test.gw_sneaky_write TO 'mcpgw_test'@'127.0.0.1'");
    auto before = root.scalar("SELECT COUNT(*) FROM gw_layer2");
    auto r = call("mysql_query", {{"server", "ro"}, {"sql", "SELECT gw_sneaky_write()"}});
    EXPECT_EQ(error_code_of(r), "refused") << r;
    EXPECT_NE(r.dump().find("read-only transaction"), std::string::npos) << r;
    EXPECT_EQ(root.scalar("SELECT COUNT(*) FROM gw_layer2"), before);
    // The same call on read_write does write: the function really is a writer.
    auto rw = call("mysql_query", {{"server", "rw"}, {"sql", "SELECT gw_sneaky_write()"}});
    EXPECT_EQ(error_code_of(rw), "") << rw;
    EXPECT_EQ(root.scalar("SELECT COUNT(*) FROM gw_layer2"), std::to_string(std::stoi(before) + 1));
}

TEST_F(MysqlQuery, ListTablesShowsTablesAndViews) {
    auto r = call("list_tables", {{"server", "ro"}});
    ASSERT_EQ(error_code_of(r), "") << r;
    std::vector<std::string> names;
    for (const auto& c : r["structuredContent"]["columns"]) {
        names.push_back(c["name"]);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"schema", "name", "type"}));
    std::map<std::string, std::string> kinds;
    for (const auto& row : rows_of(r)) {
        EXPECT_EQ(row[0], env_.database());
        kinds[row[1]] = row[2];
    }
    EXPECT_EQ(kinds["gw_items"], "table");
    EXPECT_EQ(kinds["gw_types"], "table");
    EXPECT_EQ(kinds["gw_item_names"], "view");
}

TEST_F(MysqlQuery, DescribeTableBareAndQualified) {
    for (std::string name : {std::string("gw_items"), env_.database() + ".gw_items"}) {
        auto r = call("describe_table", {{"server", "ro"}, {"table", name}});
        ASSERT_EQ(error_code_of(r), "") << name << ": " << r;
        const auto& rows = rows_of(r);
        ASSERT_EQ(rows.size(), 2U) << r;
        EXPECT_EQ(rows[0][0], "id");
        EXPECT_EQ(rows[0][1], "int(11)");
        EXPECT_EQ(rows[0][2], false);  // nullable
        EXPECT_EQ(rows[0][4], 1);      // primary-key position
        EXPECT_EQ(rows[1][0], "name");
        EXPECT_EQ(rows[1][1], "varchar(40)");
        EXPECT_TRUE(rows[1][4].is_null());
    }
}

TEST_F(MysqlQuery, DescribeTableHostileNamesAreOnlyEverBound) {
    direct_connection db(env_);
    db.exec("CREATE TABLE IF NOT EXISTS `gw_we;ird ``name'` (x INT)");
    auto weird = call("describe_table", {{"server", "ro"}, {"table", "gw_we;ird `name'"}});
    ASSERT_EQ(error_code_of(weird), "") << weird;
    EXPECT_EQ(rows_of(weird)[0][0], "x");
    for (const char* name :
         {"gw_items'; DROP TABLE gw_items; --",
          "`gw_items`",
          "gw_items; SELECT 1",
          "gw_items' OR '1'='1",
          "../../etc/passwd",
          "mysql.user",
          "nope",
          "gw_items\\",
          "information_schema.no_such_view",
          "gw_items /* */"}) {
        auto r = call("describe_table", {{"server", "ro"}, {"table", name}});
        EXPECT_EQ(error_code_of(r), "not_found") << name << ": " << r;
        EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "table") << r;
    }
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM gw_items"), "50");
}

TEST_F(MysqlQuery, SchemaResourceListsTablesAndColumns) {
    auto r = client_->call("resources/read", {{"uri", "mcpgw://schema/ro"}});
    ASSERT_TRUE(r.contains("result")) << r;
    auto schema = json::parse(r["result"]["contents"][0].value("text", "{}"));
    EXPECT_EQ(schema["server"], "ro");
    EXPECT_EQ(schema["type"], "mysql");
    json items;
    for (const auto& t : schema["tables"]) {
        if (t["name"] == "gw_items") {
            items = t;
        }
    }
    ASSERT_TRUE(items.is_object()) << schema;
    EXPECT_EQ(items["kind"], "table");
    ASSERT_EQ(items["columns"].size(), 2U) << items;
    EXPECT_EQ(
        items["columns"][0],
        json({{"name", "id"}, {"type", "int(11)"}, {"nullable", false}})
    );
    EXPECT_EQ(items["columns"][1]["name"], "name");
}

TEST_F(MysqlQuery, TlsPreferConnectsAndRequireFailsClearlyWithoutTls) {
    stop_gateway(gw_);
    start(
        mysql_server(env_, "plain_ok", "read_only", ", tls: prefer") +
        mysql_server(env_, "needs_tls", "read_only", ", tls: require, pool: {acquire_timeout: 1s}")
    );
    auto ok = call("mysql_query", {{"server", "plain_ok"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(ok), "") << ok;
    auto no = call("mysql_query", {{"server", "needs_tls"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(no), "unavailable") << no;
    EXPECT_NE(no.dump().find("TLS"), std::string::npos) << no;
    EXPECT_EQ(no.dump().find(env_.password()), std::string::npos) << no;
}

}  // namespace
}  // namespace mcpgw::itest
