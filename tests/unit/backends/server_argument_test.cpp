#include "fake_call_context.hpp"

#include <backends/core/server_argument.hpp>
#include <backends/core/tool_result.hpp>
#include <protocol/json_schema.hpp>

#include <memory>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends;
using test::fake_source;

std::shared_ptr<source> make(std::string name, access_mode a) {
    return std::make_shared<fake_source>(std::move(name), "sqlite", a);
}

TEST(ServerArgument, OneServerIsOptionalAndDefault) {
    server_argument arg({make("demo", access_mode::read_only)});
    EXPECT_FALSE(arg.required());
    auto s = arg.schema();
    EXPECT_EQ(s.at("type"), "string");
    EXPECT_EQ(s.at("enum"), json::array({"demo"}));
    EXPECT_EQ(s.at("default"), "demo");
    EXPECT_NE(s.at("description").get<std::string>().find("demo (read_only)"), std::string::npos);

    json input = {
        {"type", "object"},
        {"properties", {{"sql", {{"type", "string"}}}}},
        {"required", {"sql"}}};
    arg.add_to(input);
    EXPECT_TRUE(input["properties"].contains("server"));
    EXPECT_EQ(input["required"], json::array({"sql"}));

    auto resolved = arg.resolve(json::object());
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<source>>(resolved));
    EXPECT_EQ(std::get<std::shared_ptr<source>>(resolved)->name(), "demo");
}

TEST(ServerArgument, SeveralServersAreRequired) {
    server_argument arg({make("a", access_mode::read_only), make("b", access_mode::read_write)});
    EXPECT_TRUE(arg.required());
    auto s = arg.schema();
    EXPECT_FALSE(s.contains("default"));
    EXPECT_NE(s.at("description").get<std::string>().find("b (read_write)"), std::string::npos);
    json input = {{"type", "object"}, {"properties", json::object()}};
    arg.add_to(input);
    EXPECT_EQ(input["required"], json::array({"server"}));

    std::string error;
    auto v = mcpgw::protocol::schema_validator::compile(input, error);
    ASSERT_TRUE(v) << error;
    EXPECT_FALSE(v->validate(json{{"server", "b"}}));
    EXPECT_TRUE(v->validate(json{{"server", "c"}}));
    EXPECT_TRUE(v->validate(json::object()));

    auto missing = arg.resolve(json::object());
    ASSERT_TRUE(std::holds_alternative<json>(missing));
    EXPECT_EQ(test::error_code_of(std::get<json>(missing)), "invalid_argument");
    EXPECT_EQ(std::get<json>(missing)["_meta"]["mcpgw/error"]["field"], "server");

    auto b = arg.resolve(json{{"server", "b"}});
    ASSERT_TRUE(std::holds_alternative<std::shared_ptr<source>>(b));
    EXPECT_EQ(std::get<std::shared_ptr<source>>(b)->name(), "b");
}

TEST(ServerArgument, UnknownServerNamesTheField) {
    server_argument arg({make("a", access_mode::read_only)});
    auto r = arg.resolve(json{{"server", "nope"}});
    ASSERT_TRUE(std::holds_alternative<json>(r));
    const auto& e = std::get<json>(r)["_meta"]["mcpgw/error"];
    EXPECT_EQ(e["code"], "invalid_argument");
    EXPECT_EQ(e["field"], "server");
    EXPECT_NE(e["message"].get<std::string>().find("nope"), std::string::npos);
    auto wrong_type = arg.resolve(json{{"server", 3}});
    EXPECT_TRUE(std::holds_alternative<json>(wrong_type));
}

TEST(ServerArgument, Annotations) {
    server_argument ro({make("a", access_mode::read_only), make("b", access_mode::read_only)});
    EXPECT_EQ(ro.annotations()["readOnlyHint"], true);
    EXPECT_EQ(ro.annotations()["destructiveHint"], false);
    EXPECT_EQ(ro.annotations()["openWorldHint"], true);
    server_argument mixed({make("a", access_mode::read_only), make("b", access_mode::read_write)});
    EXPECT_EQ(mixed.annotations()["readOnlyHint"], false);
    EXPECT_EQ(mixed.annotations()["destructiveHint"], true);
}

TEST(ServerArgument, EmptyIsABug) {
    EXPECT_THROW(server_argument({}), std::logic_error);
}

}  // namespace
