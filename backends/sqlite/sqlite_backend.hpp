#pragma once
// The `type: sqlite` backend: sources over SQLite files and the sqlite_query, list_tables and
// describe_table tools (see docs/tools.md).

#include <backends/core/backend.hpp>

namespace mcpgw::backends::sqlite {

backends::backend_factory sqlite_backend_factory();

}  // namespace mcpgw::backends::sqlite
