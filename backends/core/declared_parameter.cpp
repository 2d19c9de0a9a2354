#include "declared_parameter.hpp"

#include <charconv>
#include <set>

namespace mcpgw::backends {
namespace {

using json = nlohmann::json;

const std::set<std::string, std::less<>> parameter_types{"string", "integer", "number", "boolean"};

// A scalar of the declared type, from its YAML text. Fails at `node` when it does not parse.
json typed_scalar(const config_node& node, const std::string& type) {
    auto text = node.as_string();
    if (type == "string") {
        return text;
    }
    if (type == "boolean") {
        if (text == "true") {
            return true;
        }
        if (text == "false") {
            return false;
        }
        node.fail("expected true or false");
    }
    if (type == "integer") {
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) {
            node.fail("expected an integer, got '" + text + "'");
        }
        return v;
    }
    try {
        std::size_t used = 0;
        double v = std::stod(text, &used);
        if (used == text.size()) {
            return v;
        }
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): reported below
    }
    node.fail("expected a number, got '" + text + "'");
}

}  // namespace

parameter parse_parameter(const config_node& node, const std::string& name) {
    node.check_keys(
        {"type",
         "description",
         "enum",
         "minimum",
         "maximum",
         "minLength",
         "maxLength",
         "pattern",
         "default"}
    );
    parameter p{name, json::object(), std::nullopt};
    auto type = node.required_string("type");
    if (!parameter_types.contains(type)) {
        node.child("type").fail(
            "unknown parameter type '" + type + "' (allowed: string, integer, number, boolean)"
        );
    }
    p.schema["type"] = type;
    if (node.has("description")) {
        p.schema["description"] = node.required_string("description");
    }
    if (auto values = node.optional_child("enum")) {
        json list = json::array();
        for (const auto& v : values->elements()) {
            list.push_back(typed_scalar(v, type));
        }
        if (list.empty()) {
            values->fail("must list at least one value");
        }
        p.schema["enum"] = std::move(list);
    }
    bool numeric = type == "integer" || type == "number";
    for (const char* key : {"minimum", "maximum"}) {
        if (auto bound = node.optional_child(key)) {
            if (!numeric) {
                bound->fail("applies to integer and number parameters only");
            }
            p.schema[key] = typed_scalar(*bound, type);
        }
    }
    for (const char* key : {"minLength", "maxLength", "pattern"}) {
        if (auto c = node.optional_child(key); c && type != "string") {
            c->fail("applies to string parameters only");
        }
    }
    if (node.has("minLength")) {
        p.schema["minLength"] = node.optional_int("minLength", 0, 0, 1'000'000);
    }
    if (node.has("maxLength")) {
        p.schema["maxLength"] = node.optional_int("maxLength", 0, 0, 1'000'000);
    }
    if (node.has("pattern")) {
        p.schema["pattern"] = node.required_string("pattern");
    }
    if (auto d = node.optional_child("default")) {
        p.fallback = typed_scalar(*d, type);
        p.schema["default"] = *p.fallback;
    }
    return p;
}

}  // namespace mcpgw::backends
