#include "command_tool.hpp"

#include <backends/core/server_argument.hpp>
#include <backends/core/tool_result.hpp>

namespace mcpgw::backends::redis {
namespace {

namespace asio = boost::asio;
using json = nlohmann::json;

class command_tool final : public tool {
public:
    command_tool(json definition, server_argument servers)
        : definition_(std::move(definition)), servers_(std::move(servers)) {}

    const json& definition() const override { return definition_; }

    std::chrono::milliseconds timeout(const json& arguments) const override {
        auto resolved = servers_.resolve(arguments);
        if (auto* s = std::get_if<std::shared_ptr<source>>(&resolved)) {
            return (*s)->call_timeout();
        }
        return std::chrono::seconds(30);
    }

    asio::awaitable<json> invoke(call_context& ctx, json arguments) const override {
        auto resolved = servers_.resolve(arguments);
        if (auto* error = std::get_if<json>(&resolved)) {
            co_return std::move(*error);
        }
        // Every source in servers_ is a redis_source (make_command_tool's argument).
        auto src =
            std::static_pointer_cast<redis_source>(std::get<std::shared_ptr<source>>(resolved));
        auto command = arguments.value("command", std::string());
        std::vector<std::string> args;
        if (auto it = arguments.find("args"); it != arguments.end() && it->is_array()) {
            for (const auto& a : *it) {
                args.push_back(argument_text(a));
            }
        }
        co_return co_await src->run(ctx, std::move(command), std::move(args));
    }

private:
    json definition_;
    server_argument servers_;
};

}  // namespace

std::string argument_text(const json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_null()) {
        return "";
    }
    return value.dump();
}

std::shared_ptr<const tool> make_command_tool(
    const std::vector<std::shared_ptr<redis_source>>& sources
) {
    server_argument servers(std::vector<std::shared_ptr<source>>(sources.begin(), sources.end()));
    json input = {
        {"type", "object"},
        {"properties",
         {{"command",
           {{"type", "string"},
            {"minLength", 1},
            {"maxLength", 64},
            {"description", "One Redis command name, e.g. GET, HGETALL, SCAN, CLIENT"}}},
          {"args",
           {{"type", "array"},
            {"items", {{"type", {"string", "integer", "number", "boolean"}}}},
            {"maxItems", 10000},
            {"default", json::array()},
            {"description",
             "The command's arguments, each sent as one argument (no quoting or splitting), "
             "e.g. [\"user:1\", \"name\"]; for a container command the subcommand comes first "
             "([\"ENCODING\", \"k\"] for OBJECT)"}}}}},
        {"required", {"command"}},
        {"additionalProperties", false},
    };
    servers.add_to(input);
    json definition = {
        {"name", "redis_command"},
        {"title", "Run a Redis command"},
        {"description",
         "Runs one Redis command on a configured Redis server and returns its reply. "
         "read_only servers run read commands only; administration, scripting, "
         "transactions, pub/sub, blocking commands and KEYS (use SCAN) are refused unless "
         "the server's configuration allows them by name. Counts, ranges and whole-collection "
         "reads are bounded (max_count, max_items; use SCAN/SSCAN/HSCAN/ZSCAN or COUNT/LIMIT "
         "for more). Replies are capped (max_items, max_result_bytes) and say when they are "
         "truncated."},
        {"inputSchema", std::move(input)},
        {"outputSchema", reply_output_schema()},
        {"annotations", servers.annotations()},
    };
    return std::make_shared<command_tool>(std::move(definition), std::move(servers));
}

}  // namespace mcpgw::backends::redis
