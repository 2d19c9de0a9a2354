#include <server/mcp/pagination.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

TEST(Pagination, WalksPagesWithOpaqueCursors) {
    auto first = std::get<page>(paginate(nlohmann::json::object(), 250, 100));
    EXPECT_EQ(first.begin, 0u);
    EXPECT_EQ(first.end, 100u);
    ASSERT_TRUE(first.next_cursor);
    auto second = std::get<page>(paginate({{"cursor", *first.next_cursor}}, 250, 100));
    EXPECT_EQ(second.begin, 100u);
    auto third = std::get<page>(paginate({{"cursor", *second.next_cursor}}, 250, 100));
    EXPECT_EQ(third.end, 250u);
    EXPECT_FALSE(third.next_cursor);
}

TEST(Pagination, NullOrMissingCursorStartsAtZero) {
    EXPECT_EQ(std::get<page>(paginate(nullptr, 3, 100)).end, 3u);
    EXPECT_EQ(std::get<page>(paginate({{"cursor", nullptr}}, 3, 100)).begin, 0u);
}

TEST(Pagination, ForeignCursorsAreInvalidParams) {
    for (const nlohmann::json& cursor :
         {nlohmann::json("x"),
          nlohmann::json("p:"),
          nlohmann::json("p:-1"),
          nlohmann::json("p:999"),
          nlohmann::json("p:1x"),
          nlohmann::json(5)}) {
        auto r = paginate({{"cursor", cursor}}, 10, 100);
        ASSERT_TRUE(std::holds_alternative<protocol::rpc_error>(r)) << cursor;
        EXPECT_EQ(std::get<protocol::rpc_error>(r).code, -32602);
    }
}

}  // namespace
}  // namespace mcpgw::server
