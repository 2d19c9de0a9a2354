// Config-declared statements on MariaDB: typed parameters bound as real server-side
// parameters (prepared statements), defaults, and injection attempts through a value that
// change nothing.
#include "mariadb_support.hpp"

namespace mcpgw::itest {
namespace {

class MysqlDeclaredTools : public mysql_gateway_test {
protected:
    void SetUp() override {
        direct_connection db(env_);
        db.exec(
            "CREATE TABLE IF NOT EXISTS gw_items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)"
        );
        db.exec("INSERT IGNORE INTO gw_items SELECT seq, CONCAT('item-', seq) FROM seq_1_to_50");
        db.exec(
            "CREATE TABLE IF NOT EXISTS " + table_ + " (id INT PRIMARY KEY, name VARCHAR(200))"
        );
        db.exec("DELETE FROM " + table_);
        db.exec("INSERT INTO " + table_ + " VALUES (1, 'one'), (2, 'two')");
        std::string tools =
            "tools:\n"
            "  - name: item_by_name\n"
            "    server: ro\n"
            "    statement: 'SELECT id, name FROM gw_items WHERE name = :name'\n"
            "    parameters: {name: {type: string, maxLength: 200}}\n"
            "  - name: items_between\n"
            "    server: ro\n"
            "    statement: 'SELECT COUNT(*) AS n FROM gw_items WHERE id BETWEEN :low AND :high'\n"
            "    parameters: {low: {type: integer, minimum: 1}, high: {type: integer, default: "
            "10}}\n"
            "  - name: typed_echo\n"
            "    server: ro\n"
            "    statement: 'SELECT :s AS s, :i AS i, :n AS n, :b AS b, :i + 1 AS i_plus'\n"
            "    parameters: {s: {type: string}, i: {type: integer}, n: {type: number}, "
            "b: {type: boolean}}\n"
            "  - name: rename\n"
            "    server: rw\n"
            "    statement: 'UPDATE " +
            table_ +
            " SET name = :name WHERE id = :id'\n"
            "    parameters: {id: {type: integer}, name: {type: string}}\n";
        start(
            mysql_server(env_, "ro", "read_only") + mysql_server(env_, "rw", "read_write"),
            tools
        );
    }
    void TearDown() override {
        mysql_gateway_test::TearDown();
        direct_connection db(env_);
        db.exec("DROP TABLE IF EXISTS " + table_);
    }

    std::string table_ = "gw_decl_" + std::to_string(::getpid());
};

TEST_F(MysqlDeclaredTools, ListedWithGeneratedSchemas) {
    auto list = client_->call("tools/list");
    std::map<std::string, json> tools;
    for (const auto& t : list["result"]["tools"]) {
        tools[t["name"]] = t;
    }
    ASSERT_TRUE(tools.count("items_between")) << list;
    const auto& schema = tools["items_between"]["inputSchema"];
    EXPECT_EQ(schema["properties"]["low"]["type"], "integer");
    EXPECT_EQ(schema["properties"]["high"]["default"], 10);
    EXPECT_EQ(schema["required"], json::array({"low"}));
    EXPECT_TRUE(tools["item_by_name"]["annotations"]["readOnlyHint"].get<bool>());
    EXPECT_FALSE(tools["rename"]["annotations"]["readOnlyHint"].get<bool>());
}

TEST_F(MysqlDeclaredTools, TypedParametersAreBound) {
    auto r = call("items_between", {{"low", 3}, {"high", 7}});
    ASSERT_EQ(error_code_of(r), "") << r;
    EXPECT_EQ(rows_of(r)[0][0], 5);
    auto defaulted = call("items_between", {{"low", 5}});
    EXPECT_EQ(rows_of(defaulted)[0][0], 6) << defaulted;
    auto echo = call(
        "typed_echo",
        {{"s", "h\xC3\xA9"}, {"i", 9007199254740993LL}, {"n", 2.5}, {"b", true}}
    );
    ASSERT_EQ(error_code_of(echo), "") << echo;
    const auto& row = rows_of(echo)[0];
    EXPECT_EQ(row[0], "h\xC3\xA9");
    EXPECT_EQ(row[1], "9007199254740993");  // a bigint bound exactly, returned beyond 2^53
    EXPECT_EQ(row[2], 2.5);
    EXPECT_EQ(row[3], 1);
    EXPECT_EQ(row[4], "9007199254740994");
}

TEST_F(MysqlDeclaredTools, SchemaViolationsAreRejectedBeforeTheDatabase) {
    auto r = client_->call_tool("items_between", {{"low", 0}});
    auto text = r.dump();
    bool rejected = r.contains("error") || r["result"].value("isError", false);
    EXPECT_TRUE(rejected) << text;
}

TEST_F(MysqlDeclaredTools, InjectionThroughAValueChangesNothing) {
    direct_connection db(env_);
    for (const char* attempt :
         {"' OR '1'='1",
          "item-1' OR 1=1 -- ",
          "x'; DROP TABLE gw_items; --",
          "\\' OR 1=1 #",
          "item-1\" OR \"\"=\"",
          "%"}) {
        auto r = call("item_by_name", {{"name", attempt}});
        ASSERT_EQ(error_code_of(r), "") << attempt << ": " << r;
        EXPECT_EQ(rows_of(r).size(), 0U) << attempt << ": " << r;
    }
    auto exact = call("item_by_name", {{"name", "item-7"}});
    ASSERT_EQ(rows_of(exact).size(), 1U) << exact;
    EXPECT_EQ(rows_of(exact)[0][0], 7);
    // A hostile value written through a write tool is stored as data, nothing else.
    std::string hostile = "x', name = 'pwned' WHERE 1=1; DROP TABLE gw_items; -- ";
    auto w = call("rename", {{"id", 1}, {"name", hostile}});
    ASSERT_EQ(error_code_of(w), "") << w;
    EXPECT_EQ(rows_of(w)[0][0], 1);  // one row affected
    EXPECT_EQ(db.scalar("SELECT name FROM " + table_ + " WHERE id = 1"), hostile);
    EXPECT_EQ(db.scalar("SELECT name FROM " + table_ + " WHERE id = 2"), "two");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM gw_items"), "50");
}

}  // namespace
}  // namespace mcpgw::itest
