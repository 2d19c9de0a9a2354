#pragma once
// SQLite values as JSON: INTEGER and REAL as numbers (non-finite REAL as null), TEXT as a
// string (invalid UTF-8 replaced), BLOB as base64, NULL as null.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace mcpgw::backends::sqlite {

nlohmann::json column_value(sqlite3_stmt* stmt, int column);

/// Lower-case storage class of a column's current value ("integer", "real", "text", "blob",
/// "null").
std::string storage_class(sqlite3_stmt* stmt, int column);

std::string base64_encode(std::string_view bytes);

/// Replaces every invalid UTF-8 sequence with U+FFFD so the result always serialises.
std::string valid_utf8(std::string_view bytes);

/// Bytes the value adds to a serialised result (strings count unescaped): the cap's measure.
std::size_t json_size(const nlohmann::json& value);

}  // namespace mcpgw::backends::sqlite
