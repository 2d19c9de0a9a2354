#include "sql_tools.hpp"

#include "sql_tool_definitions.hpp"

#include <backends/core/server_argument.hpp>

#include <algorithm>

namespace mcpgw::backends::sql {
namespace {

namespace asio = boost::asio;

enum class tool_kind { query, list_tables, describe_table };

server_argument server_argument_of(const std::vector<std::shared_ptr<sql_source>>& sources) {
    return server_argument(std::vector<std::shared_ptr<source>>(sources.begin(), sources.end()));
}

class sql_tool final : public tool {
public:
    sql_tool(tool_kind kind, json definition, server_argument servers)
        : kind_(kind), definition_(std::move(definition)), servers_(std::move(servers)) {}

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
        // Every source in servers_ is a sql_source (the constructor's argument).
        auto src =
            std::static_pointer_cast<sql_source>(std::get<std::shared_ptr<source>>(resolved));
        switch (kind_) {
            case tool_kind::query: {
                auto sql = arguments.value("sql", std::string());
                co_return co_await src->query(ctx, std::move(sql));
            }
            case tool_kind::list_tables:
                co_return co_await src->list_tables(ctx);
            case tool_kind::describe_table: {
                auto table = arguments.value("table", std::string());
                co_return co_await src->describe_table(ctx, std::move(table));
            }
        }
        co_return json();  // unreachable: every kind returns above
    }

private:
    tool_kind kind_;
    json definition_;
    server_argument servers_;
};

}  // namespace

std::shared_ptr<const tool> make_query_tool(
    const std::string& tool_name,
    const std::string& engine,
    const std::vector<std::shared_ptr<sql_source>>& sources
) {
    auto servers = server_argument_of(sources);
    auto definition = query_tool_definition(tool_name, engine, servers);
    return std::make_shared<sql_tool>(tool_kind::query, std::move(definition), servers);
}

std::vector<std::shared_ptr<const tool>> make_catalog_tools(
    const std::vector<std::shared_ptr<sql_source>>& sources
) {
    auto servers = server_argument_of(sources);
    auto list_definition = list_tables_definition(servers);
    auto describe_definition = describe_table_definition(servers);
    return {
        std::make_shared<sql_tool>(tool_kind::list_tables, std::move(list_definition), servers),
        std::make_shared<sql_tool>(
            tool_kind::describe_table,
            std::move(describe_definition),
            servers
        ),
    };
}

time_point call_deadline(const call_context& ctx, const source& src) {
    return std::min(ctx.deadline(), std::chrono::steady_clock::now() + src.call_timeout());
}

}  // namespace mcpgw::backends::sql
