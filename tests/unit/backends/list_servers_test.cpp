#include "fake_call_context.hpp"

#include <backends/core/list_servers_tool.hpp>
#include <protocol/json_schema.hpp>

#include <memory>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using test::fake_source;

std::vector<std::shared_ptr<source>> sample_sources() {
    auto a = std::make_shared<fake_source>("demo", "sqlite", access_mode::read_only);
    a->desc = "ops demo";
    a->extra_stats = {{"connections_open", 1}};
    auto b = std::make_shared<fake_source>("cache", "redis", access_mode::read_write);
    b->state = {health_state::down, "connection refused"};
    return {a, b};
}

TEST(ListServers, Definition) {
    auto t = make_list_servers_tool(sample_sources());
    const auto& d = t->definition();
    EXPECT_EQ(d.at("name"), "list_servers");
    EXPECT_EQ(
        d.at("inputSchema").at("properties").at("type").at("enum"),
        json::array({"redis", "sqlite"})
    );
    EXPECT_EQ(d.at("annotations").at("readOnlyHint"), true);
    std::string error;
    EXPECT_TRUE(mcpgw::protocol::schema_validator::compile(d.at("inputSchema"), error)) << error;
}

TEST(ListServers, ListsEveryServer) {
    auto t = make_list_servers_tool(sample_sources());
    auto r = test::call_tool(*t, json::object());
    EXPECT_FALSE(r.value("isError", false));
    const auto& s = r.at("structuredContent");
    EXPECT_EQ(s.at("row_count"), 2);
    EXPECT_EQ(s.at("truncated"), false);
    ASSERT_EQ(s.at("servers").size(), 2U);
    const auto& demo = s.at("servers")[0];
    EXPECT_EQ(demo.at("name"), "demo");
    EXPECT_EQ(demo.at("type"), "sqlite");
    EXPECT_EQ(demo.at("access"), "read_only");
    EXPECT_EQ(demo.at("description"), "ops demo");
    EXPECT_EQ(demo.at("health").at("state"), "ok");
    EXPECT_EQ(demo.at("stats").at("connections_open"), 1);
    const auto& cache = s.at("servers")[1];
    EXPECT_EQ(cache.at("health").at("state"), "down");
    EXPECT_EQ(cache.at("health").at("last_error"), "connection refused");
    auto text = r.at("content")[0].at("text").get<std::string>();
    EXPECT_NE(text.find("demo"), std::string::npos);
    EXPECT_NE(text.find("connection refused"), std::string::npos);

    std::string error;
    auto v = mcpgw::protocol::schema_validator::compile(t->definition().at("outputSchema"), error);
    ASSERT_TRUE(v) << error;
    EXPECT_FALSE(v->validate(s));
}

TEST(ListServers, FiltersByType) {
    auto t = make_list_servers_tool(sample_sources());
    auto r = test::call_tool(*t, {{"type", "redis"}});
    const auto& s = r.at("structuredContent");
    ASSERT_EQ(s.at("servers").size(), 1U);
    EXPECT_EQ(s.at("servers")[0].at("name"), "cache");
    EXPECT_EQ(s.at("rows").size(), 1U);
}

TEST(ListServers, NoServers) {
    auto t = make_list_servers_tool({});
    EXPECT_FALSE(t->definition().at("inputSchema").at("properties").at("type").contains("enum"));
    auto r = test::call_tool(*t, json::object());
    EXPECT_EQ(r.at("structuredContent").at("row_count"), 0);
}

}  // namespace
