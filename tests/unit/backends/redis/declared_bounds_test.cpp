// Config-declared Redis tools and issue 10: a parameter in an option position is read at call
// time the way Redis reads it (STORE\0, BLOCK\0, a count), and a literal count beyond the
// server's max_count is a configuration error. No server: every refusal here happens before
// a connection is asked for (the server entry points at a closed port, so a call that got
// through would end `unavailable`).
#include "../../support/config_fixtures.hpp"
#include "../fake_call_context.hpp"

#include <backends/core/config_node.hpp>
#include <backends/redis/redis_backend.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using namespace std::string_literals;
using mcpgw::test::error_of;
using test::error_code_of;

std::vector<config_node> nodes(const std::string& yaml, const std::string& key) {
    std::vector<config_node> out;
    auto root = YAML::Load(yaml);
    for (std::size_t i = 0; i < root.size(); ++i) {
        out.emplace_back(root[i], "test.yaml", key + "[" + std::to_string(i) + "]");
    }
    return out;
}

class RedisDeclaredBounds : public ::testing::Test {
protected:
    contribution build(const std::string& tools, const std::string& extra = "") {
        backend_runtime runtime{io_.get_executor(), nullptr, nullptr};
        auto servers =
            "- {name: a, type: redis, host: 127.0.0.1, port: 1, pool: {acquire_timeout: "
            "200ms}" +
            extra + "}";
        return redis::redis_backend_factory()
            .build(nodes(servers, "servers"), nodes(tools, "tools"), runtime);
    }

    json call(const contribution& c, const std::string& name, json args) {
        const tool* t = nullptr;
        for (const auto& x : c.tools) {
            if (x->name() == name) {
                t = x.get();
            }
        }
        EXPECT_NE(t, nullptr) << name;
        if (t == nullptr) {
            return json();
        }
        test::fake_call_context ctx(std::chrono::seconds(5));
        std::optional<json> result;
        io_.restart();
        boost::asio::co_spawn(
            io_,
            t->invoke(ctx, std::move(args)),
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

    boost::asio::io_context io_;
};

TEST_F(RedisDeclaredBounds, OptionParametersAreReadLikeRedisAtCallTime) {
    auto c = build(
        "- {name: sort, server: a, command: [SORT, l, '{opt}', '{value}'],\n"
        "   parameters: {opt: {type: string}, value: {type: string}}}\n"
        "- {name: near, server: a, command: [GEORADIUS, g, 15, 37, 200, km, '{opt}', d],\n"
        "   parameters: {opt: {type: string}}}\n"
        "- {name: tail, server: a, command: [XREAD, '{opt}', '{value}', STREAMS, s, '$'],\n"
        "   parameters: {opt: {type: string}, value: {type: string}}}\n"
    );
    struct row {
        const char* tool;
        json args;
        const char* code;
    };
    const std::vector<row> rows{
        // The example: the NUL-suffixed option.
        {"sort", {{"opt", "STORE\0"s}, {"value", "dst"}}, "invalid_argument"},
        {"sort", {{"opt", "store"}, {"value", "dst"}}, "refused"},
        {"near", {{"opt", "STOREDIST\0"s}}, "invalid_argument"},
        {"near", {{"opt", "StOrE"}}, "refused"},
        {"tail", {{"opt", "BLOCK\0"s}, {"value", "0"}}, "invalid_argument"},
        {"tail", {{"opt", "block"}, {"value", "0"}}, "refused"},
        // COUNT is fine when small, refused beyond max_count, even through a parameter.
        {"tail", {{"opt", "COUNT"}, {"value", "100000"}}, "refused"},
        // Reads that pass the check go on to the (closed) server.
        {"sort", {{"opt", "BY"}, {"value", "store"}}, "unavailable"},
        {"near", {{"opt", "WITHDIST"}}, "unavailable"},
        {"tail", {{"opt", "COUNT"}, {"value", "5"}}, "unavailable"},
    };
    for (const auto& r : rows) {
        auto result = call(c, r.tool, r.args);
        EXPECT_EQ(error_code_of(result), r.code)
            << r.tool << " " << r.args.dump() << ": " << result;
    }
}

TEST_F(RedisDeclaredBounds, CountParametersAreBoundedAtCallTime) {
    auto c = build(
        "- {name: sample, server: a, command: [SRANDMEMBER, s, '{n}'], parameters: {n: {type: "
        "integer}}}\n"
        "- {name: fields, server: a, command: [HRANDFIELD, h, '{n}', WITHVALUES], parameters: "
        "{n: {type: integer}}}\n",
        ", max_count: 500"
    );
    auto r = call(c, "sample", {{"n", -80000000}});
    EXPECT_EQ(error_code_of(r), "refused") << r;
    EXPECT_NE(r.dump().find("max_count (500)"), std::string::npos) << r;
    r = call(c, "fields", {{"n", -10000000}});
    EXPECT_EQ(error_code_of(r), "refused") << r;
    r = call(c, "sample", {{"n", -500}});
    EXPECT_EQ(error_code_of(r), "unavailable") << r;
}

TEST_F(RedisDeclaredBounds, LiteralCountsBeyondTheBoundsAreConfigErrors) {
    auto e = error_of([&] {
        build("- {name: t, server: a, command: [SRANDMEMBER, s, -80000000]}");
    });
    EXPECT_NE(e.find("tools[0].command[2]"), std::string::npos) << e;
    EXPECT_NE(e.find("max_count (10000)"), std::string::npos) << e;

    e = error_of([&] {
        build("- {name: t, server: a, command: [SCAN, 0, COUNT, 1000000]}");
    });
    EXPECT_NE(e.find("tools[0].command[3]"), std::string::npos) << e;

    e = error_of([&] {
        build("- {name: t, server: a, command: [SORT, l, \"STORE\\0\", d]}");
    });
    EXPECT_NE(e.find("NUL"), std::string::npos) << e;

    // Placeholders in count positions are checked with their values, later.
    EXPECT_EQ(
        error_of([&] {
            build(
                "- {name: t, server: a, command: [SCAN, '{c}', COUNT, '{n}'],\n"
                "   parameters: {c: {type: integer}, n: {type: integer}}}\n"
                "- {name: u, server: a, command: [SMEMBERS, '{k}'], parameters: {k: {type: "
                "string}}}\n"
            );
        }),
        ""
    );
}

}  // namespace
