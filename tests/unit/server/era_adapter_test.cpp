#include <server/mcp/era_adapter.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

const nlohmann::json tool = {
    {"name", "t"},
    {"title", "T"},
    {"description", "d"},
    {"inputSchema", {{"type", "object"}}},
    {"outputSchema", {{"type", "object"}}},
    {"annotations", {{"title", "T"}, {"readOnlyHint", true}}}};

TEST(EraAdapter, NewestEraKeepsEverything) {
    auto out = adapt_tool_definition(*protocol::traits_for("2025-11-25"), tool);
    EXPECT_EQ(out, tool);
}

TEST(EraAdapter, OlderErasLoseFieldsTheyDoNotKnow) {
    for (const char* v : {"2024-11-05", "2025-03-26"}) {
        auto out = adapt_tool_definition(*protocol::traits_for(v), tool);
        EXPECT_FALSE(out.contains("outputSchema")) << v;
        EXPECT_FALSE(out.contains("title")) << v;
        EXPECT_FALSE(out["annotations"].contains("title")) << v;
        EXPECT_TRUE(out["annotations"]["readOnlyHint"].get<bool>()) << v;
    }
}

TEST(EraAdapter, StructuredContentOnlyFrom2025_06_18) {
    nlohmann::json result = {
        {"content", nlohmann::json::array()},
        {"structuredContent", {{"a", 1}}}};
    auto old = result;
    adapt_call_result(*protocol::traits_for("2025-03-26"), old);
    EXPECT_FALSE(old.contains("structuredContent"));
    auto current = result;
    adapt_call_result(*protocol::traits_for("2025-06-18"), current);
    EXPECT_TRUE(current.contains("structuredContent"));
}

}  // namespace
}  // namespace mcpgw::server
