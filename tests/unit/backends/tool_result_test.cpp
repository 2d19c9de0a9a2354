#include <backends/core/tool_result.hpp>
#include <protocol/json_schema.hpp>

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;

TEST(ToolResult, TextResult) {
    auto r = text_result("hello");
    EXPECT_EQ(r, json::parse(R"({"content":[{"type":"text","text":"hello"}]})"));
}

TEST(ToolResult, ErrorResultWithField) {
    auto r = error_result(error_code::invalid_argument, "unknown server 'x'", "server", false);
    EXPECT_TRUE(r.at("isError").get<bool>());
    const auto& e = r.at("_meta").at("mcpgw/error");
    EXPECT_EQ(e.at("code"), "invalid_argument");
    EXPECT_EQ(e.at("message"), "unknown server 'x'");
    EXPECT_EQ(e.at("field"), "server");
    EXPECT_EQ(e.at("retryable"), false);
    ASSERT_EQ(r.at("content").size(), 1U);
    EXPECT_EQ(r.at("content")[0].at("type"), "text");
    auto text = r.at("content")[0].at("text").get<std::string>();
    EXPECT_NE(text.find("unknown server 'x'"), std::string::npos);
    EXPECT_NE(text.find("server"), std::string::npos);
}

TEST(ToolResult, ErrorResultWithoutField) {
    auto r = error_result(error_code::timeout, "too slow", std::nullopt, true);
    const auto& e = r.at("_meta").at("mcpgw/error");
    EXPECT_FALSE(e.contains("field"));
    EXPECT_EQ(e.at("retryable"), true);
    EXPECT_EQ(e.at("code"), "timeout");
}

TEST(ToolResult, StructuredResult) {
    auto r = structured_result({{"a", 1}}, "a = 1");
    EXPECT_EQ(r.at("structuredContent"), json({{"a", 1}}));
    EXPECT_EQ(r.at("content")[0].at("text"), "a = 1");
    EXPECT_FALSE(r.value("isError", false));
}

table sample(bool truncated) {
    table t;
    t.columns = {{"id", "integer"}, {"name", "text"}};
    t.rows = json::array({json::array({1, "alpha"}), json::array({2, nullptr})});
    t.truncated = truncated;
    t.truncated_reason = truncated ? "max_rows" : "";
    t.elapsed_ms = 1.5;
    return t;
}

TEST(ToolResult, TableResultShape) {
    auto r = table_result(sample(false));
    const auto& s = r.at("structuredContent");
    EXPECT_EQ(
        s.at("columns"),
        json::parse(R"([{"name":"id","type":"integer"},{"name":"name","type":"text"}])")
    );
    EXPECT_EQ(s.at("rows").size(), 2U);
    EXPECT_EQ(s.at("row_count"), 2);
    EXPECT_EQ(s.at("truncated"), false);
    EXPECT_EQ(s.at("elapsed_ms"), 1.5);
    EXPECT_FALSE(s.contains("truncated_reason"));
    auto text = r.at("content")[0].at("text").get<std::string>();
    EXPECT_NE(text.find("id | name"), std::string::npos) << text;
    EXPECT_NE(text.find("alpha"), std::string::npos);
    EXPECT_NE(text.find("NULL"), std::string::npos);
    EXPECT_NE(text.find("(2 rows)"), std::string::npos) << text;
}

TEST(ToolResult, TruncatedTableSaysSo) {
    auto r = table_result(sample(true));
    EXPECT_EQ(r.at("structuredContent").at("truncated_reason"), "max_rows");
    auto text = r.at("content")[0].at("text").get<std::string>();
    EXPECT_NE(text.find("(2 rows, truncated: max_rows)"), std::string::npos) << text;
}

TEST(ToolResult, OutputSchemaAcceptsTableResults) {
    std::string error;
    auto v = mcpgw::protocol::schema_validator::compile(table_output_schema(), error);
    ASSERT_TRUE(v) << error;
    EXPECT_FALSE(v->validate(table_result(sample(false)).at("structuredContent")));
    EXPECT_FALSE(v->validate(table_result(sample(true)).at("structuredContent")));
    EXPECT_TRUE(v->validate(json{{"rows", 1}}));
}

TEST(ToolResult, CellsAreCutAndKeptOnOneLine) {
    table t;
    t.columns = {{"v", "text"}};
    t.rows =
        json::array({json::array({std::string(50, 'x') + "\nsecond"}), json::array({"ééééé"})});
    auto text = render_text_table(t, 10);
    EXPECT_NE(text.find("xxxxxxxxxx…"), std::string::npos) << text;
    EXPECT_EQ(text.find("second"), std::string::npos);
    // Cutting counts characters, never splits a multi-byte sequence.
    auto cut = render_text_table(t, 3);
    EXPECT_NE(cut.find("ééé…"), std::string::npos) << cut;
    auto lines = std::count(text.begin(), text.end(), '\n');
    EXPECT_EQ(lines, 4);  // header, rule, 2 rows, then the footer without newline
}

TEST(ToolResult, EmptyTable) {
    table t;
    t.columns = {{"a", "integer"}};
    auto r = table_result(t);
    EXPECT_EQ(r.at("structuredContent").at("row_count"), 0);
    EXPECT_NE(r.at("content")[0].at("text").get<std::string>().find("(0 rows)"), std::string::npos);
}

}  // namespace
