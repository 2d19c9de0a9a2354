#pragma once
// Builds SQLite databases for the tests with the sqlite3 C API (no CLI needed).

#include <string>

namespace mcpgw::itest {

/// Runs `sql` (several statements) on a new database at `path`; throws on error.
void build_sqlite_db(const std::string& path, const std::string& sql);

/// The demo database (deploy/examples/demo.sql) at `path`.
void build_demo_db(const std::string& path);

}  // namespace mcpgw::itest
