// The redis backend factory without a server: sources and tools it builds, the
// redis_command definition, config-declared tools (generated inputSchema, start-up access
// check, parameter errors), refusals that never reach the network, and a connection
// failure that names host and port but never the password.
#include "../../support/config_fixtures.hpp"
#include "../fake_call_context.hpp"

#include <backends/core/config_node.hpp>
#include <backends/redis/redis_backend.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using mcpgw::test::error_of;
using test::error_code_of;

std::vector<config_node> nodes(const std::string& yaml, const std::string& key) {
    std::vector<config_node> out;
    if (yaml.empty()) {
        return out;
    }
    auto root = YAML::Load(yaml);
    for (std::size_t i = 0; i < root.size(); ++i) {
        out.emplace_back(root[i], "test.yaml", key + "[" + std::to_string(i) + "]");
    }
    return out;
}

class RedisBackend : public ::testing::Test {
protected:
    contribution build(const std::string& servers, const std::string& tools = "") {
        backend_runtime runtime{io_.get_executor(), nullptr, nullptr};
        return redis::redis_backend_factory()
            .build(nodes(servers, "servers"), nodes(tools, "tools"), runtime);
    }

    // Runs a call on io_, the executor the sources' pools use; bounded.
    json call(const tool& t, json args) {
        test::fake_call_context ctx(std::chrono::seconds(5));
        std::optional<json> result;
        io_.restart();
        boost::asio::co_spawn(
            io_,
            t.invoke(ctx, std::move(args)),
            [&result](std::exception_ptr e, json r) {
                result = e ? json("exception") : std::move(r);
            }
        );
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!result && std::chrono::steady_clock::now() < deadline) {
            io_.run_one_for(std::chrono::milliseconds(50));
        }
        return result.value_or(json("no result"));
    }

    static const tool* find(const contribution& c, const std::string& name) {
        for (const auto& t : c.tools) {
            if (t->name() == name) {
                return t.get();
            }
        }
        return nullptr;
    }

    // A port nothing listens on (connects are refused at once).
    static constexpr const char* closed = "host: 127.0.0.1, port: 1";

    boost::asio::io_context io_;
};

TEST_F(RedisBackend, BuildsSourcesAndTheCommandTool) {
    auto c = build(
        std::string("- {name: a, type: redis, ") + closed + "}\n- {name: b, type: redis, " +
        closed + ", access: read_write}"
    );
    ASSERT_EQ(c.sources.size(), 2U);
    EXPECT_EQ(c.sources[0]->type(), "redis");
    const auto* t = find(c, "redis_command");
    ASSERT_NE(t, nullptr);
    const auto& d = t->definition();
    EXPECT_EQ(d["inputSchema"]["properties"]["server"]["enum"], json::array({"a", "b"}));
    EXPECT_EQ(d["inputSchema"]["required"], json::array({"server", "command"}));
    EXPECT_TRUE(d.contains("outputSchema"));
    EXPECT_FALSE(d["annotations"]["readOnlyHint"].get<bool>());
    EXPECT_TRUE(d["annotations"]["destructiveHint"].get<bool>());

    auto one = build(std::string("- {name: a, type: redis, ") + closed + "}");
    const auto& d1 = find(one, "redis_command")->definition();
    EXPECT_EQ(d1["inputSchema"]["required"], json::array({"command"}));
    EXPECT_TRUE(d1["annotations"]["readOnlyHint"].get<bool>());
    EXPECT_TRUE(build("").tools.empty());
}

TEST_F(RedisBackend, RefusalsAnswerWithoutAServer) {
    auto c = build(std::string("- {name: a, type: redis, ") + closed + "}");
    const auto& t = *find(c, "redis_command");
    auto r = call(t, {{"command", "SET"}, {"args", {"k", "v"}}});
    EXPECT_EQ(error_code_of(r), "refused") << r;
    EXPECT_EQ(r["_meta"]["mcpgw/error"]["field"], "command");
    r = call(t, {{"command", "NOSUCH"}});
    EXPECT_EQ(error_code_of(r), "invalid_argument") << r;
    r = call(t, {{"command", "KEYS"}, {"args", {"*"}}});
    EXPECT_NE(r.dump().find("SCAN"), std::string::npos) << r;
    r = call(t, {{"server", "zz"}, {"command", "GET"}});
    EXPECT_EQ(error_code_of(r), "invalid_argument") << r;
}

TEST_F(RedisBackend, ConnectFailureIsUnavailableWithoutThePassword) {
    auto c = build(
        std::string("- {name: a, type: redis, ") + closed +
        ", password: hunter2secret, pool: {acquire_timeout: 300ms}}"
    );
    c.sources[0]->start();
    const auto& t = *find(c, "redis_command");
    auto r = call(t, {{"command", "GET"}, {"args", {"k"}}});
    EXPECT_EQ(error_code_of(r), "unavailable") << r;
    EXPECT_NE(r.dump().find("127.0.0.1:1"), std::string::npos) << r;
    EXPECT_EQ(r.dump().find("hunter2secret"), std::string::npos) << r;
    auto h = c.sources[0]->health();
    EXPECT_NE(h.state, health_state::ok);
    EXPECT_EQ(h.last_error.find("hunter2secret"), std::string::npos) << h.last_error;
    EXPECT_EQ(c.sources[0]->stats().dump().find("hunter2secret"), std::string::npos);
    c.sources[0]->stop();
    io_.run_for(std::chrono::milliseconds(50));
    io_.restart();
}

TEST_F(RedisBackend, DeclaredToolsGetAnInputSchema) {
    auto c = build(
        std::string("- {name: a, type: redis, ") + closed + "}",
        "- name: user_name\n"
        "  server: a\n"
        "  description: A user's name\n"
        "  command: [HGET, 'user:{id}', name]\n"
        "  parameters:\n"
        "    id: {type: integer, minimum: 1, description: user id}\n"
        "- name: recent\n"
        "  server: a\n"
        "  command: [LRANGE, '{{events}}:{kind}', 0, '{n}']\n"
        "  parameters:\n"
        "    kind: {type: string, enum: [login, logout]}\n"
        "    n: {type: integer, default: 9, maximum: 99}\n"
    );
    const auto* t = find(c, "user_name");
    ASSERT_NE(t, nullptr);
    const auto& d = t->definition();
    EXPECT_EQ(d["description"], "A user's name");
    EXPECT_EQ(d["inputSchema"]["properties"]["id"]["type"], "integer");
    EXPECT_EQ(d["inputSchema"]["properties"]["id"]["minimum"], 1);
    EXPECT_EQ(d["inputSchema"]["required"], json::array({"id"}));
    EXPECT_TRUE(d["annotations"]["readOnlyHint"].get<bool>());
    const auto& r = find(c, "recent")->definition();
    EXPECT_EQ(r["inputSchema"]["required"], json::array({"kind"}));
    EXPECT_EQ(r["inputSchema"]["properties"]["n"]["default"], 9);
}

TEST_F(RedisBackend, DeclaredToolsThatFailTheAccessCheckAreConfigErrors) {
    auto server = std::string("- {name: a, type: redis, ") + closed + "}";
    auto rw = std::string("- {name: a, type: redis, ") + closed + ", access: read_write}";
    auto e = error_of([&] {
        build(
            server,
            "- {name: t, server: a, command: [SET, 'k:{v}', x], parameters: {v: {type: string}}}"
        );
    });
    EXPECT_NE(e.find("tools[0].command"), std::string::npos) << e;
    EXPECT_NE(e.find("read_only"), std::string::npos) << e;

    e = error_of([&] {
        build(rw, "- {name: t, server: a, command: [FLUSHALL]}");
    });
    EXPECT_NE(e.find("tools[0].command"), std::string::npos) << e;
    EXPECT_NE(e.find("FLUSHALL"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: a, command: [SORT, l, STORE, d]}");
    });
    EXPECT_NE(e.find("tools[0].command"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: a, command: [KEYS, '*']}");
    });
    EXPECT_NE(e.find("SCAN"), std::string::npos) << e;

    e = error_of([&] {
        build(
            server,
            "- {name: t, server: a, command: ['{c}', k], parameters: {c: {type: string}}}"
        );
    });
    EXPECT_NE(e.find("command[0]"), std::string::npos) << e;

    e = error_of([&] {
        build(
            server,
            "- {name: t, server: a, command: [OBJECT, '{s}', k], parameters: {s: {type: string}}}"
        );
    });
    EXPECT_NE(e.find("command[1]"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: a, command: [GET, '{k}']}");
    });
    EXPECT_NE(e.find("does not declare"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: a, command: [GET, k], parameters: {z: {type: string}}}");
    });
    EXPECT_NE(e.find("parameters.z"), std::string::npos) << e;

    e = error_of([&] {
        build(
            server,
            "- {name: t, server: a, command: [GET, '{k'], parameters: {k: {type: string}}}"
        );
    });
    EXPECT_NE(e.find("command[1]"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: b, command: [GET, k]}");
    });
    EXPECT_NE(e.find("tools[0].server"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: a, command: [GET, k], sql: x}");
    });
    EXPECT_NE(e.find("sql"), std::string::npos) << e;

    e = error_of([&] {
        build(server, "- {name: t, server: a, command: [NOSUCH]}");
    });
    EXPECT_NE(e.find("unknown Redis command"), std::string::npos) << e;

    // A write on a read_write server is fine and annotated as such.
    auto ok = build(
        rw,
        "- {name: t, server: a, command: [SET, 'k:{v}', x], parameters: {v: {type: string}}}"
    );
    EXPECT_TRUE(find(ok, "t")->definition()["annotations"]["destructiveHint"].get<bool>());
}

TEST_F(RedisBackend, DeclaredToolValuesThatTurnIntoAWriteAreRefusedAtCallTime) {
    auto c = build(
        std::string("- {name: a, type: redis, ") + closed + "}",
        "- {name: t, server: a, command: [SORT, l, '{opt}', d], parameters: {opt: {type: string}}}"
    );
    auto r = call(*find(c, "t"), {{"opt", "STORE"}});
    EXPECT_EQ(error_code_of(r), "refused") << r;
}

}  // namespace
