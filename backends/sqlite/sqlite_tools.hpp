#pragma once
// The tools served over SQLite sources: sqlite_query, list_tables, describe_table.

#include "sqlite_source.hpp"

#include <backends/core/tool.hpp>

#include <memory>
#include <vector>

namespace mcpgw::backends::sqlite {

/// `sources` must not be empty.
std::vector<std::shared_ptr<const tool>> make_sqlite_tools(
    const std::vector<std::shared_ptr<sqlite_source>>& sources
);

}  // namespace mcpgw::backends::sqlite
