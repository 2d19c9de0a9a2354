#include "fake_call_context.hpp"

#include <backends/core/config_node.hpp>
#include <backends/core/tool_result.hpp>
#include <backends/core/worker_pool.hpp>
#include <backends/sql/schema_resources.hpp>
#include <backends/sql/sql_tools.hpp>
#include <backends/sqlite/sqlite_backend.hpp>
#include <protocol/json_schema.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace std::chrono_literals;
using test::call_tool;
using test::error_code_of;
namespace fs = std::filesystem;

class SqliteBackend : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("mcpgw-sqlite-test-" + std::to_string(rd()));
        fs::create_directories(dir_);
        db_ = (dir_ / "ops.db").string();
        std::ofstream(db_).flush();  // an empty file is an empty database; sources never create one
        rw_ = build("- {name: rw, type: sqlite, access: read_write, path: '" + db_ + "'}");
        for (const char* sql : {
                 "CREATE TABLE services (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, "
                 "logo BLOB)",
                 "INSERT INTO services VALUES (1, 'api', 0.5, x'00ff10'), (2, 'web', NULL, NULL), "
                 "(3, 'db', 2.25, x'')",
                 "CREATE VIEW service_names AS SELECT name FROM services",
                 "CREATE INDEX services_name ON services (name)",
                 "CREATE TABLE \"x; DROP TABLE services\" (a INTEGER)",
                 "CREATE TABLE \"quo\"\"ted\" (b TEXT DEFAULT 'q')",
                 "CREATE TABLE \"it's\" (c INTEGER)",
             }) {
            auto r = query(rw_, sql);
            ASSERT_FALSE(r.value("isError", false)) << sql << ": " << r.dump();
        }
    }

    void TearDown() override {
        for (auto& part : {&rw_, &ro_}) {
            for (auto& s : part->sources) {
                s->stop();
            }
        }
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    contribution build(const std::string& yaml, const std::string& tools_yaml = "") {
        std::vector<config_node> servers;
        auto root = YAML::Load(yaml);
        for (std::size_t i = 0; i < root.size(); ++i) {
            servers.emplace_back(root[i], "test.yaml", "servers[" + std::to_string(i) + "]");
        }
        std::vector<config_node> tools;
        if (!tools_yaml.empty()) {
            auto t = YAML::Load(tools_yaml);
            for (std::size_t i = 0; i < t.size(); ++i) {
                tools.emplace_back(t[i], "test.yaml", "tools[" + std::to_string(i) + "]");
            }
        }
        backend_runtime runtime{io_.get_executor(), &workers_, nullptr};
        auto c = sqlite::sqlite_backend_factory().build(servers, tools, runtime);
        // The gateway adds list_tables/describe_table over every SQL source (catalog_builder).
        std::vector<std::shared_ptr<sql::sql_source>> sql_sources;
        for (const auto& src : c.sources) {
            sql_sources.push_back(std::dynamic_pointer_cast<sql::sql_source>(src));
        }
        if (!sql_sources.empty()) {
            auto catalog_tools = sql::make_catalog_tools(sql_sources);
            c.tools.insert(c.tools.end(), catalog_tools.begin(), catalog_tools.end());
        }
        return c;
    }

    contribution& read_only(const std::string& extra = "") {
        ro_ = build("- {name: ro, type: sqlite, path: '" + db_ + "'" + extra + "}");
        return ro_;
    }

    static const tool& find(const contribution& c, const std::string& name) {
        for (const auto& t : c.tools) {
            if (t->name() == name) {
                return *t;
            }
        }
        throw std::runtime_error("no tool " + name);
    }

    static json query(const contribution& c, const std::string& sql) {
        return call_tool(find(c, "sqlite_query"), {{"sql", sql}});
    }

    static json rows(const json& result) { return result.at("structuredContent").at("rows"); }

    fs::path dir_;
    std::string db_;
    worker_pool workers_{2};
    boost::asio::io_context io_;
    contribution rw_;
    contribution ro_;
};

TEST_F(SqliteBackend, ContributesToolsAndSources) {
    auto& ro = read_only();
    ASSERT_EQ(ro.sources.size(), 1U);
    EXPECT_EQ(ro.sources[0]->type(), "sqlite");
    EXPECT_EQ(ro.sources[0]->health().state, health_state::ok);
    std::vector<std::string> names;
    for (const auto& t : ro.tools) {
        names.push_back(t->name());
        std::string error;
        EXPECT_TRUE(
            mcpgw::protocol::schema_validator::compile(t->definition().at("inputSchema"), error)
        ) << error;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"sqlite_query", "list_tables", "describe_table"}));
    const auto& def = find(ro, "sqlite_query").definition();
    EXPECT_EQ(def.at("annotations").at("readOnlyHint"), true);
    EXPECT_FALSE(def.at("inputSchema").at("required").contains("server"));  // one server: optional
    EXPECT_EQ(find(rw_, "sqlite_query").definition().at("annotations").at("destructiveHint"), true);
}

TEST_F(SqliteBackend, QueryReturnsTypedTable) {
    auto& ro = read_only();
    auto r = query(ro, "SELECT id, name, score, logo FROM services ORDER BY id");
    ASSERT_FALSE(r.value("isError", false)) << r.dump();
    const auto& s = r.at("structuredContent");
    EXPECT_EQ(
        s.at("columns"),
        json::parse(R"([{"name":"id","type":"integer"},{"name":"name","type":"text"},
        {"name":"score","type":"real"},{"name":"logo","type":"blob"}])")
    );
    EXPECT_EQ(
        rows(r),
        json::parse(R"([[1,"api",0.5,"AP8Q"],[2,"web",null,null],[3,"db",2.25,""]])")
    );
    EXPECT_EQ(s.at("row_count"), 3);
    EXPECT_EQ(s.at("truncated"), false);
    std::string error;
    auto v = mcpgw::protocol::schema_validator::compile(
        find(ro, "sqlite_query").definition().at("outputSchema"),
        error
    );
    ASSERT_TRUE(v) << error;
    EXPECT_FALSE(v->validate(s));
}

TEST_F(SqliteBackend, ExpressionTypesAndEdgeValues) {
    auto& ro = read_only();
    auto r = query(
        ro,
        "SELECT 9223372036854775807 AS big, -9223372036854775808 AS small, 1e999 AS inf, "
        "x'68656c6c6f' AS b, NULL AS n, 'caf\xc3\xa9' AS t, CAST(x'ff61' AS TEXT) AS bad"
    );
    ASSERT_FALSE(r.value("isError", false)) << r.dump();
    auto row = rows(r)[0];
    // Beyond 2^53 a JSON number loses digits in most clients: the exact decimal string.
    EXPECT_EQ(row[0], "9223372036854775807");
    EXPECT_EQ(row[1], "-9223372036854775808");
    EXPECT_TRUE(row[2].is_null());
    EXPECT_EQ(row[3], "aGVsbG8=");
    EXPECT_TRUE(row[4].is_null());
    EXPECT_EQ(row[5], "caf\xc3\xa9");
    EXPECT_EQ(
        row[6],
        "\xef\xbf\xbd"
        "a"
    );  // invalid UTF-8 replaced, result still serialises
    EXPECT_NO_THROW((void)r.dump());
    auto types = r.at("structuredContent").at("columns");
    EXPECT_EQ(types[0].at("type"), "integer");
    EXPECT_EQ(types[2].at("type"), "real");  // the storage class, though the value became null
    EXPECT_EQ(types[4].at("type"), "null");
}

TEST_F(SqliteBackend, TruncatesByRows) {
    auto& ro = read_only(", max_rows: 5");
    auto r = query(
        ro,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100) SELECT x FROM c"
    );
    const auto& s = r.at("structuredContent");
    EXPECT_EQ(s.at("row_count"), 5);
    EXPECT_EQ(s.at("truncated"), true);
    EXPECT_EQ(s.at("truncated_reason"), "max_rows");
    EXPECT_NE(
        r.at("content")[0].at("text").get<std::string>().find("truncated: max_rows"),
        std::string::npos
    );

    auto exact = query(
        ro,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5) SELECT x FROM c"
    );
    EXPECT_EQ(exact.at("structuredContent").at("row_count"), 5);
    EXPECT_EQ(exact.at("structuredContent").at("truncated"), false);
    EXPECT_FALSE(exact.at("structuredContent").contains("truncated_reason"));
}

TEST_F(SqliteBackend, TruncatesByBytes) {
    auto& ro = read_only(", max_result_bytes: 1024");
    auto r = query(
        ro,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100) SELECT x, "
        "printf('%.100c', 'z') FROM c"
    );
    const auto& s = r.at("structuredContent");
    EXPECT_EQ(s.at("truncated"), true);
    EXPECT_EQ(s.at("truncated_reason"), "max_result_bytes");
    EXPECT_GT(s.at("row_count").get<int>(), 0);
    EXPECT_LT(s.at("row_count").get<int>(), 100);
    EXPECT_LE(s.at("rows").dump().size(), 1024U);
}

TEST_F(SqliteBackend, OneStatementPerCall) {
    auto& ro = read_only();
    auto r = query(ro, "SELECT 1; SELECT 2");
    EXPECT_EQ(error_code_of(r), "refused");
    EXPECT_NE(r.dump().find("only one statement per call"), std::string::npos);
    auto destroy = query(rw_, "SELECT 1; DROP TABLE services");
    EXPECT_EQ(error_code_of(destroy), "refused");
    EXPECT_EQ(rows(query(ro, "SELECT count(*) FROM services"))[0][0], 3);

    auto trailing = query(ro, "SELECT 1; -- done\n /* nothing else */ ;  ");
    EXPECT_FALSE(trailing.value("isError", false)) << trailing.dump();
    auto empty = query(ro, "-- only a comment");
    EXPECT_EQ(error_code_of(empty), "invalid_argument");
    EXPECT_EQ(empty["_meta"]["mcpgw/error"]["field"], "sql");
}

TEST_F(SqliteBackend, ReadOnlyRefusesWrites) {
    auto& ro = read_only();
    for (const char* sql : {
             "INSERT INTO services (id, name) VALUES (9, 'evil')",
             "UPDATE services SET name = 'x'",
             "DELETE FROM services",
             "CREATE TABLE t2 (a)",
             "CREATE TEMP TABLE t3 (a)",
             "CREATE INDEX i1 ON services(name)",
             "DROP TABLE services",
             "DROP VIEW service_names",
             "ALTER TABLE services ADD COLUMN z",
             "ATTACH DATABASE ':memory:' AS other",
             "DETACH DATABASE main",
             "PRAGMA query_only=0",
             "PRAGMA query_only=OFF",
             "PRAGMA journal_mode=DELETE",
             "PRAGMA user_version=5",
             "PRAGMA writable_schema=1",
             "PRAGMA wal_checkpoint",
             "SELECT load_extension('/tmp/evil.so')",
             "VACUUM",
             "REINDEX",
             "ANALYZE",
             "REPLACE INTO services (id, name) VALUES (1, 'x')",
             "WITH x AS (SELECT 1) INSERT INTO services (id, name) SELECT 10, 'x' FROM x",
         }) {
        auto r = query(ro, sql);
        EXPECT_EQ(error_code_of(r), "refused") << sql << ": " << r.dump();
    }
    // Nothing changed, and the connection is still query_only.
    EXPECT_EQ(
        rows(query(
            ro,
            "SELECT count(*), group_concat(name) FROM (SELECT name FROM services ORDER BY id)"
        )),
        json::parse(R"([[3,"api,web,db"]])")
    );
    auto version = query(ro, "PRAGMA user_version");
    ASSERT_FALSE(version.value("isError", false)) << version.dump();
    EXPECT_EQ(rows(version)[0][0], 0);
    auto query_only = query(ro, "PRAGMA query_only");
    ASSERT_FALSE(query_only.value("isError", false)) << query_only.dump();
    EXPECT_EQ(rows(query_only)[0][0], 1);
    EXPECT_EQ(rows(query(ro, "SELECT count(*) FROM sqlite_schema"))[0][0], 6);
    // Reading pragmas and transaction control are fine.
    EXPECT_FALSE(query(ro, "PRAGMA table_info(services)").value("isError", false));
    EXPECT_FALSE(query(ro, "BEGIN").value("isError", false));
    EXPECT_FALSE(query(ro, "SELECT 1").value("isError", false));
}

// The gateway's own catalogue statements must work on a read_only server, on a fresh
// connection too: SQLite declares a pragma table-valued function's virtual table at its first
// use, and the authorizer sees that as updates of the schema table (issue 9, item 3).
TEST_F(SqliteBackend, ReadOnlyCatalogueReadsWork) {
    auto& ro = read_only();
    auto src = std::dynamic_pointer_cast<sql::sql_source>(ro.sources.at(0));
    ASSERT_TRUE(src);
    auto resources = sql::make_schema_resources({src}, 5s);
    std::optional<lookup_result<json>> read;
    boost::asio::co_spawn(
        io_,
        resources->read("mcpgw://schema/ro"),
        [&read](std::exception_ptr e, lookup_result<json> r) {
            ASSERT_FALSE(e);
            read = std::move(r);
        }
    );
    io_.run();
    io_.restart();
    ASSERT_TRUE(read.has_value());
    ASSERT_TRUE(std::holds_alternative<json>(*read)) << std::get<lookup_error>(*read).message;
    auto schema =
        json::parse(std::get<json>(*read).at("contents").at(0).at("text").get<std::string>());
    ASSERT_FALSE(schema.contains("error")) << schema.dump();
    ASSERT_GE(schema.at("tables").size(), 2U) << schema.dump();
    const auto& tables_read = schema.at("tables");
    const auto services = std::find_if(tables_read.begin(), tables_read.end(), [](const json& t) {
        return t.at("name") == "services";
    });
    ASSERT_NE(services, tables_read.end()) << schema.dump();
    EXPECT_EQ(services->at("columns").size(), 4U) << schema.dump();  // id, name, score, logo

    // The same table-valued pragmas in a client's query, as the first statement of a fresh
    // source, and describe_table / list_tables.
    auto fresh = read_only();
    auto xinfo = query(fresh, "SELECT name, type FROM pragma_table_xinfo('services')");
    ASSERT_FALSE(xinfo.value("isError", false)) << xinfo.dump();
    EXPECT_EQ(rows(xinfo).size(), 4U) << xinfo.dump();
    auto list = query(fresh, "SELECT name FROM pragma_table_list WHERE schema = 'main'");
    EXPECT_FALSE(list.value("isError", false)) << list.dump();
    auto described = call_tool(find(fresh, "describe_table"), {{"table", "services"}});
    EXPECT_FALSE(described.value("isError", false)) << described.dump();
    auto tables = call_tool(find(fresh, "list_tables"), json::object());
    EXPECT_FALSE(tables.value("isError", false)) << tables.dump();

    // Writing the schema table stays impossible, by every name it has (SQLite refuses these
    // at prepare, before the authorizer is asked).
    for (const char* sql :
         {"UPDATE sqlite_master SET sql = '' WHERE name = 'services'",
          "UPDATE sqlite_schema SET name = 'x'",
          "UPDATE main.sqlite_master SET tbl_name = 'x'",
          "UPDATE sqlite_temp_master SET sql = ''",
          "DELETE FROM sqlite_master"}) {
        auto r = query(fresh, sql);
        EXPECT_TRUE(r.value("isError", false)) << sql << ": " << r.dump();
    }
    EXPECT_EQ(rows(query(fresh, "SELECT count(*) FROM sqlite_schema"))[0][0], 6);
    auto sql_text = query(fresh, "SELECT sql FROM sqlite_schema WHERE name = 'services'");
    EXPECT_NE(rows(sql_text)[0][0].get<std::string>().find("CREATE TABLE"), std::string::npos);
}

TEST_F(SqliteBackend, ReadWriteStillRefusesAttachAndExtensions) {
    EXPECT_EQ(error_code_of(query(rw_, "ATTACH DATABASE ':memory:' AS other")), "refused");
    EXPECT_EQ(error_code_of(query(rw_, "SELECT load_extension('/tmp/evil.so')")), "refused");
    // VACUUM INTO would write a file anywhere on the gateway host; SQLite authorises it as ATTACH.
    auto copy = (dir_ / "copy.db").string();
    EXPECT_EQ(error_code_of(query(rw_, "VACUUM INTO '" + copy + "'")), "refused");
    EXPECT_FALSE(fs::exists(copy));
    auto ins = query(rw_, "INSERT INTO services (id, name) VALUES (4, 'queue')");
    EXPECT_FALSE(ins.value("isError", false)) << ins.dump();
    EXPECT_EQ(rows(query(rw_, "SELECT count(*) FROM services"))[0][0], 4);
}

TEST_F(SqliteBackend, TransactionsDoNotOutliveTheCall) {
    EXPECT_FALSE(query(rw_, "BEGIN").value("isError", false));
    // The next call starts in autocommit mode: a second BEGIN would fail otherwise.
    EXPECT_FALSE(query(rw_, "BEGIN").value("isError", false));
    EXPECT_FALSE(
        query(rw_, "INSERT INTO services (id, name) VALUES (5, 'lost')").value("isError", false)
    );
    EXPECT_EQ(rows(query(rw_, "SELECT count(*) FROM services"))[0][0], 4);
}

TEST_F(SqliteBackend, BackendErrorsAreResults) {
    auto& ro = read_only();
    auto r = query(ro, "SELECT * FROM no_such_table");
    EXPECT_EQ(error_code_of(r), "backend_error");
    EXPECT_NE(r.dump().find("no such table"), std::string::npos);
}

TEST_F(SqliteBackend, ListTables) {
    auto& ro = read_only();
    auto r = call_tool(find(ro, "list_tables"), json::object());
    ASSERT_FALSE(r.value("isError", false)) << r.dump();
    EXPECT_EQ(
        rows(r),
        json::parse(
            R"([["it's","table"],["quo\"ted","table"],["service_names","view"],["services","table"],
            ["x; DROP TABLE services","table"]])"
        )
    );
}

TEST_F(SqliteBackend, DescribeTable) {
    auto& ro = read_only();
    auto r = call_tool(find(ro, "describe_table"), {{"table", "services"}});
    ASSERT_FALSE(r.value("isError", false)) << r.dump();
    const auto& s = r.at("structuredContent");
    std::vector<std::string> cols;
    for (const auto& c : s.at("columns")) {
        cols.push_back(c.at("name"));
    }
    EXPECT_EQ(
        cols,
        (std::vector<std::string>{"cid", "name", "type", "notnull", "dflt_value", "pk", "hidden"})
    );
    ASSERT_EQ(s.at("rows").size(), 4U);
    EXPECT_EQ(s.at("rows")[0][1], "id");
    EXPECT_EQ(s.at("rows")[0][2], "INTEGER");
    EXPECT_EQ(s.at("rows")[0][5], 1);
    EXPECT_EQ(s.at("rows")[1][3], 1);  // name NOT NULL

    auto view = call_tool(find(ro, "describe_table"), {{"table", "service_names"}});
    EXPECT_EQ(rows(view).size(), 1U);
}

TEST_F(SqliteBackend, DescribeTableWithHostileNames) {
    auto& ro = read_only();
    const auto& describe = find(ro, "describe_table");
    auto semi = call_tool(describe, {{"table", "x; DROP TABLE services"}});
    ASSERT_FALSE(semi.value("isError", false)) << semi.dump();
    EXPECT_EQ(rows(semi)[0][1], "a");
    auto quoted = call_tool(describe, {{"table", "quo\"ted"}});
    ASSERT_FALSE(quoted.value("isError", false)) << quoted.dump();
    EXPECT_EQ(rows(quoted)[0][1], "b");
    auto apostrophe = call_tool(describe, {{"table", "it's"}});
    ASSERT_FALSE(apostrophe.value("isError", false)) << apostrophe.dump();
    EXPECT_EQ(rows(apostrophe)[0][1], "c");

    for (const char* name :
         {"y; DROP TABLE services",
          "services\"); DROP TABLE services; --",
          "nope",
          "sqlite_schema"}) {
        auto r = call_tool(describe, {{"table", name}});
        EXPECT_EQ(error_code_of(r), "not_found") << name << ": " << r.dump();
        EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "table");
    }
    // Same hostile names through a read_write server: still nothing dropped.
    EXPECT_EQ(
        error_code_of(call_tool(find(rw_, "describe_table"), {{"table", "y; DROP TABLE services"}})
        ),
        "not_found"
    );
    EXPECT_EQ(rows(query(ro, "SELECT count(*) FROM services"))[0][0], 3);
}

TEST_F(SqliteBackend, UnknownServer) {
    auto both = build(
        "- {name: one, type: sqlite, path: '" + db_ + "'}\n- {name: two, type: sqlite, path: '" +
        db_ + "'}"
    );
    const auto& q = find(both, "sqlite_query");
    EXPECT_EQ(q.definition().at("inputSchema").at("required"), json::array({"server", "sql"}));
    auto r = call_tool(q, {{"server", "three"}, {"sql", "SELECT 1"}});
    EXPECT_EQ(error_code_of(r), "invalid_argument");
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "server");
    auto ok = call_tool(q, {{"server", "two"}, {"sql", "SELECT 1"}});
    EXPECT_FALSE(ok.value("isError", false));
    for (auto& s : both.sources) {
        s->stop();
    }
}

TEST_F(SqliteBackend, BrokenSourceStartsDownAndAnswersUnavailable) {
    auto broken =
        build("- {name: gone, type: sqlite, path: '" + (dir_ / "missing.db").string() + "'}");
    ASSERT_EQ(broken.sources.size(), 1U);
    auto h = broken.sources[0]->health();
    EXPECT_EQ(h.state, health_state::down);
    EXPECT_FALSE(h.last_error.empty());
    auto r = query(broken, "SELECT 1");
    EXPECT_EQ(error_code_of(r), "unavailable");
    EXPECT_FALSE(fs::exists(dir_ / "missing.db"));  // never created

    std::ofstream(dir_ / "garbage.db")
        << "this is not a database file, not at all, no...................";
    auto garbage =
        build("- {name: junk, type: sqlite, path: '" + (dir_ / "garbage.db").string() + "'}");
    EXPECT_EQ(garbage.sources[0]->health().state, health_state::down);
}

TEST_F(SqliteBackend, ConfigErrors) {
    auto message = [this](const std::string& servers, const std::string& tools = "") {
        try {
            build(servers, tools);
        } catch (const config_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(message("- {name: a, type: sqlite}").find("path"), std::string::npos);
    EXPECT_NE(
        message("- {name: a, type: sqlite, path: x, colour: red}").find("colour"),
        std::string::npos
    );
    EXPECT_NE(
        message("- {name: a, type: sqlite, path: x, max_rows: 0}").find("max_rows"),
        std::string::npos
    );
    EXPECT_NE(
        message("- {name: a, type: sqlite, path: x, access: sometimes}").find("access"),
        std::string::npos
    );
    auto server = "- {name: a, type: sqlite, path: '" + db_ + "'}";
    auto undeclared = message(server, "- {name: top, server: a, statement: 'SELECT :n'}");
    EXPECT_NE(undeclared.find("tools[0].statement"), std::string::npos) << undeclared;
    EXPECT_NE(undeclared.find("does not declare it"), std::string::npos) << undeclared;
    auto writes = message(server, "- {name: top, server: a, statement: 'DELETE FROM services'}");
    EXPECT_NE(writes.find("refused for server 'a' (read_only)"), std::string::npos) << writes;
    auto bad_type = message(
        server,
        "- {name: top, server: a, statement: 'SELECT :n', parameters: {n: {type: date}}}"
    );
    EXPECT_NE(bad_type.find("tools[0].parameters.n.type"), std::string::npos) << bad_type;
    auto unused = message(
        server,
        "- {name: top, server: a, statement: 'SELECT 1', parameters: {n: {type: integer}}}"
    );
    EXPECT_NE(unused.find("not used in the statement"), std::string::npos) << unused;
}

TEST_F(SqliteBackend, DeclaredToolBindsTypedParameters) {
    auto c = build(
        "- {name: ro, type: sqlite, path: '" + db_ + "'}",
        "- name: service_by_name\n"
        "  server: ro\n"
        "  description: One service\n"
        "  statement: \"SELECT id, name, ':name' AS literal FROM services WHERE name = :name "
        "OR id = :id -- :ignored\"\n"
        "  parameters:\n"
        "    name: {type: string, maxLength: 50}\n"
        "    id: {type: integer, minimum: 0, default: 0}\n"
    );
    const auto& t = find(c, "service_by_name");
    const auto& schema = t.definition().at("inputSchema");
    EXPECT_EQ(schema.at("required"), json::array({"name"}));
    EXPECT_EQ(schema.at("properties").at("id").at("default"), 0);
    EXPECT_EQ(t.definition().at("annotations").at("readOnlyHint"), true);

    auto r = call_tool(t, {{"name", "web"}});
    ASSERT_FALSE(r.value("isError", false)) << r.dump();
    EXPECT_EQ(rows(r), json::parse(R"([[2, "web", ":name"]])"));

    // A value is bound, never spliced: an injection attempt matches nothing and changes nothing.
    auto hostile = call_tool(t, {{"name", "x' OR 1=1; DROP TABLE services; --"}, {"id", 3}});
    ASSERT_FALSE(hostile.value("isError", false)) << hostile.dump();
    EXPECT_EQ(rows(hostile), json::parse(R"([[3, "db", ":name"]])"));
    EXPECT_EQ(rows(query(rw_, "SELECT count(*) FROM services")), json::parse("[[3]]"));
}

TEST_F(SqliteBackend, DeadlineStopsARunawayQuery) {
    auto& ro = read_only(", timeout: 200ms");
    EXPECT_EQ(find(ro, "sqlite_query").timeout(json::object()), 200ms);
    auto started = std::chrono::steady_clock::now();
    auto r = query(
        ro,
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    );
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(error_code_of(r), "timeout") << r.dump();
    EXPECT_LT(took, 5s);
    // The connection is usable afterwards.
    EXPECT_FALSE(query(ro, "SELECT 1").value("isError", false));
}

TEST_F(SqliteBackend, CallersDeadlineAlsoCounts) {
    auto& ro = read_only();
    test::fake_call_context ctx(150ms);
    auto started = std::chrono::steady_clock::now();
    auto out = test::invoke_tool(
        find(ro, "sqlite_query"),
        ctx,
        {{"sql",
          "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"}}
    );
    ASSERT_TRUE(out.result);
    EXPECT_EQ(error_code_of(*out.result), "timeout");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(SqliteBackend, CancellationInterruptsTheStatement) {
    auto& ro = read_only();
    test::fake_call_context ctx;
    auto started = std::chrono::steady_clock::now();
    auto out = test::invoke_tool(
        find(ro, "sqlite_query"),
        ctx,
        {{"sql",
          "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM "
          "c"}},
        100ms
    );
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    ASSERT_TRUE(out.error);
    try {
        std::rethrow_exception(out.error);
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), boost::asio::error::operation_aborted);
    }
    EXPECT_EQ(ro.sources[0]->stats().at("connections_in_use"), 0);
    EXPECT_FALSE(query(ro, "SELECT 1").value("isError", false));
}

boost::asio::awaitable<void> run_one(const tool* t, int i, int* ok) {
    test::fake_call_context ctx;
    json args =
        json::object();  // built outside the co_await: GCC 12 miscompiles braced temporaries there
    args["sql"] = "SELECT " + std::to_string(i) + ", count(*) FROM services";
    auto r = co_await t->invoke(ctx, std::move(args));
    if (!r.value("isError", false) && r["structuredContent"]["rows"][0][0].get<int>() == i) {
        ++*ok;
    }
}

TEST_F(SqliteBackend, ConcurrentCallsShareAtMostFourConnections) {
    auto& ro = read_only();
    boost::asio::io_context io;
    int ok = 0;
    for (int i = 0; i < 12; ++i) {
        boost::asio::co_spawn(
            io,
            run_one(&find(ro, "sqlite_query"), i, &ok),
            boost::asio::detached
        );
    }
    io.run();
    EXPECT_EQ(ok, 12);
    auto stats = ro.sources[0]->stats();
    EXPECT_LE(stats.at("connections_open").get<int>(), 4);
    EXPECT_EQ(stats.at("connections_in_use"), 0);
    EXPECT_EQ(stats.at("calls"), 12);
}

}  // namespace
