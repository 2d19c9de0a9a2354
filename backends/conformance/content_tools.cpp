// Tools whose result is fixed content (scenarios tools-call-simple-text, -image, -audio,
// -embedded-resource, -mixed-content, -error, json-schema-2020-12).

#include "fixture_data.hpp"
#include "fixture_tool.hpp"
#include "tools.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::conformance {

namespace {

using boost::asio::awaitable;

json image_content() {
    return {{"type", "image"}, {"data", png_base64}, {"mimeType", "image/png"}};
}

awaitable<json> simple_text(call_context& ctx, json arguments) {
    (void)ctx, (void)arguments;
    co_return text_result("This is a simple text response for testing.");
}

awaitable<json> image(call_context& ctx, json arguments) {
    (void)ctx, (void)arguments;
    co_return json{{"content", json::array({image_content()})}};
}

awaitable<json> audio(call_context& ctx, json arguments) {
    (void)ctx, (void)arguments;
    json content = {{"type", "audio"}, {"data", wav_base64}, {"mimeType", "audio/wav"}};
    co_return json{{"content", json::array({content})}};
}

awaitable<json> embedded_resource(call_context& ctx, json arguments) {
    (void)ctx, (void)arguments;
    json resource = {
        {"uri", "test://embedded-resource"},
        {"mimeType", "text/plain"},
        {"text", "This is an embedded resource content."},
    };
    co_return json{{"content", json::array({{{"type", "resource"}, {"resource", resource}}})}};
}

awaitable<json> multiple_content_types(call_context& ctx, json arguments) {
    (void)ctx, (void)arguments;
    json resource = {
        {"uri", "test://mixed-content-resource"},
        {"mimeType", "application/json"},
        {"text", R"({"test":"data","value":123})"},
    };
    co_return json{
        {"content",
         json::array({
             {{"type", "text"}, {"text", "Multiple content types test:"}},
             image_content(),
             {{"type", "resource"}, {"resource", resource}},
         })},
    };
}

awaitable<json> error_handling(call_context& ctx, json arguments) {
    (void)ctx, (void)arguments;
    co_return error_result(
        error_code::backend_error,
        "This tool intentionally returns an error for testing"
    );
}

awaitable<json> json_schema_2020_12(call_context& ctx, json arguments) {
    (void)ctx;
    co_return text_result("JSON Schema 2020-12 tool called with: " + arguments.dump());
}

// Exactly the schema SEP-1613 checks: $schema, $defs.address and additionalProperties false
// must survive into tools/list unchanged.
json json_schema_2020_12_input() {
    json address = {
        {"type", "object"},
        {"properties", {{"street", {{"type", "string"}}}, {"city", {{"type", "string"}}}}},
    };
    return {
        {"$schema", "https://json-schema.org/draft/2020-12/schema"},
        {"type", "object"},
        {"$defs", {{"address", address}}},
        {"properties",
         {{"name", {{"type", "string"}}}, {"address", {{"$ref", "#/$defs/address"}}}}},
        {"additionalProperties", false},
    };
}

}  // namespace

tool_list content_tools() {
    return {
        make_fixture_tool(
            "test_simple_text",
            "Tests simple text content response",
            no_arguments_schema(),
            simple_text
        ),
        make_fixture_tool(
            "test_image_content",
            "Tests image content response",
            no_arguments_schema(),
            image
        ),
        make_fixture_tool(
            "test_audio_content",
            "Tests audio content response",
            no_arguments_schema(),
            audio
        ),
        make_fixture_tool(
            "test_embedded_resource",
            "Tests embedded resource content response",
            no_arguments_schema(),
            embedded_resource
        ),
        make_fixture_tool(
            "test_multiple_content_types",
            "Tests response with multiple content types (text, image, resource)",
            no_arguments_schema(),
            multiple_content_types
        ),
        make_fixture_tool(
            "test_error_handling",
            "Tests error response handling (always returns isError)",
            no_arguments_schema(),
            error_handling
        ),
        make_fixture_tool(
            "json_schema_2020_12_tool",
            "Tool with JSON Schema 2020-12 features",
            json_schema_2020_12_input(),
            json_schema_2020_12
        ),
    };
}

}  // namespace mcpgw::backends::conformance
