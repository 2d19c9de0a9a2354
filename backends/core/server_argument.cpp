#include "server_argument.hpp"

#include "tool_result.hpp"

#include <stdexcept>

namespace mcpgw::backends {

server_argument::server_argument(std::vector<std::shared_ptr<source>> sources)
    : sources_(std::move(sources)) {
    if (sources_.empty()) {
        throw std::logic_error("server_argument needs at least one source");
    }
}

json server_argument::schema() const {
    json names = json::array();
    std::string listing;
    for (const auto& s : sources_) {
        names.push_back(s->name());
        if (!listing.empty()) {
            listing += ", ";
        }
        listing += s->name() + " (" + std::string(to_string(s->access())) + ")";
    }
    json out = {
        {"type", "string"},
        {"enum", std::move(names)},
        {"description", "Configured server to use: " + listing},
    };
    if (!required()) {
        out["default"] = sources_.front()->name();
    }
    return out;
}

void server_argument::add_to(json& input_schema) const {
    input_schema["properties"]["server"] = schema();
    if (required()) {
        auto& req = input_schema["required"];
        if (!req.is_array()) {
            req = json::array();
        }
        req.insert(req.begin(), "server");
    }
}

json server_argument::annotations() const {
    bool all_read_only = true;
    for (const auto& s : sources_) {
        all_read_only = all_read_only && s->access() == access_mode::read_only;
    }
    return {
        {"readOnlyHint", all_read_only},
        {"destructiveHint", !all_read_only},
        {"openWorldHint", true},
    };
}

std::variant<std::shared_ptr<source>, json> server_argument::resolve(const json& arguments) const {
    auto it = arguments.is_object() ? arguments.find("server") : arguments.end();
    if (!arguments.is_object() || it == arguments.end() || it->is_null()) {
        if (!required()) {
            return sources_.front();
        }
        return error_result(error_code::invalid_argument, "a server is required", "server");
    }
    if (!it->is_string()) {
        return error_result(error_code::invalid_argument, "must be a string", "server");
    }
    const auto& name = it->get_ref<const std::string&>();
    for (const auto& s : sources_) {
        if (s->name() == name) {
            return s;
        }
    }
    std::string known;
    for (const auto& s : sources_) {
        known += (known.empty() ? "" : ", ") + s->name();
    }
    return error_result(
        error_code::invalid_argument,
        "unknown server '" + name + "' (configured: " + known + ")",
        "server"
    );
}

}  // namespace mcpgw::backends
