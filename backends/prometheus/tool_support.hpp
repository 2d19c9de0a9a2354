#pragma once
// What every Prometheus tool shares: one tool class that resolves the `server` argument and
// hands the call to a handler function, definitions with the shared `server` argument, and
// argument readers that answer invalid_argument naming the field.

#include "bounded_json.hpp"
#include "prometheus_source.hpp"

#include <backends/core/server_argument.hpp>
#include <backends/core/tool.hpp>

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcpgw::backends::prometheus {

using json = nlohmann::json;

/// A coroutine function (not a lambda: GCC 12) running one tool call on a resolved source.
/// Handlers build every argument of a co_await (paths, params) as a named local first.
using tool_handler = boost::asio::awaitable<json> (*)(
    call_context& ctx,
    std::shared_ptr<prometheus_source> src,
    json args
);

class prometheus_tool final : public tool {
public:
    prometheus_tool(json definition, server_argument servers, tool_handler handler)
        : definition_(std::move(definition)), servers_(std::move(servers)), handler_(handler) {}

    const json& definition() const override { return definition_; }
    std::chrono::milliseconds timeout(const json& arguments) const override;
    boost::asio::awaitable<json> invoke(call_context& ctx, json arguments) const override;

private:
    json definition_;
    server_argument servers_;
    tool_handler handler_;
};

/// A tool definition: inputSchema {type: object, properties, required, additionalProperties:
/// false} plus `server`; read-only annotations; a loose object outputSchema.
json tool_definition(
    const std::string& name,
    const std::string& title,
    const std::string& description,
    json properties,
    json required,
    const server_argument& servers
);

std::shared_ptr<const tool>
make_tool(json definition, const server_argument& servers, tool_handler handler);

/// Schema of a time argument (string or number).
json time_schema(const std::string& description);
/// Schema of a `match` argument: one series selector or a list of them.
json match_schema(const std::string& description);

/// Reads an optional time argument. nullopt when absent; sets `error` when invalid.
std::optional<double> time_argument(const json& args, const char* field, double now, json& error);

/// The selectors of a `match` argument (string or array); sets `error` when invalid.
std::vector<std::string> match_argument(const json& args, json& error);

/// Caps for series answers (query endpoints: `$.data.result`).
parse_caps series_caps(const prometheus_settings& s, std::vector<std::string> paths);
/// Caps for lists (names, targets, rules...).
parse_caps item_caps(const prometheus_settings& s, std::vector<std::string> paths);

void add_query_tools(std::vector<std::shared_ptr<const tool>>& out, const server_argument& servers);
void add_catalog_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
);
void add_status_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
);
void add_service_tools(
    std::vector<std::shared_ptr<const tool>>& out,
    const server_argument& servers
);

}  // namespace mcpgw::backends::prometheus
