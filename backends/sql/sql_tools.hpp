#pragma once
// The SQL tools, written once for every engine on the sql_source interface:
//   <type>_query {server, sql}      one per engine (sqlite_query, postgres_query, mysql_query)
//   list_tables {server}            one over every SQL server
//   describe_table {server, table}  one over every SQL server

#include "sql_source.hpp"

#include <backends/core/tool.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mcpgw::backends::sql {

/// `tool_name` e.g. "postgres_query"; `engine` the readable name ("PostgreSQL").
/// `sources` are the servers of that engine (not empty).
std::shared_ptr<const tool> make_query_tool(
    const std::string& tool_name,
    const std::string& engine,
    const std::vector<std::shared_ptr<sql_source>>& sources
);

/// list_tables and describe_table over `sources` (every SQL server, not empty).
std::vector<std::shared_ptr<const tool>> make_catalog_tools(
    const std::vector<std::shared_ptr<sql_source>>& sources
);

/// The per-call deadline of a call on `src`: the sooner of the call's and the source's.
time_point call_deadline(const call_context& ctx, const source& src);

}  // namespace mcpgw::backends::sql
