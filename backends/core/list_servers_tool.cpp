#include "list_servers_tool.hpp"

#include "tool_result.hpp"

#include <chrono>
#include <set>
#include <string>

namespace mcpgw::backends {
namespace {

class list_servers_tool final : public tool {
public:
    explicit list_servers_tool(std::vector<std::shared_ptr<source>> all)
        : sources_(std::move(all)) {
        std::set<std::string> types;
        for (const auto& s : sources_) {
            types.emplace(s->type());
        }
        json type_schema = {{"type", "string"}, {"description", "Only servers of this type"}};
        if (!types.empty()) {
            type_schema["enum"] = types;  // an empty enum would accept nothing
        }
        json output = table_output_schema();
        output["properties"]["servers"] = {
            {"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"name", {{"type", "string"}}},
                {"type", {{"type", "string"}}},
                {"access", {{"type", "string"}, {"enum", {"read_only", "read_write"}}}},
                {"description", {{"type", "string"}}},
                {"health", {{"type", "object"}}},
                {"stats", {{"type", "object"}}}}},
              {"required", {"name", "type", "access", "health"}}}},
        };
        output["required"].push_back("servers");
        definition_ = {
            {"name", "list_servers"},
            {"title", "List servers"},
            {"description",
             "Lists the configured servers (databases, caches, metrics sources) with their type, "
             "access mode (read_only or read_write), description and health. Use a server's name "
             "as the `server` argument of the other tools."},
            {"inputSchema",
             {{"type", "object"},
              {"properties", {{"type", std::move(type_schema)}}},
              {"additionalProperties", false}}},
            {"outputSchema", std::move(output)},
            {"annotations",
             {{"readOnlyHint", true},
              {"destructiveHint", false},
              {"idempotentHint", true},
              {"openWorldHint", false}}},
        };
    }

    const json& definition() const override { return definition_; }

    boost::asio::awaitable<json> invoke(call_context& ctx, json arguments) const override {
        (void)ctx;
        auto started = std::chrono::steady_clock::now();
        std::string only;
        if (arguments.is_object() && arguments.contains("type") && arguments["type"].is_string()) {
            only = arguments["type"].get<std::string>();
        }
        table t;
        t.columns = {
            {"name", "text"},
            {"type", "text"},
            {"access", "text"},
            {"health", "text"},
            {"description", "text"},
            {"last_error", "text"},
        };
        json servers = json::array();
        for (const auto& s : sources_) {
            if (!only.empty() && s->type() != only) {
                continue;
            }
            auto h = s->health();
            json health = {{"state", to_string(h.state)}};
            if (!h.last_error.empty()) {
                health["last_error"] = h.last_error;
            }
            servers.push_back({
                {"name", s->name()},
                {"type", s->type()},
                {"access", to_string(s->access())},
                {"description", s->description()},
                {"health", std::move(health)},
                {"stats", s->stats()},
            });
            t.rows.push_back({
                s->name(),
                s->type(),
                to_string(s->access()),
                to_string(h.state),
                s->description(),
                h.last_error.empty() ? json(nullptr) : json(h.last_error),
            });
        }
        t.elapsed_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        json result = table_result(t);
        result["structuredContent"]["servers"] = std::move(servers);
        co_return result;
    }

private:
    std::vector<std::shared_ptr<source>> sources_;
    json definition_;
};

}  // namespace

std::shared_ptr<const tool> make_list_servers_tool(std::vector<std::shared_ptr<source>> all) {
    return std::make_shared<list_servers_tool>(std::move(all));
}

}  // namespace mcpgw::backends
