#include "tool_support.hpp"

#include "time_parse.hpp"

#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::prometheus {

namespace asio = boost::asio;

std::chrono::milliseconds prometheus_tool::timeout(const json& arguments) const {
    auto resolved = servers_.resolve(arguments);
    if (auto* s = std::get_if<std::shared_ptr<source>>(&resolved)) {
        return (*s)->call_timeout();
    }
    return std::chrono::seconds(30);
}

asio::awaitable<json> prometheus_tool::invoke(call_context& ctx, json arguments) const {
    auto resolved = servers_.resolve(arguments);
    if (auto* error = std::get_if<json>(&resolved)) {
        co_return std::move(*error);
    }
    // Every source in servers_ is a prometheus_source (make_tools' argument).
    auto src =
        std::static_pointer_cast<prometheus_source>(std::get<std::shared_ptr<source>>(resolved));
    co_return co_await handler_(ctx, std::move(src), std::move(arguments));
}

json tool_definition(
    const std::string& name,
    const std::string& title,
    const std::string& description,
    json properties,
    json required,
    const server_argument& servers
) {
    json input = {
        {"type", "object"},
        {"properties", std::move(properties)},
        {"additionalProperties", false},
    };
    if (!required.empty()) {
        input["required"] = std::move(required);
    }
    servers.add_to(input);
    return {
        {"name", name},
        {"title", title},
        {"description", description},
        {"inputSchema", std::move(input)},
        {"outputSchema",
         {{"type", "object"},
          {"properties",
           {{"truncated",
             {{"type", "boolean"},
              {"description", "true when caps or the byte cap left data out"}}},
            {"truncated_reasons",
             {{"type", "array"},
              {"items",
               {{"type", "string"},
                {"enum", {"max_series", "max_points", "max_items", "max_response_bytes"}}}}}},
            {"elapsed_ms", {{"type", "number"}}}}}}},
        {"annotations", servers.annotations()},
    };
}

std::shared_ptr<const tool>
make_tool(json definition, const server_argument& servers, tool_handler handler) {
    return std::make_shared<prometheus_tool>(std::move(definition), servers, handler);
}

json time_schema(const std::string& description) {
    return {
        {"type", {"string", "number"}},
        {"description",
         description +
             ": RFC 3339 (2026-11-22T04:00:00Z), unix seconds, now, now-1h, or a duration such as "
             "30m meaning that long ago"}};
}

json match_schema(const std::string& description) {
    return {
        {"type", {"string", "array"}},
        {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 4096}}},
        {"minLength", 1},
        {"maxLength", 4096},
        {"maxItems", 20},
        {"description", description + ", e.g. up{job=\"api\"} (one selector or a list)"}};
}

std::optional<double> time_argument(const json& args, const char* field, double now, json& error) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) {
        return std::nullopt;
    }
    std::string why;
    auto t = parse_time(*it, now, why);
    if (!t) {
        error = error_result(error_code::invalid_argument, why, field);
    }
    return t;
}

std::vector<std::string> match_argument(const json& args, json& error) {
    std::vector<std::string> out;
    auto it = args.find("match");
    if (it == args.end() || it->is_null()) {
        return out;
    }
    auto take = [&](const json& v) {
        if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
            error = error_result(
                error_code::invalid_argument,
                "each selector must be a non-empty string",
                "match"
            );
            return;
        }
        out.push_back(v.get<std::string>());
    };
    if (it->is_array()) {
        for (const auto& v : *it) {
            take(v);
        }
    } else {
        take(*it);
    }
    return out;
}

parse_caps series_caps(const prometheus_settings& s, std::vector<std::string> paths) {
    parse_caps caps;
    caps.max_items = s.max_series;
    caps.max_points = s.max_points;
    caps.item_paths = std::move(paths);
    return caps;
}

parse_caps item_caps(const prometheus_settings& s, std::vector<std::string> paths) {
    parse_caps caps;
    caps.max_items = s.max_items;
    caps.max_points = s.max_points;
    caps.item_paths = std::move(paths);
    return caps;
}

}  // namespace mcpgw::backends::prometheus
