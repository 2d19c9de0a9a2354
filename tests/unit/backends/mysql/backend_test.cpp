// The mysql backend without a database: tools it contributes, guard refusals before any
// connection, config-declared statements checked at start-up, and a server that refuses
// connections failing fast with `unavailable` and no password in sight.
#include "../../support/config_fixtures.hpp"
#include "../fake_call_context.hpp"

#include <backends/core/config_node.hpp>
#include <backends/core/worker_pool.hpp>
#include <backends/mysql/mysql_backend.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace std::chrono_literals;
using mcpgw::test::error_of;
using json = nlohmann::json;

constexpr const char* secret = "Pa55-w0rd-never-shown";

// A loopback port with nothing listening (bound, then closed).
std::uint16_t closed_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

class MysqlBackend : public ::testing::Test {
protected:
    contribution build(const std::string& servers_yaml, const std::string& tools_yaml = "") {
        std::vector<config_node> servers;
        auto root = YAML::Load(servers_yaml);
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
        auto c = mysql::mysql_backend_factory().build(servers, tools, runtime);
        for (auto& s : c.sources) {
            s->start();
        }
        started_.push_back(c);
        return c;
    }

    void TearDown() override {
        for (auto& c : started_) {
            for (auto& s : c.sources) {
                s->stop();
            }
        }
        io_.run_for(100ms);
    }

    // Runs one tool call on the backend's own io_context.
    json call(const contribution& c, const std::string& tool_name, json args) {
        const tool* t = nullptr;
        for (const auto& x : c.tools) {
            if (x->name() == tool_name) {
                t = x.get();
            }
        }
        EXPECT_NE(t, nullptr) << tool_name;
        test::fake_call_context ctx(10s);
        std::optional<json> result;
        boost::asio::co_spawn(
            io_,
            t->invoke(ctx, std::move(args)),
            [&](std::exception_ptr e, json r) {
                EXPECT_FALSE(e);
                result = std::move(r);
            }
        );
        while (!result && io_.run_one_for(10s) > 0) {
        }
        EXPECT_TRUE(result.has_value());
        return result.value_or(json::object());
    }

    std::string server(std::uint16_t port, const std::string& extra = "") {
        return "- {name: db, type: mysql, host: 127.0.0.1, port: " + std::to_string(port) +
               ", user: u, password: '" + secret + "', database: d" + extra + "}";
    }

    boost::asio::io_context io_;
    worker_pool workers_{1};
    std::vector<contribution> started_;
};

TEST_F(MysqlBackend, ContributesTheQueryToolAndOneSource) {
    auto c = build(server(closed_port()));
    ASSERT_EQ(c.sources.size(), 1U);
    EXPECT_EQ(c.sources[0]->type(), "mysql");
    ASSERT_EQ(c.tools.size(), 1U);
    const auto& def = c.tools[0]->definition();
    EXPECT_EQ(def["name"], "mysql_query");
    EXPECT_TRUE(def["annotations"]["readOnlyHint"].get<bool>()) << def;
}

TEST_F(MysqlBackend, GuardRefusesBeforeConnecting) {
    auto c = build(server(closed_port()));
    for (const char* sql :
         {"DELETE FROM t",
          "SELECT 1; SELECT 2",
          "SELECT SLEEP(10)",
          "/*!50000 DROP TABLE t */",
          "SELECT * INTO OUTFILE '/tmp/x' FROM t"}) {
        auto r = call(c, "mysql_query", {{"sql", sql}});
        EXPECT_EQ(r["_meta"]["mcpgw/error"]["code"], "refused") << sql << ": " << r;
        EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "sql") << sql;
    }
    auto stats = c.sources[0]->stats();
    EXPECT_EQ(stats.value("total_connects", 1), 0) << stats;
}

TEST_F(MysqlBackend, UnreachableServerIsUnavailableFastWithoutThePassword) {
    auto c = build(server(closed_port(), ", pool: {acquire_timeout: 500ms}"));
    auto started = std::chrono::steady_clock::now();
    auto r = call(c, "mysql_query", {{"sql", "SELECT 1"}});
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_LT(took, 3s);
    const auto& e = r["_meta"]["mcpgw/error"];
    EXPECT_EQ(e["code"], "unavailable") << r;
    EXPECT_TRUE(e["retryable"].get<bool>()) << r;
    EXPECT_NE(e["message"].get<std::string>().find("db"), std::string::npos) << r;
    EXPECT_EQ(r.dump().find(secret), std::string::npos) << r;
    EXPECT_EQ(c.sources[0]->health().state, health_state::down);
    EXPECT_EQ(c.sources[0]->health().last_error.find(secret), std::string::npos);
    EXPECT_EQ(c.sources[0]->stats().dump().find(secret), std::string::npos);
}

TEST_F(MysqlBackend, DeclaredStatementsAreGuardedAtStartUp) {
    auto e = error_of([&] {
        build(
            server(closed_port()),
            "- {name: wipe, server: db, statement: 'DELETE FROM t WHERE id = :id', "
            "parameters: {id: {type: integer}}}"
        );
    });
    EXPECT_NE(e.find("tools[0].statement"), std::string::npos) << e;
    auto c = build(
        server(closed_port()),
        "- {name: by_id, server: db, statement: 'SELECT * FROM t WHERE id = :id', "
        "parameters: {id: {type: integer}}}"
    );
    ASSERT_EQ(c.tools.size(), 2U);
    EXPECT_EQ(c.tools[0]->definition()["name"], "by_id");
}

}  // namespace
