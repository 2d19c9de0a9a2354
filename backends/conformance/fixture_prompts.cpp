#include "fixture_prompts.hpp"

#include "fixture_data.hpp"

namespace mcpgw::backends::conformance {

namespace {

json user_message(json content) {
    return {{"role", "user"}, {"content", std::move(content)}};
}

json text_content(std::string text) {
    return {{"type", "text"}, {"text", std::move(text)}};
}

json argument(const char* name, const char* description) {
    return {{"name", name}, {"description", description}, {"required", true}};
}

// The string value of a required argument; arguments arrive as an object of strings.
const std::string* string_argument(const json& arguments, const char* name) {
    if (!arguments.is_object()) {
        return nullptr;
    }
    auto it = arguments.find(name);
    if (it == arguments.end() || !it->is_string()) {
        return nullptr;
    }
    return &it->get_ref<const std::string&>();
}

lookup_error missing(const char* name) {
    return {lookup_error::kind::invalid, std::string("Missing required argument: ") + name};
}

lookup_result<json> simple(const json& arguments) {
    (void)arguments;
    return json{
        {"messages",
         json::array({user_message(text_content("This is a simple prompt for testing."))})}};
}

lookup_result<json> with_arguments(const json& arguments) {
    const auto* arg1 = string_argument(arguments, "arg1");
    const auto* arg2 = string_argument(arguments, "arg2");
    if (arg1 == nullptr) {
        return missing("arg1");
    }
    if (arg2 == nullptr) {
        return missing("arg2");
    }
    auto text = "Prompt with arguments: arg1='" + *arg1 + "', arg2='" + *arg2 + "'";
    return json{{"messages", json::array({user_message(text_content(std::move(text)))})}};
}

lookup_result<json> with_embedded_resource(const json& arguments) {
    const auto* uri = string_argument(arguments, "resourceUri");
    if (uri == nullptr) {
        return missing("resourceUri");
    }
    json resource = {
        {"uri", *uri},
        {"mimeType", "text/plain"},
        {"text", "Embedded resource content for testing."},
    };
    return json{
        {"messages",
         json::array({
             user_message({{"type", "resource"}, {"resource", resource}}),
             user_message(text_content("Please process the embedded resource above.")),
         })},
    };
}

lookup_result<json> with_image(const json& arguments) {
    (void)arguments;
    json image = {{"type", "image"}, {"data", png_base64}, {"mimeType", "image/png"}};
    return json{
        {"messages",
         json::array({
             user_message(image),
             user_message(text_content("Please analyze the image above.")),
         })},
    };
}

// Fixed candidates: completion-complete sends arg1 = "test" and only checks the shape.
std::vector<std::string> argument_candidates(const std::string& argument) {
    if (argument == "arg1") {
        return {"paris", "park", "party", "test", "testValue1", "testing"};
    }
    if (argument == "arg2") {
        return {"testValue2", "world"};
    }
    return {};
}

std::vector<std::string> resource_uri_candidates(const std::string& argument) {
    if (argument == "resourceUri") {
        return {"test://example-resource", "test://static-text", "test://static-binary"};
    }
    return {};
}

json definition(const char* name, const char* title, const char* description, json arguments) {
    json d = {{"name", name}, {"title", title}, {"description", description}};
    if (!arguments.empty()) {
        d["arguments"] = std::move(arguments);
    }
    return d;
}

}  // namespace

boost::asio::awaitable<lookup_result<json>> fixture_prompt::get(json arguments) const {
    co_return body_(arguments);
}

std::vector<std::string>
fixture_prompt::complete(const std::string& argument, const std::string& prefix) const {
    std::vector<std::string> out;
    if (candidates_ == nullptr) {
        return out;
    }
    for (auto& value : candidates_(argument)) {
        if (value.starts_with(prefix)) {
            out.push_back(std::move(value));
        }
    }
    return out;
}

std::vector<std::shared_ptr<const prompt>> fixture_prompts() {
    return {
        std::make_shared<fixture_prompt>(
            definition(
                "test_simple_prompt",
                "Simple Test Prompt",
                "A simple prompt without arguments",
                json::array()
            ),
            simple,
            nullptr
        ),
        std::make_shared<fixture_prompt>(
            definition(
                "test_prompt_with_arguments",
                "Prompt With Arguments",
                "A prompt with required arguments",
                json::array(
                    {argument("arg1", "First test argument"),
                     argument("arg2", "Second test argument")}
                )
            ),
            with_arguments,
            argument_candidates
        ),
        std::make_shared<fixture_prompt>(
            definition(
                "test_prompt_with_embedded_resource",
                "Prompt With Embedded Resource",
                "A prompt that includes an embedded resource",
                json::array({argument("resourceUri", "URI of the resource to embed")})
            ),
            with_embedded_resource,
            resource_uri_candidates
        ),
        std::make_shared<fixture_prompt>(
            definition(
                "test_prompt_with_image",
                "Prompt With Image",
                "A prompt that includes image content",
                json::array()
            ),
            with_image,
            nullptr
        ),
    };
}

}  // namespace mcpgw::backends::conformance
