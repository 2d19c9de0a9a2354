#include "fixture_resources.hpp"

#include "fixture_data.hpp"

#include <array>
#include <optional>

namespace mcpgw::backends::conformance {

namespace {

struct static_resource {
    std::string_view uri;
    std::string_view name;
    std::string_view title;
    std::string_view description;
    std::string_view mime_type;
    std::string_view text;  // empty: binary (the PNG)
};

constexpr std::array<static_resource, 3> static_resources = {{
    {"test://static-text",
     "static-text",
     "Static Text Resource",
     "A static text resource for testing",
     "text/plain",
     "This is the content of the static text resource."},
    {"test://static-binary",
     "static-binary",
     "Static Binary Resource",
     "A static binary resource (image) for testing",
     "image/png",
     ""},
    {"test://watched-resource",
     "watched-resource",
     "Watched Resource",
     "A resource clients subscribe to (resources/subscribe)",
     "text/plain",
     "Watched resource content"},
}};

constexpr std::string_view template_prefix = "test://template/";
constexpr std::string_view template_suffix = "/data";

const static_resource* find_static(std::string_view uri) {
    for (const auto& r : static_resources) {
        if (r.uri == uri) {
            return &r;
        }
    }
    return nullptr;
}

// The {id} of test://template/{id}/data: one non-empty path segment.
std::optional<std::string> template_id(std::string_view uri) {
    if (!uri.starts_with(template_prefix) || !uri.ends_with(template_suffix)) {
        return std::nullopt;
    }
    if (uri.size() <= template_prefix.size() + template_suffix.size()) {
        return std::nullopt;
    }
    auto id = uri.substr(
        template_prefix.size(),
        uri.size() - template_prefix.size() - template_suffix.size()
    );
    if (id.find_first_of("/?#") != std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(id);
}

json static_contents(const static_resource& r) {
    json item = {{"uri", r.uri}, {"mimeType", r.mime_type}};
    if (r.text.empty()) {
        item["blob"] = png_base64;
    } else {
        item["text"] = r.text;
    }
    return {{"contents", json::array({item})}};
}

json template_contents(const std::string& uri, const std::string& id) {
    // ordered_json keeps the documented key order: {"id","templateTest","data"}.
    nlohmann::ordered_json body = {
        {"id", id},
        {"templateTest", true},
        {"data", "Data for ID: " + id}};
    json item = {{"uri", uri}, {"mimeType", "application/json"}, {"text", body.dump()}};
    return {{"contents", json::array({item})}};
}

}  // namespace

std::vector<json> fixture_resources::resources() const {
    std::vector<json> out;
    for (const auto& r : static_resources) {
        out.push_back({
            {"uri", r.uri},
            {"name", r.name},
            {"title", r.title},
            {"description", r.description},
            {"mimeType", r.mime_type},
        });
    }
    return out;
}

std::vector<json> fixture_resources::resource_templates() const {
    return {{
        {"uriTemplate", template_uri},
        {"name", "template"},
        {"title", "Resource Template"},
        {"description", "A resource template with parameter substitution"},
        {"mimeType", "application/json"},
    }};
}

bool fixture_resources::owns(const std::string& uri) const {
    return find_static(uri) != nullptr || template_id(uri).has_value();
}

boost::asio::awaitable<lookup_result<json>> fixture_resources::read(std::string uri) const {
    if (const auto* r = find_static(uri)) {
        co_return static_contents(*r);
    }
    if (auto id = template_id(uri)) {
        co_return template_contents(uri, *id);
    }
    co_return lookup_error{lookup_error::kind::not_found, "Resource not found: " + uri};
}

std::vector<std::string> fixture_resources::complete(
    const std::string& uri_template,
    const std::string& argument,
    const std::string& prefix
) const {
    std::vector<std::string> out;
    if (uri_template != template_uri || argument != "id") {
        return out;
    }
    for (const char* candidate : {"123", "456", "789"}) {
        if (std::string_view(candidate).starts_with(prefix)) {
            out.emplace_back(candidate);
        }
    }
    return out;
}

}  // namespace mcpgw::backends::conformance
