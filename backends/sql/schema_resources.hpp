#pragma once
// Each SQL server's schema as an MCP resource, so an assistant can read the tables and
// columns of a server before it writes a query:
//   uri  mcpgw://schema/<server>    mimeType application/json
// Read on demand through sql_source::schema (never cached: schemas change).

#include "sql_source.hpp"

#include <backends/core/content_provider.hpp>

#include <chrono>
#include <memory>
#include <vector>

namespace mcpgw::backends::sql {

std::shared_ptr<const resource_provider> make_schema_resources(
    std::vector<std::shared_ptr<sql_source>> sources,
    std::chrono::milliseconds read_timeout = std::chrono::seconds(10)
);

/// "mcpgw://schema/<server>".
std::string schema_uri(const std::string& server);

}  // namespace mcpgw::backends::sql
