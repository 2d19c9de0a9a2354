// Tools that ask the client something mid-call (tools-call-sampling, tools-call-elicitation,
// elicitation-sep1034-defaults, elicitation-sep1330-enums).

#include "fixture_tool.hpp"
#include "tools.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::conformance {

namespace {

using boost::asio::awaitable;

json string_property(const char* description) {
    return {{"type", "string"}, {"description", description}};
}

json required_string_schema(const char* name, const char* description) {
    return {
        {"type", "object"},
        {"properties", {{name, string_property(description)}}},
        {"required", json::array({name})},
    };
}

bool client_supports(const call_context& ctx, const char* capability) {
    const json& caps = ctx.client_capabilities();
    return caps.is_object() && caps.contains(capability);
}

json client_failure(const char* what, const client_error& e) {
    return error_result(
        error_code::unavailable,
        std::string(what) + " failed: " + e.message + " (" + std::to_string(e.code) + ")"
    );
}

// CreateMessageResult.content is one block, or (with sampling tools) an array of blocks.
std::string sampled_text(const json& result) {
    auto content = result.value("content", json());
    if (content.is_array() && !content.empty()) {
        content = content.front();
    }
    if (content.is_object() && content.value("type", "") == "text") {
        return content.value("text", "");
    }
    return "No response";
}

awaitable<json> sampling(call_context& ctx, json arguments) {
    if (!client_supports(ctx, "sampling")) {
        co_return error_result(error_code::refused, "The client does not support sampling");
    }
    json message = {
        {"role", "user"},
        {"content", {{"type", "text"}, {"text", arguments.value("prompt", "")}}},
    };
    json params = {{"messages", json::array({message})}, {"maxTokens", 100}};
    auto reply = co_await ctx.request_client("sampling/createMessage", std::move(params));
    if (const auto* e = std::get_if<client_error>(&reply)) {
        co_return client_failure("Sampling", *e);
    }
    co_return text_result("LLM response: " + sampled_text(std::get<json>(reply)));
}

// Sends elicitation/create and renders the answer as "<prefix>: action=..., content={...}".
awaitable<json> elicit(call_context& ctx, json params, std::string prefix) {
    if (!client_supports(ctx, "elicitation")) {
        co_return error_result(error_code::refused, "The client does not support elicitation");
    }
    auto reply = co_await ctx.request_client("elicitation/create", std::move(params));
    if (const auto* e = std::get_if<client_error>(&reply)) {
        co_return client_failure("Elicitation", *e);
    }
    const json& result = std::get<json>(reply);
    co_return text_result(
        prefix + ": action=" + result.value("action", "") +
        ", content=" + result.value("content", json::object()).dump()
    );
}

awaitable<json> elicitation(call_context& ctx, json arguments) {
    // The suite's client answers {username, email}; it validates its answer against this.
    json schema = {
        {"type", "object"},
        {"properties",
         {{"username", string_property("User's response")},
          {"email", string_property("User's email address")}}},
        {"required", json::array({"username", "email"})},
    };
    json params = {{"message", arguments.value("message", "")}, {"requestedSchema", schema}};
    co_return co_await elicit(ctx, std::move(params), "User response");
}

// SEP-1034: a default for every primitive type.
awaitable<json> elicitation_defaults(call_context& ctx, json arguments) {
    (void)arguments;
    json properties = {
        {"name", {{"type", "string"}, {"description", "User name"}, {"default", "John Doe"}}},
        {"age", {{"type", "integer"}, {"description", "User age"}, {"default", 30}}},
        {"score", {{"type", "number"}, {"description", "User score"}, {"default", 95.5}}},
        {"status",
         {{"type", "string"},
          {"description", "User status"},
          {"enum", {"active", "inactive", "pending"}},
          {"default", "active"}}},
        {"verified",
         {{"type", "boolean"}, {"description", "Verification status"}, {"default", true}}},
    };
    json params = {
        {"message", "Please review and update the form fields with defaults"},
        {"requestedSchema",
         {{"type", "object"}, {"properties", properties}, {"required", json::array()}}},
    };
    co_return co_await elicit(ctx, std::move(params), "Elicitation completed");
}

json titled(const char* value, const char* title) {
    return {{"const", value}, {"title", title}};
}

// SEP-1330: the five enum shapes (untitled/titled single, legacy enumNames, untitled/titled
// multi-select).
awaitable<json> elicitation_enums(call_context& ctx, json arguments) {
    (void)arguments;
    json properties = {
        {"untitledSingle",
         {{"type", "string"},
          {"description", "Select one option"},
          {"enum", {"option1", "option2", "option3"}}}},
        {"titledSingle",
         {{"type", "string"},
          {"description", "Select one option with titles"},
          {"oneOf",
           json::array(
               {titled("value1", "First Option"),
                titled("value2", "Second Option"),
                titled("value3", "Third Option")}
           )}}},
        {"legacyEnum",
         {{"type", "string"},
          {"description", "Select one option (legacy)"},
          {"enum", {"opt1", "opt2", "opt3"}},
          {"enumNames", {"Option One", "Option Two", "Option Three"}}}},
        {"untitledMulti",
         {{"type", "array"},
          {"description", "Select multiple options"},
          {"minItems", 1},
          {"maxItems", 3},
          {"items", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}}}},
        {"titledMulti",
         {{"type", "array"},
          {"description", "Select multiple options with titles"},
          {"minItems", 1},
          {"maxItems", 3},
          {"items",
           {{"anyOf",
             json::array(
                 {titled("value1", "First Choice"),
                  titled("value2", "Second Choice"),
                  titled("value3", "Third Choice")}
             )}}}}},
    };
    json params = {
        {"message", "Please select options from the enum fields"},
        {"requestedSchema",
         {{"type", "object"}, {"properties", properties}, {"required", json::array()}}},
    };
    co_return co_await elicit(ctx, std::move(params), "Elicitation completed");
}

}  // namespace

tool_list client_request_tools() {
    return {
        make_fixture_tool(
            "test_sampling",
            "Tests server-initiated sampling (LLM completion request)",
            required_string_schema("prompt", "The prompt to send to the LLM"),
            sampling
        ),
        make_fixture_tool(
            "test_elicitation",
            "Tests server-initiated elicitation (user input request)",
            required_string_schema("message", "The message to show the user"),
            elicitation
        ),
        make_fixture_tool(
            "test_elicitation_sep1034_defaults",
            "Tests elicitation with default values per SEP-1034",
            no_arguments_schema(),
            elicitation_defaults
        ),
        make_fixture_tool(
            "test_elicitation_sep1330_enums",
            "Tests elicitation with enum schema improvements per SEP-1330",
            no_arguments_schema(),
            elicitation_enums
        ),
    };
}

}  // namespace mcpgw::backends::conformance
