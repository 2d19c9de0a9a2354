#pragma once
// Config-declared SQL tools (`tools:` entries bound to a SQL server):
//
//   - name: top_customers
//     server: salescrm
//     description: Customers with the highest revenue
//     statement: SELECT id, name FROM customers ORDER BY revenue DESC LIMIT :limit
//     parameters:
//       limit: {type: integer, minimum: 1, maximum: 100, default: 10}
//
// The inputSchema is generated from `parameters` (type, description, enum, minimum, maximum,
// minLength, maxLength, pattern, default); a parameter without a default is required. Values
// are bound by the driver (sql_source::query_bound). The statement passes the server's
// statement guard at start-up, or the configuration is refused.

#include "sql_source.hpp"

#include <backends/core/config_node.hpp>
#include <backends/core/tool.hpp>

#include <memory>
#include <vector>

namespace mcpgw::backends::sql {

/// One tool per entry; `sources` are the SQL servers the entries may name. Throws
/// config_error naming the key and line.
std::vector<std::shared_ptr<const tool>> make_declared_tools(
    const std::vector<config_node>& entries,
    const std::vector<std::shared_ptr<sql_source>>& sources
);

}  // namespace mcpgw::backends::sql
