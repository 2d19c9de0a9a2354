// The postgres source without a server: the factory's tools, refusals that need no
// connection, and connection failures as `unavailable` results whose text never holds the
// password (a closed port, a name that does not resolve).
#include "../../support/config_fixtures.hpp"
#include "../fake_call_context.hpp"

#include <backends/core/worker_pool.hpp>
#include <backends/postgres/postgres_backend.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace std::chrono_literals;
using json = nlohmann::json;

constexpr const char* secret = "pw-that-must-never-leak";

/// A loopback port nothing listens on (bound, then closed).
int closed_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

class PostgresSource : public ::testing::Test {
protected:
    contribution build(const std::string& servers_yaml, const std::string& tools_yaml = "[]") {
        auto servers = YAML::Load(servers_yaml);
        std::vector<config_node> nodes;
        for (std::size_t i = 0; i < servers.size(); ++i) {
            nodes.emplace_back(servers[i], "gw.yaml", "servers[" + std::to_string(i) + "]");
        }
        auto tools = YAML::Load(tools_yaml);
        std::vector<config_node> tool_nodes;
        for (std::size_t i = 0; i < tools.size(); ++i) {
            tool_nodes.emplace_back(tools[i], "gw.yaml", "tools[" + std::to_string(i) + "]");
        }
        backend_runtime rt{io_.get_executor(), &workers_, nullptr};
        auto part = postgres::postgres_backend_factory().build(nodes, tool_nodes, rt);
        for (auto& s : part.sources) {
            s->start();
        }
        parts_.push_back(part);
        return part;
    }
    void TearDown() override {
        for (auto& p : parts_) {
            for (auto& s : p.sources) {
                s->stop();
            }
        }
        io_.run_for(200ms);
        parts_.clear();
        workers_.stop();
    }

    /// Runs a tool on this test's io_context (the pool lives there).
    json call(const tool& t, json args) {
        test::fake_call_context ctx(10s);
        std::optional<json> result;
        boost::asio::co_spawn(
            io_,
            t.invoke(ctx, std::move(args)),
            [&result](std::exception_ptr e, json r) {
                if (!e) {
                    result = std::move(r);
                }
            }
        );
        auto until = std::chrono::steady_clock::now() + 10s;
        while (!result && std::chrono::steady_clock::now() < until) {
            io_.run_for(10ms);
        }
        EXPECT_TRUE(result.has_value()) << "the call did not finish";
        return result.value_or(json::object());
    }

    static const tool& named(const contribution& part, const std::string& name) {
        for (const auto& t : part.tools) {
            if (t->name() == name) {
                return *t;
            }
        }
        throw std::runtime_error("no tool " + name);
    }

    boost::asio::io_context io_;
    worker_pool workers_{1};
    std::vector<contribution> parts_;
};

TEST_F(PostgresSource, FactoryBuildsQueryAndDeclaredTools) {
    auto part = build(
        "[{name: a, type: postgres, host: 127.0.0.1, user: u}, "
        "{name: b, type: postgres, host: 127.0.0.1, user: u, access: read_write}]",
        "[{name: by_id, server: a, statement: 'SELECT * FROM t WHERE id = :id', "
        "parameters: {id: {type: integer}}}]"
    );
    ASSERT_EQ(part.sources.size(), 2U);
    EXPECT_EQ(part.sources[0]->type(), "postgres");
    EXPECT_EQ(part.sources[1]->access(), access_mode::read_write);
    const auto& q = named(part, "postgres_query");
    EXPECT_EQ(q.definition()["annotations"]["readOnlyHint"], false) << "one server writes";
    EXPECT_NO_THROW(named(part, "by_id"));
    EXPECT_TRUE(part.sources[0]->stats().contains("in_use")) << "pool state";
}

TEST_F(PostgresSource, DeclaredStatementMustPassTheGuard) {
    auto e = mcpgw::test::error_of([this] {
        build(
            "[{name: a, type: postgres, host: 127.0.0.1, user: u}]",
            "[{name: wipe, server: a, statement: 'DELETE FROM t'}]"
        );
    });
    EXPECT_NE(e.find("refused for server 'a'"), std::string::npos) << e;
}

TEST_F(PostgresSource, GuardRefusesWithoutConnecting) {
    auto part = build(
        "[{name: a, type: postgres, host: 127.0.0.1, port: " + std::to_string(closed_port()) +
        ", user: u}]"
    );
    // A read_only source opens one connection at start (to check its role): let it fail.
    auto connects = [&part] {
        return part.sources[0]->stats().value("total_connects", -1) +
               part.sources[0]->stats().value("failed_connects", -1);
    };
    auto until = std::chrono::steady_clock::now() + 5s;
    while (connects() < 1 && std::chrono::steady_clock::now() < until) {
        io_.run_for(10ms);
    }
    EXPECT_EQ(part.sources[0]->health().state, health_state::down) << "known at start";
    auto before = connects();
    for (const std::string sql :
         {"DELETE FROM t", "SELECT --\r pg_terminate_backend(1)", "SELECT 1; SELECT 2"}) {
        auto r = call(named(part, "postgres_query"), {{"sql", sql}});
        EXPECT_EQ(test::error_code_of(r), "refused") << r;
    }
    EXPECT_EQ(connects(), before) << "no connection was tried";
    auto syntax = call(named(part, "postgres_query"), {{"sql", "SELECT 1 +"}});
    EXPECT_EQ(test::error_code_of(syntax), "backend_error") << syntax;
    EXPECT_NE(syntax.dump().find("syntax error at end of input"), std::string::npos) << syntax;
    EXPECT_NE(syntax.dump().find("42601"), std::string::npos) << syntax;
    EXPECT_EQ(connects(), before) << "the parser answered, not the server";
    auto nul = call(named(part, "postgres_query"), {{"sql", std::string("SELECT 1\0; DROP", 16)}});
    EXPECT_EQ(test::error_code_of(nul), "invalid_argument") << nul;
    auto latin1 = call(named(part, "postgres_query"), {{"sql", std::string("SELECT '\xe9'")}});
    EXPECT_EQ(test::error_code_of(latin1), "invalid_argument") << latin1;
}

TEST_F(PostgresSource, DeclaredStatementsPassThePostgresParser) {
    auto e = mcpgw::test::error_of([this] {
        build(
            "[{name: a, type: postgres, host: 127.0.0.1, user: u}]",
            "[{name: t, server: a, statement: \"SELECT --\\r pg_sleep(1)\"}]"
        );
    });
    EXPECT_NE(e.find("refused for server 'a'"), std::string::npos) << e;
    EXPECT_NE(e.find("PG_SLEEP"), std::string::npos) << e;
    e = mcpgw::test::error_of([this] {
        build(
            "[{name: a, type: postgres, host: 127.0.0.1, user: u}]",
            "[{name: t, server: a, statement: 'SELECT FROM WHERE :x', parameters: {x: {type: "
            "integer}}}]"
        );
    });
    EXPECT_NE(e.find("cannot parse"), std::string::npos) << e;
    EXPECT_NO_THROW(build(
        "[{name: a, type: postgres, host: 127.0.0.1, user: u}]",
        "[{name: t, server: a, statement: 'SELECT x FROM t WHERE id = :id', parameters: {id: "
        "{type: integer}}}]"
    ));
}

TEST_F(PostgresSource, ClosedPortIsUnavailableWithoutThePassword) {
    auto part = build(
        "[{name: down, type: postgres, host: 127.0.0.1, port: " + std::to_string(closed_port()) +
        ", user: u, password: " + secret + ", pool: {acquire_timeout: 300ms}}]"
    );
    auto started = std::chrono::steady_clock::now();
    auto r = call(named(part, "postgres_query"), {{"sql", "SELECT 1"}});
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    EXPECT_EQ(test::error_code_of(r), "unavailable") << r;
    auto message = r["_meta"]["mcpgw/error"].value("message", "");
    EXPECT_NE(message.find("server 'down' is unavailable"), std::string::npos) << message;
    EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
    EXPECT_EQ(r.dump().find(secret), std::string::npos);
    auto h = part.sources[0]->health();
    EXPECT_EQ(h.state, health_state::down);
    EXPECT_NE(h.last_error.find("Connection refused"), std::string::npos) << h.last_error;
    EXPECT_EQ(h.last_error.find(secret), std::string::npos);
    EXPECT_EQ(part.sources[0]->stats().dump().find(secret), std::string::npos);
}

TEST_F(PostgresSource, UnresolvableHostIsUnavailable) {
    auto part = build(
        "[{name: nowhere, type: postgres, host: no-such-host.invalid, user: u, password: " +
        std::string(secret) + ", pool: {acquire_timeout: 500ms}}]"
    );
    auto r = call(named(part, "postgres_query"), {{"sql", "SELECT 1"}});
    EXPECT_EQ(test::error_code_of(r), "unavailable") << r;
    EXPECT_NE(r.dump().find("cannot resolve the host"), std::string::npos) << r;
    EXPECT_EQ(r.dump().find(secret), std::string::npos);
}

}  // namespace
