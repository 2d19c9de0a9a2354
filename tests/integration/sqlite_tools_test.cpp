// The SQLite tools over HTTP on the demo database (deploy/examples/demo.sql): tabular
// results, max_rows truncation, read_only refusal, list_tables, describe_table and
// list_servers with a type filter.
#include "support/sqlite_db.hpp"
#include "support/suite.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mcpgw::itest {
namespace {

class SqliteTools : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        data_ = std::make_unique<temp_dir>();
        std::string demo = data_->path() + "/demo.db";
        build_demo_db(demo);
        std::string scratch = data_->path() + "/scratch.db";
        build_sqlite_db(scratch, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);");
        gw_ = start_gateway(
            conformance_yaml(
                "",
                "  - {name: demo, type: sqlite, path: \"" + demo + "\", access: read_only}\n" +
                    "  - {name: demo_capped, type: sqlite, path: \"" + demo +
                    "\", access: read_only, max_rows: 3}\n" +
                    "  - {name: scratch, type: sqlite, path: \"" + scratch +
                    "\", access: read_write}\n"
            ) +
            "tools:\n"
            "  - name: note_by_id\n"
            "    server: scratch\n"
            "    description: One note\n"
            "    statement: SELECT id, body FROM notes WHERE id = :id\n"
            "    parameters:\n"
            "      id: {type: integer, minimum: 1, description: Note id}\n"
        );
    }
    static void TearDownTestSuite() {
        stop_gateway(gw_);
        data_.reset();
    }
    void SetUp() override {
        ASSERT_TRUE(gw_ && gw_->started());
        client_ = std::make_unique<mcp_client>(gw_->port());
        ASSERT_EQ(client_->initialize("2025-06-18").status, 200);
    }

    /// tools/call and the `result` object (fails the test on a JSON-RPC error).
    json call(const std::string& tool, const json& args) {
        auto r = client_->call_tool(tool, args);
        EXPECT_TRUE(r.contains("result")) << r;
        return r.value("result", json::object());
    }

    static std::vector<std::string> column_names(const json& structured) {
        std::vector<std::string> out;
        for (const auto& c : structured["columns"]) {
            out.push_back(c.value("name", ""));
        }
        return out;
    }

    static inline std::unique_ptr<temp_dir> data_;
    static inline std::unique_ptr<gateway_process> gw_;
    std::unique_ptr<mcp_client> client_;
};

TEST_F(SqliteTools, SelectReturnsATable) {
    auto r = call(
        "sqlite_query",
        {{"server", "demo"},
         {"sql", "SELECT id, name, tier FROM services WHERE id <= 3 ORDER BY id"}}
    );
    ASSERT_FALSE(r.value("isError", false)) << r;
    const auto& s = r["structuredContent"];
    EXPECT_EQ(column_names(s), (std::vector<std::string>{"id", "name", "tier"})) << s;
    EXPECT_EQ(s.value("row_count", -1), 3) << s;
    EXPECT_FALSE(s.value("truncated", true)) << s;
    ASSERT_EQ(s["rows"].size(), 3U);
    EXPECT_EQ(s["rows"][0], json::array({1, "checkout-api", 1})) << s;
    EXPECT_EQ(s["rows"][2], json::array({3, "api-gateway", 1})) << s;
    EXPECT_TRUE(s.contains("elapsed_ms"));
    // The text rendering carries the values too.
    ASSERT_FALSE(r["content"].empty());
    EXPECT_NE(r["content"][0].value("text", "").find("checkout-api"), std::string::npos) << r;
}

TEST_F(SqliteTools, ViewsAndAggregates) {
    auto r =
        call("sqlite_query", {{"server", "demo"}, {"sql", "SELECT count(*) AS n FROM services"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    EXPECT_EQ(r["structuredContent"]["rows"][0][0], 9) << r;
}

TEST_F(SqliteTools, MaxRowsTruncationIsReported) {
    auto r = call("sqlite_query", {{"server", "demo_capped"}, {"sql", "SELECT * FROM services"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    const auto& s = r["structuredContent"];
    EXPECT_EQ(s["rows"].size(), 3U) << s;
    EXPECT_TRUE(s.value("truncated", false)) << s;
    EXPECT_EQ(s.value("truncated_reason", ""), "max_rows") << s;
}

TEST_F(SqliteTools, WriteRefusedOnReadOnlyServer) {
    for (const char* sql :
         {"INSERT INTO teams (id, name, slack) VALUES (99, 'x', '#x')",
          "DELETE FROM services",
          "DROP TABLE teams",
          "CREATE TABLE evil (x)"}) {
        auto r = call("sqlite_query", {{"server", "demo"}, {"sql", sql}});
        EXPECT_TRUE(r.value("isError", false)) << sql << ": " << r;
        EXPECT_EQ(r["_meta"]["mcpgw/error"].value("code", ""), "refused") << sql << ": " << r;
    }
    // Nothing changed.
    auto count = call("sqlite_query", {{"server", "demo"}, {"sql", "SELECT count(*) FROM teams"}});
    EXPECT_EQ(count["structuredContent"]["rows"][0][0], 4) << count;
}

TEST_F(SqliteTools, WriteAllowedOnReadWriteServer) {
    auto ins = call(
        "sqlite_query",
        {{"server", "scratch"}, {"sql", "INSERT INTO notes (body) VALUES ('hello')"}}
    );
    EXPECT_FALSE(ins.value("isError", false)) << ins;
    auto sel = call("sqlite_query", {{"server", "scratch"}, {"sql", "SELECT body FROM notes"}});
    ASSERT_FALSE(sel.value("isError", false)) << sel;
    EXPECT_EQ(sel["structuredContent"]["rows"][0][0], "hello") << sel;
}

TEST_F(SqliteTools, BadInputIsAToolError) {
    auto two = call("sqlite_query", {{"server", "demo"}, {"sql", "SELECT 1; SELECT 2"}});
    EXPECT_TRUE(two.value("isError", false)) << two;
    auto syntax = call("sqlite_query", {{"server", "demo"}, {"sql", "SELEKT 1"}});
    EXPECT_TRUE(syntax.value("isError", false)) << syntax;
    auto unknown_server = call("sqlite_query", {{"server", "nope"}, {"sql", "SELECT 1"}});
    EXPECT_TRUE(unknown_server.value("isError", false)) << unknown_server;
    EXPECT_EQ(unknown_server["_meta"]["mcpgw/error"].value("code", ""), "invalid_argument");
    auto missing_sql = call("sqlite_query", {{"server", "demo"}});
    EXPECT_TRUE(missing_sql.value("isError", false)) << missing_sql;
    EXPECT_EQ(missing_sql["_meta"]["mcpgw/error"].value("code", ""), "invalid_argument");
}

TEST_F(SqliteTools, ListTables) {
    auto r = call("list_tables", {{"server", "demo"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    const auto& s = r["structuredContent"];
    auto cols = column_names(s);
    auto name_col = std::find(cols.begin(), cols.end(), "name") - cols.begin();
    ASSERT_LT(static_cast<std::size_t>(name_col), cols.size()) << s;
    std::set<std::string> names;
    for (const auto& row : s["rows"]) {
        names.insert(row[name_col].get<std::string>());
    }
    for (const char* t :
         {"teams",
          "services",
          "deployments",
          "incidents",
          "oncall",
          "open_incidents",
          "deploy_success_rate"}) {
        EXPECT_TRUE(names.count(t)) << t << " missing from " << s;
    }
}

TEST_F(SqliteTools, DescribeTable) {
    auto r = call("describe_table", {{"server", "demo"}, {"table", "services"}});
    ASSERT_FALSE(r.value("isError", false)) << r;
    const auto& s = r["structuredContent"];
    auto cols = column_names(s);
    auto name_col = std::find(cols.begin(), cols.end(), "name") - cols.begin();
    ASSERT_LT(static_cast<std::size_t>(name_col), cols.size()) << s;
    std::vector<std::string> columns;
    for (const auto& row : s["rows"]) {
        columns.push_back(row[name_col].get<std::string>());
    }
    EXPECT_EQ(
        columns,
        (std::vector<std::string>{"id", "name", "team_id", "tier", "language", "repo", "created_at"}
        )
    ) << s;
    auto missing = call("describe_table", {{"server", "demo"}, {"table", "no_such_table"}});
    EXPECT_TRUE(missing.value("isError", false)) << missing;
}

TEST_F(SqliteTools, ListServersWithTypeFilter) {
    auto all = call("list_servers", json::object());
    ASSERT_FALSE(all.value("isError", false)) << all;
    EXPECT_EQ(all["structuredContent"]["servers"].size(), 4U) << all;

    auto sqlite = call("list_servers", {{"type", "sqlite"}});
    ASSERT_FALSE(sqlite.value("isError", false)) << sqlite;
    std::map<std::string, std::string> access;
    for (const auto& s : sqlite["structuredContent"]["servers"]) {
        EXPECT_EQ(s.value("type", ""), "sqlite") << s;
        access[s.value("name", "")] = s.value("access", "");
    }
    EXPECT_EQ(access.size(), 3U) << sqlite;
    EXPECT_EQ(access["demo"], "read_only");
    EXPECT_EQ(access["scratch"], "read_write");

    auto conformance = call("list_servers", {{"type", "conformance"}});
    ASSERT_EQ(conformance["structuredContent"]["servers"].size(), 1U) << conformance;
    EXPECT_EQ(conformance["structuredContent"]["servers"][0].value("name", ""), "conformance");

    auto bad = call("list_servers", {{"type", "oracle"}});
    EXPECT_TRUE(bad.value("isError", false)) << bad;
}

TEST_F(SqliteTools, DeclaredToolValidatesAndBindsItsParameter) {
    auto listed = client_->call("tools/list");
    json definition;
    for (const auto& t : listed["result"]["tools"]) {
        if (t.value("name", "") == "note_by_id") {
            definition = t;
        }
    }
    ASSERT_FALSE(definition.is_null()) << listed;
    EXPECT_EQ(definition["inputSchema"]["properties"]["id"]["minimum"], 1);
    EXPECT_EQ(definition["inputSchema"]["required"], json::array({"id"}));

    auto none = call("note_by_id", {{"id", 424242}});
    ASSERT_FALSE(none.value("isError", false)) << none;
    EXPECT_EQ(none["structuredContent"]["row_count"], 0);

    auto below = call("note_by_id", {{"id", 0}});
    EXPECT_TRUE(below.value("isError", false)) << below;
    EXPECT_EQ(below["_meta"]["mcpgw/error"]["field"], "id") << below;

    auto text = call("note_by_id", {{"id", "1 OR 1=1"}});
    EXPECT_TRUE(text.value("isError", false)) << text;
    EXPECT_EQ(text["_meta"]["mcpgw/error"]["code"], "invalid_argument") << text;
}

TEST_F(SqliteTools, SchemaResourcePerServer) {
    auto listed = client_->call("resources/list");
    std::set<std::string> uris;
    for (const auto& r : listed["result"]["resources"]) {
        uris.insert(r.value("uri", ""));
    }
    EXPECT_TRUE(uris.contains("mcpgw://schema/demo")) << listed;
    EXPECT_TRUE(uris.contains("mcpgw://schema/scratch")) << listed;

    auto read = client_->call("resources/read", {{"uri", "mcpgw://schema/scratch"}});
    ASSERT_TRUE(read.contains("result")) << read;
    const auto& content = read["result"]["contents"][0];
    EXPECT_EQ(content["mimeType"], "application/json");
    auto schema = json::parse(content["text"].get<std::string>());
    EXPECT_EQ(schema["server"], "scratch");
    ASSERT_EQ(schema["tables"].size(), 1U) << schema;
    EXPECT_EQ(schema["tables"][0]["name"], "notes");
    EXPECT_EQ(schema["tables"][0]["columns"][1]["name"], "body");
    EXPECT_EQ(schema["tables"][0]["columns"][1]["type"], "text");

    auto missing = client_->call("resources/read", {{"uri", "mcpgw://schema/nope"}});
    ASSERT_TRUE(missing.contains("error")) << missing;
    EXPECT_EQ(missing["error"]["code"], -32002);
}

}  // namespace
}  // namespace mcpgw::itest
