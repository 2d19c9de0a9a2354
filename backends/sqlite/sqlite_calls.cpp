// The sql_source calls of a SQLite source: each builds a blocking job that runs on the worker
// pool with a pooled connection (sqlite_source::with_connection).

#include "sql_text.hpp"
#include "sqlite_source.hpp"
#include "statement_runner.hpp"

#include <backends/core/sql_guard/tokenizer.hpp>
#include <backends/core/tool_result.hpp>
#include <backends/sql/sql_tools.hpp>

namespace mcpgw::backends::sqlite {
namespace {

namespace asio = boost::asio;

constexpr const char* list_tables_sql =
    "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') "
    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";

constexpr const char* schema_sql =
    "SELECT m.name, m.type, c.name, c.type, c.\"notnull\" FROM sqlite_schema AS m "
    "JOIN pragma_table_xinfo(m.name) AS c WHERE m.type IN ('table', 'view') "
    "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, c.cid";

json run_describe_table(connection& conn, const std::string& name, const limits& lim) {
    // The name is only ever a bound parameter until it is known to exist.
    auto found = run_statement(
        conn,
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1",
        {json(name)},
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

// Rows (table, kind, column, type, notnull) grouped into the schema resource's shape.
json schema_from_rows(const std::string& server, const table& t) {
    json tables = json::array();
    for (const auto& row : t.rows) {
        const auto& name = row.at(0);
        if (tables.empty() || tables.back().at("name") != name) {
            tables.push_back({{"name", name}, {"kind", row.at(1)}, {"columns", json::array()}});
        }
        tables.back()["columns"].push_back(
            {{"name", row.at(2)},
             {"type", sql_guard::ascii_lower(row.at(3).get<std::string>())},
             {"nullable", row.at(4) == 0}}
        );
    }
    json out = {{"server", server}, {"type", "sqlite"}, {"tables", std::move(tables)}};
    if (t.truncated) {
        out["truncated"] = true;
    }
    return out;
}

}  // namespace

asio::awaitable<json> sqlite_source::query(call_context& ctx, std::string sql) {
    auto lim = call_limits();
    std::function<json(connection&)> job = [sql = std::move(sql), lim](connection& c) {
        return to_result(run_statement(c, sql, {}, lim));
    };
    co_return co_await with_connection(std::move(job), sql::call_deadline(ctx, *this));
}

asio::awaitable<json>
sqlite_source::query_bound(call_context& ctx, std::string sql, std::vector<json> params) {
    auto lim = call_limits();
    std::function<json(connection&)> job =
        [sql = std::move(sql), params = std::move(params), lim](connection& c) {
            return to_result(run_statement(c, sql, params, lim));
        };
    co_return co_await with_connection(std::move(job), sql::call_deadline(ctx, *this));
}

asio::awaitable<json> sqlite_source::list_tables(call_context& ctx) {
    auto lim = call_limits();
    std::function<json(connection&)> job = [lim](connection& c) {
        return to_result(run_statement(c, list_tables_sql, {}, lim));
    };
    co_return co_await with_connection(std::move(job), sql::call_deadline(ctx, *this));
}

asio::awaitable<json> sqlite_source::describe_table(call_context& ctx, std::string table) {
    auto lim = call_limits();
    std::function<json(connection&)> job = [name = std::move(table), lim](connection& c) {
        return run_describe_table(c, name, lim);
    };
    co_return co_await with_connection(std::move(job), sql::call_deadline(ctx, *this));
}

asio::awaitable<json> sqlite_source::schema(sql::time_point deadline) {
    auto lim = call_limits();
    std::string server = name();
    std::function<json(connection&)> job = [lim, server](connection& c) {
        auto rows = run_statement(c, schema_sql, {}, lim);
        if (auto* t = std::get_if<table>(&rows)) {
            return schema_from_rows(server, *t);
        }
        return std::get<json>(std::move(rows));  // the failure result
    };
    co_return co_await with_connection(std::move(job), deadline);
}

}  // namespace mcpgw::backends::sqlite
