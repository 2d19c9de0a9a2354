#pragma once
// A source that speaks SQL (sqlite, postgres, mysql). The shared SQL tools work on this
// interface: `<type>_query`, `list_tables`, `describe_table` (one tool over every SQL server,
// whatever its engine), config-declared statements and the schema resources. Each engine
// implements the calls on its own driver; the tools never see a driver.
//
// Every call returns an MCP CallToolResult (table_result on success, error_result with a
// stable code otherwise). Cancellation arrives as Asio cancellation; an engine must then stop
// the statement on the server (PQcancel, KILL QUERY, sqlite3_interrupt) before completing.

#include <backends/core/call_context.hpp>
#include <backends/core/source.hpp>
#include <backends/core/sql_guard/sql_guard.hpp>

#include <boost/asio/awaitable.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mcpgw::backends::sql {

using json = nlohmann::json;
using time_point = std::chrono::steady_clock::time_point;

class sql_source : public source {
public:
    virtual sql_guard::sql_dialect dialect() const = 0;

    /// The statement guard's policy for this server (access mode and the `allow` opt-ins).
    virtual sql_guard::guard_policy guard_policy() const = 0;

    /// One statement written by the client (the `sql` argument of `<type>_query`). The engine
    /// runs the statement guard for its access mode, then the statement in its read-only or
    /// read-write mode. Errors blame field "sql".
    virtual boost::asio::awaitable<json> query(call_context& ctx, std::string sql) = 0;

    /// A config-declared statement: `sql` carries the engine's placeholders ($1.. for
    /// postgres, ? for mysql and sqlite) and `params` their values in order (JSON scalars
    /// already validated against the declared schema; null binds SQL NULL). Values are bound
    /// by the driver, never spliced into the text.
    virtual boost::asio::awaitable<json>
    query_bound(call_context& ctx, std::string sql, std::vector<json> params) = 0;

    /// Tables and views: columns name, type (plus schema where the engine has schemas).
    virtual boost::asio::awaitable<json> list_tables(call_context& ctx) = 0;

    /// Columns of one table or view: name, type, nullable, default, primary-key position.
    /// `table` may be "schema.table" where the engine has schemas. Unknown -> not_found
    /// naming field "table". The name is only ever bound, never spliced.
    virtual boost::asio::awaitable<json> describe_table(call_context& ctx, std::string table) = 0;

    /// The whole schema for the schema resource: {"server", "type", "tables": [{"name",
    /// "kind", "columns": [{"name", "type", "nullable"}]}]}; on failure an error_result()
    /// (isError, sanitised), which the resource read turns into a JSON-RPC error, never into
    /// content. Bounded by the engine's max_rows per query. The catalogue statements behind
    /// it are the gateway's own: they must work on every read_only server.
    virtual boost::asio::awaitable<json> schema(time_point deadline) = 0;
};

}  // namespace mcpgw::backends::sql
