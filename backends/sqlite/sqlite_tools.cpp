#include "sqlite_tools.hpp"

#include "sql_text.hpp"
#include "sql_tool_definitions.hpp"
#include "statement_runner.hpp"

#include <backends/core/server_argument.hpp>
#include <backends/core/tool_result.hpp>

#include <algorithm>

namespace mcpgw::backends::sqlite {
namespace {

namespace asio = boost::asio;

enum class tool_kind { query, list_tables, describe_table };

// The blocking part of each tool, run on the worker pool with a leased connection.
json run_query(connection& conn, const std::string& sql, const limits& lim) {
    return to_result(run_statement(conn, sql, {}, lim));
}

json run_list_tables(connection& conn, const limits& lim) {
    return to_result(run_statement(
        conn,
        "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        {},
        lim
    ));
}

json run_describe_table(connection& conn, const std::string& name, const limits& lim) {
    // The name is only ever a bound parameter until it is known to exist.
    auto found = run_statement(
        conn,
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1",
        {name},
        lim,
        "table"
    );
    auto* t = std::get_if<table>(&found);
    if (t == nullptr) {
        return std::get<json>(std::move(found));
    }
    if (t->rows.empty()) {
        return error_result(
            error_code::not_found,
            "no table or view named '" + name + "'",
            "table"
        );
    }
    return to_result(run_statement(
        conn,
        "PRAGMA main.table_xinfo(" + quote_identifier(name) + ")",
        {},
        lim,
        "table"
    ));
}

class sqlite_tool final : public tool {
public:
    sqlite_tool(tool_kind kind, server_argument servers)
        : kind_(kind), servers_(std::move(servers)) {
        switch (kind_) {
            case tool_kind::query:
                definition_ = query_tool_definition("sqlite_query", "SQLite", servers_);
                break;
            case tool_kind::list_tables:
                definition_ = list_tables_definition(servers_);
                break;
            case tool_kind::describe_table:
                definition_ = describe_table_definition(servers_);
                break;
        }
    }

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
        // Every source in servers_ was built by this backend.
        auto src =
            std::static_pointer_cast<sqlite_source>(std::get<std::shared_ptr<source>>(resolved));
        auto deadline =
            std::min(ctx.deadline(), std::chrono::steady_clock::now() + src->call_timeout());
        auto lim = src->call_limits();
        std::function<json(connection&)> job;
        switch (kind_) {
            case tool_kind::query: {
                auto sql = arguments.value("sql", std::string());
                job = [sql, lim](connection& c) {
                    return run_query(c, sql, lim);
                };
                break;
            }
            case tool_kind::list_tables:
                job = [lim](connection& c) {
                    return run_list_tables(c, lim);
                };
                break;
            case tool_kind::describe_table: {
                auto name = arguments.value("table", std::string());
                job = [name, lim](connection& c) {
                    return run_describe_table(c, name, lim);
                };
                break;
            }
        }
        co_return co_await src->with_connection(std::move(job), deadline);
    }

private:
    tool_kind kind_;
    server_argument servers_;
    json definition_;
};

}  // namespace

std::vector<std::shared_ptr<const tool>> make_sqlite_tools(
    const std::vector<std::shared_ptr<sqlite_source>>& sources
) {
    std::vector<std::shared_ptr<source>> base(sources.begin(), sources.end());
    server_argument servers(base);
    return {
        std::make_shared<sqlite_tool>(tool_kind::query, servers),
        std::make_shared<sqlite_tool>(tool_kind::list_tables, servers),
        std::make_shared<sqlite_tool>(tool_kind::describe_table, servers),
    };
}

}  // namespace mcpgw::backends::sqlite
