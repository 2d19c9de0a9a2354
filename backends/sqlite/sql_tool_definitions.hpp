#pragma once
// The MCP definitions of the SQL tools. list_tables and describe_table are meant to span every
// SQL type (sqlite now; postgres and mysql later): their definitions depend only on the
// `server` argument, so a later sql_catalog can build one server_argument over all SQL sources,
// take these definitions unchanged, and dispatch each call on the resolved source's type().
// Move this file to a shared SQL folder when the second SQL backend arrives.

#include <backends/core/server_argument.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace mcpgw::backends::sqlite {

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

}  // namespace mcpgw::backends::sqlite
