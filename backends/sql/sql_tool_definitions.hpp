#pragma once
// The MCP definitions of the SQL tools. list_tables and describe_table span every SQL server
// whatever its engine: their definitions depend only on the `server` argument.

#include <backends/core/server_argument.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace mcpgw::backends::sql {

/// `<type>_query {server, sql}`, e.g. sqlite_query.
nlohmann::json query_tool_definition(
    const std::string& tool_name,
    const std::string& engine,
    const server_argument& servers
);

/// `list_tables {server}`.
nlohmann::json list_tables_definition(const server_argument& servers);

/// `describe_table {server, table}`.
nlohmann::json describe_table_definition(const server_argument& servers);

}  // namespace mcpgw::backends::sql
