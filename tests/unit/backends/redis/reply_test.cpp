// RESP replies as JSON: every type, binary bytes as base64, 64-bit integers, the item and
// byte caps, and the text rendering.
#include <backends/redis/reply.hpp>
#include <backends/redis/text_util.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::redis;
using json = nlohmann::json;

reply_limits big() {
    return {1000000, 1U << 30};
}

TEST(RedisReply, ScalarsMapToJson) {
    EXPECT_EQ(to_json(redis_value::string("hello"), big()).value, "hello");
    EXPECT_EQ(to_json(redis_value::status("OK"), big()).value, "OK");
    EXPECT_EQ(to_json(redis_value::number(42), big()).value, 42);
    EXPECT_EQ(to_json(redis_value::number(-7), big()).value, -7);
    EXPECT_TRUE(to_json(redis_value::nil(), big()).value.is_null());
    EXPECT_EQ(to_json(redis_value::string(""), big()).value, "");
    EXPECT_EQ(to_json(redis_value::string("h\xC3\xA9llo"), big()).value, "h\xC3\xA9llo");
}

TEST(RedisReply, LargeIntegersBecomeStrings) {
    std::int64_t exact = std::int64_t{1} << 53;
    EXPECT_EQ(to_json(redis_value::number(exact), big()).value, exact);
    EXPECT_EQ(to_json(redis_value::number(exact + 1), big()).value, "9007199254740993");
    EXPECT_EQ(to_json(redis_value::number(INT64_MIN), big()).value, "-9223372036854775808");
}

TEST(RedisReply, BinaryBytesBecomeBase64WithAMarker) {
    auto r = to_json(redis_value::string(std::string("\x00\xff\x10", 3)), big());
    EXPECT_EQ(r.value, (json{{"base64", "AP8Q"}}));
    EXPECT_EQ(to_json(redis_value::string("\xC3"), big()).value, (json{{"base64", "ww=="}}));
    // An embedded NUL is valid UTF-8 and stays a string.
    EXPECT_EQ(
        to_json(redis_value::string(std::string("a\0b", 3)), big()).value,
        std::string("a\0b", 3)
    );
    // Overlong and surrogate encodings are not UTF-8.
    EXPECT_TRUE(to_json(redis_value::string("\xC0\xAF"), big()).value.is_object());
    EXPECT_TRUE(to_json(redis_value::string("\xED\xA0\x80"), big()).value.is_object());
}

TEST(RedisReply, ArraysNestAndCarryNestedErrors) {
    auto v = redis_value::array({
        redis_value::string("a"),
        redis_value::number(1),
        redis_value::nil(),
        redis_value::array({redis_value::status("OK"), redis_value::error("WRONGTYPE x")}),
    });
    auto r = to_json(v, big());
    EXPECT_EQ(r.value, json::parse(R"(["a", 1, null, ["OK", {"error": "WRONGTYPE x"}]])"));
    EXPECT_FALSE(r.truncated);
}

TEST(RedisReply, MaxItemsCountsElementsAtAllLevels) {
    std::vector<redis_value> inner;
    for (int i = 0; i < 5; ++i) {
        inner.push_back(redis_value::number(i));
    }
    auto v = redis_value::array({redis_value::array(inner), redis_value::array(inner)});
    auto r = to_json(v, {6, 1U << 20});
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.truncated_reason, "max_items");
    // outer[0] (1) + its 5 elements = 6 items; outer[1] does not fit.
    EXPECT_EQ(r.value, json::parse("[[0,1,2,3,4]]"));
    auto whole = to_json(v, {12, 1U << 20});
    EXPECT_FALSE(whole.truncated);
}

TEST(RedisReply, MaxBytesCutsStringsOnCharacterBoundaries) {
    auto r = to_json(redis_value::string("abcdef"), {10, 4});
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.truncated_reason, "max_result_bytes");
    EXPECT_EQ(r.value, "abcd");
    // "é" is two bytes: never cut in half.
    auto u = to_json(redis_value::string("aaa\xC3\xA9"), {10, 4});
    EXPECT_EQ(u.value, "aaa");
    // Arrays stop once the budget is spent.
    auto a = to_json(
        redis_value::array({redis_value::string("xxxx"), redis_value::string("yyyy")}),
        {10, 4}
    );
    EXPECT_TRUE(a.truncated);
    EXPECT_EQ(a.value, json::parse(R"(["xxxx"])"));
}

TEST(RedisReply, TextRenderingLooksLikeRedisCli) {
    EXPECT_EQ(render_text("OK", "status"), "OK");
    EXPECT_EQ(render_text("v", "string"), "\"v\"");
    EXPECT_EQ(render_text(5, "integer"), "(integer) 5");
    EXPECT_EQ(render_text(nullptr, "null"), "(nil)");
    EXPECT_EQ(render_text(json::array(), "array"), "(empty array)");
    EXPECT_EQ(
        render_text(json::parse(R"(["a", ["b", 2]])"), "array"),
        "1) \"a\"\n2) 1) \"b\"\n   2) (integer) 2"
    );
    EXPECT_EQ(render_text(json{{"base64", "AP8Q"}}, "string"), "(base64) AP8Q");
}

TEST(RedisText, HelpersBehave) {
    EXPECT_EQ(ascii_lower("FlUsHaLl"), "flushall");
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(scrub("bad pw s3cret and s3cret", "s3cret"), "bad pw *** and ***");
    EXPECT_EQ(scrub("nothing", ""), "nothing");
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));
}

}  // namespace
