// How Redis reads one argument (option words through strcasecmp, integers through string2ll)
// and its option loop, table-driven. The integration suite checks the same readings against
// a real Redis (RedisOptionEscape).
#include <backends/redis/arguments.hpp>

#include <cstdint>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::redis;
using namespace std::string_literals;

TEST(RedisArguments, OptionWordsStopAtTheFirstNul) {
    struct row {
        std::string arg;
        std::string word;
    };
    const std::vector<row> rows{
        {"STORE", "store"},
        {"sToRe", "store"},
        {"STORE\0"s, "store"},
        {"STORE\0dst"s, "store"},
        {"BLOCK\0\0"s, "block"},
        {"\0STORE"s, ""},
        {"STORE ", "store "},
        {"STORE\r\n", "store\r\n"},
        {"\xc3\x89TAT", "\xc3\x89tat"},  // only ASCII is folded, as in the C locale
        {"", ""},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(option_word(r.arg), r.word) << r.arg;
        EXPECT_TRUE(is_word(r.arg, r.word)) << r.arg;
    }
    EXPECT_TRUE(is_word("STORE\0x"s, "store"));
    EXPECT_FALSE(is_word("STOREx", "store"));
    EXPECT_FALSE(is_word("STOR", "store"));
    EXPECT_FALSE(is_word("STOR\0E"s, "store"));
    EXPECT_FALSE(is_word("", "store"));
}

TEST(RedisArguments, NulDisguisedNeedsAWordBeforeTheNul) {
    EXPECT_TRUE(nul_disguised("STORE\0"s));
    EXPECT_TRUE(nul_disguised("a\0b"s));
    EXPECT_FALSE(nul_disguised("\0STORE"s));
    EXPECT_FALSE(nul_disguised("STORE"));
    EXPECT_FALSE(nul_disguised(""));
}

TEST(RedisArguments, IntegersFollowString2ll) {
    struct row {
        std::string text;
        std::optional<std::int64_t> value;
    };
    const std::vector<row> rows{
        {"0", 0},
        {"10", 10},
        {"-80000000", -80000000},
        {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN},
        {"9223372036854775808", std::nullopt},
        {"-9223372036854775809", std::nullopt},
        {"18446744073709551616", std::nullopt},
        {"00", std::nullopt},
        {"010", std::nullopt},
        {"-0", std::nullopt},
        {"+5", std::nullopt},
        {" 5", std::nullopt},
        {"5 ", std::nullopt},
        {"5\0"s, std::nullopt},
        {"1e9", std::nullopt},
        {"0x10", std::nullopt},
        {"-", std::nullopt},
        {"", std::nullopt},
        {"123456789012345678901", std::nullopt},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(redis_integer(r.text), r.value) << r.text;
    }
}

TEST(RedisArguments, DocumentedOptionsPerCommand) {
    EXPECT_TRUE(documented_option("sort", "store"));
    EXPECT_FALSE(documented_option("sort_ro", "store"));
    EXPECT_TRUE(documented_option("xread", "block"));
    EXPECT_TRUE(documented_option("georadiusbymember", "storedist"));
    EXPECT_TRUE(documented_option("client|kill", "user"));
    EXPECT_FALSE(documented_option("get", "store"));  // GET has no options
    EXPECT_FALSE(documented_option("hget", "count"));
    // A command the recorded table does not know: any documented option word.
    EXPECT_TRUE(documented_option("newcommand", "store"));
    EXPECT_FALSE(documented_option("newcommand", "user:1"));
}

TEST(RedisArguments, OptionLoopReadsLikeRedis) {
    const std::initializer_list<option_rule> sort{
        {"asc", 0},
        {"desc", 0},
        {"alpha", 0},
        {"limit", 2},
        {"store", 1},
        {"by", 1},
        {"get", 1}};
    // SORT key BY store: "store" is BY's pattern, not the option.
    auto s = scan_options({"k", "BY", "store"}, 1, sort);
    EXPECT_TRUE(s.complete);
    EXPECT_FALSE(s.has("store"));
    EXPECT_EQ(s.values_of("by"), std::vector<std::size_t>{2});

    s = scan_options({"k", "LIMIT", "0", "5", "STORE\0"s, "d"}, 1, sort);
    EXPECT_TRUE(s.complete);
    EXPECT_TRUE(s.has("store"));
    EXPECT_EQ(s.values_of("store"), std::vector<std::size_t>{5});

    // A word without its values is Redis's syntax error.
    s = scan_options({"k", "STORE"}, 1, sort);
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.failed_at, 1U);
    s = scan_options({"k", "ALPHA", "nope", "STORE", "d"}, 1, sort);
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.failed_at, 2U);

    // XREADGROUP: GROUP takes two values, even one spelled "streams"; STREAMS ends the loop.
    const std::initializer_list<option_rule> xrg{
        {"block", 1},
        {"count", 1},
        {"streams", 0, true},
        {"group", 2},
        {"noack", 0}};
    s = scan_options({"GROUP", "streams", "c", "BLOCK", "0", "STREAMS", "block", ">"}, 0, xrg);
    EXPECT_TRUE(s.complete);
    EXPECT_TRUE(s.has("block"));
    ASSERT_TRUE(s.stopped_at);
    EXPECT_EQ(*s.stopped_at, 5U);
    // STREAMS needs something after it.
    s = scan_options({"COUNT", "1", "STREAMS"}, 0, xrg);
    EXPECT_FALSE(s.complete);
}

}  // namespace
