// Placeholders in config-declared Redis commands stay inside their one argument.
#include <backends/redis/command_template.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::redis;

TEST(RedisCommandTemplate, SubstitutesInsideOneArgument) {
    auto t = parse_command_template({"HGET", "user:{id}", "name"});
    EXPECT_EQ(t.names, (std::vector<std::string>{"id"}));
    EXPECT_TRUE(t.literal(0));
    EXPECT_FALSE(t.literal(1));
    EXPECT_EQ(t.shown(1), "user:{id}");
    auto argv = expand(t, {{"id", "42"}});
    EXPECT_EQ(argv, (std::vector<std::string>{"HGET", "user:42", "name"}));
}

TEST(RedisCommandTemplate, HostileValuesStayOneArgument) {
    auto t = parse_command_template({"GET", "k:{v}"});
    std::string hostile = "x\r\n*1\r\n$8\r\nFLUSHALL\r\n DEL k";
    auto argv = expand(t, {{"v", hostile}});
    ASSERT_EQ(argv.size(), 2U);
    EXPECT_EQ(argv[1], "k:" + hostile);
}

TEST(RedisCommandTemplate, SeveralPlaceholdersAndBraces) {
    auto t = parse_command_template({"ZRANGE", "{{tag}}:{a}-{b}", "{a}"});
    EXPECT_EQ(t.names, (std::vector<std::string>{"a", "b"}));
    auto argv = expand(t, {{"a", "1"}, {"b", "2"}});
    EXPECT_EQ(argv, (std::vector<std::string>{"ZRANGE", "{tag}:1-2", "1"}));
    // A value that looks like a placeholder is not expanded again.
    argv = expand(t, {{"a", "{b}"}, {"b", "x"}});
    EXPECT_EQ(argv[1], "{tag}:{b}-x");
    // Empty elements and empty values are fine.
    auto e = parse_command_template({"GET", ""});
    EXPECT_EQ(expand(e, {}), (std::vector<std::string>{"GET", ""}));
}

TEST(RedisCommandTemplate, BadBracesAreErrorsWithTheirIndex) {
    auto index_of = [](std::vector<std::string> elements) -> long {
        try {
            parse_command_template(elements);
        } catch (const template_error& e) {
            return static_cast<long>(e.index);
        }
        return -1;
    };
    EXPECT_EQ(index_of({"GET", "{id"}), 1);
    EXPECT_EQ(index_of({"GET", "a", "id}"}), 2);
    EXPECT_EQ(index_of({"GET", "{}"}), 1);
    EXPECT_EQ(index_of({"GET", "{1a}"}), 1);
    EXPECT_EQ(index_of({"GET", "{a b}"}), 1);
    EXPECT_EQ(index_of({"GET", "{ok}"}), -1);
}

}  // namespace
