#pragma once
// SQLite values as JSON: INTEGER as a number (a string beyond 2^53), REAL as a number (non-finite
// REAL as null), TEXT as a string (invalid UTF-8 replaced), BLOB as base64, NULL as null.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace mcpgw::backends::sqlite {

nlohmann::json column_value(sqlite3_stmt* stmt, int column);

/// Lower-case storage class of a column's current value ("integer", "real", "text", "blob",
/// "null").
std::string storage_class(sqlite3_stmt* stmt, int column);

}  // namespace mcpgw::backends::sqlite
