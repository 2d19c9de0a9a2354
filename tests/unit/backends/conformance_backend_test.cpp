#include "conformance_fake_context.hpp"

#include <backends/conformance/conformance_backend.hpp>
#include <backends/core/catalog.hpp>
#include <protocol/json_schema.hpp>

#include <algorithm>
#include <chrono>
#include <set>

#include <gtest/gtest.h>

namespace mcpgw::backends::conformance_test {
namespace {

using namespace std::chrono_literals;

config_node server_node(const std::string& yaml, int index = 0) {
    return config_node(YAML::Load(yaml), "test.yaml", "servers[" + std::to_string(index) + "]");
}

contribution build_fixtures() {
    auto factory = conformance::conformance_backend_factory();
    return factory.build({server_node("{name: fixtures, type: conformance}")}, {}, {});
}

class conformance_fixtures : public ::testing::Test {
protected:
    contribution parts = build_fixtures();
    fake_context ctx;

    const tool& find_tool(const std::string& name) const {
        for (const auto& t : parts.tools) {
            if (t->name() == name) {
                return *t;
            }
        }
        throw std::runtime_error("no tool " + name);
    }
    const prompt& find_prompt(const std::string& name) const {
        for (const auto& p : parts.prompts) {
            if (p->name() == name) {
                return *p;
            }
        }
        throw std::runtime_error("no prompt " + name);
    }
    json call(const std::string& name, json arguments = json::object()) {
        return run(find_tool(name).invoke(ctx, std::move(arguments)));
    }
    const resource_provider& resources() const { return *parts.resources.at(0); }
};

std::string first_text(const json& result) {
    return result.at("content").at(0).at("text").get<std::string>();
}

// --- factory -------------------------------------------------------------------------------

TEST(conformance_factory, is_off_without_servers) {
    auto factory = conformance::conformance_backend_factory();
    EXPECT_EQ(factory.type, "conformance");
    auto parts = factory.build({}, {}, {});
    EXPECT_TRUE(parts.sources.empty());
    EXPECT_TRUE(parts.tools.empty());
    EXPECT_TRUE(parts.resources.empty());
    EXPECT_TRUE(parts.prompts.empty());
}

TEST(conformance_factory, contributes_source_tools_resources_prompts) {
    auto parts = build_fixtures();
    ASSERT_EQ(parts.sources.size(), 1u);
    EXPECT_EQ(parts.sources[0]->name(), "fixtures");
    EXPECT_EQ(parts.sources[0]->type(), "conformance");
    EXPECT_EQ(parts.sources[0]->health().state, health_state::ok);
    EXPECT_EQ(parts.tools.size(), 14u);
    EXPECT_EQ(parts.resources.size(), 1u);
    EXPECT_EQ(parts.prompts.size(), 4u);
}

TEST(conformance_factory, rejects_unknown_keys_second_server_and_tools) {
    auto factory = conformance::conformance_backend_factory();
    EXPECT_THROW(
        factory.build({server_node("{name: f, type: conformance, path: /x}")}, {}, {}),
        config_error
    );
    EXPECT_THROW(
        factory.build(
            {server_node("{name: a, type: conformance}"),
             server_node("{name: b, type: conformance}", 1)},
            {},
            {}
        ),
        config_error
    );
    auto tool_entry = config_node(YAML::Load("{name: t, server: f}"), "test.yaml", "tools[0]");
    EXPECT_THROW(
        factory.build({server_node("{name: f, type: conformance}")}, {tool_entry}, {}),
        config_error
    );
}

// --- tools/list ----------------------------------------------------------------------------

TEST_F(conformance_fixtures, tools_have_the_suite_names_descriptions_and_object_schemas) {
    const std::set<std::string> expected = {
        "json_schema_2020_12_tool",
        "test_audio_content",
        "test_elicitation",
        "test_elicitation_sep1034_defaults",
        "test_elicitation_sep1330_enums",
        "test_embedded_resource",
        "test_error_handling",
        "test_image_content",
        "test_multiple_content_types",
        "test_reconnection",
        "test_sampling",
        "test_simple_text",
        "test_tool_with_logging",
        "test_tool_with_progress",
    };
    std::set<std::string> names;
    for (const auto& t : parts.tools) {
        const auto& d = t->definition();
        names.insert(t->name());
        EXPECT_FALSE(d.at("description").get<std::string>().empty()) << t->name();
        EXPECT_EQ(d.at("inputSchema").at("type"), "object") << t->name();
    }
    EXPECT_EQ(names, expected);
}

TEST_F(conformance_fixtures, catalog_compiles_every_input_schema) {
    auto c = catalog::build({build_fixtures()});
    ASSERT_NE(c->find_tool("json_schema_2020_12_tool"), nullptr);
    const auto& v = c->find_tool("json_schema_2020_12_tool")->input_validator;
    EXPECT_FALSE(v.validate({{"name", "n"}, {"address", {{"city", "c"}}}}).has_value());
    EXPECT_TRUE(v.validate({{"extra", 1}}).has_value());
    EXPECT_TRUE(v.validate({{"address", {{"city", 5}}}}).has_value());  // through $ref
    EXPECT_TRUE(c->find_tool("test_sampling")->input_validator.validate(json::object()).has_value()
    );
}

TEST_F(conformance_fixtures, json_schema_2020_12_tool_keeps_the_exact_schema) {
    const json expected = json::parse(R"({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {"address": {"type": "object", "properties": {
            "street": {"type": "string"}, "city": {"type": "string"}}}},
        "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
        "additionalProperties": false
    })");
    EXPECT_EQ(find_tool("json_schema_2020_12_tool").definition().at("inputSchema"), expected);
    auto r = call("json_schema_2020_12_tool", {{"name", "x"}});
    EXPECT_EQ(first_text(r), R"(JSON Schema 2020-12 tool called with: {"name":"x"})");
}

// --- fixed content -------------------------------------------------------------------------

TEST_F(conformance_fixtures, simple_text) {
    auto r = call("test_simple_text");
    EXPECT_EQ(r.at("content").size(), 1u);
    EXPECT_EQ(r.at("content")[0].at("type"), "text");
    EXPECT_EQ(first_text(r), "This is a simple text response for testing.");
    EXPECT_FALSE(r.value("isError", false));
}

TEST_F(conformance_fixtures, image_and_audio) {
    auto image = call("test_image_content").at("content").at(0);
    EXPECT_EQ(image.at("type"), "image");
    EXPECT_EQ(image.at("mimeType"), "image/png");
    EXPECT_TRUE(image.at("data").get<std::string>().starts_with("iVBORw0KGgo"));  // PNG magic
    auto audio = call("test_audio_content").at("content").at(0);
    EXPECT_EQ(audio.at("type"), "audio");
    EXPECT_EQ(audio.at("mimeType"), "audio/wav");
    EXPECT_TRUE(audio.at("data").get<std::string>().starts_with("UklGR"));  // "RIFF"
}

TEST_F(conformance_fixtures, embedded_resource) {
    auto item = call("test_embedded_resource").at("content").at(0);
    EXPECT_EQ(item.at("type"), "resource");
    EXPECT_EQ(
        item.at("resource"),
        json(
            {{"uri", "test://embedded-resource"},
             {"mimeType", "text/plain"},
             {"text", "This is an embedded resource content."}}
        )
    );
}

TEST_F(conformance_fixtures, multiple_content_types) {
    auto content = call("test_multiple_content_types").at("content");
    ASSERT_EQ(content.size(), 3u);
    EXPECT_EQ(content[0], json({{"type", "text"}, {"text", "Multiple content types test:"}}));
    EXPECT_EQ(content[1].at("type"), "image");
    EXPECT_EQ(content[2].at("type"), "resource");
    EXPECT_EQ(content[2].at("resource").at("uri"), "test://mixed-content-resource");
    EXPECT_EQ(content[2].at("resource").at("mimeType"), "application/json");
    EXPECT_EQ(
        json::parse(content[2].at("resource").at("text").get<std::string>()),
        json({{"test", "data"}, {"value", 123}})
    );
}

TEST_F(conformance_fixtures, error_handling_is_an_error_result) {
    auto r = call("test_error_handling");
    EXPECT_EQ(r.at("isError"), true);
    EXPECT_NE(
        first_text(r).find("This tool intentionally returns an error for testing"),
        std::string::npos
    );
}

// --- notifications -------------------------------------------------------------------------

TEST_F(conformance_fixtures, logging_sends_three_info_messages_with_gaps) {
    auto r = call("test_tool_with_logging");
    EXPECT_EQ(first_text(r), "Tool with logging executed successfully");
    ASSERT_EQ(ctx.logs.size(), 3u);
    EXPECT_EQ(ctx.logs[0].data, "Tool execution started");
    EXPECT_EQ(ctx.logs[1].data, "Tool processing data");
    EXPECT_EQ(ctx.logs[2].data, "Tool execution completed");
    for (const auto& l : ctx.logs) {
        EXPECT_EQ(l.level, log_level::info);
    }
    EXPECT_GE(ctx.logs[1].at - ctx.logs[0].at, 45ms);
    EXPECT_GE(ctx.logs[2].at - ctx.logs[1].at, 45ms);
}

TEST_F(conformance_fixtures, progress_reports_0_50_100_of_100) {
    auto r = call("test_tool_with_progress");
    EXPECT_FALSE(r.value("isError", false));
    ASSERT_EQ(ctx.progress_calls.size(), 3u);
    EXPECT_EQ(ctx.progress_calls[0].progress, 0);
    EXPECT_EQ(ctx.progress_calls[1].progress, 50);
    EXPECT_EQ(ctx.progress_calls[2].progress, 100);
    for (const auto& p : ctx.progress_calls) {
        EXPECT_EQ(p.total, 100);
    }
    EXPECT_GE(ctx.progress_calls[2].at - ctx.progress_calls[0].at, 90ms);
}

TEST_F(conformance_fixtures, reconnection_closes_the_stream_before_the_result) {
    auto start = std::chrono::steady_clock::now();
    auto r = call("test_reconnection");
    EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
    EXPECT_EQ(ctx.stream_closes, 1);
    EXPECT_EQ(ctx.events, std::vector<std::string>{"close_stream"});
    EXPECT_NE(first_text(r).find("Reconnection test completed successfully"), std::string::npos);
}

// --- server-to-client requests -------------------------------------------------------------

TEST_F(conformance_fixtures, sampling_sends_the_prompt_and_echoes_the_answer) {
    ctx.replies["sampling/createMessage"] = json{
        {"role", "assistant"},
        {"content", {{"type", "text"}, {"text", "This is a test response from the client"}}},
        {"model", "test-model"},
        {"stopReason", "endTurn"},
    };
    auto r = call("test_sampling", {{"prompt", "Test prompt for sampling"}});
    ASSERT_EQ(ctx.requests.size(), 1u);
    EXPECT_EQ(ctx.requests[0].method, "sampling/createMessage");
    EXPECT_EQ(
        ctx.requests[0].params,
        json::parse(R"({"messages":[{"role":"user","content":{"type":"text",
            "text":"Test prompt for sampling"}}],"maxTokens":100})")
    );
    EXPECT_EQ(first_text(r), "LLM response: This is a test response from the client");
}

TEST_F(conformance_fixtures, sampling_without_capability_or_with_client_error_is_an_error) {
    ctx.capabilities = json::object();
    auto r = call("test_sampling", {{"prompt", "p"}});
    EXPECT_EQ(r.at("isError"), true);
    EXPECT_TRUE(ctx.requests.empty());

    ctx.capabilities = {{"sampling", json::object()}};
    ctx.replies["sampling/createMessage"] = client_error{-1, "User rejected sampling request"};
    r = call("test_sampling", {{"prompt", "p"}});
    EXPECT_EQ(r.at("isError"), true);
    EXPECT_NE(first_text(r).find("User rejected"), std::string::npos);
}

// The suite's client validates its own answer against requestedSchema before replying.
void expect_answer_fits(const json& params, const json& answer) {
    ASSERT_TRUE(params.contains("message"));
    std::string error;
    auto v = protocol::schema_validator::compile(params.at("requestedSchema"), error);
    ASSERT_TRUE(v.has_value()) << error;
    auto violation = v->validate(answer);
    EXPECT_FALSE(violation.has_value()) << (violation ? violation->message : "");
}

TEST_F(conformance_fixtures, elicitation_asks_for_username_and_email) {
    json answer = {{"username", "testuser"}, {"email", "test@example.com"}};
    ctx.replies["elicitation/create"] = json{{"action", "accept"}, {"content", answer}};
    auto r = call("test_elicitation", {{"message", "Please provide your information"}});
    ASSERT_EQ(ctx.requests.size(), 1u);
    const auto& params = ctx.requests[0].params;
    EXPECT_EQ(ctx.requests[0].method, "elicitation/create");
    EXPECT_EQ(params.at("message"), "Please provide your information");
    EXPECT_EQ(params.at("requestedSchema").at("required"), json({"username", "email"}));
    expect_answer_fits(params, answer);
    EXPECT_EQ(first_text(r), "User response: action=accept, content=" + answer.dump());
}

TEST_F(conformance_fixtures, elicitation_without_capability_is_an_error) {
    ctx.capabilities = {{"sampling", json::object()}};
    auto r = call("test_elicitation", {{"message", "m"}});
    EXPECT_EQ(r.at("isError"), true);
    EXPECT_TRUE(ctx.requests.empty());
}

TEST_F(conformance_fixtures, elicitation_sep1034_sends_defaults_for_every_primitive) {
    json answer = {
        {"name", "Jane Smith"},
        {"age", 25},
        {"score", 88},
        {"status", "inactive"},
        {"verified", false}};
    ctx.replies["elicitation/create"] = json{{"action", "accept"}, {"content", answer}};
    auto r = call("test_elicitation_sep1034_defaults");
    ASSERT_EQ(ctx.requests.size(), 1u);
    const auto& props = ctx.requests[0].params.at("requestedSchema").at("properties");
    EXPECT_EQ(props.at("name").at("type"), "string");
    EXPECT_EQ(props.at("name").at("default"), "John Doe");
    EXPECT_EQ(props.at("age").at("type"), "integer");
    EXPECT_EQ(props.at("age").at("default"), 30);
    EXPECT_EQ(props.at("score").at("type"), "number");
    EXPECT_EQ(props.at("score").at("default"), 95.5);
    EXPECT_EQ(props.at("status").at("enum"), json({"active", "inactive", "pending"}));
    EXPECT_EQ(props.at("status").at("default"), "active");
    EXPECT_EQ(props.at("verified").at("type"), "boolean");
    EXPECT_EQ(props.at("verified").at("default"), true);
    expect_answer_fits(ctx.requests[0].params, answer);
    EXPECT_EQ(first_text(r), "Elicitation completed: action=accept, content=" + answer.dump());
}

TEST_F(conformance_fixtures, elicitation_sep1330_sends_the_five_enum_shapes) {
    json answer = {
        {"untitledSingle", "option1"},
        {"titledSingle", "value1"},
        {"legacyEnum", "opt1"},
        {"untitledMulti", {"option1", "option2"}},
        {"titledMulti", {"value1", "value2"}},
    };
    ctx.replies["elicitation/create"] = json{{"action", "accept"}, {"content", answer}};
    auto r = call("test_elicitation_sep1330_enums");
    ASSERT_EQ(ctx.requests.size(), 1u);
    const auto& p = ctx.requests[0].params.at("requestedSchema").at("properties");
    EXPECT_EQ(p.at("untitledSingle").at("type"), "string");
    EXPECT_TRUE(p.at("untitledSingle").at("enum").is_array());
    EXPECT_FALSE(p.at("untitledSingle").contains("oneOf"));
    EXPECT_FALSE(p.at("titledSingle").contains("enum"));
    for (const auto& option : p.at("titledSingle").at("oneOf")) {
        EXPECT_TRUE(option.at("const").is_string() && option.at("title").is_string());
    }
    EXPECT_EQ(p.at("legacyEnum").at("enumNames").size(), p.at("legacyEnum").at("enum").size());
    EXPECT_EQ(p.at("untitledMulti").at("type"), "array");
    EXPECT_EQ(p.at("untitledMulti").at("items").at("type"), "string");
    EXPECT_TRUE(p.at("untitledMulti").at("items").at("enum").is_array());
    EXPECT_EQ(p.at("titledMulti").at("type"), "array");
    EXPECT_FALSE(p.at("titledMulti").at("items").contains("enum"));
    for (const auto& option : p.at("titledMulti").at("items").at("anyOf")) {
        EXPECT_TRUE(option.at("const").is_string() && option.at("title").is_string());
    }
    expect_answer_fits(ctx.requests[0].params, answer);
    EXPECT_TRUE(first_text(r).starts_with("Elicitation completed: action=accept, content="));
}

// --- resources -----------------------------------------------------------------------------

TEST_F(conformance_fixtures, resources_list_and_templates) {
    std::set<std::string> uris;
    for (const auto& r : resources().resources()) {
        uris.insert(r.at("uri").get<std::string>());
        EXPECT_FALSE(r.at("name").get<std::string>().empty());
        EXPECT_FALSE(r.at("description").get<std::string>().empty());
    }
    EXPECT_EQ(
        uris,
        (std::set<std::string>{
            "test://static-text",
            "test://static-binary",
            "test://watched-resource"})
    );
    auto templates = resources().resource_templates();
    ASSERT_EQ(templates.size(), 1u);
    EXPECT_EQ(templates[0].at("uriTemplate"), "test://template/{id}/data");
}

TEST_F(conformance_fixtures, resources_ownership) {
    EXPECT_TRUE(resources().owns("test://static-text"));
    EXPECT_TRUE(resources().owns("test://watched-resource"));
    EXPECT_TRUE(resources().owns("test://template/123/data"));
    EXPECT_FALSE(resources().owns("test://template//data"));
    EXPECT_FALSE(resources().owns("test://template/1/2/data"));
    EXPECT_FALSE(resources().owns("test://other"));
}

TEST_F(conformance_fixtures, resources_read_text_binary_and_template) {
    auto text = std::get<json>(run(resources().read("test://static-text")));
    EXPECT_EQ(text, json::parse(R"({"contents":[{"uri":"test://static-text","mimeType":"text/plain",
            "text":"This is the content of the static text resource."}]})"));
    auto binary =
        std::get<json>(run(resources().read("test://static-binary"))).at("contents").at(0);
    EXPECT_EQ(binary.at("mimeType"), "image/png");
    EXPECT_FALSE(binary.at("blob").get<std::string>().empty());
    EXPECT_FALSE(binary.contains("text"));
    auto tmpl =
        std::get<json>(run(resources().read("test://template/123/data"))).at("contents").at(0);
    EXPECT_EQ(tmpl.at("uri"), "test://template/123/data");
    EXPECT_EQ(tmpl.at("mimeType"), "application/json");
    EXPECT_EQ(tmpl.at("text"), R"({"id":"123","templateTest":true,"data":"Data for ID: 123"})");
    auto missing = run(resources().read("test://nothing"));
    ASSERT_TRUE(std::holds_alternative<lookup_error>(missing));
    EXPECT_EQ(std::get<lookup_error>(missing).what, lookup_error::kind::not_found);
}

TEST_F(conformance_fixtures, resource_template_completion) {
    EXPECT_EQ(
        resources().complete("test://template/{id}/data", "id", "4"),
        std::vector<std::string>{"456"}
    );
    EXPECT_EQ(resources().complete("test://template/{id}/data", "id", "").size(), 3u);
    EXPECT_TRUE(resources().complete("test://template/{id}/data", "other", "").empty());
    EXPECT_TRUE(resources().complete("test://x/{id}", "id", "").empty());
}

// --- prompts -------------------------------------------------------------------------------

TEST_F(conformance_fixtures, prompts_have_descriptions_and_declared_arguments) {
    for (const auto& p : parts.prompts) {
        EXPECT_FALSE(p->definition().at("description").get<std::string>().empty()) << p->name();
    }
    const auto& args = find_prompt("test_prompt_with_arguments").definition().at("arguments");
    ASSERT_EQ(args.size(), 2u);
    EXPECT_EQ(args[0].at("name"), "arg1");
    EXPECT_EQ(args[0].at("required"), true);
    EXPECT_EQ(args[1].at("name"), "arg2");
    EXPECT_FALSE(find_prompt("test_simple_prompt").definition().contains("arguments"));
}

TEST_F(conformance_fixtures, prompt_simple) {
    auto r = std::get<json>(run(find_prompt("test_simple_prompt").get(json::object())));
    EXPECT_EQ(r, json::parse(R"({"messages":[{"role":"user","content":{"type":"text",
            "text":"This is a simple prompt for testing."}}]})"));
}

TEST_F(conformance_fixtures, prompt_with_arguments_substitutes_and_requires_them) {
    const auto& p = find_prompt("test_prompt_with_arguments");
    auto r = std::get<json>(run(p.get({{"arg1", "testValue1"}, {"arg2", "testValue2"}})));
    EXPECT_EQ(
        r.at("messages").at(0).at("content").at("text"),
        "Prompt with arguments: arg1='testValue1', arg2='testValue2'"
    );
    auto missing = run(p.get({{"arg1", "x"}}));
    ASSERT_TRUE(std::holds_alternative<lookup_error>(missing));
    EXPECT_EQ(std::get<lookup_error>(missing).what, lookup_error::kind::invalid);
}

TEST_F(conformance_fixtures, prompt_with_embedded_resource) {
    const auto& p = find_prompt("test_prompt_with_embedded_resource");
    auto r = std::get<json>(run(p.get({{"resourceUri", "test://example-resource"}})));
    const auto& messages = r.at("messages");
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].at("content").at("type"), "resource");
    EXPECT_EQ(messages[0].at("content").at("resource").at("uri"), "test://example-resource");
    EXPECT_EQ(messages[1].at("content").at("text"), "Please process the embedded resource above.");
    EXPECT_TRUE(std::holds_alternative<lookup_error>(run(p.get(json::object()))));
}

TEST_F(conformance_fixtures, prompt_with_image) {
    auto r = std::get<json>(run(find_prompt("test_prompt_with_image").get(json::object())));
    const auto& content = r.at("messages").at(0).at("content");
    EXPECT_EQ(content.at("type"), "image");
    EXPECT_EQ(content.at("mimeType"), "image/png");
    EXPECT_FALSE(content.at("data").get<std::string>().empty());
}

TEST_F(conformance_fixtures, prompt_argument_completion) {
    const auto& p = find_prompt("test_prompt_with_arguments");
    EXPECT_EQ(
        p.complete("arg1", "test"),
        (std::vector<std::string>{"test", "testValue1", "testing"})
    );
    EXPECT_EQ(p.complete("arg1", "par"), (std::vector<std::string>{"paris", "park", "party"}));
    EXPECT_TRUE(p.complete("nope", "").empty());
    EXPECT_TRUE(find_prompt("test_simple_prompt").complete("x", "").empty());
}

}  // namespace
}  // namespace mcpgw::backends::conformance_test
