#include <server/transports/http_helpers.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

TEST(Accepts, MatchesExactWildcardsAndParameters) {
    EXPECT_TRUE(accepts("application/json, text/event-stream", "text/event-stream"));
    EXPECT_TRUE(accepts("text/event-stream;q=0.9", "text/event-stream"));
    EXPECT_TRUE(accepts("*/*", "text/event-stream"));
    EXPECT_TRUE(accepts("text/*", "text/event-stream"));
    EXPECT_TRUE(accepts("TEXT/EVENT-STREAM", "text/event-stream"));
    EXPECT_FALSE(accepts("", "text/event-stream"));
    EXPECT_FALSE(accepts("application/json", "text/event-stream"));
    EXPECT_FALSE(accepts("application/*", "text/event-stream"));
    EXPECT_FALSE(accepts("text/event-streamx", "text/event-stream"));
}

TEST(JsonContentType, AcceptsParametersAndCase) {
    EXPECT_TRUE(is_json_content_type("application/json"));
    EXPECT_TRUE(is_json_content_type("Application/JSON; charset=utf-8"));
    EXPECT_FALSE(is_json_content_type(""));
    EXPECT_FALSE(is_json_content_type("text/plain"));
    EXPECT_FALSE(is_json_content_type("application/jsonx"));
}

}  // namespace
}  // namespace mcpgw::server
